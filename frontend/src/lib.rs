//! # annexa-widget
//!
//! The embeddable ISO/IEC 27001 readiness widget. `public/embed.js` defines the
//! `<annexa-readiness>` custom element; for each element it attaches an open shadow root, loads
//! this crate's wasm-bindgen module once and calls [`mount`] with the element's configuration.
//!
//! - [`config`] — the element's `data-` attributes, validated.
//! - [`state`] — the assessment with an `Action` enum and a pure `apply` (tested natively).
//! - [`flow`] — the asking order: profile, then readiness questions by section.
//! - [`i18n`] — one string catalogue per language.
//! - [`components`] — the screens written as HTML text, one part per file, and the runtime
//!   that shows them and handles their events ([`components::widget`]).
//! - [`theme`] — the owner's accent colour, checked for contrast.
//! - [`markup`] — HTML text written with every value escaped.
//! - [`dom`] — the page brought in line with newly written markup, element by element.
//! - [`full_texts`] — the full questionnaire's texts, fetched when a full assessment starts.
//! - [`report_engine`] — the report computed from the answers: its markup and its `completed`
//!   event.
//!
//! The widget ships as two modules built from this crate (docs/EMBEDDING.md, "What loads
//! when"): the *questionnaire module* (feature `app` alone: [`mount`], the runtime, the start
//! screen, the questions, the lead form), which the host page loads, and the *report module*
//! (`frontend/report`: the [`report_engine`] without the runtime), which the questionnaire
//! module asks for after the visitor's first answer and calls on the report screen. With both
//! features (the default: the tests) one module computes and shows everything.
//!
//! There is no UI framework: the widget module was built with Yew until its download had to
//! come under its size target (docs/EMBEDDING.md, "What loads when").
//!
//! Scoring, the Statement of Applicability, the plan and the advice all come from
//! `annexa-shared`: the widget only renders them.

pub mod api;
pub mod components;
pub mod config;
pub mod dom;
#[cfg(feature = "app")]
mod embed;
pub mod events;
pub mod flow;
pub mod full_texts;
pub mod i18n;
pub mod markup;
pub mod report_engine;
pub mod report_model;
pub mod state;
pub mod storage;
pub mod theme;

#[cfg(feature = "app")]
pub use embed::{MountedWidget, mount};

/// The allocator of the modules that link this crate (the questionnaire and report modules):
/// Talc, a single-threaded allocator for WebAssembly with less code than the standard library's
/// dlmalloc. Memory comes from `memory.grow` as the heap needs it, as before.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
