//! The widget funnel: `POST /api/v1/events` (public: the widget's anonymous counts) and
//! `GET /api/v1/funnel` (admin: the daily counts of a range).
//!
//! The widget's loader sends one small batch per page — the widget key and the steps passed
//! (`shown`, `started`, `report`, `lead`) — when the page is hidden or left. It is checked like
//! the other widget routes: a known key, an allowed origin, the per-address rate limit and a
//! small body. It does not spend the key's lead budget (a popular page must not block its own
//! leads), and it is accepted as `text/plain` too, which a browser sends without a preflight
//! and which `fetch(…, {keepalive: true})` can send while the page unloads.

use actix_web::middleware::from_fn;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use annexa_shared::Date;
use annexa_shared::funnel::{FunnelReport, FunnelStep};

use crate::error::{Error, Result};
use crate::http::auth::Admin;
use crate::http::extract::parse_json;
use crate::http::{AppState, cors, limits};
use crate::store::{funnel, widget_keys};

/// The largest batch body, in bytes: a key and a few steps fit many times over.
pub const EVENTS_BODY_LIMIT: usize = 2048;
/// The most steps one batch may carry (a page with a few widgets, each passing every step).
pub const MAX_EVENTS: usize = 32;
/// The longest range `GET /api/v1/funnel` answers, in days.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/events")
            .route(web::post().to(record))
            .route(web::method(actix_web::http::Method::OPTIONS).to(HttpResponse::NoContent))
            .wrap(from_fn(limits::per_ip))
            .wrap(from_fn(cors::widget_cors)),
    )
    .service(web::resource("/funnel").route(web::get().to(report)));
}

/// A batch of funnel steps from one page: the widget key and the steps passed, nothing else.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    /// The widget key.
    pub key: String,
    /// The steps passed since the last batch (at most 32), e.g. `["shown", "started"]`.
    pub events: Vec<FunnelStep>,
}

/// Reads the body (`application/json` or `text/plain`, at most [`EVENTS_BODY_LIMIT`] bytes).
async fn read_batch(req: &HttpRequest, mut payload: web::Payload) -> Result<EventBatch> {
    let json_or_text = match req.mime_type() {
        Ok(Some(mime)) => {
            mime.essence_str() == "application/json" || mime.essence_str() == "text/plain"
        }
        _ => false,
    };
    if !json_or_text {
        return Err(Error::UnsupportedMediaType(
            "the events must be JSON, sent as application/json or text/plain".into(),
        ));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::MalformedJson(e.to_string()))?;
        if body.len() + chunk.len() > EVENTS_BODY_LIMIT {
            return Err(Error::PayloadTooLarge {
                limit: EVENTS_BODY_LIMIT,
            });
        }
        body.extend_from_slice(&chunk);
    }
    parse_json(&body)
}

/// Counts the funnel steps an embedded widget passed. Public; CORS only for the key's origins.
/// Answers 204 with no body, also when the key has analytics switched off (then nothing is
/// counted): the widget has nothing to do with the answer.
#[utoipa::path(post, path = "/api/v1/events", tag = "widget",
    request_body(content = EventBatch, description = "As application/json or text/plain (a browser sends text/plain without a preflight)"),
    responses(
        (status = 204, description = "Counted (or not, when the key has analytics off)"),
        (status = 400, description = "Not JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The browser origin is not allowed for this key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown widget key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 2048 bytes", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither application/json nor text/plain", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown step, unknown field or more than 32 steps", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let batch = read_batch(&req, payload).await?;
    if batch.events.len() > MAX_EVENTS {
        return Err(Error::Validation {
            detail: format!(
                "a batch carries at most {MAX_EVENTS} steps, not {}",
                batch.events.len()
            ),
            errors: vec![crate::error::FieldError::new(
                "/events",
                format!("at most {MAX_EVENTS} steps"),
            )],
        });
    }
    // A malformed key is not looked up at all.
    if !widget_keys::valid_key(&batch.key) {
        return Err(Error::UnknownWidgetKey(
            batch.key.chars().take(64).collect(),
        ));
    }
    let key = widget_keys::get(&state.pool, &batch.key)
        .await?
        .ok_or_else(|| Error::UnknownWidgetKey(batch.key.clone()))?;
    cors::check_origin(&req, &key)?;
    if key.analytics && !batch.events.is_empty() {
        funnel::record(&state.pool, &key.key, today(), &batch.events).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Today (UTC), the day a batch is counted on.
fn today() -> Date {
    crate::clock::today()
}

/// The range and key of a funnel report.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FunnelQuery {
    /// One widget key; all keys together when absent.
    pub key: Option<String>,
    /// The first day, `YYYY-MM-DD` (default: 29 days before `to`).
    pub from: Option<String>,
    /// The last day, included, `YYYY-MM-DD` (default: today, UTC).
    pub to: Option<String>,
}

fn query_date(name: &str, value: &str) -> Result<Date> {
    value.parse().map_err(|_| Error::InvalidQuery {
        detail: format!("{name} must be a date written YYYY-MM-DD, not '{value}'"),
    })
}

/// The funnel per day over a range (at most 366 days): widget shown → assessment started →
/// report reached → lead sent, every day of the range listed, days without a visit as zeros.
#[utoipa::path(get, path = "/api/v1/funnel", tag = "admin",
    security(("admin_key" = [])),
    params(FunnelQuery),
    responses(
        (status = 200, description = "The daily counts", body = FunnelReport),
        (status = 400, description = "A bad date, a range the wrong way round or longer than 366 days", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn report(
    _admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<FunnelQuery>,
) -> Result<web::Json<FunnelReport>> {
    let to = match &query.to {
        Some(to) => query_date("to", to)?,
        None => today(),
    };
    let from = match &query.from {
        Some(from) => query_date("from", from)?,
        None => to.add_days(-29).unwrap_or(to),
    };
    let span = to.days_since_epoch() - from.days_since_epoch() + 1;
    if span < 1 {
        return Err(Error::InvalidQuery {
            detail: format!("from ({from}) must not be after to ({to})"),
        });
    }
    if span > MAX_RANGE_DAYS {
        return Err(Error::InvalidQuery {
            detail: format!("the range is {span} days long; at most {MAX_RANGE_DAYS} are shown"),
        });
    }
    if let Some(key) = &query.key
        && (!widget_keys::valid_key(key) || widget_keys::get(&state.pool, key).await?.is_none())
    {
        return Err(Error::UnknownWidgetKey(key.chars().take(64).collect()));
    }
    Ok(web::Json(
        funnel::report(&state.pool, query.key.as_deref(), from, to).await?,
    ))
}
