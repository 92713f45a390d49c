//! Progress kept in the visitor's `localStorage`, one entry per widget instance
//! ([`crate::config::WidgetConfig::storage_key`]). Storage may be unavailable (privacy modes,
//! sandboxed frames): the widget then simply does not remember.

use annexa_shared::json::write::WriteJson;

use crate::state::SavedAssessment;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved assessment under `key`, if any and readable.
pub fn load(key: &str) -> Option<SavedAssessment> {
    let text = local_storage()?.get_item(key).ok()??;
    SavedAssessment::from_json_text(&text)
}

/// Saves `saved` under `key`; `false` when the browser refused.
pub fn save(key: &str, saved: &SavedAssessment) -> bool {
    let Some(storage) = local_storage() else {
        return false;
    };
    storage.set_item(key, &saved.to_json()).is_ok()
}

/// Forgets the assessment under `key`.
pub fn clear(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
