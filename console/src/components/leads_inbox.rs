//! The leads inbox: the leads the widget sent, searched, filtered, sorted and paged, a CSV
//! download of exactly what is filtered, and one lead's page ([`super::lead_page`]). The filters,
//! the sort, the page and the open lead are kept in the page's address, so a reload or a shared
//! link shows the same. Uses the admin routes with the session cookie.

use annexa_shared::wire::leads::band_in_words;
use annexa_shared::wire::{Lead, LeadFilter, LeadPage, LeadSort, SalesStatus};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::lead_page::{LeadPage as LeadPageView, short_time};
use super::page_url;
use crate::api;
use crate::lead_filter::{
    address_pairs, applied, aria_sort, band_of, band_options, export_pairs, from_address,
    list_pairs, narrows, page_count, sorted_by, status_of, text,
};

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
    Lead(Box<Lead>),
    Failed(String),
}

/// Properties of [`LeadsInbox`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct LeadsInboxProps {
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The sortable columns' headings.
fn heading(sort: LeadSort) -> &'static str {
    match sort {
        LeadSort::Received => "Received (UTC)",
        LeadSort::Company => "Company",
        LeadSort::Score => "Score",
        LeadSort::Tier => "Tier",
    }
}

/// The inbox.
#[component]
pub fn LeadsInbox(props: &LeadsInboxProps) -> Html {
    // The address a person opened (a link, a reload) gives the first list and lead.
    let start = use_memo((), |_| from_address(&page_url::query_pairs()));
    let draft = use_state(|| start.0.clone());
    let filter = use_state(|| start.0.clone());
    let open_id = use_state(|| start.1.clone());
    let list = use_state(|| ListState::Loading);
    let open = use_state(|| Open::None);
    let notice = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    // Where the keyboard focus goes after the next render (a heading that does not exist yet
    // when the action runs); the counter makes the same target count again.
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

    // Back and Forward change the address without reloading the page: show what it now holds.
    {
        let (draft, filter, open_id) = (draft.clone(), filter.clone(), open_id.clone());
        page_url::use_address_changes(move || {
            let (in_address, lead) = from_address(&page_url::query_pairs());
            draft.set(in_address.clone());
            filter.set(in_address);
            open_id.set(lead);
        });
    }

    // The address always holds the list and the open lead.
    use_effect_with(((*filter).clone(), (*open_id).clone()), |(filter, open)| {
        page_url::push(&page_url::with_query(
            "/console/",
            &address_pairs(filter, open.as_deref()),
        ));
    });

    {
        let list = list.clone();
        let ended = props.on_session_ended.clone();
        use_effect_with(((*filter).clone(), *reload), move |(filter, _)| {
            let url = page_url::with_query("/api/v1/leads", &list_pairs(filter));
            list.set(ListState::Loading);
            let latest = super::Latest::new();
            latest.spawn(
                async move {
                    api::send_console("GET", &url, None).await
                },
                move |reply| {
                    let next = match reply {
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
                            "These filters could not be used: check the dates (year-month-day) and \
                             shorten the search."
                                .into(),
                        ),
                        Ok(reply) if reply.status == 403 => {
                            ListState::Failed("The key you signed in with may not read leads.".into())
                        }
                        Ok(reply) => ListState::Failed(reply.failure(false).0),
                        Err(failure) => ListState::Failed(failure.0),
                    };
                    list.set(next);
                },
            );
            latest
        });
    }

    {
        let open = open.clone();
        let ended = props.on_session_ended.clone();
        let move_focus = move_focus.clone();
        use_effect_with((*open_id).clone(), move |id| {
            let latest = super::Latest::new();
            let Some(id) = id.clone() else {
                open.set(Open::None);
                return latest;
            };
            open.set(Open::Loading);
            latest.spawn(
                async move {
                    let url = format!("/api/v1/leads/{id}");
                    api::send_console("GET", &url, None).await
                },
                move |reply| {
                    let next = match reply {
                        Ok(reply) if reply.status == 200 => {
                            match serde_json::from_str::<Lead>(&reply.body) {
                                Ok(lead) => Open::Lead(Box::new(lead)),
                                Err(_) => Open::Failed(reply.failure(false).0),
                            }
                        }
                        Ok(reply) if reply.status == 401 => {
                            ended.emit(());
                            return;
                        }
                        Ok(reply) if reply.status == 404 => Open::Failed(
                            "This lead no longer exists: it may have been erased.".into(),
                        ),
                        Ok(reply) => Open::Failed(reply.failure(false).0),
                        Err(failure) => Open::Failed(failure.0),
                    };
                    open.set(next);
                    move_focus.emit("lead-heading");
                },
            );
            latest
        });
    }

    let set_text = |update: fn(&mut LeadFilter, Option<String>)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            update(&mut next, text(&input_value(&e)));
            draft.set(next);
        })
    };
    let set_choice = |update: fn(&mut LeadFilter, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            update(&mut next, select_value(&e));
            draft.set(next);
        })
    };
    let on_filter = {
        let draft = draft.clone();
        let filter = filter.clone();
        let notice = notice.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            notice.set(None);
            filter.set(applied(&draft, &filter));
        })
    };
    let open_lead = {
        let open_id = open_id.clone();
        let notice = notice.clone();
        Callback::from(move |id: String| {
            notice.set(None);
            open_id.set(Some(id));
        })
    };
    let close_lead = {
        let open_id = open_id.clone();
        let reload = reload.clone();
        let move_focus = move_focus.clone();
        Callback::from(move |()| {
            open_id.set(None);
            // The list shows what changed on the lead (its status).
            reload.set(*reload + 1);
            move_focus.emit("inbox-heading");
        })
    };
    let updated = {
        let open = open.clone();
        Callback::from(move |lead: Lead| open.set(Open::Lead(Box::new(lead))))
    };
    let erase = {
        let open = open.clone();
        let open_id = open_id.clone();
        let notice = notice.clone();
        let reload = reload.clone();
        let ended = props.on_session_ended.clone();
        let move_focus = move_focus.clone();
        Callback::from(move |id: String| {
            let open = open.clone();
            let open_id = open_id.clone();
            let notice = notice.clone();
            let reload = reload.clone();
            let ended = ended.clone();
            let move_focus = move_focus.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("/api/v1/leads/{id}");
                match api::send_console("DELETE", &url, None).await {
                    Ok(reply) if reply.status == 204 || reply.status == 404 => {
                        open_id.set(None);
                        notice.set(Some("The lead was erased.".into()));
                        reload.set(*reload + 1);
                        move_focus.emit("inbox-heading");
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

    if open_id.is_some() {
        let back = {
            let close_lead = close_lead.clone();
            Callback::from(move |_| close_lead.emit(()))
        };
        let page = match &*open {
            Open::None | Open::Loading => {
                html! { <p class="loading" role="status">{"Opening the lead…"}</p> }
            }
            Open::Failed(message) => html! {
                <>
                    <p class="failure" role="alert">{message}</p>
                    <button type="button" class="secondary" onclick={back}>{"Back to the list"}</button>
                </>
            },
            Open::Lead(lead) => html! {
                <LeadPageView lead={(**lead).clone()} on_close={close_lead.clone()}
                    on_erase={erase.clone()} on_updated={updated.clone()}
                    on_session_ended={props.on_session_ended.clone()} />
            },
        };
        return html! {
            <section class="inbox" aria-labelledby="inbox-heading">
                <h2 id="inbox-heading" tabindex="-1">{"Leads"}</h2>
                {page}
            </section>
        };
    }

    let filters = html! {
        <form class="lead-filters" onsubmit={on_filter} aria-label="Filter the leads">
            <div class="field search">
                <label for="filter-q">{"Search a name, e-mail address or company"}</label>
                <input id="filter-q" type="search" value={draft.q.clone().unwrap_or_default()}
                    oninput={set_text(|f, v| f.q = v)} />
            </div>
            <div class="field">
                <label for="filter-tier">{"Tier"}</label>
                <select id="filter-tier" onchange={set_choice(|f, v| f.tier = text(&v))}>
                    <option value="" selected={draft.tier.is_none()}>{"Every tier"}</option>
                    { for [("A", "A — follow up first"), ("B", "B — worth a follow-up"), ("C", "C — keep in touch")]
                        .into_iter().map(|(value, words)| html! {
                            <option {value} selected={draft.tier.as_deref() == Some(value)}>{words}</option>
                        }) }
                </select>
            </div>
            <div class="field">
                <label for="filter-band">{"Readiness"}</label>
                <select id="filter-band" onchange={set_choice(|f, v| f.band = band_of(&v))}>
                    <option value="" selected={draft.band.is_none()}>{"Any readiness"}</option>
                    { for band_options().into_iter().map(|(value, words)| html! {
                        <option {value} selected={draft.band == band_of(value)}>{words}</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="filter-status">{"Sales status"}</label>
                <select id="filter-status" onchange={set_choice(|f, v| f.status = status_of(&v))}>
                    <option value="" selected={draft.status.is_none()}>{"Any status"}</option>
                    { for SalesStatus::ALL.into_iter().map(|s| html! {
                        <option value={s.code()} selected={draft.status == Some(s)}>{s.in_words()}</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="filter-key">{"Widget key"}</label>
                <input id="filter-key" type="text" value={draft.widget_key.clone().unwrap_or_default()}
                    oninput={set_text(|f, v| f.widget_key = v)} />
            </div>
            <div class="field">
                <label for="filter-from">{"Received from"}</label>
                <input id="filter-from" type="date" value={draft.from.map(|d| d.to_string()).unwrap_or_default()}
                    oninput={set_text(|f, v| f.from = v.and_then(|d| d.parse().ok()))} />
            </div>
            <div class="field">
                <label for="filter-to">{"Received until"}</label>
                <input id="filter-to" type="date" value={draft.to.map(|d| d.to_string()).unwrap_or_default()}
                    oninput={set_text(|f, v| f.to = v.and_then(|d| d.parse().ok()))} />
            </div>
            <button type="submit" class="primary">{"Show these leads"}</button>
        </form>
    };

    let export = page_url::with_query("/api/v1/leads.csv", &export_pairs(&filter));
    let sort_heading = |sort: LeadSort| {
        let filter = filter.clone();
        let onclick = {
            let filter = filter.clone();
            Callback::from(move |_| filter.set(sorted_by(&filter, sort)))
        };
        html! {
            <th scope="col" aria-sort={aria_sort(&filter, sort)}>
                <button type="button" class="sort" {onclick}>{heading(sort)}</button>
            </th>
        }
    };
    let table = match &*list {
        ListState::Loading => html! { <p class="loading" role="status">{"Loading the leads…"}</p> },
        ListState::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        ListState::Loaded(found) if found.items.is_empty() => html! {
            <p class="empty" role="status">{ if narrows(&filter) {
                "No lead matches these filters."
            } else {
                "No leads yet. They appear here when visitors send their report through the widget."
            } }</p>
        },
        ListState::Loaded(found) => {
            let pages = page_count(found.total);
            let go = |to: u32| {
                let filter = filter.clone();
                Callback::from(move |_| {
                    filter.set(LeadFilter {
                        page: Some(to),
                        ..(*filter).clone()
                    })
                })
            };
            html! {
                <>
                <p role="status" class="count">{format!(
                    "{} {} · page {} of {}", found.total,
                    if found.total == 1 { "lead" } else { "leads" }, found.page, pages)}
                    {" · "}<a href={export} class="export">{"Download these leads as a CSV file"}</a>
                </p>
                <div class="table-scroll" role="region" aria-label="Leads" tabindex="0">
                <table class="leads">
                    <thead><tr>
                        {sort_heading(LeadSort::Received)}
                        {sort_heading(LeadSort::Company)}
                        <th scope="col">{"Person"}</th>
                        {sort_heading(LeadSort::Tier)}
                        {sort_heading(LeadSort::Score)}
                        <th scope="col">{"Readiness"}</th>
                        <th scope="col">{"Widget key"}</th>
                        <th scope="col">{"Sales status"}</th>
                    </tr></thead>
                    <tbody>{ for found.items.iter().map(|lead| {
                        let id = lead.id.clone();
                        let open_lead = open_lead.clone();
                        let company = if lead.contact.company.is_empty() { "(no company given)".to_string() } else { lead.contact.company.clone() };
                        html! {
                            <tr>
                                <td>{short_time(&lead.created_at)}</td>
                                <td><button type="button" class="link" onclick={move |_| open_lead.emit(id.clone())}>
                                    {company}</button></td>
                                <td>{&lead.contact.name}<br /><span class="email">{&lead.contact.email}</span></td>
                                <td>{&lead.tier}</td>
                                <td>{format!("{:.0}", lead.overall)}</td>
                                <td>{band_in_words(lead.band)}</td>
                                <td>{&lead.widget_key}</td>
                                <td>{lead.sales_status.in_words()}</td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
                </div>
                <nav class="pages" aria-label="Pages of leads">
                    <button type="button" class="secondary" disabled={found.page <= 1} onclick={go(found.page.saturating_sub(1))}>{"Previous page"}</button>
                    <button type="button" class="secondary" disabled={found.page >= pages} onclick={go(found.page + 1)}>{"Next page"}</button>
                </nav>
                </>
            }
        }
    };

    html! {
        <section class="inbox" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading" tabindex="-1">{"Leads"}</h2>
            if let Some(text) = &*notice { <p class="notice" role="status">{text}</p> }
            {filters}
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sortable_columns_have_headings_in_words() {
        let headings: Vec<&str> = LeadSort::ALL.into_iter().map(heading).collect();
        assert_eq!(headings, ["Received (UTC)", "Company", "Score", "Tier"]);
    }
}
