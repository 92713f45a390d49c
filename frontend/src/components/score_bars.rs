//! Readiness bars per clause or per theme: a labelled value on every bar, so the chart reads
//! without colour (the bars themselves are decoration for sighted readers).

use annexa_shared::SectionScore;
use yew::prelude::*;

use super::WidgetContext;
use crate::report_model::{number, percent};

/// What [`score_bars`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreBarsProps {
    /// Heading.
    pub heading: AttrValue,
    /// The sections to draw.
    pub sections: Vec<SectionScore>,
}

/// A list of labelled bars.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn score_bars(ctx: &WidgetContext, props: &ScoreBarsProps) -> Html {
    let s = ctx.strings;
    let rows = props.sections.iter().map(|section| {
        let value = section.score.map_or_else(|| s.not_scored.to_owned(), percent);
        let width = section.score.unwrap_or(0.0);
        html! {
            <li data-section={section.id.to_string()} data-score={section.score.map(number)}>
                <span class="bar-label">{format!("{} {}", section.id, section.title)}</span>
                <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect class="track" width="100" height="10" />
                    <rect class="fill" width={number(width)} height="10" />
                </svg>
                <span class="bar-value">{value}</span>
                <span class="bar-meta">{(s.answered_of)(section.answered, section.total)}</span>
            </li>
        }
    });
    html! {
        <section class="report-block">
            <h3>{props.heading.clone()}</h3>
            <ul class="bars">{for rows}</ul>
        </section>
    }
}
