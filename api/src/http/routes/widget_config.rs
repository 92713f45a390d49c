//! `GET /api/v1/widget-config/{key}`: what an embedded widget needs to know about its key.

use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, Result};
use crate::http::{AppState, cors, limits};
use crate::store::widget_keys;

/// The public configuration of a widget key.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetConfig {
    /// The widget key.
    pub key: String,
    /// Who owns the site (named in the consent text).
    pub owner_name: String,
    /// Whether the widget offers to send the assessment as a lead.
    pub lead_capture: bool,
    /// The consent text the visitor must agree to before sending.
    pub consent_text: String,
    /// `inline`: the lead form is on the report's first screen; `button`: a button there opens it.
    pub cta_style: widget_keys::CtaStyle,
    /// The call to action's wording; `null` for the widget's own.
    pub cta_text: Option<String>,
    /// A page where visitors book a call, or `null`.
    pub booking_url: Option<String>,
}

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

/// The configuration of widget key `key`. Public; CORS only for the key's allowed origins.
#[utoipa::path(get, path = "/api/v1/widget-config/{key}", tag = "widget",
    params(("key" = String, Path, description = "The widget key")),
    responses(
        (status = 200, description = "The widget's configuration", body = WidgetConfig),
        (status = 403, description = "The browser origin is not allowed for this key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown widget key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_widget_config(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<web::Json<WidgetConfig>> {
    let key = key.into_inner();
    state.limits.check_widget_key(&key)?;
    let widget_key = widget_keys::get(&state.pool, &key)
        .await?
        .ok_or_else(|| Error::UnknownWidgetKey(key.chars().take(64).collect()))?;
    cors::check_origin(&req, &widget_key)?;
    Ok(web::Json(WidgetConfig {
        key: widget_key.key,
        owner_name: widget_key.owner_name,
        lead_capture: widget_key.lead_capture,
        consent_text: widget_key.consent_text,
        cta_style: widget_key.cta_style,
        cta_text: widget_key.cta_text,
        booking_url: widget_key.booking_url,
    }))
}
