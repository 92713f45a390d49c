//! `GET /api/v1/widget-config/{key}`: what an embedded widget needs to know about its key.

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use annexa_shared::wire::WidgetConfig;

use crate::error::{Error, Result};
use crate::http::{AppState, cors, limits};
use crate::store::widget_keys;

/// How long browsers and caches may reuse a configuration without asking again, in seconds.
/// Short: a changed consent text or a disabled lead capture reaches visitors within minutes.
pub const MAX_AGE_SECS: u32 = 300;

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/widget-config/{key}")
            .route(web::get().to(get_widget_config))
            .route(web::method(actix_web::http::Method::OPTIONS).to(HttpResponse::NoContent))
            .wrap(from_fn(limits::per_ip))
            .wrap(from_fn(cors::widget_cors)),
    );
}

/// What `GET /api/v1/widget-config/{key}` answers: the shared configuration the widget's wasm
/// reads, whether the loader (`embed.js`) may count the funnel, and the key's accent colour.
/// The flag and the accent are read by the loader only (it puts the accent on the element
/// before the widget's modules check its contrast), so they stay out of the shared type and out
/// of the wasm.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct WidgetSettings {
    /// The configuration.
    #[serde(flatten)]
    pub config: WidgetConfig,
    /// Whether the loader counts the funnel (widget shown, started, report, lead) for this key.
    pub analytics: bool,
    /// The site owner's accent colour (`#rgb` or `#rrggbb`), or `null` for the widget's own.
    /// The loader applies it when the page's tag has no `data-accent`.
    #[schema(pattern = "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]
    pub accent: Option<String>,
}

/// The configuration of widget key `key`. Public; CORS only for the key's allowed origins.
///
/// Cacheable: the answer carries an `ETag` and `Cache-Control: max-age`, and a request with a
/// matching `If-None-Match` gets 304. It is rate limited per client address only: loading the
/// widget never spends the key's lead budget, so no client can switch a site's widget off by
/// requesting its configuration.
#[utoipa::path(get, path = "/api/v1/widget-config/{key}", tag = "widget",
    params(("key" = String, Path, description = "The widget key"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a configuration the client has")),
    responses(
        (status = 200, description = "The widget's configuration", body = WidgetSettings,
            headers(("ETag" = String, description = "Version of this configuration"),
                ("Cache-Control" = String, description = "public, max-age=300"))),
        (status = 304, description = "The client's copy (If-None-Match) is current"),
        (status = 403, description = "The browser origin is not allowed for this key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown widget key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_widget_config(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    let key = key.into_inner();
    // A malformed key is not looked up at all.
    if !widget_keys::valid_key(&key) {
        return Err(Error::UnknownWidgetKey(key.chars().take(64).collect()));
    }
    let widget_key = widget_keys::get(&state.pool, &key)
        .await?
        .ok_or_else(|| Error::UnknownWidgetKey(key.clone()))?;
    cors::check_origin(&req, &widget_key)?;
    let config = WidgetConfig {
        key: widget_key.key,
        owner_name: widget_key.owner_name,
        lead_capture: widget_key.lead_capture,
        consent_text: widget_key.consent_text,
        cta_style: widget_key.cta_style,
        cta_text: widget_key.cta_text,
        booking_url: widget_key.booking_url,
    };
    let config = WidgetSettings {
        config,
        analytics: widget_key.analytics,
        accent: widget_key.accent,
    };
    let body = serde_json::to_vec(&config).map_err(Error::internal)?;
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let cache_control = format!("public, max-age={MAX_AGE_SECS}");
    let matches = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*");
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control));
    Ok(if matches {
        response.finish()
    } else {
        response.content_type("application/json").body(body)
    })
}
