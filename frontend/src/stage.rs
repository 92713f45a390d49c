//! Which of the widget's two wasm modules this is, and how the second takes over from the first.
//!
//! The host page first loads the *first-screen module* (this crate built without its `report`
//! feature): the start screen and the questionnaire, nothing that scores. The *report module*
//! (the whole crate, `frontend/report`) is fetched while the visitor answers; when the visitor
//! asks for the report, the first-screen module hands its state to `public/embed.js`, which
//! mounts the report module in its place with that state. The answers only move from one module
//! to the other inside the page: nothing is sent anywhere. See docs/EMBEDDING.md.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::state::SavedAssessment;

/// What the first-screen module hands to the report module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// The assessment as it stands, on the report screen.
    pub saved: SavedAssessment,
    /// `true` when the visitor just asked for the report (the report module then fires the
    /// progress and completed events and moves focus, as if it had been there all along);
    /// `false` when a saved report was merely restored on page load.
    pub announce: bool,
}

/// The part this module plays on the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Stage {
    /// Everything in one module: the report module mounted without a handoff (a page load), or
    /// a test.
    #[default]
    Whole,
    /// The first-screen module: when the report is wanted, it calls this JavaScript function
    /// with the [`Handoff`] as JSON.
    FirstScreen(js_sys::Function),
    /// The report module taking over from the first-screen module.
    Resumed(Rc<Handoff>),
}

impl Stage {
    /// The stage for `mount`'s arguments: the handoff JSON (report module) or the function that
    /// loads the report module (first-screen module). An unreadable handoff starts afresh.
    pub fn from_mount(handoff: Option<String>, report_loader: Option<js_sys::Function>) -> Stage {
        if let Some(handoff) = handoff.and_then(|json| serde_json::from_str(&json).ok()) {
            return Stage::Resumed(Rc::new(handoff));
        }
        match report_loader {
            Some(loader) => Stage::FirstScreen(loader),
            None => Stage::Whole,
        }
    }

    /// The handoff this module resumes from, if any.
    pub fn handoff(&self) -> Option<&Handoff> {
        match self {
            Stage::Resumed(handoff) => Some(handoff),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use annexa_shared::Mode;
    use annexa_shared::questionnaire::questionnaire;

    use super::*;
    use crate::state::{Action, Assessment, Screen};

    #[test]
    fn a_handoff_survives_the_trip_through_javascript_as_json() {
        let handoff = Handoff {
            saved: Assessment::default()
                .apply(Action::Start(questionnaire(Mode::Quick)))
                .apply(Action::ShowReport)
                .saved(),
            announce: true,
        };
        assert_eq!(handoff.saved.screen, Screen::Report);
        let json = serde_json::to_string(&handoff).unwrap();
        let stage = Stage::from_mount(Some(json), None);
        assert_eq!(stage.handoff(), Some(&handoff));
    }

    #[test]
    fn an_unreadable_handoff_starts_afresh_instead_of_failing() {
        let stage = Stage::from_mount(Some("{not json".into()), None);
        assert_eq!(stage, Stage::Whole);
    }
}
