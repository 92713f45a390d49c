//! One readiness question: real radio inputs in a fieldset, and the inline justification when
//! the visitor says a control does not apply (Annex A only).

use annexa_shared::questionnaire::Question;
use annexa_shared::{Answer, AnswerValue};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::WidgetContext;
use super::step_form::StepForm;
use crate::state::{Action, StepProblem};

/// What [`question_step`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStepProps {
    /// The question.
    pub question: &'static Question,
    /// Its text and help ([`crate::full_texts::of`]: the full questionnaire's are fetched).
    pub text: (&'static str, &'static str),
    /// The current answer.
    pub answer: Option<Answer>,
    /// Whether the help is open.
    pub help_open: bool,
    /// Why the visitor cannot move on yet.
    pub problem: Option<StepProblem>,
    /// The last step.
    pub is_last: bool,
    /// The first step.
    pub first: bool,
    /// Focus the answer when shown.
    pub autofocus: bool,
    /// Sends answers and navigation.
    pub dispatch: Callback<Action>,
}

/// A readiness question, keyed by its id (a new question is a new form: fresh focus and state).
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn question_step(ctx: &WidgetContext, props: &QuestionStepProps) -> Html {
    let s = ctx.strings;
    let q = props.question;
    let name = format!("annexa-{}-{}", ctx.config.instance, q.id);
    let current = props.answer.as_ref().map(|a| a.value);
    let mut values = vec![
        (AnswerValue::Yes, s.answer_yes),
        (AnswerValue::Partial, s.answer_partial),
        (AnswerValue::No, s.answer_no),
        (AnswerValue::Unsure, s.answer_unsure),
    ];
    if q.allows_not_applicable {
        values.push((AnswerValue::NotApplicable, s.answer_na));
    }
    let radios = values.into_iter().map(|(value, label)| {
        let id = format!("{name}-{}", value.code());
        let onchange = props.dispatch.reform({
            let question_id = q.id.clone();
            move |_| Action::Answer {
                id: question_id.clone(),
                value,
            }
        });
        html! {
            <div class="choice">
                <input type="radio" id={id.clone()} name={name.clone()} value={value.code()}
                    checked={current == Some(value)} {onchange} />
                <label for={id}>{label}</label>
            </div>
        }
    });
    let justification = (current == Some(AnswerValue::NotApplicable)).then(|| {
        let id = format!("{name}-why");
        let error_id = format!("{name}-why-error");
        let oninput = props.dispatch.reform({
            let question_id = q.id.clone();
            move |event: InputEvent| Action::Justify {
                id: question_id.clone(),
                text: event.target_unchecked_into::<HtmlTextAreaElement>().value(),
            }
        });
        let invalid = props.problem == Some(StepProblem::NeedJustification);
        html! {
            <div class="justification">
                <label for={id.clone()}>{s.justification_label}</label>
                <textarea {id} rows="3" maxlength="2000" {oninput} required=true
                    aria-invalid={invalid.to_string()}
                    aria-describedby={invalid.then(|| error_id.clone())}
                    value={props.answer.as_ref().and_then(|a| a.justification.clone()).unwrap_or_default()} />
                if invalid {
                    <p id={error_id} class="field-error" role="alert">{s.justification_required}</p>
                }
            </div>
        }
    });
    html! {
        <StepForm key={q.id.clone()} step_id={q.id.clone()} legend={props.text.0} help={props.text.1}
            help_open={props.help_open} is_last={props.is_last} first={props.first}
            autofocus={props.autofocus} dispatch={props.dispatch.clone()}>
            <div class="choices">{for radios}</div>
            {justification}
        </StepForm>
    }
}
