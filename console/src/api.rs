//! Requests to the Annexa API from the page (same origin), and what a failed one means for a
//! person.

use annexa_shared::wire::Problem;

/// An HTTP answer: status and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

/// Why a request gave no usable answer, in plain words for the person waiting for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl Reply {
    /// The problem's `detail`, when the body is RFC 9457 problem+json.
    pub fn problem_detail(&self) -> Option<String> {
        serde_json::from_str::<Problem>(&self.body)
            .ok()
            .map(|p| p.detail)
            .filter(|d| !d.is_empty())
    }

    /// What a failed answer means for a person. The API's own detail is shown only where it
    /// speaks about the person's file (`file_detail`), never about JSON fields.
    pub fn failure(&self, file_detail: bool) -> Failure {
        let text = match self.status {
            429 => "Too many checks from your network in a short time. Wait a minute, then try \
                    again."
                .to_string(),
            413 => "The file is too large. Split the list into smaller files.".to_string(),
            400 | 415 | 422 if file_detail => match self.problem_detail() {
                Some(detail) => format!("The file could not be read: {detail}."),
                None => "The file could not be read.".to_string(),
            },
            400 | 415 | 422 => {
                "The check could not be read. Check the certificate number or name, and the \
                 date."
                    .to_string()
            }
            _ => "The verification service did not answer as expected. Try again in a moment."
                .to_string(),
        };
        Failure(text)
    }
}

/// When the request never got an HTTP answer.
pub fn unreachable() -> Failure {
    Failure(
        "The verification service could not be reached. Check your connection and try again."
            .into(),
    )
}

/// The header the console sends with every request it makes with the session cookie: a
/// cross-site form cannot send it, so the server refuses state changes without it.
pub const CONSOLE_HEADER: &str = "X-Annexa-Console";

/// Sends a request with `body` of type `content_type`, asking for `accept`.
pub async fn send(
    method: &str,
    url: &str,
    content_type: &str,
    accept: &str,
    body: Option<String>,
) -> Result<Reply, Failure> {
    request(method, url, content_type, accept, body, false).await
}

/// Sends a console request (JSON, with [`CONSOLE_HEADER`]); the browser adds the session cookie.
pub async fn send_console(method: &str, url: &str, body: Option<String>) -> Result<Reply, Failure> {
    request(
        method,
        url,
        "application/json",
        "application/json",
        body,
        true,
    )
    .await
}

#[cfg(target_arch = "wasm32")]
async fn request(
    method: &str,
    url: &str,
    content_type: &str,
    accept: &str,
    body: Option<String>,
    console: bool,
) -> Result<Reply, Failure> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| unreachable())?;
    headers.set("Accept", accept).map_err(|_| unreachable())?;
    if console {
        headers
            .set(CONSOLE_HEADER, "1")
            .map_err(|_| unreachable())?;
    }
    if let Some(body) = &body {
        headers
            .set("Content-Type", content_type)
            .map_err(|_| unreachable())?;
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| unreachable())?;
    let window = web_sys::window().ok_or_else(unreachable)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| unreachable())?
        .dyn_into()
        .map_err(|_| unreachable())?;
    let text = JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?
        .as_string()
        .unwrap_or_default();
    Ok(Reply {
        status: response.status(),
        body: text,
    })
}

/// Host builds never talk to a server (the native tests exercise only the pure parts).
#[cfg(not(target_arch = "wasm32"))]
async fn request(
    _method: &str,
    _url: &str,
    _content_type: &str,
    _accept: &str,
    _body: Option<String>,
    _console: bool,
) -> Result<Reply, Failure> {
    Err(unreachable())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.into(),
        }
    }

    const HEADER_PROBLEM: &str = r#"{"type":"https://annexa.dev/problems/validation","title":"Invalid","status":422,"detail":"the CSV is empty: expected a header row"}"#;

    #[test]
    fn a_file_problem_is_explained_with_the_servers_detail() {
        let failure = reply(422, HEADER_PROBLEM).failure(true);
        assert_eq!(
            failure.0,
            "The file could not be read: the CSV is empty: expected a header row."
        );
    }

    #[test]
    fn a_form_problem_never_shows_the_apis_field_names() {
        let body =
            r#"{"type":"x","title":"Invalid","status":422,"detail":"give a certificate_number"}"#;
        let failure = reply(422, body).failure(false);
        assert!(!failure.0.contains("certificate_number"), "{}", failure.0);
        assert!(failure.0.contains("certificate number"));
    }

    #[test]
    fn rate_limits_and_server_errors_have_their_own_words() {
        assert!(reply(429, "").failure(false).0.contains("Wait a minute"));
        assert!(reply(500, "").failure(true).0.contains("Try again"));
    }
}
