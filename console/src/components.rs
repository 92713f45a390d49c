//! The pages' Yew components, one per file.

pub mod batch_check;
pub mod check_form_view;
pub mod console_home;
pub mod funnel_page;
pub mod lead_page;
pub mod lead_report;
pub mod leads_inbox;
pub mod page_url;
pub mod registry_import;
pub mod registry_pages;
pub mod registry_record;
pub mod registry_search_page;
pub mod scope_text;
pub mod verdict_view;
pub mod verify_page;
pub mod webhook_deliveries;
pub mod widget_setup;

use std::cell::Cell;
use std::rc::Rc;

use yew::functional::TearDown;
use yew::{Html, html};

/// Whether the effect that started a load is still the latest one. An effect that fetches
/// returns its `Latest` as its clean-up: when the effect's inputs change (another key, other
/// filters) or the page goes before the answer arrives, the answer is dropped, so an earlier,
/// slower answer never overwrites the one asked for last.
#[derive(Clone, Debug)]
pub struct Latest(Rc<Cell<bool>>);

impl Latest {
    /// A load just started.
    pub fn new() -> Self {
        Self(Rc::new(Cell::new(true)))
    }

    /// Runs `load` and hands its answer to `apply`, unless by then this load is no longer the
    /// latest (the effect that started it was cleaned up).
    pub fn spawn<T: 'static>(
        &self,
        load: impl Future<Output = T> + 'static,
        apply: impl FnOnce(T) + 'static,
    ) {
        let current = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = load.await;
            if current.0.get() {
                apply(answer);
            }
        });
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

impl TearDown for Latest {
    fn tear_down(self) {
        self.0.set(false);
    }
}

/// A table that scrolls sideways in its own box on a narrow screen (the page never does): a
/// keyboard-focusable region named `label`, with the column headings `columns`.
pub fn scrolling_table(
    label: &'static str,
    class: &'static str,
    columns: &[&str],
    rows: Html,
) -> Html {
    html! {
        <div class="table-scroll" role="region" aria-label={label} tabindex="0">
        <table {class}>
            <thead><tr>{ for columns.iter().map(|c| html! { <th scope="col">{*c}</th> }) }</tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
