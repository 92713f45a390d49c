//! Leads: a visitor's contact details and consent, their answers, the server's own report and
//! the sales tier. Erasure ([`delete`]) removes the lead and every pending webhook delivery that
//! carries it.

use serde::{Deserialize, Serialize};
use sqlx::QueryBuilder;
use utoipa::{IntoParams, ToSchema};

use crate::on_pool;
use crate::store::{Columns, Pool};
use crate::store::{Result, StoreError};

/// A lead's contact and consent are the wire contract's (`annexa_shared::wire`).
pub use annexa_shared::wire::{Consent, Contact};

/// A lead ready to store (computed by the leads route).
#[derive(Debug, Clone)]
pub struct NewLead {
    /// Lead id (UUID).
    pub id: String,
    /// The widget key it came through.
    pub widget_key: String,
    /// When it was received.
    pub created_at: String,
    /// Contact.
    pub contact: Contact,
    /// Consent.
    pub consent: Consent,
    /// Questionnaire version of the answers.
    pub questionnaire_version: String,
    /// `quick` or `full`.
    pub mode: String,
    /// The answers document as JSON.
    pub answers_json: String,
    /// The server's report as JSON.
    pub report_json: String,
    /// The report's overall score.
    pub overall: f64,
    /// Sales tier `A`/`B`/`C`.
    pub tier: String,
    /// The tier with its reasons, as JSON.
    pub qualification_json: String,
}

/// A lead in a list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LeadSummary {
    /// Lead id.
    pub id: String,
    /// When it was received (UTC).
    pub created_at: String,
    /// The widget key it came through.
    pub widget_key: String,
    /// Contact details.
    pub contact: Contact,
    /// Sales tier.
    pub tier: String,
    /// Overall readiness 0–100, computed by the server.
    pub overall: f64,
}

/// A whole lead.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Lead {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: LeadSummary,
    /// The consent given.
    pub consent: Consent,
    /// The answers document.
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    /// The server's readiness report.
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
    /// The tier with its reasons.
    #[schema(value_type = Object)]
    pub qualification: serde_json::Value,
}

/// Filters and page for [`list`].
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LeadFilter {
    /// Only this tier (`A`, `B` or `C`).
    pub tier: Option<String>,
    /// Only leads received on or after this day (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<annexa_shared::Date>,
    /// Only leads received on or before this day (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<annexa_shared::Date>,
    /// Only leads from this widget key.
    pub widget_key: Option<String>,
    /// Only leads of this e-mail address (case-insensitive): a data subject's access request.
    pub email: Option<String>,
    /// Page number, from 1 (default 1).
    pub page: Option<u32>,
    /// Leads per page, 1–200 (default 50).
    pub per_page: Option<u32>,
}

/// One page of leads.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeadPage {
    /// The leads, newest first.
    pub items: Vec<LeadSummary>,
    /// This page number.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// Leads matching the filter in all pages.
    pub total: u64,
}

impl LeadFilter {
    /// Checks the values; the page and size with their defaults, or what is wrong.
    pub fn validated(&self) -> Result<(u32, u32), String> {
        if let Some(tier) = &self.tier
            && !matches!(tier.as_str(), "A" | "B" | "C")
        {
            return Err(format!("tier must be A, B or C, not '{tier}'"));
        }
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(50);
        if page == 0 {
            return Err("page starts at 1".into());
        }
        if !(1..=200).contains(&per_page) {
            return Err(format!(
                "per_page must be between 1 and 200, not {per_page}"
            ));
        }
        Ok((page, per_page))
    }

    fn push_where<DB>(&self, query: &mut QueryBuilder<DB>)
    where
        DB: sqlx::Database,
        for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        query.push(" WHERE 1 = 1");
        if let Some(tier) = &self.tier {
            query.push(" AND tier = ").push_bind(tier.clone());
        }
        if let Some(from) = self.from {
            query
                .push(" AND created_at >= ")
                .push_bind(from.to_string());
        }
        if let Some(to) = self.to {
            // Timestamps start with the day, so "before the next day" includes all of `to`.
            let next = to
                .add_days(1)
                .map_or_else(|| String::from("9999-12-32"), |d| d.to_string());
            query.push(" AND created_at < ").push_bind(next);
        }
        if let Some(key) = &self.widget_key {
            query.push(" AND widget_key = ").push_bind(key.clone());
        }
        if let Some(email) = &self.email {
            query
                .push(" AND LOWER(contact_email) = ")
                .push_bind(email.trim().to_lowercase());
        }
    }
}

