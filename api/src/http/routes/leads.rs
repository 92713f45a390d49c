//! Leads: the widget's public submission, and the admin's list, detail, CSV export and erasure.

use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};

use annexa_shared::csv::{CsvMode, row, write_row};

use crate::error::{Error, Result};
use crate::http::auth::Admin;
use crate::http::{AppState, cors, limits};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::http::extract::ApiJson;
use crate::store::leads::{self, Erasure, Lead, LeadFilter, LeadPage, LeadSummary};
use annexa_shared::wire::leads::{NewLeadNote, SalesStatusChange, band_code};

pub mod submit;

pub use submit::{LeadCreated, LeadSubmission};

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/leads.csv").route(web::get().to(export_csv)))
        .service(
            web::resource("/leads")
                .route(
                    web::post()
                        .to(submit::create)
                        .wrap(from_fn(limits::per_ip))
                        .wrap(from_fn(cors::widget_cors)),
                )
                .route(
                    web::method(Method::OPTIONS)
                        .to(HttpResponse::NoContent)
                        .wrap(from_fn(cors::widget_cors)),
                )
                .route(web::get().to(list))
                .route(web::delete().to(erase_by_email)),
        )
        .service(
            web::resource("/leads/{id}")
                .route(web::get().to(get))
                .route(web::patch().to(set_status))
                .route(web::delete().to(delete)),
        )
        .service(web::resource("/leads/{id}/notes").route(web::post().to(add_note)));
}

