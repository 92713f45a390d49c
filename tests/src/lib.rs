//! End-to-end tests live in `tests/`.
//!
//! Helpers for the suites against a real `annexa serve` process:
//! [`server`] starts and kills it, [`http_client`] sends exact bytes, [`payloads`] holds valid
//! request bodies and the problem+json assertions. [`browser`] drives headless Chromium and
//! [`browser_host`] serves host pages from a second origin for the widget tests;
//! [`console_pages`] holds what the console's suites share (reading and waiting for its pages);
//! [`saved_reports`] the saved reports the widget's report suites open.

pub mod browser;
pub mod browser_host;
pub mod console_pages;
pub mod http_client;
pub mod payloads;
pub mod saved_reports;
pub mod server;
/// A throwaway PostgreSQL database per suite (the same module the API's suites use).
#[path = "../../api/tests/registry_support/throwaway_pg.rs"]
pub mod throwaway_pg;

/// Runs `future` to completion on a runtime of its own (for the suites' direct database reads).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}
