//! Stage 1 or Stage 2 blockers.

use annexa_shared::Blocker;
use yew::prelude::*;

use super::WidgetContext;

/// What [`blockers`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockersProps {
    /// Heading.
    pub heading: AttrValue,
    /// What the stage is about.
    pub intro: AttrValue,
    /// The blockers.
    pub blockers: Vec<Blocker>,
    /// `stage1` or `stage2` (for tests and styling).
    pub stage: AttrValue,
}

/// A blocker list.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn blockers(ctx: &WidgetContext, props: &BlockersProps) -> Html {
    let s = ctx.strings;
    html! {
        <section class="report-block" data-blockers={props.stage.clone()}>
            <h3>{props.heading.clone()}{format!(" ({})", props.blockers.len())}</h3>
            <p>{props.intro.clone()}</p>
            if props.blockers.is_empty() {
                <p class="ok">{s.no_blockers}</p>
            } else {
                <ul class="blockers">
                    {for props.blockers.iter().map(|b| html! {
                        <li data-requirement={b.requirement_id.to_string()}>
                            <strong>{format!("{} {}", b.requirement_id, b.title)}</strong>
                            {": "}{b.reason.clone()}
                        </li>
                    })}
                </ul>
            }
        </section>
    }
}
