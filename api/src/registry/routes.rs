//! HTTP routes under `/api/v1/certificates`: verification (single and batch), import (admin),
//! search, a certificate, and its history. Errors are problem+json (`crate::error::Error`).

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::import::{ImportFormat, ImportSummary, Importer, RowReport, RowStatus};
use super::service::{self, BatchRow, MAX_BATCH_ROWS};
use crate::error::{Error, FieldError, Result};
use crate::http::AppState;
use crate::http::auth::Admin;
use crate::http::extract::{ApiJson, parse_json};
use crate::http::limits;
use crate::store::certificates::{Criterion, Registry};
use annexa_shared::VerificationRequest;

/// The largest import body accepted (bytes). Rows before the limit stay imported.
pub const IMPORT_LIMIT: usize = 256 * 1024 * 1024;
/// The largest batch verification body (bytes).
pub const BATCH_LIMIT: usize = 2 * 1024 * 1024;

/// The registry's routes, to be mounted inside the `/api/v1` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/certificates")
            .route("/import", web::post().to(import))
            .service(
                web::scope("")
                    .wrap(from_fn(limits::per_ip))
                    .route("/verify", web::post().to(verify))
                    .route("/verify/batch", web::post().to(verify_batch))
                    .route("", web::get().to(search))
                    .route("/{id}", web::get().to(get))
                    .route("/{id}/history", web::get().to(history)),
            ),
    );
}

fn store(state: &AppState) -> Registry {
    Registry::new(&state.pool)
}

