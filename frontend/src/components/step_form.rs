//! The frame of every question screen: the question as the fieldset's legend, help on demand,
//! Back / Next, and keyboard handling (Enter on a choice moves on).

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::use_widget;
use crate::state::Action;

/// Properties of [`StepForm`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct StepFormProps {
    /// Question or profile field id (changes focus when it changes).
    pub step_id: AttrValue,
    /// The question.
    pub legend: AttrValue,
    /// "Why it matters".
    pub help: AttrValue,
    /// Whether the help is open.
    pub help_open: bool,
    /// The last step: Next becomes "See my report".
    pub is_last: bool,
    /// The first step: Back is disabled.
    pub first: bool,
    /// Move focus to the answer when the step appears (after a visitor action, never on load).
    pub autofocus: bool,
    /// Sends Back / Next / help toggles.
    pub dispatch: Callback<Action>,
    /// The answer inputs.
    pub children: Html,
}

/// The question frame.
#[component]
pub fn StepForm(props: &StepFormProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let form = use_node_ref();
    {
        let form = form.clone();
        let autofocus = props.autofocus;
        use_effect_with(props.step_id.clone(), move |_| {
            if autofocus {
                focus_answer(&form);
            }
        });
    }
    let help_id = format!("annexa-help-{}", ctx.config.instance);
    let onsubmit = props.dispatch.reform(|event: SubmitEvent| {
        event.prevent_default();
        Action::Next
    });
    let onkeydown = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Enter" {
                return;
            }
            let on_choice = event
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|input| matches!(input.type_().as_str(), "radio" | "checkbox"));
            if on_choice {
                event.prevent_default();
                dispatch.emit(Action::Next);
            }
        })
    };
    html! {
        <form class="step" ref={form} {onsubmit} {onkeydown} novalidate=true>
            <fieldset>
                <legend class="question" id={legend_id(&ctx.config.instance)}>{props.legend.clone()}</legend>
                <div class="help-toggle">
                    <button type="button" class="btn-link" aria-expanded={props.help_open.to_string()}
                        aria-controls={help_id.clone()} onclick={props.dispatch.reform(|_| Action::ToggleHelp)}>
                        {if props.help_open { s.help_hide } else { s.help_show }}
                    </button>
                </div>
                <p id={help_id} class="help" hidden={!props.help_open}>{props.help.clone()}</p>
                {props.children.clone()}
            </fieldset>
            <p class="kbd-hint">{s.keyboard_hint}</p>
            <div class="actions">
                <button type="button" class="btn" disabled={props.first} data-action="back"
                    onclick={props.dispatch.reform(|_| Action::Back)}>{s.back}</button>
                <button type="submit" class="btn primary" data-action="next">
                    {if props.is_last { s.see_report } else { s.next }}
                </button>
            </div>
        </form>
    }
}

/// The id of the question's legend, which labels single inputs (number, date) of the step.
pub fn legend_id(instance: &str) -> String {
    format!("annexa-legend-{instance}")
}

/// Focuses the chosen answer, or the first input of the step.
fn focus_answer(form: &NodeRef) {
    let Some(form) = form.cast::<HtmlElement>() else {
        return;
    };
    let target = form
        .query_selector("input:checked")
        .ok()
        .flatten()
        .or_else(|| {
            form.query_selector("input, select, textarea")
                .ok()
                .flatten()
        });
    if let Some(element) =
        target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