/// Stores `lead`, and queues `webhook` (url, secret, payload) in the same transaction.
pub async fn insert(
    pool: &Pool,
    lead: &NewLead,
    webhook: Option<(String, String, String)>,
) -> Result<()> {
    on_pool!(pool, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO leads (id, widget_key, created_at, contact_name, contact_email, \
             contact_company, consent_text, consent_agreed_at, questionnaire_version, mode, \
             answers_json, report_json, overall, tier, qualification_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(&lead.id)
        .bind(&lead.widget_key)
        .bind(&lead.created_at)
        .bind(&lead.contact.name)
        .bind(&lead.contact.email)
        .bind(&lead.contact.company)
        .bind(&lead.consent.text)
        .bind(&lead.consent.agreed_at)
        .bind(&lead.questionnaire_version)
        .bind(&lead.mode)
        .bind(&lead.answers_json)
        .bind(&lead.report_json)
        .bind(lead.overall)
        .bind(&lead.tier)
        .bind(&lead.qualification_json)
        .execute(&mut *tx)
        .await?;
        if let Some((url, secret, payload)) = &webhook {
            sqlx::query(crate::store::webhooks::ENQUEUE)
                .bind(crate::store::webhooks::new_id()?)
                .bind(&lead.id)
                .bind(url)
                .bind(secret)
                .bind(payload)
                .bind(crate::store::now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

const SUMMARY_COLUMNS: &str =
    "id, created_at, widget_key, contact_name, contact_email, contact_company, tier, overall";

fn summary(row: &impl Columns) -> Result<LeadSummary> {
    Ok(LeadSummary {
        id: row.text("id")?,
        created_at: row.text("created_at")?,
        widget_key: row.text("widget_key")?,
        contact: Contact {
            name: row.text("contact_name")?,
            email: row.text("contact_email")?,
            company: row.text("contact_company")?,
        },
        tier: row.text("tier")?,
        overall: row.real("overall")?,
    })
}

/// One page of leads matching `filter`, newest first.
pub async fn list(pool: &Pool, filter: &LeadFilter) -> Result<LeadPage> {
    let (page, per_page) = filter.validated().map_err(StoreError::invalid)?;
    let (total, items) = on_pool!(pool, pool => {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM leads");
        filter.push_where(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
        let mut query = QueryBuilder::new(format!("SELECT {SUMMARY_COLUMNS} FROM leads"));
        filter.push_where(&mut query);
        query
            .push(" ORDER BY created_at DESC, id LIMIT ")
            .push_bind(i64::from(per_page))
            .push(" OFFSET ")
            .push_bind(i64::from(page - 1) * i64::from(per_page));
        let rows = query.build().fetch_all(pool).await?;
        (total, rows.iter().map(summary).collect::<Result<Vec<_>>>()?)
    });
    Ok(LeadPage {
        items,
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Every lead matching `filter` (paging ignored), newest first, for the CSV export.
pub async fn all(pool: &Pool, filter: &LeadFilter) -> Result<Vec<LeadSummary>> {
    filter.validated().map_err(StoreError::invalid)?;
    on_pool!(pool, pool => {
        let mut query = QueryBuilder::new(format!("SELECT {SUMMARY_COLUMNS} FROM leads"));
        filter.push_where(&mut query);
        query.push(" ORDER BY created_at DESC, id");
        let rows = query.build().fetch_all(pool).await?;
        rows.iter().map(summary).collect()
    })
}

/// The lead `id`, if it exists.
pub async fn get(pool: &Pool, id: &str) -> Result<Option<Lead>> {
    // Only constant column names are interpolated.
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, consent_text, consent_agreed_at, answers_json, report_json, \
         qualification_json FROM leads WHERE id = $1"
    );
    on_pool!(pool, pool => {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(pool)
            .await?
        else {
            return Ok(None);
        };
        let json = |column: &str| -> Result<serde_json::Value> {
            serde_json::from_str(&row.text(column)?).map_err(StoreError::internal)
        };
        Ok(Some(Lead {
            summary: summary(&row)?,
            consent: Consent {
                text: row.text("consent_text")?,
                agreed_at: row.text("consent_agreed_at")?,
            },
            answers: json("answers_json")?,
            report: json("report_json")?,
            qualification: json("qualification_json")?,
        }))
    })
}

/// Erases lead `id` and its pending webhook deliveries; `false` when it did not exist.
pub async fn delete(pool: &Pool, id: &str) -> Result<bool> {
    super::erase_with_deliveries(
        pool,
        "DELETE FROM webhook_deliveries WHERE lead_id = $1",
        "DELETE FROM leads WHERE id = $1",
        id,
    )
    .await
}

/// Leads of widget key `key` received since `since` (a stored timestamp): the daily quota.
pub async fn count_since(pool: &Pool, key: &str, since: &str) -> Result<i64> {
    Ok(on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM leads WHERE widget_key = $1 AND created_at >= $2",
    )
    .bind(key)
    .bind(since)
    .fetch_one(pool)
    .await?))
}

/// The id and tier of the newest lead of `email` (case-insensitive) through widget key `key`
/// since `since`: a repeated submission within the de-duplication window.
pub async fn recent_of(
    pool: &Pool,
    key: &str,
    email: &str,
    since: &str,
) -> Result<Option<(String, String)>> {
    Ok(on_pool!(pool, pool => sqlx::query_as(
        "SELECT id, tier FROM leads WHERE widget_key = $1 AND LOWER(contact_email) = $2 \
         AND created_at >= $3 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(key)
    .bind(email.trim().to_lowercase())
    .bind(since)
    .fetch_optional(pool)
    .await?))
}

/// What an erasure by e-mail address removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Erasure {
    /// The erasure's record id (`era_…`); the record keeps the counts, never the address.
    pub id: String,
    /// When it happened (UTC).
    pub erased_at: String,
    /// Leads erased.
    pub leads_erased: u64,
    /// Queued webhook deliveries cancelled with them.
    pub deliveries_cancelled: u64,
}

/// Erases every lead of `email` (case-insensitive) and their queued webhook deliveries, and
/// records the erasure (when, how many, by which key id) without the address.
pub async fn erase_by_email(pool: &Pool, email: &str, requested_by: &str) -> Result<Erasure> {
    let email = email.trim().to_lowercase();
    let id = format!(
        "era_{}",
        crate::store::random_hex(10).map_err(StoreError::internal)?
    );
    let erased_at = crate::store::now();
    let (leads, deliveries) = on_pool!(pool, pool => {
        let mut tx = pool.begin().await?;
        let deliveries = sqlx::query(
            "DELETE FROM webhook_deliveries WHERE lead_id IN \
             (SELECT id FROM leads WHERE LOWER(contact_email) = $1)",
        )
        .bind(&email)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let leads = sqlx::query("DELETE FROM leads WHERE LOWER(contact_email) = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "INSERT INTO erasures (id, erased_at, leads_erased, deliveries_cancelled, \
             requested_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&erased_at)
        .bind(i64::try_from(leads).unwrap_or(i64::MAX))
        .bind(i64::try_from(deliveries).unwrap_or(i64::MAX))
        .bind(requested_by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        (leads, deliveries)
    });
    Ok(Erasure {
        id,
        erased_at,
        leads_erased: leads,
        deliveries_cancelled: deliveries,
    })
}

/// Deletes every lead received before `cutoff` (a stored timestamp) with its queued deliveries:
/// the retention period. Returns how many leads went.
pub async fn purge_before(pool: &Pool, cutoff: &str) -> Result<u64> {
    Ok(on_pool!(pool, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "DELETE FROM webhook_deliveries WHERE lead_id IN \
             (SELECT id FROM leads WHERE created_at < $1)",
        )
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
        let purged = sqlx::query("DELETE FROM leads WHERE created_at < $1")
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        purged
    }))
}
