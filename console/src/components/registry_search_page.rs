//! `/console/registry`: search the registry by certificate number, holder's name, identifier or
//! words of the scope; the results paged, each with its number, holder, status, expiry and what
//! matched. The search is in the page's address, so a reload or a shared link shows it again.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::page_url;
use super::registry_pages::current_path;
use crate::api;
use crate::registry_search::{RegistrySearch, ResultPage, SearchBy, match_words, page_count};
use crate::registry_words::status_words;

/// Where the results stand.
#[derive(Debug, Clone, PartialEq)]
enum Results {
    /// Nothing searched yet.
    Idle,
    Loading,
    Loaded(ResultPage),
    Failed(String),
}

const SEARCH_TEXT: &str = "registry-text";
const SEARCH_BY: &str = "registry-by";
const API_URL: &str = "/api/v1/certificates";

async fn search(search: &RegistrySearch) -> Results {
    let url = page_url::with_query(API_URL, &search.api_pairs());
    match api::send_console("GET", &url, None).await {
        Ok(reply) if reply.status == 200 => match serde_json::from_str::<ResultPage>(&reply.body) {
            Ok(page) => Results::Loaded(page),
            Err(_) => Results::Failed(reply.failure(false).0),
        },
        Ok(reply) if reply.status == 400 => Results::Failed(
            "This search could not be run: enter at least one letter or digit, and go no further \
             than the pages offered."
                .into(),
        ),
        Ok(reply) if reply.status == 429 => Results::Failed(reply.failure(false).0),
        Ok(_) => Results::Failed(
            "The registry did not answer as expected. Try again in a moment.".into(),
        ),
        Err(failure) => Results::Failed(failure.0),
    }
}

/// The search page.
#[component]
pub fn RegistrySearchPage() -> Html {
    let start = use_memo((), |_| RegistrySearch::from_pairs(&page_url::query_pairs()));
    let draft = use_state(|| (*start).clone().unwrap_or_default());
    let applied = use_state(|| (*start).clone());
    let results = use_state(|| Results::Idle);
    let problem = use_state(|| None::<&'static str>);
    {
        let results = results.clone();
        use_effect_with((*applied).clone(), move |applied| {
            let latest = super::Latest::new();
            if let Some(applied) = applied.clone() {
                results.set(Results::Loading);
                latest.spawn(async move { search(&applied).await }, move |found| {
                    results.set(found);
                });
            }
            latest
        });
    }
    let run = {
        let applied = applied.clone();
        Callback::from(move |next: RegistrySearch| {
            page_url::push(&page_url::with_query(&current_path(), &next.pairs()));
            applied.set(Some(next));
        })
    };
    let on_by = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*draft).clone();
            next.by = SearchBy::from_parameter(&value).unwrap_or_default();
            draft.set(next);
        })
    };
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.text = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(next);
        })
    };
    let on_submit = {
        let draft = draft.clone();
        let problem = problem.clone();
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let next = RegistrySearch {
                page: 1,
                ..(*draft).clone()
            };
            problem.set(next.problem());
            if next.problem().is_some() {
                page_url::focus(SEARCH_TEXT);
                return;
            }
            run.emit(next);
        })
    };

    let form = html! {
        <form class="registry-search" onsubmit={on_submit} novalidate=true aria-label="Search the registry">
            <div class="field">
                <label for={SEARCH_BY}>{"Search by"}</label>
                <select id={SEARCH_BY} onchange={on_by}>
                    { for SearchBy::ALL.iter().map(|by| html! {
                        <option value={by.parameter()} selected={draft.by == *by}>{by.words()}</option>
                    }) }
                </select>
            </div>
            <div class={classes!("field", problem.is_some().then_some("has-error"))}>
                <label for={SEARCH_TEXT}>{"Look for"}</label>
                if let Some(text) = *problem {
                    <p class="field-error" id="registry-text-error">{text}</p>
                }
                <input id={SEARCH_TEXT} type="text" value={draft.text.clone()} oninput={on_text}
                    aria-invalid={problem.is_some().then_some("true")}
                    aria-describedby={problem.is_some().then_some("registry-text-error")} />
            </div>
            <button type="submit" class="primary" disabled={*results == Results::Loading}>{"Search"}</button>
        </form>
    };

    let listing = match (&*results, &*applied) {
        (Results::Idle, _) | (_, None) => html! {
            <p class="empty">{"Search by certificate number, the holder's name or its beginning, \
                a VAT, D-U-N-S, LEI or registration number, or words of the scope."}</p>
        },
        (Results::Loading, _) => {
            html! { <p class="loading" role="status">{"Searching the registry…"}</p> }
        }
        (Results::Failed(message), _) => html! { <p class="failure" role="alert">{message}</p> },
        (Results::Loaded(found), Some(searched)) if found.items.is_empty() => html! {
            <p class="empty" role="status">{format!(
                "No certificate matches “{}” ({}).", searched.text, searched.by.words().to_lowercase())}</p>
        },
        (Results::Loaded(found), Some(searched)) => {
            let pages = page_count(found.total);
            let go = |page: u32| {
                let run = run.clone();
                let next = RegistrySearch {
                    page,
                    ..searched.clone()
                };
                Callback::from(move |_| run.emit(next.clone()))
            };
            let count = if found.total_capped {
                format!("More than {} certificates", found.total)
            } else if found.total == 1 {
                "1 certificate".to_string()
            } else {
                format!("{} certificates", found.total)
            };
            html! {
                <>
                <p class="count" role="status">{format!("{count} · page {} of {pages}", found.page)}</p>
                { super::scrolling_table("Certificates found", "registry-results",
                    &["Certificate number", "Holder", "Status", "Valid until", "Match"],
                    html! { <>{ for found.items.iter().map(|entry| html! {
                        <tr>
                            <td><a href={format!("/console/registry/{}", entry.id)}>{&entry.certificate.certificate_number}</a></td>
                            <td>{format!("{} ({})", entry.certificate.entity.name, entry.certificate.entity.country)}</td>
                            <td>{status_words(entry.certificate.status)}</td>
                            <td>{entry.certificate.expiry_date.to_string()}</td>
                            <td>{match_words(searched, &entry.certificate)}</td>
                        </tr>
                    }) }</> }) }
                <nav class="pages" aria-label="Pages of certificates">
                    <button type="button" class="secondary" disabled={found.page <= 1}
                        onclick={go(found.page.saturating_sub(1))}>{"Previous page"}</button>
                    <button type="button" class="secondary" disabled={found.page >= pages}
                        onclick={go(found.page + 1)}>{"Next page"}</button>
                </nav>
                </>
            }
        }
    };

    html! {
        <section aria-labelledby="registry-heading">
            <h2 id="registry-heading">{"Search the registry"}</h2>
            {form}
            <div aria-live="polite">{listing}</div>
        </section>
    }
}
