//! # annexa-widget-start
//!
//! The widget's start module: the only wasm a host page loads before a visitor starts. It shows
//! the start screen — what the assessment is, where the answers stay, the choice of assessment —
//! without Yew, so that a page whose visitors never start pays for little more than that
//! screen. `public/embed.js` calls [`mount_start_screen`] (a name of its own: the widget's
//! `mount` is exported beside it wherever both crates share a build, as in the tests); the
//! start module calls back:
//!
//! - `prefetch()` when the visitor shows an intention to start (pointer over, focus in or a
//!   touch on the start screen), so that the widget module is on its way before the click;
//! - `proceed(mode)` when the visitor presses *Start* (`"quick"` or `"full"`): `embed.js` mounts
//!   the widget (`annexa-widget`) in the start screen's place, on the first question;
//! - `proceed()` at once, without a mode, whenever the widget's own screens are needed instead:
//!   saved progress to restore, a configuration mistake to explain, or the site owner's settings
//!   not loading (an unknown key, a refused origin, a rate limit, the server unreachable) — the
//!   widget shows and retries these exactly as it would on its own.
//!
//! The markup is the widget's own start screen (`frontend/src/components/start_screen.rs`): the
//! same classes, ids and strings, so the page looks the same before and after the hand-over.
//! Nothing is sent anywhere but the request for the site owner's public settings.

use std::cell::Cell;
use std::rc::Rc;

use annexa_shared::Mode;
use annexa_widget::config::{RawConfig, WidgetConfig};
use annexa_widget::i18n::StartStrings;
use annexa_widget::storage;
use js_sys::{Function, JSON, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlInputElement};

/// The start screen on the page; `embed.js` unmounts it when the widget takes its place.
#[wasm_bindgen]
pub struct StartScreen {
    root: Element,
    /// Set once the screen has gone or handed over: the settings request then changes nothing.
    done: Rc<Cell<bool>>,
    /// The event handlers, kept alive as long as the screen is.
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
}

impl std::fmt::Debug for StartScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StartScreen")
    }
}

#[wasm_bindgen]
impl StartScreen {
    /// Removes the start screen. Its handlers go with it.
    pub fn unmount(self) {
        self.done.set(true);
        self.root.replace_children_with_node_0();
    }
}

/// Shows the start screen in `root` (an element inside the custom element's shadow root), or
/// hands over to the widget at once (see the crate documentation); `None` then. `config` is the
/// object `embed.js` builds from the element's attributes (the widget's `RawConfig`, the same
/// names).
#[wasm_bindgen]
pub fn mount_start_screen(
    root: Element,
    config: JsValue,
    prefetch: Function,
    proceed: Function,
) -> Option<StartScreen> {
    let handed_over = || {
        let _ = proceed.call0(&JsValue::NULL);
        None
    };
    let Ok(config) = raw_config(&config).validate() else {
        return handed_over();
    };
    // Saved progress: the widget restores it (or explains why it cannot).
    if storage::has(&config.storage_key()) {
        return handed_over();
    }
    let done = Rc::new(Cell::new(false));
    let Ok(screen) = render(&root, &config) else {
        return handed_over();
    };
    // One handler for every sign of intent, so the widget module is asked for once; passive,
    // so that a touch never waits for it to scroll.
    let intent = prefetch_once(prefetch);
    let passive = web_sys::AddEventListenerOptions::new();
    passive.set_passive(true);
    for kind in ["pointerover", "focusin", "touchstart"] {
        let _ = screen
            .section
            .add_event_listener_with_callback_and_add_event_listener_options(
                kind,
                intent.as_ref().unchecked_ref(),
                &passive,
            );
    }
    let submit = start(&screen, &config, done.clone(), proceed.clone());
    let _ = screen
        .form
        .add_event_listener_with_callback("submit", submit.as_ref().unchecked_ref());
    if let Some(class) = annexa_widget::theme::accent_class(&screen.probe) {
        let _ = screen.widget.class_list().add_1(class);
    }
    wasm_bindgen_futures::spawn_local(load_settings(screen, config, done.clone(), proceed));
    Some(StartScreen {
        root,
        done,
        _handlers: vec![intent, submit],
    })
}

/// Reads the configuration object `embed.js` passes: the fields of [`RawConfig`] by their
/// JavaScript names.
fn raw_config(value: &JsValue) -> RawConfig {
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default();
    let text = |name: &str| field(name).as_string();
    RawConfig {
        key: text("key"),
        mode: text("mode"),
        lead_capture: text("leadCapture"),
        locale: text("locale"),
        api: text("api").unwrap_or_default(),
        instance: text("instance").unwrap_or_default(),
        frame: field("frame").as_bool().unwrap_or(false),
        started_at: text("startedAt"),
    }
}

/// The parts of the rendered start screen the handlers need.
#[derive(Clone)]
struct Screen {
    /// `div.annexa`, the widget's root.
    widget: Element,
    /// `span.accent-probe`: the browser's computed colours for the accent check.
    probe: Element,
    section: Element,
    form: Element,
    /// The status line: "loading" while the settings load, then the questions' loading.
    status: Element,
}

fn element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

/// One choice of assessment: a radio button and its label with a hint.
fn mode_choice(
    document: &Document,
    name: &str,
    mode: Mode,
    checked: bool,
    (title, hint): (&str, &str),
) -> Result<Element, JsValue> {
    let choice = element(document, "div", "choice", "")?;
    let id = format!("{name}-{}", mode.as_str());
    let input: HtmlInputElement = document.create_element("input")?.unchecked_into();
    input.set_type("radio");
    input.set_id(&id);
    input.set_name(name);
    input.set_value(mode.as_str());
    input.set_checked(checked);
    let label = element(document, "label", "", "")?;
    label.set_attribute("for", &id)?;
    let title = element(document, "strong", "", title)?;
    let hint = element(document, "span", "hint", hint)?;
    label.append_with_node_2(&title, &hint)?;
    choice.append_with_node_2(&input, &label)?;
    Ok(choice)
}

