//! The site owner's accent colour, checked for contrast: the rule lives in
//! [`annexa_shared::theme`], shared with the console's widget setup page, which checks the same
//! colour before the owner puts it in the snippet.

pub use annexa_shared::theme::*;
