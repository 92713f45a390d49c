//! The two calls the widget makes to the Annexa server: the site owner's widget settings when it
//! starts, and the lead when — and only when — the visitor submits the form.
//!
//! Turning HTTP outcomes into what the visitor is told is pure ([`classify_config`],
//! [`classify_lead`]) and tested natively; [`fetch`] is the thin browser part.

use annexa_shared::wire::Problem;
pub use annexa_shared::wire::{Contact, LeadSubmission, SubmittedConsent};

/// `POST /api/v1/leads` → 200/201: the wire contract's receipt.
pub use annexa_shared::wire::LeadCreated as LeadReceipt;

/// `GET /api/v1/widget-config/{key}` → 200: the wire contract's widget settings.
/// (The widget's own embed settings are `crate::config::WidgetConfig`.)
pub use annexa_shared::wire::{CtaStyle, WidgetConfig as ServerWidgetConfig};

/// Why the widget cannot start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// 404: the key is not known.
    UnknownKey,
    /// Network failure (offline, DNS, CORS refusal).
    Unreachable,
    /// Any other status, or a body that is not the expected JSON.
    Server(u16),
}

impl LoadError {
    /// Whether trying again later may succeed: rate limited (429), offline, or the server's
    /// own trouble (5xx). An unknown key or a refused origin stays so.
    pub fn is_transient(&self) -> bool {
        match self {
            LoadError::Unreachable => true,
            LoadError::Server(status) => *status == 429 || *status >= 500,
            LoadError::UnknownKey => false,
        }
    }

    /// The `annexa:error` code.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::UnknownKey => "unknown-key",
            LoadError::Unreachable => "unreachable",
            LoadError::Server(_) => "server-error",
        }
    }
}

thread_local! {
    static STARTED_AT: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// Records when the first widget of the page started (later calls keep the first time).
pub fn mark_started(now: String) {
    STARTED_AT.with(|cell| {
        let _ = cell.set(now);
    });
}

/// When the first widget of the page started, if recorded.
pub fn started_at() -> Option<String> {
    STARTED_AT.with(|cell| cell.get().cloned())
}

/// Why a lead was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadError {
    /// No network: nothing was sent.
    Offline,
    /// 429, with the `Retry-After` seconds when given.
    RateLimited(Option<u32>),
    /// 400/404/413/422: the server's explanation (problem `detail` and per-field details).
    Refused(Vec<String>),
    /// 5xx or an unexpected answer.
    Failed,
}

/// A finished HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// Status code.
    pub status: u16,
    /// `Retry-After`, when present.
    pub retry_after: Option<String>,
    /// Body text.
    pub body: String,
}

/// What the widget makes of the widget-config answer.
pub fn classify_config(reply: Result<HttpReply, ()>) -> Result<ServerWidgetConfig, LoadError> {
    let reply = reply.map_err(|()| LoadError::Unreachable)?;
    match reply.status {
        200 => annexa_shared::json::parse(&reply.body)
            .as_ref()
            .and_then(ServerWidgetConfig::from_json)
            .ok_or(LoadError::Server(200)),
        404 => Err(LoadError::UnknownKey),
        status => Err(LoadError::Server(status)),
    }
}

/// How long to wait before loading the settings again after `failures` transient failures
/// (1 s, 2 s, 4 s, … up to 30 s; a server's `Retry-After` when longer), or `None` to stop
/// trying. Meanwhile the visitor answers the questionnaire; lead capture stays off until the
/// settings are known.
pub fn config_retry_delay_ms(failures: u32, retry_after: Option<&str>) -> Option<u32> {
    const MAX_FAILURES: u32 = 8;
    if failures == 0 || failures > MAX_FAILURES {
        return None;
    }
    let backoff = 1000u32
        .saturating_mul(1 << (failures - 1).min(5))
        .min(30_000);
    let asked = retry_after
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map_or(0, |secs| secs.min(60).saturating_mul(1000));
    Some(backoff.max(asked))
}

