//! `/console/`: sign-in with an admin key (exchanged for a session cookie the page cannot
//! read), who is signed in, sign-out, and the console's sections (leads, widget keys, funnel),
//! each at its own address.

use serde::Deserialize;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::funnel_page::FunnelPage;
use super::leads_inbox::LeadsInbox;
use super::registry_pages::{RegistryPages, current_path};
use super::widget_setup::WidgetSetup;
use crate::api;
use crate::registry_search::RegistryView;

/// The signed-in session, as `GET /api/v1/session` describes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct SessionInfo {
    key_name: String,
    expires_at: String,
    idle_minutes: i64,
}

/// Where the console stands.
#[derive(Debug, Clone, PartialEq)]
enum Access {
    /// Asking the server whether the browser has a live session.
    Checking,
    /// Not signed in; a message when there is something to say (wrong key, signed out).
    SignedOut(Option<Notice>),
    /// Signed in.
    SignedIn(SessionInfo),
}

/// A message above the sign-in form.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    /// Good news (signed out).
    Info(String),
    /// A problem (wrong key, no answer).
    Problem(String),
}

const SESSION_URL: &str = "/api/v1/session";
const KEY_INPUT: &str = "console-key";

/// `2026-12-02T13:31:00.000Z` → `2026-12-02 13:31 UTC`.
fn readable_time(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => stamp.to_string(),
    }
}

async fn current_session() -> Access {
    match api::send_console("GET", SESSION_URL, None).await {
        Ok(reply) if reply.status == 200 => serde_json::from_str(&reply.body)
            .map(Access::SignedIn)
            .unwrap_or_else(|_| Access::SignedOut(Some(Notice::Problem(reply.failure(false).0)))),
        Ok(reply) if reply.status == 401 => Access::SignedOut(None),
        Ok(reply) => Access::SignedOut(Some(Notice::Problem(reply.failure(false).0))),
        Err(failure) => Access::SignedOut(Some(Notice::Problem(failure.0))),
    }
}

async fn sign_in(key: String) -> Access {
    let body = serde_json::json!({ "key": key }).to_string();
    match api::send_console("POST", SESSION_URL, Some(body)).await {
        Ok(reply) if reply.status == 201 => serde_json::from_str(&reply.body)
            .map(Access::SignedIn)
            .unwrap_or_else(|_| Access::SignedOut(Some(Notice::Problem(reply.failure(false).0)))),
        Ok(reply) if reply.status == 401 || reply.status == 422 => {
            Access::SignedOut(Some(Notice::Problem(
                "That key was not accepted: it may be mistyped, revoked or expired.".into(),
            )))
        }
        Ok(reply) => Access::SignedOut(Some(Notice::Problem(reply.failure(false).0))),
        Err(failure) => Access::SignedOut(Some(Notice::Problem(failure.0))),
    }
}

async fn sign_out() -> Access {
    match api::send_console("DELETE", SESSION_URL, None).await {
        Ok(reply) if reply.status == 204 => {
            Access::SignedOut(Some(Notice::Info("You are signed out.".into())))
        }
        Ok(reply) => Access::SignedOut(Some(Notice::Problem(reply.failure(false).0))),
        Err(failure) => Access::SignedOut(Some(Notice::Problem(failure.0))),
    }
}

/// The value of the key field.
fn typed_key() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(KEY_INPUT))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// A section of the console, each at its own address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    /// `/console/`: the leads inbox.
    #[default]
    Leads,
    /// `/console/widgets`: widget key setup.
    Widgets,
    /// `/console/funnel`: the widget funnel.
    Funnel,
    /// `/console/registry…`: the certificate registry (search, import, a certificate).
    Registry,
}

impl Section {
    const ALL: [(Section, &'static str, &'static str); 4] = [
        (Section::Leads, "/console/", "Leads"),
        (Section::Widgets, "/console/widgets", "Widget keys"),
        (Section::Funnel, "/console/funnel", "Funnel"),
        (
            Section::Registry,
            "/console/registry",
            "Certificate registry",
        ),
    ];
}

/// Properties of [`ConsoleHome`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ConsoleHomeProps {
    /// The section the address asks for.
    #[prop_or_default]
    pub section: Section,
}

