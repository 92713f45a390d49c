//! The full questionnaire's question texts, which the widget module does not carry: 26 KB of
//! text (7.7 KB brotli) that a quick assessment never shows. The build writes them as a
//! content-hashed file (`annexa-questions-full-<hash>.csv`, a copy of
//! `shared/data/questions_full.csv`, cached for a year) and `embed.js` hands the widget a
//! function that fetches it, once per page. The widget asks for it as soon as an assessment in
//! full mode starts, resumes or follows a quick one; the profile questions come first and need
//! none of it. A question step whose text has not arrived says so, and offers to try again when
//! the fetch failed.

use std::sync::OnceLock;

use annexa_shared::FullQuestionTexts;
use annexa_shared::questionnaire::Question;
use wasm_bindgen::JsValue;

/// The texts, once fetched and read (one copy per page, whatever the number of widgets).
static TEXTS: OnceLock<FullQuestionTexts> = OnceLock::new();

/// Where a widget stands with the full questionnaire's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextsState {
    /// Not asked for yet, or on the way.
    Waiting,
    /// Here: every full question has its text.
    Loaded,
    /// The fetch failed or the file was not one this build can read.
    Failed,
}

/// The text and help of `question`: its own (quick questions, and every question of a build
/// with the texts compiled in), else the fetched text, `None` while there is none.
pub fn of(question: &'static Question) -> Option<(&'static str, &'static str)> {
    if !question.text.is_empty() {
        return Some((&question.text, &question.help));
    }
    TEXTS.get()?.of(&question.id)
}

/// Whether the texts are here.
pub fn loaded() -> bool {
    TEXTS.get().is_some()
}

/// Fetches and reads the texts through `loader` (`embed.js`'s function, which resolves to the
/// file's text) unless they are here already; `true` once they are.
pub async fn load(loader: Option<js_sys::Function>) -> bool {
    if loaded() {
        return true;
    }
    let Some(promise) = loader.and_then(|loader| loader.call0(&JsValue::NULL).ok()) else {
        return false;
    };
    let Ok(text) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
    else {
        return false;
    };
    match text
        .as_string()
        .and_then(|text| FullQuestionTexts::from_csv(&text))
    {
        Some(texts) => {
            let _ = TEXTS.set(texts);
            true
        }
        None => loaded(),
    }
}
