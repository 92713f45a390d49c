//! Which frameworks apply and why, from the organisation profile.

use annexa_shared::FrameworkAdvice;
use yew::prelude::*;

use super::WidgetContext;

/// What [`frameworks`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworksProps {
    /// The advice, most binding first.
    pub advice: Vec<FrameworkAdvice>,
}

/// The framework list.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn frameworks(ctx: &WidgetContext, props: &FrameworksProps) -> Html {
    let s = ctx.strings;
    html! {
        <section class="report-block">
            <h3>{s.frameworks_heading}</h3>
            if props.advice.is_empty() {
                <p>{s.no_frameworks}</p>
            } else {
                <ul class="frameworks">
                    {for props.advice.iter().map(|a| html! {
                        <li data-framework={a.framework.id()}>
                            <span class={classes!("level", format!("level-{:?}", a.level).to_ascii_lowercase())}>{(s.framework_level)(a.level)}</span>
                            {" "}<strong>{(s.framework_name)(a.framework)}</strong>
                            <p>{a.reason.clone()}</p>
                        </li>
                    })}
                </ul>
            }
        </section>
    }
}
