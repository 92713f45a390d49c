//! The pages' Yew components, one per file.

pub mod batch_check;
pub mod check_form_view;
pub mod console_home;
pub mod leads_inbox;
pub mod page_url;
pub mod scope_text;
pub mod verdict_view;
pub mod verify_page;
