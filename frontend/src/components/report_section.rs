//! One collapsible section of the report's details: a heading button that opens and closes it
//! (its state is saved with the assessment). Printing shows every section (print stylesheet).

use yew::prelude::*;

use super::WidgetContext;
use crate::report_model::ReportSection as Section;
use crate::state::Action;

/// What [`report_section`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSectionProps {
    /// Which section.
    pub section: Section,
    /// The heading.
    pub title: AttrValue,
    /// Whether it is open.
    pub open: bool,
    /// Sends [`Action::ToggleSection`].
    pub dispatch: Callback<Action>,
    /// The content.
    pub children: Html,
}

/// A disclosure section.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn report_section(ctx: &WidgetContext, props: &ReportSectionProps) -> Html {
    let id = props.section.id();
    let body_id = format!("annexa-{}-{id}", ctx.config.instance);
    let toggle = props
        .dispatch
        .reform(move |_| Action::ToggleSection(id.to_owned()));
    html! {
        <section class="report-section" data-section-id={id}>
            <h3 class="section-heading">
                <button type="button" class="disclosure" aria-expanded={props.open.to_string()}
                    aria-controls={body_id.clone()} onclick={toggle}>{props.title.clone()}</button>
            </h3>
            <div class="section-body" id={body_id} hidden={!props.open}>
                {props.children.clone()}
            </div>
        </section>
    }
}
