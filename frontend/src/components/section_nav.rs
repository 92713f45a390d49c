//! "Jump to section": a select of the sections in asking order.

use annexa_shared::Questionnaire;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::use_widget;
use crate::flow;
use crate::state::Action;

/// Properties of [`SectionNav`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SectionNavProps {
    /// The questionnaire answered.
    pub questionnaire: &'static Questionnaire,
    /// The section on screen.
    pub current: AttrValue,
    /// Sends the jump.
    pub dispatch: Callback<Action>,
}

/// The section picker.
#[component]
pub fn SectionNav(props: &SectionNavProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let select = use_node_ref();
    let id = format!("annexa-jump-{}", ctx.config.instance);
    let onsubmit = {
        let select = select.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(select) = select.cast::<HtmlSelectElement>() {
                dispatch.emit(Action::JumpToSection(select.value()));
            }
        })
    };
    let options = flow::sections(props.questionnaire).into_iter().map(|section| {
        let title = section.title.unwrap_or_else(|| s.profile_section.to_owned());
        html! {
            <option value={section.id.clone()} selected={section.id == props.current.as_str()}>{title}</option>
        }
    });
    html! {
        <form class="jump" {onsubmit}>
            <label for={id.clone()}>{s.jump_to_section}</label>
            <select {id} ref={select}>{for options}</select>
            <button type="submit" class="btn small">{s.go}</button>
        </form>
    }
}
