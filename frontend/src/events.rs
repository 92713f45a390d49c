//! The public events every widget instance fires on its `<annexa-readiness>` element
//! (`bubbles: true, composed: true`), documented for site owners in `docs/EMBEDDING.md`. In
//! iframe mode `public/frame.js` forwards the same events to the host page with `postMessage`.

use annexa_shared::json::write::{WriteJson, Writer};
use serde::Serialize;
use web_sys::HtmlElement;

/// One event and its `detail`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum WidgetEvent {
    /// `annexa:started` — the visitor began an assessment.
    Started(Started),
    /// `annexa:progress` — an answer changed or the visitor moved.
    Progress(Progress),
    /// `annexa:completed` — the visitor reached the report.
    Completed(Completed),
    /// `annexa:lead-submitted` — the server stored the visitor's lead.
    LeadSubmitted(LeadSubmitted),
    /// `annexa:error` — configuration or connection problem shown in the widget.
    Error(ErrorDetail),
}

/// `annexa:started` detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Started {
    /// The widget key.
    pub key: String,
    /// `quick` or `full`.
    pub mode: &'static str,
}

/// `annexa:progress` detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The widget key.
    pub key: String,
    /// Questions answered (profile included).
    pub answered: usize,
    /// Questions in the questionnaire.
    pub total: usize,
    /// The section id on screen (`profile`, `6`, `A.8`) or `report`.
    pub section: String,
}

/// `annexa:completed` detail: a summary, never the answers themselves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completed {
    /// The widget key.
    pub key: String,
    /// `quick` or `full`.
    pub mode: &'static str,
    /// Overall readiness 0–100.
    pub overall: f64,
    /// Readiness band (`not_ready` … `ready`).
    pub band: annexa_shared::scoring::Band,
    /// Sales tier `A`, `B` or `C` as computed by `annexa-shared`.
    pub tier: Option<String>,
    /// The first (most urgent) gaps' requirement ids, at most five.
    pub top_gaps: Vec<String>,
}

/// `annexa:lead-submitted` detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadSubmitted {
    /// The widget key.
    pub key: String,
    /// The lead id the server assigned.
    pub id: String,
    /// The tier the server computed.
    pub tier: String,
}

/// `annexa:error` detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorDetail {
    /// The widget key, when there is one.
    pub key: Option<String>,
    /// Stable code: `missing-key`, `bad-mode`, `unknown-key`, `unreachable`, `server-error`,
    /// `lead-failed`.
    pub code: &'static str,
    /// The message shown in the widget.
    pub message: String,
}

impl WidgetEvent {
    /// The DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Started(_) => "annexa:started",
            WidgetEvent::Progress(_) => "annexa:progress",
            WidgetEvent::Completed(_) => "annexa:completed",
            WidgetEvent::LeadSubmitted(_) => "annexa:lead-submitted",
            WidgetEvent::Error(_) => "annexa:error",
        }
    }

    /// The `detail` as JSON text.
    pub fn detail_json(&self) -> String {
        self.to_json()
    }
}

impl WriteJson for WidgetEvent {
    /// The detail alone, as serde writes the untagged enum: its fields in declaration order,
    /// `None` as `null`.
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        match self {
            WidgetEvent::Started(started) => {
                w.member("key", &started.key);
                w.member("mode", started.mode);
            }
            WidgetEvent::Progress(progress) => {
                w.member("key", &progress.key);
                w.member("answered", &progress.answered);
                w.member("total", &progress.total);
                w.member("section", &progress.section);
            }
            WidgetEvent::Completed(completed) => {
                w.member("key", &completed.key);
                w.member("mode", completed.mode);
                w.member("overall", &completed.overall);
                w.member("band", completed.band.code());
                w.member("tier", &completed.tier);
                w.member("top_gaps", &completed.top_gaps);
            }
            WidgetEvent::LeadSubmitted(lead) => {
                w.member("key", &lead.key);
                w.member("id", &lead.id);
                w.member("tier", &lead.tier);
            }
            WidgetEvent::Error(error) => {
                w.member("key", &error.key);
                w.member("code", error.code);
                w.member("message", &error.message);
            }
        }
        w.end_object();
    }
}

