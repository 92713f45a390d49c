//! "Start over", confirmed by a second press so that one stray click cannot wipe the answers.

use yew::prelude::*;

use super::use_widget;
use crate::state::Action;

/// Properties of [`StartOver`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct StartOverProps {
    /// Sends [`Action::StartOver`].
    pub dispatch: Callback<Action>,
}

/// The two-step start-over button.
#[component]
pub fn StartOver(props: &StartOverProps) -> Html {
    let s = use_widget().strings;
    let armed = use_state(|| false);
    if *armed {
        html! {
            <button type="button" class="btn danger" data-action="start-over-confirm"
                onclick={props.dispatch.reform(|_| Action::StartOver)}>{s.start_over_confirm}</button>
        }
    } else {
        html! {
            <button type="button" class="btn-link" data-action="start-over"
                onclick={move |_| armed.set(true)}>{s.start_over}</button>
        }
    }
}