/// What the widget makes of the lead answer.
pub fn classify_lead(reply: Result<HttpReply, ()>) -> Result<LeadReceipt, LeadError> {
    let reply = reply.map_err(|()| LeadError::Offline)?;
    match reply.status {
        200 | 201 => annexa_shared::json::parse(&reply.body)
            .as_ref()
            .and_then(LeadReceipt::from_json)
            .ok_or(LeadError::Failed),
        429 => Err(LeadError::RateLimited(
            reply.retry_after.and_then(|s| s.trim().parse().ok()),
        )),
        400..=499 => {
            let problem = annexa_shared::json::parse(&reply.body)
                .as_ref()
                .and_then(Problem::from_json);
            let mut lines = Vec::new();
            if let Some(problem) = problem {
                lines.push(if problem.detail.is_empty() {
                    problem.title
                } else {
                    problem.detail
                });
                lines.extend(problem.errors.into_iter().map(|e| e.detail));
            }
            lines.retain(|l| !l.is_empty());
            Err(LeadError::Refused(lines))
        }
        _ => Err(LeadError::Failed),
    }
}

/// Sends one request from the browser, or takes the response `shared` resolves to (`embed.js`
/// makes one request for a key's settings per page, shared with its own reading of the key's
/// accent and funnel setting, and makes it again after a failure). `Err(())` means the request
/// never got an HTTP answer.
#[cfg(target_arch = "wasm32")]
pub async fn fetch(
    method: &str,
    url: &str,
    body: Option<String>,
    shared: Option<&js_sys::Function>,
) -> Result<HttpReply, ()> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let response = match shared {
        Some(shared) => shared.call0(&wasm_bindgen::JsValue::NULL).map_err(|_| ())?,
        None => {
            let init = web_sys::RequestInit::new();
            init.set_method(method);
            init.set_mode(web_sys::RequestMode::Cors);
            let headers = web_sys::Headers::new().map_err(|_| ())?;
            headers.set("Accept", "application/json").map_err(|_| ())?;
            if let Some(body) = &body {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(|_| ())?;
                init.set_body(&wasm_bindgen::JsValue::from_str(body));
            }
            init.set_headers(&headers);
            let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ())?;
            web_sys::window()
                .ok_or(())?
                .fetch_with_request(&request)
                .into()
        }
    };
    let response: web_sys::Response = JsFuture::from(js_sys::Promise::from(response))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?
        .as_string()
        .unwrap_or_default();
    Ok(HttpReply {
        status: response.status(),
        retry_after: response.headers().get("Retry-After").ok().flatten(),
        body: text,
    })
}

