//! The JavaScript-facing entry point: `public/embed.js` calls [`mount`] once per
//! `<annexa-readiness>` element.

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

use crate::components::{App, AppProps};
use crate::config::RawConfig;
use crate::events::EventTarget;
use crate::stage::Stage;

/// A mounted widget; `embed.js` keeps it to unmount when the element leaves the page.
#[wasm_bindgen]
pub struct MountedWidget {
    handle: AppHandle<App>,
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
        self.handle.destroy();
    }
}

/// Renders a widget into `root` (an element inside the custom element's shadow root). Events go
/// to `host`, the custom element. `config` is the JSON of [`RawConfig`]; a configuration
/// mistake is shown inside the widget, never thrown.
///
/// The first-screen module is given `report_loader`, the function it calls with the
/// [`crate::stage::Handoff`] JSON when the visitor wants the report; the report module taking
/// over is given that `handoff` (see [`crate::stage`]), and `exports_loader`, the function that
/// loads the exports module when the visitor opens the coverage or asks for a download.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    root: Element,
    config: &str,
    handoff: Option<String>,
    report_loader: Option<js_sys::Function>,
    exports_loader: Option<js_sys::Function>,
) -> MountedWidget {
    crate::api::mark_started(js_sys::Date::new_0().to_iso_string().into());
    let config = serde_json::from_str::<RawConfig>(config)
        .unwrap_or_default()
        .validate();
    let props = AppProps {
        config,
        events: EventTarget::new(Some(host)),
        stage: Stage::from_mount(handoff, report_loader),
        exports: exports_loader,
    };
    MountedWidget {
        handle: yew::Renderer::<App>::with_root_and_props(root, props).render(),
    }
}