/// Builds the start screen into `root`.
fn render(root: &Element, config: &WidgetConfig) -> Result<Screen, JsValue> {
    let s: &StartStrings = config.locale.start_strings();
    let document = root.owner_document().ok_or(JsValue::NULL)?;
    let widget = element(&document, "div", "annexa", "")?;
    widget.set_attribute("lang", config.locale.tag())?;
    let probe = element(&document, "span", "accent-probe", "")?;
    probe.set_attribute("hidden", "")?;
    probe.set_attribute("aria-hidden", "true")?;

    let section = element(&document, "section", "start", "")?;
    section.set_attribute("aria-labelledby", "annexa-start-title")?;
    let title = element(&document, "h2", "", s.title)?;
    title.set_id("annexa-start-title");
    let disclaimer = element(&document, "p", "note", "")?;
    let disclaimer_text = element(&document, "strong", "", s.disclaimer)?;
    disclaimer.append_child(&disclaimer_text)?;

    let form = element(&document, "form", "", "")?;
    match config.mode {
        None => {
            let name = format!("annexa-mode-{}", config.instance);
            let fieldset = element(&document, "fieldset", "", "")?;
            let legend = element(&document, "legend", "", s.choose)?;
            let quick = (s.mode_quick, s.mode_quick_hint);
            let quick = mode_choice(&document, &name, Mode::Quick, true, quick)?;
            let full = (s.mode_full, s.mode_full_hint);
            let full = mode_choice(&document, &name, Mode::Full, false, full)?;
            fieldset.append_with_node_3(&legend, &quick, &full)?;
            form.append_child(&fieldset)?;
        }
        Some(mode) => {
            let hint = match mode {
                Mode::Full => s.mode_full_hint,
                Mode::Quick => s.mode_quick_hint,
            };
            let hint = element(&document, "p", "", hint)?;
            form.append_child(&hint)?;
        }
    }
    let actions = element(&document, "div", "actions", "")?;
    let button = element(&document, "button", "btn primary", s.button)?;
    button.set_attribute("type", "submit")?;
    button.set_attribute("data-action", "start")?;
    actions.append_child(&button)?;
    let status = element(&document, "p", "sr-only", s.loading)?;
    status.set_attribute("role", "status")?;
    form.append_with_node_2(&actions, &status)?;

    let intro = element(&document, "p", "", s.intro)?;
    let privacy = element(&document, "p", "note", s.privacy)?;
    section.append_with_node_5(&title, &intro, &privacy, &disclaimer, &form)?;
    widget.append_with_node_2(&probe, &section)?;
    root.replace_children_with_node_1(&widget);
    Ok(Screen {
        widget,
        probe,
        section,
        form,
        status,
    })
}

/// Calls `prefetch` the first time any of its handlers fires.
fn prefetch_once(prefetch: Function) -> Closure<dyn FnMut(Event)> {
    let mut called = false;
    Closure::new(move |_: Event| {
        if !called {
            called = true;
            let _ = prefetch.call0(&JsValue::NULL);
        }
    })
}

/// The *Start* button: the chosen mode goes to the widget, once.
fn start(
    screen: &Screen,
    config: &WidgetConfig,
    done: Rc<Cell<bool>>,
    proceed: Function,
) -> Closure<dyn FnMut(Event)> {
    let fixed = config.mode;
    let waiting = config.locale.start_strings().questions_loading;
    let screen = screen.clone();
    Closure::new(move |event: Event| {
        event.prevent_default();
        if done.replace(true) {
            return;
        }
        let chosen = screen
            .form
            .query_selector("input:checked")
            .ok()
            .flatten()
            .and_then(|input| input.get_attribute("value"));
        let mode = fixed
            .or_else(|| chosen.as_deref().and_then(Mode::from_name))
            .unwrap_or(Mode::Quick);
        // Visible, and announced, for the moment the widget takes to arrive.
        screen.status.set_class_name("loading");
        screen.status.set_text_content(Some(waiting));
        let _ = proceed.call1(&JsValue::NULL, &JsValue::from_str(mode.as_str()));
    })
}

/// Asks for the site owner's settings: the owner's name joins the start screen; anything but a
/// readable answer hands over to the widget, which explains or retries.
async fn load_settings(
    screen: Screen,
    config: WidgetConfig,
    done: Rc<Cell<bool>>,
    proceed: Function,
) {
    let reply = annexa_widget::api::fetch("GET", &config.widget_config_url(), None).await;
    if done.get() {
        return;
    }
    let owner = reply
        .ok()
        .filter(|reply| reply.status == 200)
        .and_then(|reply| JSON::parse(&reply.body).ok())
        .and_then(|settings| Reflect::get(&settings, &JsValue::from_str("owner_name")).ok())
        .and_then(|name| name.as_string());
    let shown = owner.and_then(|owner| {
        let document = screen.widget.owner_document()?;
        let line = element(&document, "p", "owner", &owner).ok()?;
        screen.section.before_with_node_1(&line).ok()?;
        screen.status.remove();
        Some(())
    });
    if shown.is_none() {
        done.set(true);
        let _ = proceed.call0(&JsValue::NULL);
    }
}
