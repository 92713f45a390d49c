//! The root: a readable error for a bad configuration, otherwise the widget with its context.

use std::rc::Rc;

use yew::prelude::*;

use super::WidgetContext;
use super::error_box::{ErrorBoxProps, error_box};
use super::widget::Widget;
use crate::config::{ConfigError, WidgetConfig};
use crate::events::{ErrorDetail, EventTarget, WidgetEvent};
use crate::i18n::Locale;
use crate::stage::Stage;

/// Properties of [`App`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AppProps {
    /// The element's configuration, validated (or why it is not valid).
    pub config: Result<WidgetConfig, ConfigError>,
    /// Where public events go.
    pub events: EventTarget,
    /// How this mount began: a page load, or taking over from the start module.
    pub stage: Stage,
    /// Loads the exports module (see [`WidgetContext::exports`]).
    pub exports: Option<js_sys::Function>,
    /// Fetches the full questionnaire's texts (see [`WidgetContext::questions`]).
    pub questions: Option<js_sys::Function>,
}

/// The widget root.
#[component]
pub fn App(props: &AppProps) -> Html {
    let strings = Locale::En.strings();
    let config_error = props.config.as_ref().err().map(|error| match error {
        ConfigError::MissingKey => strings.error_missing_key.to_owned(),
        ConfigError::BadMode(mode) => (strings.error_bad_mode)(mode),
    });
    {
        let events = props.events.clone();
        let code = props.config.as_ref().err().map(ConfigError::code);
        let message = config_error.clone();
        use_effect_with((), move |()| {
            if let (Some(code), Some(message)) = (code, message) {
                events.emit(WidgetEvent::Error(ErrorDetail {
                    key: None,
                    code,
                    message,
                }));
            }
        });
    }
    match &props.config {
        Err(_) => html! {
            <div class="annexa" lang="en">
                {error_box(&ErrorBoxProps {
                    title: strings.error_title.into(),
                    message: config_error.unwrap_or_default().into(),
                    on_retry: None,
                    retry_label: AttrValue::default(),
                })}
            </div>
        },
        Ok(config) => {
            let context = WidgetContext {
                strings: config.locale.strings(),
                config: Rc::new(config.clone()),
                events: props.events.clone(),
                exports: props.exports.clone(),
                questions: props.questions.clone(),
            };
            html! {
                <ContextProvider<WidgetContext> {context}>
                    <Widget stage={props.stage} />
                </ContextProvider<WidgetContext>>
            }
        }
    }
}
