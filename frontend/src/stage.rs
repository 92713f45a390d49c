//! How a mounted widget began: on a page load, or taking over from the start module.
//!
//! The host page first loads the *start module* (`frontend/start`, no Yew): the start screen
//! only. The widget itself — this crate: the questions, scoring, the report and the lead form —
//! is fetched when the visitor shows an intention to start (pointer over or focus in the start
//! screen) and mounted in the start screen's place when they press *Start*, with the mode they
//! chose. When there is saved progress, or the configuration or the site owner's settings need
//! the widget's own messages, the start module hands over at once without a mode. Nothing is
//! sent anywhere in the hand-over. See docs/EMBEDDING.md, "What loads when".

use annexa_shared::Mode;

/// The part this mount plays on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// A page load (or a test): saved progress is restored, else the start screen shows.
    #[default]
    Whole,
    /// The visitor pressed *Start* on the start module's screen with this mode: the widget
    /// opens on the first question, tells the host page the assessment started and moves focus
    /// there.
    Started(Mode),
}

impl Stage {
    /// The stage for `mount`'s `started` argument: the mode the start module hands over
    /// (`quick` or `full`). Anything else is a page load.
    pub fn from_mount(started: Option<&str>) -> Stage {
        match started.and_then(Mode::from_name) {
            Some(mode) => Stage::Started(mode),
            None => Stage::Whole,
        }
    }

    /// The mode the visitor chose on the start module's screen, if this mount follows it.
    pub fn started(self) -> Option<Mode> {
        match self {
            Stage::Started(mode) => Some(mode),
            Stage::Whole => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_modules_mode_reaches_the_widget_by_its_name() {
        for mode in [Mode::Quick, Mode::Full] {
            assert_eq!(Stage::from_mount(Some(mode.as_str())).started(), Some(mode));
        }
    }

    #[test]
    fn no_mode_or_an_unknown_one_is_a_page_load() {
        assert_eq!(Stage::from_mount(None), Stage::Whole);
        assert_eq!(Stage::from_mount(Some("everything")), Stage::Whole);
    }
}
