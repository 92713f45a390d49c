//! One readiness question: real radio inputs in a fieldset, and the inline justification when
//! the visitor says a control does not apply (Annex A only).

use annexa_shared::questionnaire::Question;
use annexa_shared::{Answer, AnswerValue};

use super::WidgetContext;
use super::step_form::{StepFrame, step_form};
use crate::markup::Markup;
use crate::state::StepProblem;

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
}

/// The radio buttons' name for `question` (their ids add the answer's code).
pub fn answer_name(ctx: &WidgetContext, question: &Question) -> String {
    format!("annexa-{}-{}", ctx.config.instance, question.id)
}

/// A readiness question. Its inputs' ids hold the question's id, so a new question is a new
/// form on the page (fresh focus and state; see [`crate::dom`]).
pub fn question_step(m: &mut Markup, ctx: &WidgetContext, props: &QuestionStepProps) {
    let s = ctx.strings;
    let q = props.question;
    let name = answer_name(ctx, q);
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
    let frame = StepFrame {
        legend: props.text.0,
        help: props.text.1,
        help_open: props.help_open,
        is_last: props.is_last,
        first: props.first,
    };
    step_form(m, ctx, &frame, |m| {
        m.tag(r#"<div class="choices">"#);
        for (value, label) in values {
            m.tag(r#"<div class="choice"><input type="radio" id=""#)
                .text(&name)
                .tag("-")
                .text(value.code())
                .tag(r#"" name=""#)
                .text(&name)
                .tag(r#"" value=""#)
                .text(value.code())
                .tag(if current == Some(value) {
                    r#"" checked="true"><label for=""#
                } else {
                    r#"" checked="false"><label for=""#
                })
                .text(&name)
                .tag("-")
                .text(value.code())
                .tag(r#"">"#)
                .text(label)
                .tag("</label></div>");
        }
        m.tag("</div>");
        if current == Some(AnswerValue::NotApplicable) {
            let invalid = props.problem == Some(StepProblem::NeedJustification);
            let text = props
                .answer
                .as_ref()
                .and_then(|a| a.justification.as_deref())
                .unwrap_or_default();
            m.tag(r#"<div class="justification"><label for=""#)
                .text(&name)
                .tag(r#"-why">"#)
                .text(s.justification_label)
                .tag(r#"</label><textarea id=""#)
                .text(&name)
                .tag(r#"-why" rows="3" maxlength="2000" aria-invalid=""#)
                .tag(if invalid { "true" } else { "false" })
                .tag(r#"""#);
            if invalid {
                m.tag(r#" aria-describedby=""#)
                    .text(&name)
                    .tag(r#"-why-error""#);
            }
            m.tag(r#" required="required" value=""#)
                .text(text)
                .tag(r#""></textarea>"#);
            if invalid {
                m.tag(r#"<p id=""#)
                    .text(&name)
                    .tag(r#"-why-error" role="alert" class="field-error">"#)
                    .text(s.justification_required)
                    .tag("</p>");
            }
            m.tag("</div>");
        }
    });
}
