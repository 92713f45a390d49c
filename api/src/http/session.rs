//! The console's sign-in cookie: its name and attributes, reading it from a request, and the
//! header that proves a state-changing request comes from our own pages.
//!
//! The cookie is `HttpOnly` (page scripts cannot read it), `SameSite=Strict` (never sent with a
//! request another site starts), `Path=/`, and `Secure` when the request came over HTTPS (or
//! the server sends HSTS, i.e. runs behind HTTPS). Cross-site requests cannot carry it, and a
//! state-changing request made with it must also send [`CONSOLE_HEADER`]: a cross-site form
//! cannot set a header, and a cross-site script needs a CORS preflight we never grant.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::Method;

use super::AppState;

/// The cookie's name.
pub const COOKIE: &str = "annexa_console";
/// The header a state-changing console request must send (any value; the console sends `1`).
pub const CONSOLE_HEADER: &str = "x-annexa-console";

/// The session token the request's cookie carries, if any.
pub fn token(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

/// Whether `method` may change state (everything but GET, HEAD and OPTIONS).
pub fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request carries [`CONSOLE_HEADER`].
pub fn has_console_header(req: &HttpRequest) -> bool {
    req.headers().contains_key(CONSOLE_HEADER)
}

fn secure(req: &HttpRequest, state: &AppState) -> bool {
    state.config.hsts_max_age.is_some() || req.connection_info().scheme() == "https"
}

/// The cookie that holds `token` for `max_age_secs` seconds.
pub fn cookie(
    req: &HttpRequest,
    state: &AppState,
    token: String,
    max_age_secs: i64,
) -> Cookie<'static> {
    Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(req, state))
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

/// The cookie that removes the session cookie from the browser.
pub fn removal(req: &HttpRequest, state: &AppState) -> Cookie<'static> {
    let mut gone = cookie(req, state, String::new(), 0);
    gone.make_removal();
    gone
}
