//! A configuration or connection problem, stated plainly inside the widget (never a blank box).

use yew::prelude::*;

/// What [`error_box`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBoxProps {
    /// Heading.
    pub title: AttrValue,
    /// What is wrong and what to do.
    pub message: AttrValue,
    /// Offers a retry button when given.
    pub on_retry: Option<Callback<()>>,
    /// The retry button's label.
    pub retry_label: AttrValue,
}

/// The error panel.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn error_box(props: &ErrorBoxProps) -> Html {
    let retry = props.on_retry.clone().map(|on_retry| {
        html! {
            <button type="button" class="btn" onclick={move |_| on_retry.emit(())}>
                {props.retry_label.clone()}
            </button>
        }
    });
    html! {
        <section class="error-box" role="alert">
            <h2>{props.title.clone()}</h2>
            <p>{props.message.clone()}</p>
            {retry}
        </section>
    }
}