/// `POST /certificates/verify`: one verification.
#[utoipa::path(post, path = "/api/v1/certificates/verify", tag = "certificates",
    request_body(content = Object, description = "A verification request: certificate_number or entity, as_of, claim (docs/VERIFICATION.md)"),
    responses(
        (status = 200, description = "The verification: verdict, validity, entity match, coverage with evidence", body = Object),
        (status = 400, description = "Not JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong shape, or no certificate named", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn verify(
    state: web::Data<AppState>,
    body: ApiJson<VerificationRequest>,
) -> Result<HttpResponse> {
    let verified = service::verify_request(&store(&state), &body.0, crate::clock::today()).await?;
    let mut json = Vec::with_capacity(4096);
    verified.write_json(&mut json);
    Ok(crate::http::routes::json_bytes(json))
}

/// `?format=json|csv` of the batch route.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatQuery {
    format: Option<String>,
}

fn wants_csv(req: &HttpRequest, query: &FormatQuery) -> Result<bool> {
    match query.format.as_deref() {
        Some("csv") => Ok(true),
        Some("json") => Ok(false),
        Some(other) => Err(Error::InvalidQuery {
            detail: format!("format must be json or csv, not '{other}'"),
        }),
        None => Ok(req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/csv"))),
    }
}

async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::MalformedJson(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(Error::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `POST /certificates/verify/batch`: a supplier list in (a JSON array of verification requests,
/// or CSV), one verdict per row out (JSON, or CSV with `?format=csv` / `Accept: text/csv`).
#[utoipa::path(post, path = "/api/v1/certificates/verify/batch", tag = "certificates",
    params(("format" = Option<String>, Query, description = "json (default) or csv; Accept: text/csv works too")),
    request_body(content = Object, description = "A JSON array of verification requests, or text/csv with columns reference, certificate_number, certification_body, entity_name, entity_country, vat, duns, registration_number, lei, activities (;-separated), sites (;-separated 'City, CC'), as_of"),
    responses(
        (status = 200, description = "One result per row: {\"results\": [{row, reference?, certificate_id?, verification? | error?}]}, or CSV", body = Object),
        (status = 400, description = "Not JSON, or bad format value", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor CSV", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad CSV header or too many rows", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn verify_batch(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<FormatQuery>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let csv_out = wants_csv(&req, &query)?;
    let essence = req
        .mime_type()
        .ok()
        .flatten()
        .map(|m| m.essence_str().to_string());
    let rows: Vec<BatchRow> = match essence.as_deref() {
        Some("application/json") => {
            let body = read_body(payload, BATCH_LIMIT).await?;
            // Parsing a large batch is CPU work: off the worker thread that serves requests.
            let requests: Vec<serde_json::Value> = web::block(move || parse_json(&body))
                .await
                .map_err(Error::internal)??;
            if requests.len() > MAX_BATCH_ROWS {
                return Err(Error::Validation {
                    detail: format!("at most {MAX_BATCH_ROWS} requests per batch"),
                    errors: vec![FieldError::new("", "too many requests")],
                });
            }
            requests
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    let request = serde_json::to_vec(&value)
                        .map_err(Error::internal)
                        .and_then(|bytes| parse_json::<VerificationRequest>(&bytes))
                        .map_err(|e| prefix_pointer(e, i));
                    (i + 1, None, request)
                })
                .collect()
        }
        Some("text/csv") => {
            let body = read_body(payload, BATCH_LIMIT).await?;
            let text = String::from_utf8(body).map_err(|_| Error::Validation {
                detail: "the CSV is not valid UTF-8".into(),
                errors: Vec::new(),
            })?;
            web::block(move || service::parse_batch_csv(&text))
                .await
                .map_err(Error::internal)??
        }
        _ => {
            return Err(Error::UnsupportedMediaType(
                "send the supplier list as application/json (an array of verification requests) \
                 or text/csv"
                    .into(),
            ));
        }
    };
    // One request's worth of the client's rate per row (the middleware charged the first).
    let bucket = crate::http::limits::client_bucket(&req, &state);
    state
        .limits
        .check_ip_units(bucket, rows.len().saturating_sub(1))?;
    let results = service::verify_batch(&store(&state), rows, crate::clock::today()).await?;
    if csv_out {
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(service::batch_csv(&results)))
    } else {
        Ok(HttpResponse::Ok().json(serde_json::json!({ "results": results })))
    }
}

fn prefix_pointer(error: Error, index: usize) -> Error {
    match error {
        Error::InvalidBody { detail, errors } => Error::InvalidBody {
            detail: format!("/{index}{detail}"),
            errors: errors
                .into_iter()
                .map(|e| FieldError::new(format!("/{index}{}", e.pointer), e.detail))
                .collect(),
        },
        other => other,
    }
}

/// `?rows=all|rejected` of the import route.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `all` (default) or `rejected`: which row reports to return.
    rows: Option<String>,
}

/// The import answer: counts and the row reports.
#[derive(Debug, Serialize)]
pub struct ImportResponse {
    /// Counts per status.
    pub summary: ImportSummary,
    /// One report per row (or only the rejected ones with `?rows=rejected`).
    pub rows: Vec<RowReport>,
}

/// Who is importing, as the history keeps it: the admin key's name and id — the key the bearer
/// header names, or the one the console session was opened with.
fn actor(admin: &Admin) -> String {
    format!("api-key:{} ({})", admin.0.name, admin.0.id)
}

/// `POST /certificates/import` (admin): CSV (`text/csv`) or JSON Lines
/// (`application/x-ndjson`), streamed; per-row report.
#[utoipa::path(post, path = "/api/v1/certificates/import", tag = "certificates",
    params(("rows" = Option<String>, Query, description = "all (default) or rejected: which row reports to return")),
    request_body(content = String, description = "text/csv (header row; columns in docs/VERIFICATION.md) or application/x-ndjson (one certificate record per line)"),
    responses(
        (status = 200, description = "Summary and one report per row: created, updated, unchanged or rejected with line and reason", body = Object),
        (status = 401, description = "No valid admin API key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large (rows before the limit stay imported)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither CSV nor JSON Lines", body = crate::error::Problem, content_type = "application/problem+json")),
    security(("admin_key" = [])))]
pub async fn import(
    admin: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse> {
    let only_rejected = match query.rows.as_deref() {
        None | Some("all") => false,
        Some("rejected") => true,
        Some(other) => {
            return Err(Error::InvalidQuery {
                detail: format!("rows must be all or rejected, not '{other}'"),
            });
        }
    };
    let essence = req
        .mime_type()
        .ok()
        .flatten()
        .map(|m| m.essence_str().to_string());
    let format = essence
        .as_deref()
        .and_then(ImportFormat::from_media_type)
        .ok_or_else(|| {
            Error::UnsupportedMediaType(
                "send certificates as text/csv or application/x-ndjson (JSON Lines)".into(),
            )
        })?;
    let actor = actor(&admin);
    let store = store(&state);
    let mut importer = Importer::new(&store, format, &actor, "api import");
    let mut rows = Vec::new();
    let mut received = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::MalformedJson(e.to_string()))?;
        received += chunk.len();
        if received > IMPORT_LIMIT {
            return Err(Error::PayloadTooLarge {
                limit: IMPORT_LIMIT,
            });
        }
        importer.feed(&chunk).await?;
        rows.extend(importer.drain_reports());
    }
    let summary = importer.finish().await?;
    rows.extend(importer.drain_reports());
    if only_rejected {
        rows.retain(|r| r.status == RowStatus::Rejected);
    }
    Ok(HttpResponse::Ok().json(ImportResponse { summary, rows }))
}

/// The search route's query: one criterion, paging.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    number: Option<String>,
    identifier: Option<String>,
    name: Option<String>,
    country: Option<String>,
    q: Option<String>,
    page: Option<u32>,
    per_page: Option<u32>,
}

/// Page size limits and how deep pages may go.
const MAX_PER_PAGE: u32 = 100;
const MAX_DEPTH: u32 = 10_000;

