//! `POST /api/v1/leads`: the widget's lead submission.
//!
//! The server never trusts a client-computed score: it validates the answers, recomputes the
//! report and the sales tier with `annexa-shared`, and stores its own. A `report` sent by the
//! client is accepted for compatibility and ignored, and so is the client's consent time: the
//! server records when it received the consent.
//!
//! Against flooding: every free-text field has a length limit; a widget key takes at most
//! `--lead-daily-quota` leads a day; the same address through the same key within
//! `--lead-dedup-hours` is answered with the lead already stored, not stored again. Both are
//! decided with the insert itself (`leads::submit`), so submissions arriving together pass
//! only as many as would one after the other: a double click stores one lead. Two checks
//! catch simple robots without cookies or a third-party challenge: `website`, a field the
//! widget never shows (a honeypot), must stay empty, and `started_at`, when the widget started,
//! must be at least `--lead-min-seconds` ago. A submission failing either is answered like a
//! stored one (so the robot learns nothing) and dropped.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use annexa_shared::QUESTIONNAIRE_VERSION;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::assessment::answers_error;
use crate::error::{Error, FieldError, Result};
use crate::http::extract::ApiJson;
use crate::http::{AppState, cors};
use crate::store::leads::{self, Consent, Contact, Lead, LeadSummary, NewLead, SalesStatus};
use crate::store::{self, widget_keys};
pub use annexa_shared::wire::{LeadCreated, LeadSubmission, SubmittedConsent};

/// Trims the contact fields and checks them and the consent with the wire contract's rules
/// (the widget checks the same before sending).
fn validate(contact: &mut Contact, consent: &SubmittedConsent) -> Result<()> {
    *contact = contact.trimmed();
    let mut errors = contact.problems();
    errors.extend(consent.problems());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation {
            detail: errors
                .iter()
                .map(|e| format!("{}: {}", e.pointer, e.detail))
                .collect::<Vec<_>>()
                .join("; "),
            errors,
        })
    }
}

