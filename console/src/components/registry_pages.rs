//! The registry operator's pages inside the signed-in console: search (`/console/registry`),
//! import (`/console/registry/import`) and one certificate (`/console/registry/{id}`). Each
//! page is its own address, so a page survives a reload and a new sign-in after the session
//! ended (the console shows sign-in at the same address, then the page again).

use yew::prelude::*;

use super::registry_import::RegistryImport;
use super::registry_record::RegistryRecord;
use super::registry_search_page::RegistrySearchPage;
use crate::registry_search::RegistryView;

/// The path of the page's address.
pub fn current_path() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// `2026-12-02T13:31:07.123Z` → `2026-12-02 13:31 UTC`.
pub fn time_words(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => stamp.to_string(),
    }
}

/// Properties of [`RegistryPages`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RegistryPagesProps {
    /// The page to show.
    pub view: RegistryView,
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

/// The registry page `view`, under the registry's navigation.
#[component]
pub fn RegistryPages(props: &RegistryPagesProps) -> Html {
    let ended = props.on_session_ended.clone();
    let page = match props.view {
        RegistryView::Search => html! { <RegistrySearchPage /> },
        RegistryView::Import => html! { <RegistryImport on_session_ended={ended} /> },
        RegistryView::Record(id) => html! { <RegistryRecord {id} /> },
        RegistryView::Unknown => html! {
            <section aria-labelledby="registry-missing">
                <h2 id="registry-missing">{"This page does not exist"}</h2>
                <p>{"The address names no certificate. "}
                    <a href="/console/registry">{"Search the registry"}</a>{" instead."}</p>
            </section>
        },
    };
    html! {
        <div class="registry">
            { registry_nav(props.view) }
            { page }
        </div>
    }
}

/// Links between the console's pages, the current one marked for screen readers too.
fn registry_nav(view: RegistryView) -> Html {
    let link = |href: &'static str, text: &'static str, current: bool| {
        html! {
            <li><a {href} aria-current={current.then_some("page")}>{text}</a></li>
        }
    };
    html! {
        <nav class="console-nav" aria-label="Console pages">
            <ul>
                { link("/console/", "Leads", false) }
                { link("/console/registry", "Search the registry", view == RegistryView::Search) }
                { link("/console/registry/import", "Import certificates", view == RegistryView::Import) }
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_to_the_minute_in_utc() {
        assert_eq!(time_words("2026-12-02T13:31:07Z"), "2026-12-02 13:31 UTC");
        assert_eq!(time_words("?"), "?");
    }
}
