//! `/console/widgets`: the site owner's widget keys — list, create and change one (owner,
//! allowed sites, consent, lead capture, call to action, booking page, accent colour checked
//! for contrast, webhook, counting), a new webhook secret shown once, a test delivery and the
//! key's recent deliveries ([`super::webhook_deliveries`]), the embed snippet with a copy
//! button, and a live preview of the widget with the key.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::webhook_deliveries::WebhookDeliveries;
use crate::api;
use crate::widget_settings::{
    StoredWidgetKey, WidgetKeyForm, accent_words, field_label, picker_value, snippet, swatch_style,
};

/// Where the list stands.
#[derive(Debug, Clone, PartialEq)]
enum Keys {
    Loading,
    Loaded(Rc<Vec<StoredWidgetKey>>),
    Failed(String),
}

/// The form on screen: a new key, or the key being changed.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    None,
    New,
    Existing(String),
}

/// Properties of [`WidgetSetup`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WidgetSetupProps {
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

#[derive(serde::Deserialize)]
struct Saved {
    key: String,
    #[serde(default)]
    webhook_secret: Option<String>,
}

#[derive(serde::Deserialize)]
struct Rotated {
    webhook_secret: String,
    previous_secret_valid_until: String,
}

#[derive(serde::Deserialize)]
struct TestAnswer {
    delivered: bool,
    status_code: Option<u16>,
    error: Option<String>,
}

/// What a test delivery's answer means, in plain words.
fn test_words(answer: &TestAnswer) -> String {
    match (answer.delivered, answer.status_code, &answer.error) {
        (true, Some(code), _) => format!("Delivered: your receiver answered {code}."),
        (true, None, _) => "Delivered.".to_owned(),
        (false, Some(code), _) => format!(
            "Not delivered: your receiver answered {code}. Check that it accepts the test event."
        ),
        (false, None, Some(error)) => format!("Not delivered: {error}."),
        (false, None, None) => "Not delivered.".to_owned(),
    }
}

#[derive(serde::Deserialize)]
struct FieldProblem {
    pointer: String,
    detail: String,
}

#[derive(serde::Deserialize)]
struct ValidationProblem {
    #[serde(default)]
    errors: Vec<FieldProblem>,
}

/// The page's address (`https://host:port`), which serves `embed.js`.
fn server_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); `false` when the browser
/// refuses, and the person then copies it from the selected box.
async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Ok(navigator) = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()) else {
        return false;
    };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// A field: its label, its hint (when there is one) and the control.
fn labelled(id: &'static str, label: &'static str, hint: &'static str, control: Html) -> Html {
    html! {
        <div class="field">
            <label for={id}>{label}</label>
            if !hint.is_empty() { <p class="hint" id={hint_id(id, hint)}>{hint}</p> }
            {control}
        </div>
    }
}

/// The id of a field's hint, when it has one.
fn hint_id(id: &str, hint: &str) -> Option<String> {
    (!hint.is_empty()).then(|| format!("{id}-hint"))
}

/// A text field of one line (`input`) or of several (`textarea`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Several,
}

