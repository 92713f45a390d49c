//! # annexa-widget-report
//!
//! The widget's report module: `annexa-widget` with its `report` feature, as its own wasm
//! module. `public/embed.js` fetches it while the visitor answers and mounts it when they ask
//! for the report, handing it the first-screen module's state (see `annexa_widget::stage`).

pub use annexa_widget::{MountedWidget, mount};