/// Host builds never talk to a server (the native tests exercise only the pure parts).
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch(
    _method: &str,
    _url: &str,
    _body: Option<String>,
    _shared: Option<&js_sys::Function>,
) -> Result<HttpReply, ()> {
    Err(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Result<HttpReply, ()> {
        Ok(HttpReply {
            status,
            retry_after: None,
            body: body.into(),
        })
    }

    #[test]
    fn transient_config_failures_are_retried_with_growing_delays() {
        assert!(LoadError::Server(429).is_transient());
        assert!(LoadError::Unreachable.is_transient());
        assert!(LoadError::Server(503).is_transient());
        assert!(!LoadError::UnknownKey.is_transient());
        assert!(!LoadError::Server(403).is_transient());
        assert_eq!(config_retry_delay_ms(1, None), Some(1000));
        assert_eq!(config_retry_delay_ms(2, None), Some(2000));
        assert_eq!(config_retry_delay_ms(7, None), Some(30_000));
        assert_eq!(config_retry_delay_ms(2, Some("9")), Some(9000));
        assert_eq!(config_retry_delay_ms(9, None), None);
    }

    #[test]
    fn widget_config_outcomes() {
        let ok = classify_config(reply(
            200,
            r#"{"key":"demo","owner_name":"Acme Audits","lead_capture":true,"consent_text":"You may contact me."}"#,
        ))
        .unwrap();
        assert_eq!(ok.owner_name, "Acme Audits");
        assert!(ok.lead_capture);
        // A server without call-to-action settings: the inline form and the widget's wording.
        assert_eq!(ok.cta_style, CtaStyle::Inline);
        assert_eq!(ok.cta_wording(), None);
        let button = classify_config(reply(
            200,
            r#"{"key":"k","owner_name":"A","lead_capture":true,"consent_text":"OK",
                "cta_style":"button","cta_text":" Book your gap review ","booking_url":"javascript:alert(1)"}"#,
        ))
        .unwrap();
        assert_eq!(button.cta_style, CtaStyle::Button);
        assert_eq!(button.cta_wording(), Some("Book your gap review"));
        assert_eq!(button.booking_link(), None);
        assert_eq!(
            classify_config(reply(404, "{}")),
            Err(LoadError::UnknownKey)
        );
        assert_eq!(classify_config(Err(())), Err(LoadError::Unreachable));
        assert_eq!(classify_config(reply(502, "")), Err(LoadError::Server(502)));
        assert_eq!(
            classify_config(reply(200, "<html>")),
            Err(LoadError::Server(200))
        );
    }

    #[test]
    fn lead_outcomes_tell_the_visitor_what_happened() {
        assert_eq!(
            classify_lead(reply(201, r#"{"id":"L1","tier":"A"}"#)),
            Ok(LeadReceipt {
                id: "L1".into(),
                tier: "A".into(),
                duplicate: false,
            })
        );
        assert_eq!(classify_lead(Err(())), Err(LeadError::Offline));
        let limited = Ok(HttpReply {
            status: 429,
            retry_after: Some("17".into()),
            body: String::new(),
        });
        assert_eq!(
            classify_lead(limited),
            Err(LeadError::RateLimited(Some(17)))
        );
        let problem = r#"{"type":"https://annexa.dev/problems/validation","title":"Invalid lead","status":422,"detail":"The lead has 1 problem","errors":[{"pointer":"/contact/email","detail":"not an email address"}]}"#;
        assert_eq!(
            classify_lead(reply(422, problem)),
            Err(LeadError::Refused(vec![
                "The lead has 1 problem".into(),
                "not an email address".into()
            ]))
        );
        assert_eq!(classify_lead(reply(500, "oops")), Err(LeadError::Failed));
    }

    #[test]
    fn the_lead_body_follows_the_api_contract() {
        let doc: annexa_shared::AnswersDocument = serde_json::from_str(
            r#"{"questionnaire_version":"2026.1","mode":"quick","answers":{}}"#,
        )
        .unwrap();
        let body = LeadSubmission {
            widget_key: "demo".into(),
            contact: Contact {
                name: "Ana".into(),
                email: "ana@acme.example".into(),
                company: "Acme".into(),
            },
            consent: SubmittedConsent {
                text: "OK".into(),
                agreed_at: Some("2026-11-29T18:00:00.000Z".into()),
            },
            answers: doc,
            report: None,
            website: None,
            started_at: Some("2026-11-29T17:52:00.000Z".into()),
        };
        let json: serde_json::Value = serde_json::to_value(&body).unwrap();
        assert_eq!(json["started_at"], "2026-11-29T17:52:00.000Z");
        assert_eq!(json["widget_key"], "demo");
        assert_eq!(json["contact"]["email"], "ana@acme.example");
        assert_eq!(json["consent"]["agreed_at"], "2026-11-29T18:00:00.000Z");
        assert_eq!(json["answers"]["mode"], "quick");
        // Nothing the widget never fills is sent: no report, no honeypot.
        assert!(json.get("report").is_none() && json.get("website").is_none());
    }
}