fn text_field(
    lines: Lines,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: &str,
    on_change: Callback<String>,
) -> Html {
    let (value, described) = (value.to_owned(), hint_id(id, hint));
    let control = match lines {
        Lines::One => html! {
            <input id={id} type="text" {value} aria-describedby={described}
                oninput={Callback::from(move |e: InputEvent| on_change.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
        },
        Lines::Several => html! {
            <textarea id={id} rows="3" {value} aria-describedby={described}
                oninput={Callback::from(move |e: InputEvent| on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
        },
    };
    labelled(id, label, hint, control)
}

/// A callback that changes one field of the form (a text or a tick) and keeps the rest.
fn edit<T: 'static>(
    form: &UseStateHandle<WidgetKeyForm>,
    change: fn(&mut WidgetKeyForm, T),
) -> Callback<T> {
    let form = form.clone();
    Callback::from(move |value: T| {
        let mut next = (*form).clone();
        change(&mut next, value);
        form.set(next);
    })
}

/// The accent colour: typed (`#rrggbb`), or chosen with the colour picker beside it, with what
/// the widget will do with it in words (its own contrast rule).
fn accent_field(value: &str, on_change: Callback<String>) -> Html {
    let (problem, words) = accent_words(value);
    let typed = on_change.clone();
    html! {
        <div class="field">
            <label for="accent-text">{"Accent colour"}</label>
            <p class="hint" id="accent-hint">{"The colour of the widget's buttons, links and charts, as #rrggbb. Left empty, the widget uses its own blue."}</p>
            <div class="accent-pick">
                <input id="accent-text" type="text" value={value.to_owned()} aria-describedby="accent-hint accent-advice"
                    oninput={Callback::from(move |e: InputEvent| typed.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <input id="accent" type="color" value={picker_value(value)} aria-label="Pick the accent colour" aria-describedby="accent-advice"
                    oninput={Callback::from(move |e: InputEvent| on_change.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            </div>
            <p id="accent-advice" class={classes!("accent-advice", problem.then_some("field-error"))}>{words}</p>
        </div>
    }
}

fn tick(id: &'static str, label: &'static str, checked: bool, on_change: Callback<bool>) -> Html {
    html! {
        <div class="choice">
            <input id={id} type="checkbox" checked={checked}
                onchange={Callback::from(move |e: Event| on_change.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
            <label for={id}>{label}</label>
        </div>
    }
}

/// The page.
#[component]
pub fn WidgetSetup(props: &WidgetSetupProps) -> Html {
    let keys = use_state(|| Keys::Loading);
    let reload = use_state(|| 0u32);
    let editing = use_state(|| Editing::None);
    let form = use_state(WidgetKeyForm::new_key);
    let problems = use_state(Vec::<String>::new);
    let notice = use_state(|| None::<String>);
    let secret = use_state(|| None::<String>);
    let chosen = use_state(|| None::<String>);
    let page_opt_out = use_state(|| false);
    let copied = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let tested = use_state(|| None::<String>);
    // Bumped after a test delivery, so the list of recent deliveries shows it.
    let sent_tests = use_state(|| 0u32);
    {
        let tested = tested.clone();
        use_effect_with((*chosen).clone(), move |_| tested.set(None));
    }

    {
        let keys = keys.clone();
        let chosen = chosen.clone();
        let ended = props.on_session_ended.clone();
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let next = match api::send_console("GET", "/api/v1/widget-keys", None).await {
                    Ok(reply) if reply.status == 200 => {
                        match serde_json::from_str::<Vec<StoredWidgetKey>>(&reply.body) {
                            Ok(list) => {
                                if chosen.is_none()
                                    && let Some(first) = list.first()
                                {
                                    chosen.set(Some(first.key.clone()));
                                }
                                Keys::Loaded(Rc::new(list))
                            }
                            Err(_) => Keys::Failed(reply.failure(false).0),
                        }
                    }
                    Ok(reply) if reply.status == 401 => {
                        ended.emit(());
                        return;
                    }
                    Ok(reply) if reply.status == 403 => Keys::Failed(
                        "The key you signed in with may not see or change widget keys.".into(),
                    ),
                    Ok(reply) => Keys::Failed(reply.failure(false).0),
                    Err(failure) => Keys::Failed(failure.0),
                };
                keys.set(next);
            });
        });
    }

    let update = |change: fn(&mut WidgetKeyForm, String)| edit(&form, change);
    let toggle = |change: fn(&mut WidgetKeyForm, bool)| edit(&form, change);

    let start_new = {
        let editing = editing.clone();
        let form = form.clone();
        let problems = problems.clone();
        let secret = secret.clone();
        Callback::from(move |_| {
            form.set(WidgetKeyForm::new_key());
            problems.set(Vec::new());
            secret.set(None);
            editing.set(Editing::New);
            crate::components::page_url::focus("owner-name");
        })
    };
    let edit = {
        let editing = editing.clone();
        let form = form.clone();
        let problems = problems.clone();
        let chosen = chosen.clone();
        let secret = secret.clone();
        Callback::from(move |stored: StoredWidgetKey| {
            form.set(WidgetKeyForm::from_stored(&stored));
            problems.set(Vec::new());
            secret.set(None);
            chosen.set(Some(stored.key.clone()));
            editing.set(Editing::Existing(stored.key));
            crate::components::page_url::focus("owner-name");
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(Editing::None))
    };
    let save = {
        let editing = editing.clone();
        let form = form.clone();
        let problems = problems.clone();
        let notice = notice.clone();
        let secret = secret.clone();
        let reload = reload.clone();
        let chosen = chosen.clone();
        let busy = busy.clone();
        let ended = props.on_session_ended.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (method, url) = match &*editing {
                Editing::New => ("POST", "/api/v1/widget-keys".to_owned()),
                Editing::Existing(key) => ("PUT", format!("/api/v1/widget-keys/{key}")),
                Editing::None => return,
            };
            let body = form.body().to_string();
            let (editing, problems, notice, secret, reload, chosen, busy, ended) = (
                editing.clone(),
                problems.clone(),
                notice.clone(),
                secret.clone(),
                reload.clone(),
                chosen.clone(),
                busy.clone(),
                ended.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let reply = api::send_console(method, &url, Some(body)).await;
                busy.set(false);
                match reply {
                    Ok(reply) if reply.status == 200 || reply.status == 201 => {
                        let saved: Option<Saved> = serde_json::from_str(&reply.body).ok();
                        if let Some(saved) = saved {
                            secret.set(saved.webhook_secret);
                            notice.set(Some(format!("The widget key “{}” is saved.", saved.key)));
                            chosen.set(Some(saved.key));
                        }
                        problems.set(Vec::new());
                        editing.set(Editing::None);
                        reload.set(*reload + 1);
                        crate::components::page_url::focus("widgets-notice");
                    }
                    Ok(reply) if reply.status == 401 => ended.emit(()),
                    Ok(reply) if reply.status == 422 => {
                        let found: Vec<String> =
                            serde_json::from_str::<ValidationProblem>(&reply.body)
                                .map(|p| {
                                    p.errors
                                        .into_iter()
                                        .map(|e| {
                                            format!("{}: {}.", field_label(&e.pointer), e.detail)
                                        })
                                        .collect()
                                })
                                .unwrap_or_default();
                        problems.set(if found.is_empty() {
                            vec![
                                "Some settings were not accepted. Check the addresses and texts."
                                    .into(),
                            ]
                        } else {
                            found
                        });
                        crate::components::page_url::focus("setup-problems");
                    }
                    Ok(reply) if reply.status == 409 => {
                        problems.set(vec!["That key is taken: choose another, or leave it empty to get one made for you.".into()]);
                        crate::components::page_url::focus("setup-problems");
                    }
                    Ok(reply) => problems.set(vec![reply.failure(false).0]),
                    Err(failure) => problems.set(vec![failure.0]),
                }
            });
        })
    };
    let rotate = {
        let secret = secret.clone();
        let notice = notice.clone();
        let ended = props.on_session_ended.clone();
        Callback::from(move |key: String| {
            let (secret, notice, ended) = (secret.clone(), notice.clone(), ended.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("/api/v1/widget-keys/{key}/webhook-secret");
                match api::send_console("POST", &url, None).await {
                    Ok(reply) if reply.status == 200 => {
                        if let Ok(rotated) = serde_json::from_str::<Rotated>(&reply.body) {
                            secret.set(Some(rotated.webhook_secret));
                            notice.set(Some(format!(
                                "The webhook of “{key}” has a new secret. Deliveries also carry a \
                                 signature made with the old one until {} UTC, so you can switch \
                                 without losing any.",
                                rotated
                                    .previous_secret_valid_until
                                    .get(..16)
                                    .unwrap_or_default()
                                    .replace('T', " ")
                            )));
                        }
                    }
                    Ok(reply) if reply.status == 401 => ended.emit(()),
                    Ok(reply) if reply.status == 404 => notice.set(Some(
                        "This key has no webhook: add its address first.".into(),
                    )),
                    Ok(reply) => notice.set(Some(reply.failure(false).0)),
                    Err(failure) => notice.set(Some(failure.0)),
                }
                crate::components::page_url::focus("widgets-notice");
            });
        })
    };

    let send_test = {
        let tested = tested.clone();
        let sent_tests = sent_tests.clone();
        let ended = props.on_session_ended.clone();
        Callback::from(move |key: String| {
            let (tested, sent_tests, ended) = (tested.clone(), sent_tests.clone(), ended.clone());
            tested.set(Some("Sending a test delivery…".into()));
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("/api/v1/widget-keys/{key}/webhook-test");
                let words = match api::send_console("POST", &url, None).await {
                    Ok(reply) if reply.status == 200 => {
                        serde_json::from_str::<TestAnswer>(&reply.body)
                            .map(|answer| test_words(&answer))
                            .unwrap_or_else(|_| reply.failure(false).0)
                    }
                    Ok(reply) if reply.status == 401 => {
                        ended.emit(());
                        return;
                    }
                    Ok(reply) if reply.status == 404 => {
                        "This key has no webhook: add its address first.".into()
                    }
                    Ok(reply) => reply.failure(false).0,
                    Err(failure) => failure.0,
                };
                tested.set(Some(words));
                sent_tests.set(*sent_tests + 1);
            });
        })
    };

    let list = match &*keys {
        Keys::Loading => {
            html! { <p class="loading" role="status">{"Loading the widget keys…"}</p> }
        }
        Keys::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        Keys::Loaded(list) if list.is_empty() => html! {
            <p class="empty">{"No widget key yet. Create one to put the widget on your site."}</p>
        },
        Keys::Loaded(list) => super::scrolling_table(
            "Widget keys",
            "widget-keys",
            &[
                "Key",
                "Owner",
                "Allowed sites",
                "Leads",
                "Counting",
                "Accent",
                "Webhook",
                "",
            ],
            html! { <>{ for list.iter().map(|stored| {
                let for_edit = stored.clone();
                let edit = edit.clone();
                let choose = {
                    let chosen = chosen.clone();
                    let key = stored.key.clone();
                    Callback::from(move |_| chosen.set(Some(key.clone())))
                };
                let rotate = rotate.clone();
                let key = stored.key.clone();
                html! {
                    <tr>
                        <td><button type="button" class="link" onclick={choose}
                            aria-label={format!("Snippet and preview for {}", stored.key)}>{&stored.key}</button></td>
                        <td>{&stored.owner_name}</td>
                        <td>{ if stored.allowed_origins.is_empty() { "none yet".to_owned() } else { stored.allowed_origins.join(", ") } }</td>
                        <td>{ if stored.lead_capture { "collected" } else { "off" } }</td>
                        <td>{ if stored.analytics { "on" } else { "off" } }</td>
                        <td>{ match (&stored.accent, swatch_style(stored.accent.as_deref())) {
                            (Some(accent), Some(style)) => html! {
                                <><span class="swatch" style={style} aria-hidden="true"></span>{accent.clone()}</>
                            },
                            _ => html! { {"the widget's own"} },
                        } }</td>
                        <td>{ match &stored.webhook_url { Some(url) => html! {
                                <>{url.clone()}{" "}<button type="button" class="link" onclick={move |_| rotate.emit(key.clone())}>{"New secret"}</button></>
                            }, None => html! { {"none"} } } }</td>
                        <td><button type="button" class="secondary" onclick={move |_| edit.emit(for_edit.clone())}
                            aria-label={format!("Change {}", stored.key)}>{"Change"}</button></td>
                    </tr>
                }
            }) }</> },
        ),
    };

    let setup_form = match &*editing {
        Editing::None => html! {},
        editing_now => {
            let creating = *editing_now == Editing::New;
            html! {
                <form class="widget-form" onsubmit={save} novalidate=true aria-labelledby="setup-heading">
                    <h3 id="setup-heading">{ match editing_now { Editing::Existing(key) => format!("Change “{key}”"), _ => "A new widget key".to_owned() } }</h3>
                    if !problems.is_empty() {
                        <div class="error-summary" id="setup-problems" tabindex="-1" role="alert">
                            <p><strong>{"These settings need a change:"}</strong></p>
                            <ul>{ for problems.iter().map(|p| html! { <li>{p}</li> }) }</ul>
                        </div>
                    }
                    if creating {
                        { text_field(Lines::One, "new-key", "Key (optional)", "3 to 64 letters, digits, - or _. Left empty, one is made for you.", &form.key, update(|f, v| f.key = v)) }
                    }
                    { text_field(Lines::One, "owner-name", "Owner name", "Your company, as visitors should read it in the consent text.", &form.owner_name, update(|f, v| f.owner_name = v)) }
                    { text_field(Lines::Several, "allowed-origins", "Sites allowed to show the widget", "One per line, as https://www.example.com (no path).", &form.origins, update(|f, v| f.origins = v)) }
                    { text_field(Lines::Several, "consent-text", "Consent text", "What visitors agree to before they send their report. Left empty, a standard text naming you is used.", &form.consent_text, update(|f, v| f.consent_text = v)) }
                    <fieldset>
                        <legend>{"Leads and counting"}</legend>
                        { tick("lead-capture", "Offer visitors to send their report to you", form.lead_capture, toggle(|f, v| f.lead_capture = v)) }
                        { tick("cta-button", "Show a button that opens the form, instead of the form itself", form.cta_button, toggle(|f, v| f.cta_button = v)) }
                        { tick("analytics", "Count how many visitors see the widget, start, reach the report and send it (anonymous counts)", form.analytics, toggle(|f, v| f.analytics = v)) }
                    </fieldset>
                    { text_field(Lines::One, "cta-text", "Call-to-action text", "The heading or button text above the form, at most 120 characters. Left empty, the widget's own words are used.", &form.cta_text, update(|f, v| f.cta_text = v)) }
                    { text_field(Lines::One, "booking-url", "Booking page", "An address where visitors can book a call with you, shown beside the form.", &form.booking_url, update(|f, v| f.booking_url = v)) }
                    { accent_field(&form.accent, update(|f, v| f.accent = v)) }
                    { text_field(Lines::One, "webhook-url", "Webhook address", "Each new lead is sent to this https:// address, signed. Leave empty for none.", &form.webhook_url, update(|f, v| f.webhook_url = v)) }
                    <p>
                        <button type="submit" class="primary" disabled={*busy}>{ if *busy { "Saving…" } else if creating { "Create the widget key" } else { "Save the changes" } }</button>
                        {" "}<button type="button" class="secondary" onclick={cancel}>{"Cancel"}</button>
                    </p>
                </form>
            }
        }
    };

    let server = server_origin();
    let embed = (*chosen).as_ref().map(|key| {
        let code = snippet(&server, key, *page_opt_out);
        let on_opt_out = {
            let page_opt_out = page_opt_out.clone();
            Callback::from(move |off: bool| page_opt_out.set(off))
        };
        let copy = {
            let copied = copied.clone();
            let code = code.clone();
            Callback::from(move |_| {
                let (copied, code) = (copied.clone(), code.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    copied.set(Some(if copy_to_clipboard(&code).await {
                        "The snippet is copied. Paste it into your page where the widget should appear.".into()
                    } else {
                        "Your browser did not allow copying: select the snippet above and copy it.".into()
                    }));
                });
            })
        };
        let stored = match &*keys {
            Keys::Loaded(list) => list.iter().find(|k| &k.key == key),
            _ => None,
        };
        let has_webhook = stored.is_some_and(|k| k.webhook_url.is_some());
        // The key's accent goes in the preview's address too: a change shows at once, where the
        // widget's own request for the key's settings may be answered by the browser's cache
        // for a few minutes.
        let preview = format!(
            "/frame.html?key={key}&origin={}&accent={}",
            String::from(js_sys::encode_uri_component(&server)),
            String::from(js_sys::encode_uri_component(
                stored.and_then(|k| k.accent.as_deref()).unwrap_or_default()
            ))
        );
        let test_this = {
            let send_test = send_test.clone();
            let key = key.clone();
            Callback::from(move |_| send_test.emit(key.clone()))
        };
        let webhook = has_webhook.then(|| html! {
            <section class="deliveries" aria-labelledby="deliveries-heading">
                <h3 id="deliveries-heading">{format!("The webhook of “{key}”")}</h3>
                <p><button type="button" class="secondary" onclick={test_this}>{"Send a test delivery"}</button></p>
                if let Some(words) = &*tested { <p class="notice" role="status">{words}</p> }
                <h4>{"Recent deliveries"}</h4>
                <WebhookDeliveries widget_key={key.clone()} refresh={sent_tests.wrapping_add(*reload)}
                    on_session_ended={props.on_session_ended.clone()} />
            </section>
        });
        html! {
            <section class="embed" aria-labelledby="embed-heading">
                { webhook.unwrap_or_default() }
                <h3 id="embed-heading">{format!("Put “{key}” on your site")}</h3>
                <p class="hint" id="snippet-hint">{"The widget takes the key's accent colour (Change, above). A page that needs another one can add data-accent=\"#rrggbb\" to the tag: the page's colour wins."}</p>
                { tick("page-opt-out", "Do not count visits on this page (adds data-analytics=\"off\")", *page_opt_out, on_opt_out) }
                <div class="field">
                    <label for="snippet">{"The snippet"}</label>
                    <textarea id="snippet" class="snippet" rows="3" readonly=true value={code} aria-describedby="snippet-hint" />
                </div>
                <p><button type="button" class="primary" onclick={copy}>{"Copy the snippet"}</button></p>
                if let Some(text) = &*copied { <p class="notice" role="status">{text}</p> }
                <h3>{"Preview"}</h3>
                <p class="hint">{"The widget as your visitors will see it. It runs on this server, so it works when this server's address is among the key's allowed sites; counts made here are not added to the funnel."}</p>
                <iframe class="preview" src={preview} title={format!("Preview of the widget with the key {key}")} loading="lazy" height="560"></iframe>
            </section>
        }
    });

    html! {
        <section class="widgets" aria-labelledby="widgets-heading">
            <h2 id="widgets-heading">{"Widget keys"}</h2>
            <p>{"A widget key puts the readiness assessment on your site: it says who you are, which sites may show it, and where leads go."}</p>
            if let Some(text) = &*notice { <p class="notice" id="widgets-notice" tabindex="-1" role="status">{text}</p> }
            if let Some(value) = &*secret {
                <div class="secret" role="status">
                    <p><strong>{"The webhook's signing secret — copy it now, it is shown only once:"}</strong></p>
                    <p><code class="secret-value">{value}</code></p>
                </div>
            }
            <p><button type="button" class="primary" onclick={start_new}>{"Create a widget key"}</button></p>
            {setup_form}
            {list}
            { embed.unwrap_or_default() }
        </section>
    }
}
