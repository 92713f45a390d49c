//! # annexa-console
//!
//! Annexa's pages for people, as their own WebAssembly bundle (the widget never loads it):
//!
//! - `/verify` — the buyers' verification page, public: a certificate number (or the supplier's
//!   name and country), what is bought and where, and the day; the answer in large plain words,
//!   why, and the certificate's scope with the reading drawn on it. The URL reproduces the
//!   check. A batch mode checks a supplier list (CSV) and gives the verdicts back as a table and
//!   a CSV file.
//! - `/console/` — the console for site owners and registry operators: the leads inbox
//!   (search, filters, sort, CSV, all kept in the address) and a lead's page (contact, consent,
//!   sales status and notes with their history, the report with a section chart, the answers in
//!   words, the plan, erasure); `/console/widgets` (widget key setup, snippet, preview),
//!   `/console/funnel` (the widget funnel's daily counts and chart) and the registry's pages,
//!   `/console/registry` (search), `/console/registry/import` and `/console/registry/{id}`.
//!
//! Layout: the rules that need no browser are pure modules with plain tests — [`check_form`]
//! (form ⇄ URL query ⇄ API request), [`lead_filter`] (the inbox's filters, sort and page ⇄ the
//! API's query and the page's address, through `annexa_shared::wire::LeadFilter`),
//! [`scope_marks`] (a reading cut into marked pieces), [`widget_settings`] (the widget key form,
//! snippet and accent check), [`funnel_chart`] (the funnel's chart and rates),
//! [`registry_search`] (the registry pages' addresses, searches and matches),
//! [`registry_words`] (the registry in plain words),
//! [`api`] (what a failed request means for a person); the pages are Yew components in
//! [`components`]. `console/static/boot.js` (written at build time with the hashed file names)
//! loads the bundle; [`start`] mounts the page that matches the path.

pub mod api;
pub mod check_form;
pub mod components;
pub mod funnel_chart;
pub mod lead_filter;
pub mod registry_search;
pub mod registry_words;
pub mod scope_marks;
pub mod upload;
pub mod widget_settings;

use yew::prelude::*;

/// Which page a path shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/verify`: the buyers' verification page.
    Verify,
    /// `/console/…`: the console (the leads inbox).
    Console,
    /// `/console/widgets`: widget key setup.
    Widgets,
    /// `/console/funnel`: the widget funnel.
    Funnel,
    /// `/console/registry…`: the certificate registry's pages.
    Registry,
}

impl Page {
    /// The page for a URL path.
    pub fn for_path(path: &str) -> Page {
        match path.trim_end_matches('/') {
            "/verify" => Page::Verify,
            "/console/widgets" => Page::Widgets,
            "/console/funnel" => Page::Funnel,
            registry if registry.starts_with("/console/registry") => Page::Registry,
            _ => Page::Console,
        }
    }
}

/// Properties of [`Root`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RootProps {
    /// The page to show.
    pub page: Page,
}

/// The page the path asks for.
#[component]
pub fn Root(props: &RootProps) -> Html {
    match props.page {
        Page::Verify => html! { <components::verify_page::VerifyPage /> },
        Page::Console => html! { <components::console_home::ConsoleHome /> },
        Page::Widgets => html! {
            <components::console_home::ConsoleHome section={components::console_home::Section::Widgets} />
        },
        Page::Funnel => html! {
            <components::console_home::ConsoleHome section={components::console_home::Section::Funnel} />
        },
        Page::Registry => html! {
            <components::console_home::ConsoleHome section={components::console_home::Section::Registry} />
        },
    }
}

/// Mounts the page for the current path into `<div id="app">` (the page's only container).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let path = document
        .location()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    if let Some(host) = document.get_element_by_id("app") {
        // The "Loading…" placeholder goes: Yew adds to the element, it does not replace it.
        host.set_inner_html("");
        yew::Renderer::<Root>::with_root_and_props(
            host,
            RootProps {
                page: Page::for_path(&path),
            },
        )
        .render();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_choose_their_page() {
        assert_eq!(Page::for_path("/verify"), Page::Verify);
        assert_eq!(Page::for_path("/verify/"), Page::Verify);
        assert_eq!(Page::for_path("/console/"), Page::Console);
        assert_eq!(Page::for_path("/console/leads"), Page::Console);
        assert_eq!(Page::for_path("/console/widgets"), Page::Widgets);
        assert_eq!(Page::for_path("/console/funnel/"), Page::Funnel);
        assert_eq!(Page::for_path("/console/registry"), Page::Registry);
        assert_eq!(Page::for_path("/console/registry/12"), Page::Registry);
    }
}