/// The console's front page.
#[component]
pub fn ConsoleHome(props: &ConsoleHomeProps) -> Html {
    let access = use_state(|| Access::Checking);
    {
        let access = access.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { access.set(current_session().await) });
        });
    }
    let busy = use_state(|| false);
    let on_sign_in = {
        let access = access.clone();
        let busy = busy.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let key = typed_key();
            if key.trim().is_empty() {
                access.set(Access::SignedOut(Some(Notice::Problem(
                    "Enter your admin key.".into(),
                ))));
                crate::components::page_url::focus(KEY_INPUT);
                return;
            }
            busy.set(true);
            let access = access.clone();
            let busy = busy.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let next = sign_in(key).await;
                busy.set(false);
                access.set(next);
            });
        })
    };
    let on_sign_out = {
        let access = access.clone();
        Callback::from(move |_| {
            let access = access.clone();
            wasm_bindgen_futures::spawn_local(async move { access.set(sign_out().await) });
        })
    };
    // A request found the session gone (idle or too old): back to sign-in, saying why.
    let on_ended = {
        let access = access.clone();
        Callback::from(move |()| {
            access.set(Access::SignedOut(Some(Notice::Info(
                "Your session has ended. Sign in again to go on.".into(),
            ))))
        })
    };
    let body = match &*access {
        Access::Checking => {
            html! { <p class="loading" role="status">{"Checking whether you are signed in…"}</p> }
        }
        Access::SignedOut(notice) => {
            let notice = notice.as_ref().map(|n| match n {
                Notice::Info(text) => html! { <p class="notice" role="status">{text}</p> },
                Notice::Problem(text) => html! { <p class="failure" role="alert">{text}</p> },
            });
            let problem = matches!(&*access, Access::SignedOut(Some(Notice::Problem(_))));
            html! {
                <section aria-labelledby="sign-in-heading">
                    <h2 id="sign-in-heading">{"Sign in"}</h2>
                    {notice}
                    <form class="sign-in" onsubmit={on_sign_in} novalidate=true>
                        <div class="field">
                            <label for={KEY_INPUT}>{"Admin key"}</label>
                            <p class="hint" id="console-key-hint">{"The key printed by the server on its first start, or one made \
                                with the annexa keys command. It is exchanged for a session and not kept in this browser."}</p>
                            <input id={KEY_INPUT} name="key" type="password" autocomplete="current-password"
                                aria-describedby="console-key-hint" aria-invalid={problem.then_some("true")} />
                        </div>
                        <button type="submit" class="primary" disabled={*busy}>
                            { if *busy { "Signing in…" } else { "Sign in" } }
                        </button>
                    </form>
                </section>
            }
        }
        Access::SignedIn(info) => html! {
            <section aria-labelledby="signed-in-heading">
                <h2 id="signed-in-heading">{"You are signed in"}</h2>
                <p class="signed-in">{format!("Signed in with the key “{}”.", info.key_name)}</p>
                <p>{format!(
                    "Your session ends after {} minutes without use, and at the latest on {}.",
                    info.idle_minutes, readable_time(&info.expires_at)
                )}</p>
                <button type="button" class="secondary" onclick={on_sign_out}>{"Sign out"}</button>
                <nav class="sections" aria-label="Console sections">
                    <ul>{ for Section::ALL.iter().map(|(section, href, label)| html! {
                        <li><a href={*href} aria-current={(*section == props.section).then_some("page")}>{*label}</a></li>
                    }) }</ul>
                </nav>
                { match props.section {
                    Section::Leads => html! { <LeadsInbox on_session_ended={on_ended.clone()} /> },
                    Section::Widgets => html! { <WidgetSetup on_session_ended={on_ended.clone()} /> },
                    Section::Funnel => html! { <FunnelPage on_session_ended={on_ended.clone()} /> },
                    // The registry's pages have their own addresses: search, import, a certificate.
                    Section::Registry => html! {
                        <RegistryPages
                            view={RegistryView::for_path(&current_path()).unwrap_or(RegistryView::Search)}
                            on_session_ended={on_ended.clone()} />
                    },
                } }
            </section>
        },
    };
    html! {
        <>
            <header class="masthead">
                <p class="brand"><a href="/console/">{"Annexa"}</a></p>
                <p class="tagline">{"Console"}</p>
            </header>
            <main id="main">
                <h1>{"Annexa console"}</h1>
                <div aria-live="polite">{body}</div>
                <p class="aside">{"Buyers: "}<a href="/verify">{"check a supplier's certificate"}</a>
                    {" · "}<a href="/docs/">{"API documentation"}</a></p>
            </main>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_times_are_shown_as_day_and_minute_in_utc() {
        assert_eq!(
            readable_time("2026-12-02T13:31:07.123Z"),
            "2026-12-02 13:31 UTC"
        );
        assert_eq!(readable_time("soon"), "soon");
    }
}
