//! The start module in headless Chromium (wasm-bindgen-test):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p annexa-widget-start --target wasm32-unknown-unknown
//! ```
//!
//! What a visitor and `embed.js` rely on: the start screen shows at once; *Start* hands over the
//! chosen mode exactly once; whenever the widget's own screens are needed (saved progress, a
//! configuration mistake, settings that do not load) the start module hands over without a mode;
//! intent fetches the widget module once.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount_point() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// The configuration object `embed.js` builds: `key` (if any), `mode` (if any), an API that
/// refuses connections, and `instance`.
fn config(key: Option<&str>, mode: Option<&str>, instance: &str) -> JsValue {
    let object = Object::new();
    let set = |name: &str, value: JsValue| {
        Reflect::set(&object, &JsValue::from_str(name), &value).unwrap();
    };
    set("key", key.map_or(JsValue::NULL, JsValue::from_str));
    set("mode", mode.map_or(JsValue::NULL, JsValue::from_str));
    set("api", JsValue::from_str("http://127.0.0.1:9"));
    set("instance", JsValue::from_str(instance));
    set("frame", JsValue::FALSE);
    object.into()
}

/// A JavaScript function that records each call's first argument (`undefined` as `None`).
fn recorder() -> (Function, Rc<RefCell<Vec<Option<String>>>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&calls);
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
        seen.borrow_mut().push(value.as_string());
    });
    let function = closure.as_ref().unchecked_ref::<Function>().clone();
    closure.forget();
    (function, calls)
}

async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn start_hands_over_the_chosen_mode_once() {
    let root = mount_point();
    let (prefetch, prefetched) = recorder();
    let (proceed, proceeded) = recorder();
    let screen = annexa_widget_start::mount_start_screen(
        root.clone(),
        config(Some("demo"), None, "choose"),
        prefetch,
        proceed,
    )
    .expect("the start screen");
    assert_eq!(text(&root, "h2"), "How ready are you for ISO/IEC 27001?");
    assert!(text(&root, "label[for='annexa-mode-choose-full']").contains("Full assessment"));

    // Intent — the pointer over the start screen, focus in it, a touch — fetches the widget
    // module, once.
    let section = root.query_selector("section.start").unwrap().unwrap();
    assert!(prefetched.borrow().is_empty());
    for intent in ["pointerover", "focusin", "touchstart", "pointerover"] {
        section
            .dispatch_event(&web_sys::Event::new(intent).unwrap())
            .unwrap();
    }
    assert_eq!(prefetched.borrow().len(), 1);
    let start: HtmlElement = root
        .query_selector("[data-action=start]")
        .unwrap()
        .unwrap()
        .unchecked_into();

    let full: HtmlInputElement = root
        .query_selector("#annexa-mode-choose-full")
        .unwrap()
        .unwrap()
        .unchecked_into();
    full.click();
    start.click();
    start.click();
    assert_eq!(*proceeded.borrow(), vec![Some("full".to_owned())]);
    assert!(text(&root, "[role=status]").contains("Loading the questions"));
    screen.unmount();
    assert!(root.first_child().is_none());
}

#[wasm_bindgen_test]
async fn a_fixed_mode_is_handed_over_without_a_choice() {
    let root = mount_point();
    let (prefetch, _) = recorder();
    let (proceed, proceeded) = recorder();
    let _screen = annexa_widget_start::mount_start_screen(
        root.clone(),
        config(Some("demo"), Some("quick"), "fixed"),
        prefetch,
        proceed,
    )
    .expect("the start screen");
    assert!(root.query_selector("fieldset").unwrap().is_none());
    let start: HtmlElement = root
        .query_selector("[data-action=start]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    start.click();
    // The settings request failing afterwards changes nothing: the hand-over happened.
    for _ in 0..25 {
        next_tick().await;
    }
    assert_eq!(*proceeded.borrow(), vec![Some("quick".to_owned())]);
}

#[wasm_bindgen_test]
fn saved_progress_and_configuration_mistakes_go_straight_to_the_widget() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("annexa:v1:demo:saved", "{}").unwrap();
    let cases = [
        config(Some("demo"), None, "saved"),
        config(None, None, "no-key"),
        config(Some("  "), None, "blank-key"),
        config(Some("demo"), Some("everything"), "bad-mode"),
    ];
    for case in cases {
        let root = mount_point();
        let (prefetch, _) = recorder();
        let (proceed, proceeded) = recorder();
        let screen = annexa_widget_start::mount_start_screen(root.clone(), case, prefetch, proceed);
        assert!(screen.is_none());
        assert_eq!(*proceeded.borrow(), vec![None]);
        assert!(root.query_selector("section.start").unwrap().is_none());
    }
    storage.remove_item("annexa:v1:demo:saved").unwrap();
}

#[wasm_bindgen_test]
async fn settings_that_do_not_load_hand_over_to_the_widget_which_explains() {
    let root = mount_point();
    let (prefetch, _) = recorder();
    let (proceed, proceeded) = recorder();
    let _screen = annexa_widget_start::mount_start_screen(
        root.clone(),
        config(Some("demo"), None, "offline"),
        prefetch,
        proceed,
    )
    .expect("the start screen, while the settings load");
    for _ in 0..250 {
        next_tick().await;
        if !proceeded.borrow().is_empty() {
            break;
        }
    }
    assert_eq!(*proceeded.borrow(), vec![None]);
}
