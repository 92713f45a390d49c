//! Component tests in headless Chromium (wasm-bindgen-test):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p annexa-widget --target wasm32-unknown-unknown
//! ```
//!
//! The widget renders synchronously: a mount or an event has changed the page when it returns.
//! Only a real network failure is awaited by polling (bounded).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use annexa_shared::{AnswersDocument, QUESTIONNAIRE_VERSION, Questionnaire};
use annexa_widget::components::widget::{Widget, show_config_error};
use annexa_widget::components::{ReportProps, WidgetContext, report};
use annexa_widget::config::{ConfigError, RawConfig, WidgetConfig};
use annexa_widget::events::EventTarget;
use annexa_widget::markup::Markup;
use annexa_widget::report_engine::report_markup;
use annexa_widget::state::{Action, Assessment, Screen};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element with a mount point, attached to the page.
fn host() -> (HtmlElement, Element) {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    let root = document().create_element("div").unwrap();
    host.append_child(&root).unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    (host, root)
}

/// Records the `annexa:*` events dispatched on `host` as (type, detail JSON).
fn record_events(host: &HtmlElement) -> Rc<RefCell<Vec<(String, String)>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    for name in ["annexa:error", "annexa:started", "annexa:progress"] {
        let seen = Rc::clone(&seen);
        let listener =
            Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                let detail = js_sys::JSON::stringify(&e.detail())
                    .map(String::from)
                    .unwrap_or_default();
                seen.borrow_mut().push((e.type_(), detail));
            });
        host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .unwrap();
        listener.forget();
    }
    seen
}

/// The context of a widget with `config` whose events go to `host`.
fn context(config: WidgetConfig, host: Option<HtmlElement>) -> WidgetContext {
    WidgetContext {
        strings: config.locale.strings(),
        config: Rc::new(config),
        events: EventTarget::new(host),
        exports: None,
        questions: None,
        report: None,
        settings: None,
        raw_config: Rc::from(""),
    }
}

