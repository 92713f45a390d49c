//! The leads inbox: the leads the widget sent, filtered and paged, a CSV download of exactly
//! what is filtered, one lead's contact, consent, score and tier reasons, and erasure with a
//! confirmation. Uses the admin routes with the session cookie.

use serde::Deserialize;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::page_url;
use crate::api;
use crate::lead_filter::{LeadFilter, page_count};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Contact {
    name: String,
    email: String,
    #[serde(default)]
    company: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct LeadRow {
    id: String,
    created_at: String,
    widget_key: String,
    contact: Contact,
    tier: String,
    overall: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct LeadPage {
    items: Vec<LeadRow>,
    page: u32,
    total: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Consent {
    text: String,
    agreed_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Qualification {
    #[serde(default)]
    reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct LeadDetail {
    #[serde(flatten)]
    row: LeadRow,
    consent: Consent,
    qualification: Qualification,
}

/// Where the list stands.
#[derive(Debug, Clone, PartialEq)]
enum ListState {
    Loading,
    Loaded(LeadPage),
    Failed(String),
}

/// The open lead.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    None,
    Loading,
    Lead(Box<LeadDetail>, bool),
    Failed(String),
}

/// Properties of [`LeadsInbox`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct LeadsInboxProps {
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

/// `2026-12-02T13:31:07.123Z` → `2026-12-02 13:31`.
fn short_time(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => stamp.to_string(),
    }
}

fn tier_words(tier: &str) -> &'static str {
    match tier {
        "A" => "A — follow up first",
        "B" => "B — worth a follow-up",
        "C" => "C — keep in touch",
        _ => "not rated",
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The inbox.
#[component]
pub fn LeadsInbox(props: &LeadsInboxProps) -> Html {
    let draft = use_state(LeadFilter::default);
    let applied = use_state(LeadFilter::default);
    let page = use_state(|| 1u32);
    let list = use_state(|| ListState::Loading);
    let open = use_state(|| Open::None);
    let notice = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    // Where the keyboard focus goes after the next render (a heading or button that does not
    // exist yet when the action runs); the counter makes the same target count again.
    let focus_next = use_state(|| (0u32, ""));
    use_effect_with(*focus_next, |(_, id)| {
        if !id.is_empty() {
            page_url::focus(id);
        }
    });
    let move_focus = {
        let focus_next = focus_next.clone();
        Callback::from(move |id: &'static str| focus_next.set((focus_next.0 + 1, id)))
    };

    {
        let list = list.clone();
        let ended = props.on_session_ended.clone();
        use_effect_with(
            ((*applied).clone(), *page, *reload),
            move |(filter, page, _)| {
                let url = page_url::with_query("/api/v1/leads", &filter.page_pairs(*page));
                list.set(ListState::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    let next = match api::send_console("GET", &url, None).await {
                        Ok(reply) if reply.status == 200 => {
                            match serde_json::from_str::<LeadPage>(&reply.body) {
                                Ok(page) => ListState::Loaded(page),
                                Err(_) => ListState::Failed(reply.failure(false).0),
                            }
                        }
                        Ok(reply) if reply.status == 401 => {
                            ended.emit(());
                            return;
                        }
                        Ok(reply) if reply.status == 400 => ListState::Failed(
                            "These filters could not be used: check the dates (year-month-day) \
                             and the tier."
                                .into(),
                        ),
                        Ok(reply) if reply.status == 403 => ListState::Failed(
                            "The key you signed in with may not read leads.".into(),
                        ),
                        Ok(reply) => ListState::Failed(reply.failure(false).0),
                        Err(failure) => ListState::Failed(failure.0),
                    };
                    list.set(next);
                });
            },
        );
    }

    let set = |update: fn(&mut LeadFilter, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            update(&mut next, input_value(&e));
            draft.set(next);
        })
    };
    let on_tier = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.tier = e.target_unchecked_into::<HtmlSelectElement>().value();
            draft.set(next);
        })
    };
    let on_filter = {
        let draft = draft.clone();
        let applied = applied.clone();
        let page = page.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*draft).clone());
            page.set(1);
        })
    };
    let open_lead = {
        let open = open.clone();
        let ended = props.on_session_ended.clone();
        let move_focus = move_focus.clone();
        Callback::from(move |id: String| {
            let open = open.clone();
            let ended = ended.clone();
            let move_focus = move_focus.clone();
            open.set(Open::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("/api/v1/leads/{id}");
                let next = match api::send_console("GET", &url, None).await {
                    Ok(reply) if reply.status == 200 => {
                        match serde_json::from_str::<LeadDetail>(&reply.body) {
                            Ok(lead) => Open::Lead(Box::new(lead), false),
                            Err(_) => Open::Failed(reply.failure(false).0),
                        }
                    }
                    Ok(reply) if reply.status == 401 => {
                        ended.emit(());
                        return;
                    }
                    Ok(reply) if reply.status == 404 => {
                        Open::Failed("This lead no longer exists: it may have been erased.".into())
                    }
                    Ok(reply) => Open::Failed(reply.failure(false).0),
                    Err(failure) => Open::Failed(failure.0),
                };
                open.set(next);
                move_focus.emit("lead-heading");
            });
        })
    };
    let erase = {
        let open = open.clone();
        let notice = notice.clone();
        let reload = reload.clone();
        let ended = props.on_session_ended.clone();
        Callback::from(move |id: String| {
            let open = open.clone();
            let notice = notice.clone();
            let reload = reload.clone();
            let ended = ended.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("/api/v1/leads/{id}");
                match api::send_console("DELETE", &url, None).await {
                    Ok(reply) if reply.status == 204 || reply.status == 404 => {
                        open.set(Open::None);
                        notice.set(Some("The lead was erased.".into()));
                        reload.set(*reload + 1);
                    }
                    Ok(reply) if reply.status == 401 => ended.emit(()),
                    Ok(reply) if reply.status == 403 => open.set(Open::Failed(
                        "The key you signed in with may not erase leads.".into(),
                    )),
                    Ok(reply) => open.set(Open::Failed(reply.failure(false).0)),
                    Err(failure) => open.set(Open::Failed(failure.0)),
                }
            });
        })
    };

    let filters = html! {
        <form class="lead-filters" onsubmit={on_filter} aria-label="Filter the leads">
            <div class="field">
                <label for="filter-tier">{"Tier"}</label>
                <select id="filter-tier" onchange={on_tier}>
                    <option value="" selected={draft.tier.is_empty()}>{"Every tier"}</option>
                    <option value="A" selected={draft.tier == "A"}>{"A — follow up first"}</option>
                    <option value="B" selected={draft.tier == "B"}>{"B — worth a follow-up"}</option>
                    <option value="C" selected={draft.tier == "C"}>{"C — keep in touch"}</option>
                </select>
            </div>
            <div class="field">
                <label for="filter-email">{"E-mail address"}</label>
                <input id="filter-email" type="text" value={draft.email.clone()} oninput={set(|f, v| f.email = v)} />
            </div>
            <div class="field">
                <label for="filter-key">{"Widget key"}</label>
                <input id="filter-key" type="text" value={draft.widget_key.clone()} oninput={set(|f, v| f.widget_key = v)} />
            </div>
            <div class="field">
                <label for="filter-from">{"Received from"}</label>
                <input id="filter-from" type="date" value={draft.from.clone()} oninput={set(|f, v| f.from = v)} />
            </div>
            <div class="field">
                <label for="filter-to">{"Received until"}</label>
                <input id="filter-to" type="date" value={draft.to.clone()} oninput={set(|f, v| f.to = v)} />
            </div>
            <button type="submit" class="primary">{"Show these leads"}</button>
        </form>
    };

    let export = page_url::with_query("/api/v1/leads.csv", &applied.pairs());
    let table = match &*list {
        ListState::Loading => html! { <p class="loading" role="status">{"Loading the leads…"}</p> },
        ListState::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        ListState::Loaded(found) if found.items.is_empty() => html! {
            <p class="empty" role="status">{ if *applied == LeadFilter::default() {
                "No leads yet. They appear here when visitors send their report through the widget."
            } else { "No lead matches these filters." } }</p>
        },
        ListState::Loaded(found) => {
            let pages = page_count(found.total);
            let go = |to: u32| {
                let page = page.clone();
                Callback::from(move |_| page.set(to))
            };
            html! {
                <>
                <p role="status" class="count">{format!(
                    "{} {} · page {} of {}", found.total,
                    if found.total == 1 { "lead" } else { "leads" }, found.page, pages)}
                    {" · "}<a href={export} class="export">{"Download these leads as a CSV file"}</a>
                </p>
                { super::scrolling_table("Leads", "leads", &["Received (UTC)", "Company", "Person",
                    "E-mail", "Tier", "Score", "Widget key"], html! { <>{ for found.items.iter().map(|lead| {
                        let id = lead.id.clone();
                        let open_lead = open_lead.clone();
                        let company = if lead.contact.company.is_empty() { "(no company given)".to_string() } else { lead.contact.company.clone() };
                        html! {
                            <tr>
                                <td>{short_time(&lead.created_at)}</td>
                                <td><button type="button" class="link" onclick={move |_| open_lead.emit(id.clone())}>
                                    {company}</button></td>
                                <td>{&lead.contact.name}</td>
                                <td>{&lead.contact.email}</td>
                                <td>{&lead.tier}</td>
                                <td>{format!("{:.0}", lead.overall)}</td>
                                <td>{&lead.widget_key}</td>
                            </tr>
                        }
                    }) }</> }) }
                <nav class="pages" aria-label="Pages of leads">
                    <button type="button" class="secondary" disabled={found.page <= 1} onclick={go(found.page.saturating_sub(1))}>{"Previous page"}</button>
                    <button type="button" class="secondary" disabled={found.page >= pages} onclick={go(found.page + 1)}>{"Next page"}</button>
                </nav>
                </>
            }
        }
    };

    let detail = match &*open {
        Open::None => html! {},
        Open::Loading => html! { <p class="loading" role="status">{"Opening the lead…"}</p> },
        Open::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        Open::Lead(lead, confirming) => {
            let close = {
                let open = open.clone();
                Callback::from(move |_| open.set(Open::None))
            };
            let ask = {
                let open = open.clone();
                let lead = lead.clone();
                let move_focus = move_focus.clone();
                Callback::from(move |_| {
                    open.set(Open::Lead(lead.clone(), true));
                    move_focus.emit("erase-confirm");
                })
            };
            let keep = {
                let open = open.clone();
                let lead = lead.clone();
                Callback::from(move |_| open.set(Open::Lead(lead.clone(), false)))
            };
            let confirm = {
                let erase = erase.clone();
                let id = lead.row.id.clone();
                Callback::from(move |_| erase.emit(id.clone()))
            };
            html! {
                <section class="lead" aria-labelledby="lead-heading">
                    <h3 id="lead-heading" tabindex="-1">{
                        if lead.row.contact.company.is_empty() { lead.row.contact.name.clone() }
                        else { format!("{} — {}", lead.row.contact.company, lead.row.contact.name) }
                    }</h3>
                    <dl class="certificate">
                        <dt>{"E-mail"}</dt><dd><a href={format!("mailto:{}", lead.row.contact.email)}>{&lead.row.contact.email}</a></dd>
                        <dt>{"Received"}</dt><dd>{format!("{} UTC", short_time(&lead.row.created_at))}</dd>
                        <dt>{"Through"}</dt><dd>{format!("widget key {}", lead.row.widget_key)}</dd>
                        <dt>{"Readiness score"}</dt><dd>{format!("{:.0} out of 100", lead.row.overall)}</dd>
                        <dt>{"Tier"}</dt><dd>{tier_words(&lead.row.tier)}</dd>
                    </dl>
                    <h4>{"Why this tier"}</h4>
                    <ul>{ for lead.qualification.reasons.iter().map(|r| html! { <li>{r}</li> }) }</ul>
                    <h4>{"Consent"}</h4>
                    <blockquote class="consent">{&lead.consent.text}</blockquote>
                    <p>{format!("Given on {} UTC.", short_time(&lead.consent.agreed_at))}</p>
                    if *confirming {
                        <div class="confirm" role="alertdialog" aria-labelledby="erase-question">
                            <p id="erase-question"><strong>{"Erase this lead for good? Its contact details, answers and report are deleted and cannot be brought back."}</strong></p>
                            <button id="erase-confirm" type="button" class="danger" onclick={confirm}>{"Yes, erase it"}</button>
                            {" "}<button type="button" class="secondary" onclick={keep}>{"Keep it"}</button>
                        </div>
                    } else {
                        <p class="lead-actions">
                            <button type="button" class="secondary" onclick={close}>{"Close"}</button>
                            {" "}<button type="button" class="danger-outline" onclick={ask}>{"Erase this lead…"}</button>
                        </p>
                    }
                </section>
            }
        }
    };

    html! {
        <section class="inbox" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading">{"Leads"}</h2>
            if let Some(text) = &*notice { <p class="notice" role="status">{text}</p> }
            {filters}
            {detail}
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_explained_in_words() {
        assert_eq!(tier_words("A"), "A — follow up first");
        assert_eq!(tier_words("?"), "not rated");
        assert_eq!(short_time("2026-12-02T13:31:07.123Z"), "2026-12-02 13:31");
    }
}
