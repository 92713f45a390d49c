//! The JavaScript-facing entry point: `public/embed.js` calls [`mount`] once per
//! `<annexa-readiness>` element.

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

use crate::components::{App, AppProps};
use crate::config::RawConfig;
use crate::events::EventTarget;

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
#[wasm_bindgen]
pub fn mount(host: HtmlElement, root: Element, config: &str) -> MountedWidget {
    crate::api::mark_started(js_sys::Date::new_0().to_iso_string().into());
    let config = serde_json::from_str::<RawConfig>(config)
        .unwrap_or_default()
        .validate();
    let props = AppProps {
        config,
        events: EventTarget::new(Some(host)),
    };
    MountedWidget {
        handle: yew::Renderer::<App>::with_root_and_props(root, props).render(),
    }
}
