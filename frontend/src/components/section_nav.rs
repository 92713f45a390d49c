//! "Jump to section": a select of the sections in asking order.

use annexa_shared::Questionnaire;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::WidgetContext;
use crate::flow;
use crate::state::Action;

/// What [`section_nav`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionNavProps {
    /// The questionnaire answered.
    pub questionnaire: &'static Questionnaire,
    /// The section on screen.
    pub current: AttrValue,
    /// Sends the jump.
    pub dispatch: Callback<Action>,
    /// The select, from the caller's `use_node_ref`.
    pub select: NodeRef,
}

/// The section picker.
///
/// A plain function rather than a component (whose lifecycle code costs about 1 KB of the widget
/// module): the one thing it keeps, the select's node, is the caller's.
pub fn section_nav(ctx: &WidgetContext, props: &SectionNavProps) -> Html {
    let s = ctx.strings;
    let select = props.select.clone();
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
