//! Which frameworks apply and why, from the organisation profile.

use annexa_shared::FrameworkAdvice;
use yew::prelude::*;

use super::use_widget;

/// Properties of [`Frameworks`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct FrameworksProps {
    /// The advice, most binding first.
    pub advice: Vec<FrameworkAdvice>,
}

/// The framework list.
#[component]
pub fn Frameworks(props: &FrameworksProps) -> Html {
    let s = use_widget().strings;
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
