//! The page's address: reading the query a shared link carries, writing the current check
//! back into it so the address bar always holds a link that reproduces the check, and hearing
//! when Back or Forward changes it.

/// The decoded `name=value` pairs of the page's query.
#[cfg(target_arch = "wasm32")]
pub fn query_pairs() -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&params) {
        for entry in entries.flatten() {
            let Ok(pair) = entry.dyn_into::<js_sys::Array>() else {
                continue;
            };
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((name, value));
            }
        }
    }
    pairs
}

/// Host builds have no address bar.
#[cfg(not(target_arch = "wasm32"))]
pub fn query_pairs() -> Vec<(String, String)> {
    Vec::new()
}

/// `path?query` for `pairs`, encoded as a form would be.
#[cfg(target_arch = "wasm32")]
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return path.to_string();
    };
    for (name, value) in pairs {
        params.append(name, value);
    }
    let query = String::from(params.to_string());
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// Host builds: the path alone.
#[cfg(not(target_arch = "wasm32"))]
pub fn with_query(path: &str, _pairs: &[(&str, String)]) -> String {
    path.to_string()
}

/// Puts `url` in the address bar as a new history entry (Back returns to the previous check).
pub fn push(url: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let current = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        if !current.ends_with(url) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = url;
}

/// Listens for Back and Forward (`popstate`): the browser changes the address without
/// reloading, and the page must show what the address now holds. Listening stops when this is
/// dropped.
pub struct AddressListener {
    #[cfg(target_arch = "wasm32")]
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl std::fmt::Debug for AddressListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AddressListener(popstate)")
    }
}

impl AddressListener {
    /// Calls `changed` each time Back or Forward changes the page's address.
    pub fn new(changed: impl FnMut() + 'static) -> AddressListener {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let closure =
                wasm_bindgen::closure::Closure::wrap(Box::new(changed) as Box<dyn FnMut()>);
            if let Some(window) = web_sys::window() {
                let _ = window
                    .add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
            }
            AddressListener { closure }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = changed;
            AddressListener {}
        }
    }
}

impl Drop for AddressListener {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            use wasm_bindgen::JsCast;
            let _ = window.remove_event_listener_with_callback(
                "popstate",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `changed` each time Back or Forward changes the page's address, for as long as the
/// component that calls this hook is on the page (the listener of its first render).
#[yew::hook]
pub fn use_address_changes<F>(changed: F)
where
    F: FnMut() + 'static,
{
    yew::use_effect_with((), move |_| {
        let listener = AddressListener::new(changed);
        move || drop(listener)
    });
}

/// Opens the browser's print dialog.
pub fn print() {
    #[cfg(target_arch = "wasm32")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Moves keyboard focus to the element with `id` (after an answer arrives, or to the first
/// field with a mistake).
pub fn focus(id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}