/// `GET /certificates?number=|identifier=|name=[&country=]|q=[&page=&per_page=]`.
#[utoipa::path(get, path = "/api/v1/certificates", tag = "certificates",
    params(
        ("number" = Option<String>, Query, description = "Certificate number (case, spaces, punctuation ignored)"),
        ("identifier" = Option<String>, Query, description = "VAT, DUNS, LEI or registration number, exactly"),
        ("name" = Option<String>, Query, description = "Entity name or its beginning; legal forms, case and punctuation ignored"),
        ("country" = Option<String>, Query, description = "Narrows a name search"),
        ("q" = Option<String>, Query, description = "Words of the entity name or scope text (ranked among the first 1000 matches)"),
        ("page" = Option<u32>, Query, description = "From 1"),
        ("per_page" = Option<u32>, Query, description = "1-100, default 20")),
    responses(
        (status = 200, description = "{items: [{id, certificate, created_at, updated_at}], page, per_page, total, total_capped}", body = Object),
        (status = 400, description = "None or several criteria, bad paging", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn search(
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse> {
    let query = query.into_inner();
    let bad = |detail: &str| Error::InvalidQuery {
        detail: detail.to_string(),
    };
    let non_empty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let criteria = [
        non_empty(query.number).map(Criterion::Number),
        non_empty(query.identifier).map(Criterion::Identifier),
        non_empty(query.name).map(|name| Criterion::Name {
            name,
            country: query.country.clone(),
        }),
        non_empty(query.q).map(Criterion::Text),
    ];
    let mut given = criteria.into_iter().flatten();
    let criterion = given
        .next()
        .ok_or_else(|| bad("give one of number, identifier, name or q"))?;
    if given.next().is_some() {
        return Err(bad("give only one of number, identifier, name or q"));
    }
    if query.country.is_some() && !matches!(criterion, Criterion::Name { .. }) {
        return Err(bad("country narrows a name search only"));
    }
    // A name or text of punctuation only ("*") would match every record.
    match &criterion {
        Criterion::Name { name, .. } if annexa_shared::normalize_entity_name(name).is_empty() => {
            return Err(bad("name needs at least one letter or digit"));
        }
        Criterion::Text(text) if !text.chars().any(char::is_alphanumeric) => {
            return Err(bad("q needs at least one letter or digit"));
        }
        _ => {}
    }
    let per_page = query.per_page.unwrap_or(20);
    let page = query.page.unwrap_or(1);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(bad("per_page must be between 1 and 100"));
    }
    let depth = if matches!(criterion, Criterion::Text(_)) {
        crate::store::certificates::TEXT_CANDIDATES as u32
    } else {
        MAX_DEPTH
    };
    if page == 0 || page.saturating_mul(per_page) > depth.max(per_page) {
        return Err(bad(&format!(
            "page must be at least 1 and page × per_page at most {depth}"
        )));
    }
    let results = store(&state).search(&criterion, page, per_page).await?;
    Ok(HttpResponse::Ok().json(results))
}

fn parse_id(text: &str) -> Result<i64> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::InvalidPath {
            detail: format!("'{text}' is not a certificate id (a positive integer)"),
        })
}

/// `GET /certificates/{id}`.
#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certificates",
    params(("id" = i64, Path, description = "Registry id")),
    responses(
        (status = 200, description = "{id, certificate, created_at, updated_at}", body = Object),
        (status = 400, description = "Not an id", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse> {
    let id = parse_id(&path)?;
    match store(&state).get(id).await? {
        Some(certificate) => Ok(HttpResponse::Ok().json(certificate)),
        None => Err(Error::NotFound(format!("no certificate with id {id}"))),
    }
}

/// `GET /certificates/{id}/history`: who changed what, when, oldest first.
#[utoipa::path(get, path = "/api/v1/certificates/{id}/history", tag = "certificates",
    params(("id" = i64, Path, description = "Registry id")),
    responses(
        (status = 200, description = "{certificate_id, history: [{id, changed_at, actor (\"registry import\" or \"registry update\"; for an admin with registry:write, who: api-key:<name> (<id>), cli:<user>, demo-seed), source (admins only), action, changes}]}", body = Object),
        (status = 400, description = "Not an id", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn history(
    admin: Option<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse> {
    let id = parse_id(&path)?;
    let store = store(&state);
    if store.get(id).await?.is_none() {
        return Err(Error::NotFound(format!("no certificate with id {id}")));
    }
    // Who imported (key names, `cli:<user>`) and from which file is the operator's business:
    // an admin allowed to write the registry (bearer key or console session) sees it; visitors
    // see only that the registry imported or updated the record.
    let operator = admin.is_some();
    let entries: Vec<serde_json::Value> = store
        .history(id)
        .await?
        .into_iter()
        .map(|entry| {
            let public_actor = if entry.action == "created" {
                "registry import"
            } else {
                "registry update"
            };
            let mut shown = serde_json::json!({
                "id": entry.id,
                "changed_at": entry.changed_at,
                "actor": if operator { entry.actor.as_str() } else { public_actor },
                "action": entry.action,
                "changes": entry.changes,
            });
            if operator && let Some(source) = &entry.source {
                shown["source"] = serde_json::Value::from(source.as_str());
            }
            shown
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "certificate_id": id, "history": entries })))
}