/// Leads, newest first unless sorted otherwise (by received, company, score or tier, either
/// way), searched by name, e-mail address or company (`q`), filtered by tier, band, sales
/// status, day range, widget key and e-mail address (a data subject's access request:
/// `?email=`); paginated.
#[utoipa::path(get, path = "/api/v1/leads", tag = "admin",
    security(("admin_key" = [])),
    params(LeadFilter),
    responses(
        (status = 200, description = "One page of leads", body = LeadPage),
        (status = 400, description = "Bad filter value", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn list(
    _admin: Admin,
    state: web::Data<AppState>,
    filter: web::Query<LeadFilter>,
) -> Result<web::Json<LeadPage>> {
    checked(&filter)?;
    Ok(web::Json(leads::list(&state.pool, &filter).await?))
}

/// One lead with its consent, answers, the server's report and the tier with its reasons.
#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "admin",
    security(("admin_key" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The lead", body = Lead),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<Lead>> {
    leads::get(&state.pool, &id)
        .await?
        .map(web::Json)
        .ok_or_else(|| not_found(&id))
}

/// Erases a lead: the lead, its answers, report and any pending webhook delivery are deleted.
#[utoipa::path(delete, path = "/api/v1/leads/{id}", tag = "admin",
    security(("admin_key" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    if leads::delete(&state.pool, &id).await? {
        tracing::info!(lead = %id, "lead erased");
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(not_found(&id))
    }
}

/// Sets a lead's sales status (new, contacted, qualified, won, lost). A change is kept in the
/// lead's activity with the API key's name (or the signed-in session's) and the time.
#[utoipa::path(patch, path = "/api/v1/leads/{id}", tag = "admin",
    security(("admin_key" = [])),
    params(("id" = String, Path, description = "Lead id")),
    request_body = SalesStatusChange,
    responses(
        (status = 200, description = "The lead with its activity", body = Lead),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks the leads:write scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a status", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn set_status(
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    change: ApiJson<SalesStatusChange>,
) -> Result<web::Json<Lead>> {
    if !leads::set_status(&state.pool, &id, change.0.status, &admin.0.name).await? {
        return Err(not_found(&id));
    }
    tracing::info!(lead = %id, status = change.0.status.code(), "lead status set");
    get(admin, state, id).await
}

/// Adds a note to a lead, kept in its activity with the API key's name and the time.
#[utoipa::path(post, path = "/api/v1/leads/{id}/notes", tag = "admin",
    security(("admin_key" = [])),
    params(("id" = String, Path, description = "Lead id")),
    request_body = NewLeadNote,
    responses(
        (status = 201, description = "The lead with its activity", body = Lead),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks the leads:write scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long note", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn add_note(
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    note: ApiJson<NewLeadNote>,
) -> Result<HttpResponse> {
    let text = note.0.checked_text().map_err(|detail| Error::Validation {
        errors: vec![crate::error::FieldError::new("/text", detail.clone())],
        detail,
    })?;
    if !leads::add_note(&state.pool, &id, text, &admin.0.name).await? {
        return Err(not_found(&id));
    }
    let lead = leads::get(&state.pool, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    Ok(HttpResponse::Created().json(lead))
}

/// The address whose leads to erase.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ErasureQuery {
    /// The data subject's e-mail address (case-insensitive).
    pub email: String,
}

/// Erases every lead of an e-mail address (a data subject's erasure request) with their queued
/// webhook deliveries. The erasure is recorded with its time, counts and the admin key's id,
/// never with the address.
#[utoipa::path(delete, path = "/api/v1/leads", tag = "admin",
    security(("admin_key" = [])),
    params(ErasureQuery),
    responses(
        (status = 200, description = "Erased (the counts may be 0)", body = Erasure),
        (status = 400, description = "No or empty email", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks the leads:erase scope", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn erase_by_email(
    admin: Admin,
    state: web::Data<AppState>,
    query: web::Query<ErasureQuery>,
) -> Result<web::Json<Erasure>> {
    let email = query.email.trim();
    if email.is_empty() || !email.contains('@') || email.chars().count() > 254 {
        return Err(Error::InvalidQuery {
            detail: "email must be the e-mail address whose leads to erase".into(),
        });
    }
    let erasure = leads::erase_by_email(&state.pool, email, &admin.0.id).await?;
    tracing::info!(
        erasure = %erasure.id,
        leads = erasure.leads_erased,
        deliveries = erasure.deliveries_cancelled,
        "leads erased by e-mail address"
    );
    Ok(web::Json(erasure))
}

fn not_found(id: &str) -> Error {
    Error::NotFound(format!(
        "no lead '{}'",
        id.chars().take(64).collect::<String>()
    ))
}

/// Leads matching the filter as CSV for a CRM (paging ignored).
#[utoipa::path(get, path = "/api/v1/leads.csv", tag = "admin",
    security(("admin_key" = [])),
    params(LeadFilter),
    responses(
        (status = 200, description = "CSV: id, created_at, widget_key, name, email, company, tier, overall, band, sales_status", body = String, content_type = "text/csv"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    _admin: Admin,
    state: web::Data<AppState>,
    filter: web::Query<LeadFilter>,
) -> Result<HttpResponse> {
    checked(&filter)?;
    let rows = leads::all(&state.pool, &filter).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"annexa-leads.csv\"",
        ))
        .body(leads_csv(&rows)))
}

/// The CSV text of `rows`, with a header line: a file for people (spreadsheet mode), since
/// visitors type these values.
pub fn leads_csv(rows: &[LeadSummary]) -> String {
    let mut out = row(
        &[
            "id",
            "created_at",
            "widget_key",
            "name",
            "email",
            "company",
            "tier",
            "overall",
            "band",
            "sales_status",
        ],
        CsvMode::Spreadsheet,
    );
    for lead in rows {
        let overall = lead.overall.to_string();
        let fields = [
            lead.id.as_str(),
            &lead.created_at,
            &lead.widget_key,
            &lead.contact.name,
            &lead.contact.email,
            &lead.contact.company,
            &lead.tier,
            &overall,
            band_code(lead.band),
            lead.sales_status.code(),
        ];
        write_row(&mut out, &fields, CsvMode::Spreadsheet);
    }
    out
}

/// A bad filter value is the client's query (400 `invalid-query`), refused before the store runs.
fn checked(filter: &LeadFilter) -> Result<()> {
    filter
        .validated()
        .map(|_| ())
        .map_err(|detail| Error::InvalidQuery { detail })
}
