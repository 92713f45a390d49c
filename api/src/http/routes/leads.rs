//! Leads: the widget's public submission, and the admin's list, detail, CSV export and erasure.

use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};

use crate::error::{Error, Result};
use crate::http::auth::Admin;
use crate::http::{AppState, cors, limits};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::store::leads::{self, Erasure, Lead, LeadFilter, LeadPage, LeadSummary};

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
                .route(web::delete().to(delete)),
        );
}

/// Leads, newest first, filtered by tier, day range, widget key and e-mail address (a data
/// subject's access request: `?email=`); paginated.
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
        (status = 200, description = "CSV: id, created_at, widget_key, name, email, company, tier, overall", body = String, content_type = "text/csv"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    _admin: Admin,
    state: web::Data<AppState>,
    filter: web::Query<LeadFilter>,
) -> Result<HttpResponse> {
    let rows = leads::all(&state.pool, &filter).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"annexa-leads.csv\"",
        ))
        .body(leads_csv(&rows)))
}

/// The CSV text of `rows`, with a header line.
pub fn leads_csv(rows: &[LeadSummary]) -> String {
    let mut out = String::from("id,created_at,widget_key,name,email,company,tier,overall\r\n");
    for lead in rows {
        let fields = [
            lead.id.as_str(),
            &lead.created_at,
            &lead.widget_key,
            &lead.contact.name,
            &lead.contact.email,
            &lead.contact.company,
            &lead.tier,
            &lead.overall.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field (RFC 4180 quoting). Text that a spreadsheet would run as a formula (`=`, `+`,
/// `-`, `@`, tab, CR at the start) is prefixed with `'`, since visitors type these values.
fn csv_field(value: &str) -> String {
    let neutralised = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutralised.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutralised.replace('"', "\"\""))
    } else {
        neutralised
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(csv_field("ACME, Inc."), "\"ACME, Inc.\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