/// Where events go: the custom element hosting the widget.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTarget {
    host: Option<HtmlElement>,
}

impl EventTarget {
    /// Events dispatched on `host`; `None` drops them (component tests).
    pub fn new(host: Option<HtmlElement>) -> Self {
        EventTarget { host }
    }

    /// The host element.
    pub fn host(&self) -> Option<&HtmlElement> {
        self.host.as_ref()
    }

    /// Dispatches `event` on the host element, bubbling and crossing shadow boundaries.
    pub fn emit(&self, event: WidgetEvent) {
        let Some(host) = &self.host else { return };
        let detail =
            js_sys::JSON::parse(&event.detail_json()).unwrap_or(wasm_bindgen::JsValue::NULL);
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(dom_event) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = host.dispatch_event(&dom_event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_plain_json_objects_named_like_the_docs() {
        let event = WidgetEvent::Completed(Completed {
            key: "demo".into(),
            mode: "quick",
            overall: 42.5,
            band: annexa_shared::scoring::Band::Early,
            tier: Some("B".into()),
            top_gaps: vec!["6.1.2".into()],
        });
        assert_eq!(event.name(), "annexa:completed");
        assert_eq!(
            event.detail_json(),
            r#"{"key":"demo","mode":"quick","overall":42.5,"band":"early","tier":"B","top_gaps":["6.1.2"]}"#
        );
        let error = WidgetEvent::Error(ErrorDetail {
            key: None,
            code: "missing-key",
            message: "no key".into(),
        });
        assert_eq!(error.name(), "annexa:error");
        assert_eq!(
            error.detail_json(),
            r#"{"key":null,"code":"missing-key","message":"no key"}"#
        );
    }

    /// Every event's detail as serde_json writes the untagged enum, on arbitrary texts (control
    /// characters, quotes, backslashes), scores from every bit pattern and every band.
    #[cfg(not(target_arch = "wasm32"))]
    mod written_as_serde {
        use super::*;
        use annexa_shared::scoring::Band;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            let character = prop_oneof![
                3 => any::<char>(),
                2 => prop::char::range('\0', '\u{1f}'),
                1 => Just('"'),
                1 => Just('\\'),
            ];
            prop::collection::vec(character, 0..16).prop_map(|chars| chars.into_iter().collect())
        }

        const CODES: &[&str] = &["quick", "full", "missing-key", "unreachable"];
        const BANDS: &[Band] = &[
            Band::NotReady,
            Band::Early,
            Band::Progressing,
            Band::NearlyReady,
            Band::Ready,
        ];

        fn event() -> impl Strategy<Value = WidgetEvent> {
            let code = prop::sample::select(CODES);
            prop_oneof![
                (text(), code.clone())
                    .prop_map(|(key, mode)| WidgetEvent::Started(Started { key, mode })),
                (text(), any::<usize>(), any::<usize>(), text()).prop_map(
                    |(key, answered, total, section)| WidgetEvent::Progress(Progress {
                        key,
                        answered,
                        total,
                        section,
                    })
                ),
                (
                    (text(), code.clone()),
                    prop_oneof![
                        any::<f64>(),
                        0.0f64..=100.0,
                        any::<u64>().prop_map(f64::from_bits)
                    ],
                    prop::sample::select(BANDS),
                    prop::option::of(text()),
                    prop::collection::vec(text(), 0..6),
                )
                    .prop_map(|((key, mode), overall, band, tier, top_gaps)| {
                        WidgetEvent::Completed(Completed {
                            key,
                            mode,
                            overall,
                            band,
                            tier,
                            top_gaps,
                        })
                    }),
                (text(), text(), text()).prop_map(|(key, id, tier)| {
                    WidgetEvent::LeadSubmitted(LeadSubmitted { key, id, tier })
                }),
                (prop::option::of(text()), code, text()).prop_map(|(key, code, message)| {
                    WidgetEvent::Error(ErrorDetail { key, code, message })
                }),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(5_000))]

            #[test]
            fn details_are_written_as_serde_json_writes_them(event in event()) {
                prop_assert_eq!(event.detail_json(), serde_json::to_string(&event).unwrap());
            }
        }
    }
}
