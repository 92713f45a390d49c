//! The ordered gap list with recommendations.

use annexa_shared::Gap;
use yew::prelude::*;

use super::WidgetContext;

/// What [`gap_list`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct GapListProps {
    /// The gaps, most urgent first.
    pub gaps: Vec<Gap>,
}

/// Gaps in priority order.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn gap_list(ctx: &WidgetContext, props: &GapListProps) -> Html {
    let s = ctx.strings;
    html! {
        <section class="report-block">
            <h3>{s.gaps_heading}{format!(" ({})", props.gaps.len())}</h3>
            if props.gaps.is_empty() {
                <p class="ok">{s.no_gaps}</p>
            } else {
                <ol class="gaps">
                    {for props.gaps.iter().map(|gap| html! {
                        <li data-requirement={gap.requirement_id.to_string()}>
                            <span class={classes!("severity", format!("sev-{:?}", gap.severity).to_ascii_lowercase())}>
                                {(s.severity)(gap.severity)}
                            </span>
                            {" "}<strong>{format!("{} {}", gap.requirement_id, gap.title)}</strong>
                            <p>{gap.recommendation.to_string()}</p>
                        </li>
                    })}
                </ol>
            }
        </section>
    }
}