/// The demo key's configuration with a server nobody listens on (loopback port 9), as instance
/// `instance`: each test that saves progress has an instance of its own, so that no other
/// test's widget finds it.
fn config(instance: &str) -> WidgetConfig {
    RawConfig {
        key: Some("demo".into()),
        api: "http://127.0.0.1:9".into(),
        instance: instance.into(),
        ..RawConfig::default()
    }
    .validate()
    .unwrap()
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

#[wasm_bindgen_test]
async fn a_missing_key_is_explained_inside_the_widget_and_reported_as_an_event() {
    let (host, root) = host();
    let events = record_events(&host);
    show_config_error(
        &root,
        &EventTarget::new(Some(host.clone())),
        &ConfigError::MissingKey,
    );
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(alert.text_content().unwrap().contains("data-key"));
    let events = events.borrow();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "annexa:error");
    assert!(
        events[0].1.contains(r#""code":"missing-key""#),
        "{}",
        events[0].1
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_server_leaves_the_questionnaire_usable_and_tells_the_host() {
    let (host, root) = host();
    let events = record_events(&host);
    let _widget = Widget::mount(context(config("t"), Some(host.clone())), root.clone());
    // The start screen shows at once, while the site owner's settings load.
    assert!(
        root.query_selector("[data-action=start]")
            .unwrap()
            .is_some()
    );
    let mut told = false;
    for _ in 0..250 {
        next_tick().await;
        told = events
            .borrow()
            .iter()
            .any(|(t, d)| t == "annexa:error" && d.contains("unreachable"));
        if told {
            break;
        }
    }
    assert!(
        told,
        "the host page hears that the server cannot be reached"
    );
    // The settings are asked for again later: meanwhile the visitor keeps the questionnaire
    // (lead capture off), not an error box.
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    assert!(
        root.query_selector("[data-action=start]")
            .unwrap()
            .is_some()
    );
    assert!(root.query_selector(".owner").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn starting_from_the_start_screen_opens_the_chosen_assessment_and_tells_the_host() {
    let (host, root) = host();
    let events = record_events(&host);
    // An instance of its own: the other tests' widgets must not find this one's saved progress.
    let config = config("started");
    let _widget = Widget::mount(context(config, Some(host.clone())), root.clone());
    click(&root, "input[value=full]");
    click(&root, "[data-action=start]");
    // The first question, not the start screen, with focus on its answer.
    let step = root
        .query_selector("form.step")
        .unwrap()
        .expect("the first question");
    assert!(root.query_selector("section.start").unwrap().is_none());
    let focused = document().active_element().expect("an element with focus");
    assert!(step.contains(Some(&focused)), "focus is on the question");
    let events = events.borrow().clone();
    let started: Vec<_> = events
        .iter()
        .filter(|(t, _)| t == "annexa:started")
        .collect();
    assert_eq!(started.len(), 1, "{events:?}");
    assert!(started[0].1.contains(r#""mode":"full""#), "{events:?}");
    assert!(
        events
            .iter()
            .any(|(t, d)| t == "annexa:progress" && d.contains(r#""answered":0"#)),
        "{events:?}"
    );
    // Saved at once, so a reload resumes it.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = storage.get_item("annexa:v1:demo:started").unwrap();
    storage.remove_item("annexa:v1:demo:started").unwrap();
    let saved = saved.expect("the started assessment is saved");
    assert!(saved.contains(r#""mode":"full""#), "{saved}");
}

fn small_questionnaire() -> &'static Questionnaire {
    let json = serde_json::json!({
        "version": QUESTIONNAIRE_VERSION, "mode": "full", "profile_questions": [],
        "questions": [{"id": "q.A.7.4", "section": "A.7", "text": "Do you monitor your premises?",
            "help": "Cameras or guards.", "requirement_ids": ["A.7.4"], "allows_not_applicable": true}]
    });
    Box::leak(Box::new(serde_json::from_value(json).unwrap()))
}

/// The widget on the first question of `questionnaire`, as a visitor who pressed *Start* sees
/// it.
///
/// An instance of its own, so that its saved progress is no other test's.
fn harness(root: &Element, questionnaire: &'static Questionnaire) -> Rc<Widget> {
    let config = config("harness");
    Widget::mount_state(
        context(config, None),
        root.clone(),
        Assessment::default().apply(Action::Start(questionnaire)),
    )
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn not_applicable_asks_for_a_justification_before_moving_on() {
    let (_host, root) = host();
    let _widget = harness(&root, small_questionnaire());
    let radios = root.query_selector_all("input[type=radio]").unwrap();
    assert_eq!(
        radios.length(),
        5,
        "yes, partial, no, not sure, not applicable"
    );
    assert!(root.query_selector("textarea").unwrap().is_none());

    click(&root, "input[value=not_applicable]");
    assert!(
        root.query_selector("textarea").unwrap().is_some(),
        "justification field shown"
    );
    let checked = root
        .query_selector("input:checked")
        .unwrap()
        .unwrap_or_else(|| panic!("nothing checked in {}", root.inner_html()))
        .unchecked_into::<HtmlInputElement>();
    assert_eq!(checked.value(), "not_applicable");

    click(&root, "[data-action=next]");
    let error = root
        .query_selector(".field-error")
        .unwrap()
        .unwrap_or_else(|| panic!("no inline message in {}", root.inner_html()));
    assert!(error.text_content().unwrap().contains("does not apply"));
    assert!(
        root.query_selector("form.step").unwrap().is_some(),
        "still on the question"
    );

    let textarea = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlTextAreaElement>();
    textarea.set_value("No premises: fully remote company");
    let input = web_sys::InputEvent::new_with_event_init_dict("input", &{
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    textarea.dispatch_event(&input).unwrap();
    assert!(
        root.query_selector(".field-error").unwrap().is_none(),
        "message cleared"
    );

    click(&root, "[data-action=next]");
    assert!(
        root.query_selector("form.step").unwrap().is_none()
            && root
                .query_selector("article.report, .error-box")
                .unwrap()
                .is_some(),
        "moved on to the report: {}",
        root.inner_html()
    );
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("annexa:v1:demo:harness").unwrap();
}

#[wasm_bindgen_test]
async fn the_report_renders_scores_charts_and_the_soa_for_all_yes() {
    let (_host, root) = host();
    let q = annexa_shared::questionnaire(annexa_shared::Mode::Quick);
    let answers: serde_json::Map<String, serde_json::Value> = q
        .questions
        .iter()
        .map(|question| (question.id.clone(), serde_json::json!({"value": "yes"})))
        .collect();
    let doc: AnswersDocument = serde_json::from_value(serde_json::json!({
        "questionnaire_version": QUESTIONNAIRE_VERSION, "mode": "quick",
        "profile": {"persons_in_scope": 50}, "answers": answers,
    }))
    .unwrap();

    let ctx = context(config("t"), None);
    let open = annexa_widget::state::default_open_sections();
    let body = report_markup(&ctx.report_context(), &doc, &open);
    let mut m = Markup::new();
    report(
        &mut m,
        &ctx,
        &ReportProps {
            body: &body,
            settings: None,
            open_sections: &open,
            ui: &Default::default(),
        },
    );
    annexa_widget::dom::patch(&root, m.as_str());
    let overall = root
        .query_selector("[data-overall]")
        .unwrap()
        .expect("overall");
    assert_eq!(
        overall.get_attribute("data-overall").as_deref(),
        Some("100")
    );
    assert_eq!(
        root.query_selector(".overall .big")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "100%"
    );
    assert_eq!(
        root.query_selector_all("[data-section]").unwrap().length(),
        11
    );
    let concepts = root.query_selector_all("[data-concept] .value").unwrap();
    assert_eq!(concepts.length(), 5);
    for i in 0..concepts.length() {
        assert_eq!(concepts.item(i).unwrap().text_content().unwrap(), "100%");
    }
    assert_eq!(
        root.query_selector_all("tr[data-control]")
            .unwrap()
            .length(),
        93
    );
    assert_eq!(
        root.query_selector("[data-days=base_initial]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "10 auditor-days"
    );
    assert!(
        root.query_selector("[data-lead]").unwrap().is_none(),
        "no lead form without settings"
    );
    // The summary: nothing stands in the way, and a certification month; the details wait in
    // closed sections except the first.
    let obstacles = root
        .query_selector("[data-summary=obstacles]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        obstacles.contains("Nothing in your answers would stop a certification audit."),
        "{obstacles}"
    );
    assert!(
        obstacles.contains("Earliest realistic certification on this plan: "),
        "{obstacles}"
    );
    let open = root
        .query_selector_all("[data-section-id] .section-body:not([hidden])")
        .unwrap();
    assert_eq!(open.length(), 1);
    assert_eq!(
        root.query_selector_all("[data-section-id]")
            .unwrap()
            .length(),
        10
    );
    let csv = root.query_selector("a[download$='.csv']").unwrap().unwrap();
    assert!(
        csv.get_attribute("href")
            .unwrap()
            .starts_with("data:text/csv;charset=utf-8,%22control_id%22")
    );
}

/// What a visitor or site owner may type, parsed by the browser through the report's raw
/// markup (annexa_widget::markup): every string reads back as the same text, between tags and
/// in an attribute, and adds no element or attribute of its own.
#[wasm_bindgen_test]
fn markup_writes_any_text_as_text_in_the_browser() {
    use annexa_widget::markup::Markup;
    let mut samples: Vec<String> = [
        "",
        "plain",
        "<b>bold</b>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\" onmouseover=\"alert(1)",
        "' onfocus='alert(1)",
        "&amp; &lt; &#60; &#x3c; &unknown; &",
        "a > b < c",
        "</p></div><p>",
        "<!-- comment -->",
        "<![CDATA[x]]>",
        "<svg><title>x</title></svg>",
        "\u{a0}non-breaking\u{a0}",
        "emoji 🎉 and ü and \u{200b}",
    ]
    .map(String::from)
    .to_vec();
    // Every pair of the characters that matter, in every order.
    let special = [
        '<', '>', '&', '"', '\'', '/', '=', ';', '#', '!', '-', 'a', ' ',
    ];
    for a in special {
        for b in special {
            for c in special {
                samples.push(format!("{a}{b}{c}"));
            }
        }
    }
    for text in samples {
        let mut m = Markup::new();
        m.tag(r#"<p title=""#)
            .text(&text)
            .tag(r#"">"#)
            .text(&text)
            .tag("</p>");
        let holder = document().create_element("div").unwrap();
        holder.set_inner_html(m.as_str());
        assert_eq!(holder.child_element_count(), 1, "{text:?}");
        let p = holder.first_element_child().unwrap();
        assert_eq!(p.tag_name(), "P", "{text:?}");
        assert_eq!(p.child_element_count(), 0, "{text:?}");
        assert_eq!(p.get_attribute_names().length(), 1, "{text:?}");
        assert_eq!(p.get_attribute("title").as_deref(), Some(text.as_str()));
        assert_eq!(p.text_content().as_deref(), Some(text.as_str()));
    }
}

/// Polls (bounded) until `selector` matches inside `root`.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..250 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        next_tick().await;
    }
    panic!("nothing matches {selector}: {}", root.inner_html());
}

/// The widget module carries no text of the full questionnaire: a full question waits for the
/// file `embed.js` fetches, says plainly when it could not be fetched (never a blank step), and
/// shows the question once a retry brings the file.
#[wasm_bindgen_test]
async fn a_full_question_waits_for_its_texts_and_says_so_when_they_cannot_be_fetched() {
    use annexa_shared::json::write::WriteJson;
    use annexa_shared::{Mode, Profile, questionnaire};
    use annexa_widget::state::{SavedAssessment, default_open_sections};

    let (host, root) = host();
    let config = config("texts");
    // Saved progress at the first readiness question of a full assessment.
    let full = questionnaire(Mode::Full);
    let saved = SavedAssessment {
        screen: Screen::Step(full.profile_questions.len()),
        answers: AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Full,
            profile: Profile::default(),
            answers: Default::default(),
        },
        open_sections: default_open_sections(),
    };
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item(&config.storage_key(), &saved.to_json())
        .unwrap();
    // The first fetch fails (offline), the next brings the file the build publishes.
    let calls = Rc::new(std::cell::Cell::new(0));
    let loader = {
        let calls = Rc::clone(&calls);
        Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
            calls.set(calls.get() + 1);
            if calls.get() == 1 {
                js_sys::Promise::reject(&JsValue::from_str("offline"))
            } else {
                js_sys::Promise::resolve(&JsValue::from_str(include_str!(
                    "../../shared/data/questions_full.csv"
                )))
            }
        })
    };
    let mut ctx = context(config.clone(), Some(host.clone()));
    ctx.questions = Some(loader.as_ref().unchecked_ref::<js_sys::Function>().clone());
    let _widget = Widget::mount(ctx, root.clone());
    let problem = wait_for(&root, ".error-box").await;
    assert!(
        problem
            .text_content()
            .unwrap()
            .contains("The questions could not be loaded"),
        "{}",
        problem.inner_html()
    );
    assert!(root.query_selector("form.step").unwrap().is_none());
    // The visitor still sees where they are.
    assert!(root.query_selector(".progress").unwrap().is_some());
    click(&root, ".error-box button");
    let step = wait_for(&root, "form.step legend").await;
    assert!(
        step.text_content().unwrap().contains("climate change"),
        "the first full question (4.1) with its text: {}",
        step.inner_html()
    );
    assert_eq!(calls.get(), 2);
    storage.remove_item(&config.storage_key()).unwrap();
    loader.forget();
}
