//! A configuration or connection problem, stated plainly inside the widget (never a blank box).

use yew::prelude::*;

/// Properties of [`ErrorBox`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ErrorBoxProps {
    /// Heading.
    pub title: AttrValue,
    /// What is wrong and what to do.
    pub message: AttrValue,
    /// Offers a retry button when given.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
    /// The retry button's label.
    #[prop_or_default]
    pub retry_label: AttrValue,
}

/// The error panel.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
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
