//! The JavaScript-facing entry point: `public/embed.js` calls [`mount`] once per
//! `<annexa-readiness>` element.

use std::rc::Rc;
use wasm_bindgen::prelude::*;

use web_sys::{Element, HtmlElement};

use crate::components::WidgetContext;
use crate::components::widget::{Widget, show_config_error};
use crate::config::RawConfig;
use crate::events::EventTarget;

/// A mounted widget; `embed.js` keeps it to unmount when the element leaves the page.
#[wasm_bindgen]
pub struct MountedWidget {
    /// The widget; `None` when a configuration mistake is all it shows.
    widget: Option<Rc<Widget>>,
    /// The element it renders into.
    root: Element,
}

impl std::fmt::Debug for MountedWidget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MountedWidget")
    }
}

#[wasm_bindgen]
impl MountedWidget {
    /// Removes the widget's DOM and stops its work.
    pub fn unmount(self) {
        match &self.widget {
            Some(widget) => widget.unmount(),
            None => self.root.replace_children_with_node_0(),
        }
    }
}

/// Renders a widget into `root` (an element inside the custom element's shadow root). Events go
/// to `host`, the custom element. `config` is the JSON of [`RawConfig`]; a configuration
/// mistake is shown inside the widget, never thrown.
///
/// `exports_loader` loads the exports module when the visitor opens the coverage or asks for a
/// download; `questions_loader` fetches the full questionnaire's texts ([`crate::full_texts`]);
/// `report_loader` loads the report module ([`crate::report_engine`]); `settings_loader` gives
/// the response of the site owner's settings ([`crate::api::fetch`]).
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    root: Element,
    config: &str,
    exports_loader: Option<js_sys::Function>,
    questions_loader: Option<js_sys::Function>,
    report_loader: Option<js_sys::Function>,
    settings_loader: Option<js_sys::Function>,
) -> MountedWidget {
    let raw_config: Rc<str> = config.into();
    let config = RawConfig::from_json_text(config).unwrap_or_default();
    // When the widget started on the page (embed.js's time).
    crate::api::mark_started(
        config
            .started_at
            .clone()
            .unwrap_or_else(|| js_sys::Date::new_0().to_iso_string().into()),
    );
    let events = EventTarget::new(Some(host));
    let widget = match config.validate() {
        Err(error) => {
            show_config_error(&root, &events, &error);
            None
        }
        Ok(config) => {
            let ctx = WidgetContext {
                strings: config.locale.strings(),
                config: Rc::new(config),
                events,
                exports: exports_loader,
                questions: questions_loader,
                report: report_loader,
                settings: settings_loader,
                raw_config,
            };
            Some(Widget::mount(ctx, root.clone()))
        }
    };
    MountedWidget { widget, root }
}