/// Receives a lead from the widget: recomputes the report and tier, stores everything, queues
/// the webhook, and answers with the lead id. Public; CORS only for the key's origins.
#[utoipa::path(post, path = "/api/v1/leads", tag = "widget",
    request_body = LeadSubmission,
    responses(
        (status = 200, description = "The same address sent a lead through this key recently: that lead (nothing new stored)", body = LeadCreated),
        (status = 201, description = "Stored", body = LeadCreated),
        (status = 400, description = "Not JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Origin not allowed for this key, or lead capture disabled", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown widget key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid contact, consent or answers, or unknown questionnaire version", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited (per IP or per widget key), or the key's daily lead quota is reached", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiJson(submission): ApiJson<LeadSubmission>,
) -> Result<HttpResponse> {
    let LeadSubmission {
        widget_key,
        mut contact,
        consent,
        answers,
        report: _ignored,
        website,
        started_at,
    } = submission;
    // A malformed key is refused before it reaches the database or a rate limiter; the limiter
    // is charged only with keys that exist, so its memory stays bounded by the real keys.
    if !widget_keys::valid_key(&widget_key) {
        return Err(Error::UnknownWidgetKey(
            widget_key.chars().take(64).collect(),
        ));
    }
    let limits = &state.config.leads;
    let received = OffsetDateTime::now_utc();
    let repeat_since = (limits.dedup_hours > 0)
        .then(|| store::timestamp(received - time::Duration::hours(i64::from(limits.dedup_hours))));
    let day_start = (limits.daily_quota > 0)
        .then(|| store::timestamp(received.replace_time(time::Time::MIDNIGHT)));
    let admission = leads::Admission {
        repeat_since: repeat_since.as_deref(),
        daily_quota: day_start
            .as_deref()
            .map(|start| (start, i64::from(limits.daily_quota))),
    };
    // The key, its webhook and a first look at the checks, in one statement.
    let widget_keys::ForSubmission {
        key,
        webhook,
        admitted,
    } = widget_keys::for_submission(&state.pool, &widget_key, &contact.email, admission)
        .await?
        .ok_or_else(|| Error::UnknownWidgetKey(widget_key.clone()))?;
    cors::check_origin(&req, &key)?;
    state.limits.check_widget_key(&key.key)?;
    if !key.lead_capture {
        return Err(Error::LeadCaptureDisabled(key.key));
    }
    validate(&mut contact, &consent)?;
    let started_at = match started_at
        .as_deref()
        .map(|t| OffsetDateTime::parse(t, &Rfc3339))
    {
        Some(Ok(at)) => Some(at),
        Some(Err(_)) => {
            return Err(Error::Validation {
                detail: "/started_at: must be an RFC 3339 date and time".into(),
                errors: vec![FieldError::new(
                    "/started_at",
                    "must be an RFC 3339 date and time, e.g. 2026-11-29T18:30:00Z",
                )],
            });
        }
        None => None,
    };
    // The stored consent must be the text the site owner configured, i.e. what the visitor saw.
    if consent.text.trim() != key.consent_text.trim() {
        return Err(Error::Validation {
            detail: format!(
                "/consent/text: not the consent text of widget key '{}' (see GET /api/v1/widget-config/{})",
                key.key, key.key
            ),
            errors: vec![FieldError::new(
                "/consent/text",
                "must be exactly the consent_text of the widget key",
            )],
        });
    }
    let too_fast = started_at
        .is_some_and(|at| (received - at) < time::Duration::seconds(i64::from(limits.min_seconds)));
    if website.is_some_and(|w| !w.trim().is_empty()) || too_fast {
        // A robot: answered like a stored lead, so it learns nothing, and dropped.
        tracing::info!(widget_key = %key.key, too_fast, "lead dropped as automated");
        return Ok(HttpResponse::Created().json(LeadCreated {
            id: uuid::Uuid::new_v4().to_string(),
            tier: String::from("C"),
            duplicate: false,
        }));
    }
    // A repeat or a submission over the quota is answered before it is scored; `submit` checks
    // again as it stores, for submissions arriving together.
    if let Some(refusal) = refusal(admitted, &key.key, received) {
        return refusal;
    }
    let consent = Consent {
        text: consent.text,
        agreed_at: store::timestamp(received),
    };
    if answers.questionnaire_version != QUESTIONNAIRE_VERSION {
        return Err(Error::UnknownQuestionnaireVersion(
            answers.questionnaire_version.chars().take(60).collect(),
        ));
    }
    let report = annexa_shared::score(&answers).map_err(|e| nest(answers_error(&answers, e)))?;
    let qualification =
        annexa_shared::qualify_lead(&answers.profile, &report, crate::clock::today());
    let tier = to_value(&qualification.tier)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::internal("tier is not a string"))?;

    let lead = Lead {
        summary: LeadSummary {
            id: uuid::Uuid::new_v4().to_string(),
            created_at: store::now(),
            widget_key: key.key.clone(),
            contact,
            tier: tier.clone(),
            overall: report.overall,
            band: report.band,
            sales_status: SalesStatus::New,
        },
        consent,
        answers,
        report,
        qualification,
        activity: Vec::new(),
    };
    let webhook = webhook.map(|(url, secret)| {
        let payload = serde_json::json!({ "event": "lead.created", "lead": &lead });
        (url, secret, payload.to_string())
    });
    let new = NewLead {
        id: lead.summary.id.clone(),
        widget_key: key.key,
        created_at: lead.summary.created_at.clone(),
        contact: lead.summary.contact.clone(),
        consent: lead.consent.clone(),
        questionnaire_version: lead.answers.questionnaire_version.clone(),
        mode: lead.answers.mode.as_str().to_owned(),
        // The canonical serialisations (what `annexa score` and the widget produce).
        answers_json: serde_json::to_string(&lead.answers).map_err(Error::internal)?,
        report_json: serde_json::to_string(&lead.report).map_err(Error::internal)?,
        overall: lead.report.overall,
        tier: tier.clone(),
        band: lead.report.band,
        qualification_json: serde_json::to_string(&lead.qualification).map_err(Error::internal)?,
    };
    let has_webhook = webhook.is_some();
    if let Some(refusal) = refusal(
        leads::submit(&state.pool, &new, webhook, admission).await?,
        &new.widget_key,
        received,
    ) {
        return refusal;
    }
    state.metrics.lead_created();
    if has_webhook {
        state.webhooks.wake();
    }
    tracing::info!(lead = %new.id, widget_key = %new.widget_key, tier = %tier, "lead stored");
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/leads/{}", new.id)))
        .json(LeadCreated {
            id: new.id,
            tier,
            duplicate: false,
        }))
}

/// The answer to a submission the checks did not let through (`None`: stored, or nothing
/// against it): the earlier lead of a repeat, or 429 until midnight (UTC) over the quota.
fn refusal(
    admitted: leads::Admitted,
    widget_key: &str,
    received: OffsetDateTime,
) -> Option<Result<HttpResponse>> {
    match admitted {
        leads::Admitted::Stored => None,
        leads::Admitted::Repeat { id, tier } => Some(Ok(HttpResponse::Ok().json(LeadCreated {
            id,
            tier,
            duplicate: true,
        }))),
        leads::Admitted::OverQuota { today } => {
            let tomorrow = received.replace_time(time::Time::MIDNIGHT) + time::Duration::days(1);
            tracing::warn!(widget_key, today, "daily lead quota reached");
            Some(Err(Error::RateLimited {
                retry_after_secs: u64::try_from((tomorrow - received).whole_seconds())
                    .unwrap_or(60)
                    .max(1),
            }))
        }
    }
}

/// Answers errors point into the `answers` member of the submission.
fn nest(error: Error) -> Error {
    match error {
        Error::InvalidAnswers { detail, errors } => Error::InvalidAnswers {
            detail,
            errors: errors
                .into_iter()
                .map(|e| FieldError::new(format!("/answers{}", e.pointer), e.detail))
                .collect(),
        },
        other => other,
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(Error::internal)
}
