//! Leads: a visitor's contact details and consent, their answers, the server's own report and
//! the sales tier. Erasure ([`delete`]) removes the lead and every pending webhook delivery that
//! carries it.

use serde::Serialize;
use sqlx::{QueryBuilder, Row};
use utoipa::ToSchema;

use crate::on_pool;
use crate::store::{BeginWrite, Columns, Pool};
use crate::store::{Result, StoreError};

use annexa_shared::wire::leads::{BAND_CODES, band_code};
/// A lead's contact and consent, the lead as listed and whole, a page and the inbox's filter
/// are the wire contract's (`annexa_shared::wire`), shared with the console.
pub use annexa_shared::wire::{
    Consent, Contact, Lead, LeadActivity, LeadFilter, LeadPage, LeadSort, LeadSummary, SalesStatus,
    SortDirection,
};

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
    /// The report's readiness band.
    pub band: annexa_shared::Band,
    /// The tier with its reasons, as JSON.
    pub qualification_json: String,
}

/// How a search's matches are best read, once their number is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Matches {
    /// Few, or not counted yet: fetch each match by its id, then sort them.
    Few,
    /// Many (a common name, one letter): walk the leads in the page's order and keep the
    /// matches, so a page stops after its first rows instead of sorting thousands.
    Many,
}

/// Above this many matches a search reads the leads in the page's order ([`Matches::Many`]).
const MANY_MATCHES: i64 = 2_000;

/// Builds the `WHERE` clause of `filter` (validated before) onto `query`.
fn push_where<DB>(filter: &LeadFilter, matches: Matches, query: &mut QueryBuilder<DB>)
where
    DB: sqlx::Database,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    query.push(" WHERE 1 = 1");
    if let Some(q) = filter.search() {
        push_search(&folded(q), matches, query);
    }
    if let Some(tier) = &filter.tier {
        query.push(" AND tier = ").push_bind(tier.clone());
    }
    if let Some(band) = filter.band {
        query
            .push(" AND band = ")
            .push_bind(band_code(band).to_string());
    }
    if let Some(status) = filter.status {
        query
            .push(" AND sales_status = ")
            .push_bind(status.code().to_string());
    }
    if let Some(from) = filter.from {
        query
            .push(" AND created_at >= ")
            .push_bind(from.to_string());
    }
    if let Some(to) = filter.to {
        // Timestamps start with the day, so "before the next day" includes all of `to`.
        let next = to
            .add_days(1)
            .map_or_else(|| String::from("9999-12-32"), |d| d.to_string());
        query.push(" AND created_at < ").push_bind(next);
    }
    if let Some(key) = &filter.widget_key {
        query.push(" AND widget_key = ").push_bind(key.clone());
    }
    if let Some(email) = &filter.email {
        query
            .push(" AND LOWER(contact_email) = ")
            .push_bind(email.trim().to_lowercase());
    }
}

/// `text` with LIKE's wildcards and the escape character escaped.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as the search compares it: without accents and in lower case ("Müller", "MULLER" and
/// "muller" all read "muller"), by one rule on both databases (SQLite's `LOWER` folds ASCII
/// letters only, and PostgreSQL's depends on the database's locale). Each contact field is
/// stored folded beside the field as received.
pub fn folded(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// Shortest search the trigram index can answer (SQLite).
const TRIGRAM_CHARS: usize = 3;

/// Narrows `query` to leads whose folded name, e-mail address or company contains `q` (folded).
fn push_search<DB>(q: &str, matches: Matches, query: &mut QueryBuilder<DB>)
where
    DB: sqlx::Database,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if DB::NAME == "SQLite" && q.chars().count() >= TRIGRAM_CHARS {
        // The trigram index finds exactly the leads with `q` inside one field: a phrase of
        // trigrams is a substring (in double quotes, with its own quotes doubled, so that no
        // character of `q` is read as query syntax).
        let phrase = format!("\"{}\"", q.replace('"', "\"\""));
        // `+id` keeps SQLite from looking the matches up by id, so that it reads the leads in
        // the page's order (the index of the sort) instead.
        let lead_id = match matches {
            Matches::Few => " AND id IN",
            Matches::Many => " AND +id IN",
        };
        query
            .push(lead_id)
            .push(
                " (SELECT s.lead_id FROM lead_search_rows s WHERE s.row IN \
                 (SELECT rowid FROM lead_contact_text WHERE lead_contact_text MATCH ",
            )
            .push_bind(phrase)
            .push("))");
        return;
    }
    // A substring anywhere, with the pattern's own wildcards escaped: portable SQL.
    let pattern = format!("%{}%", like_escaped(q));
    query
        .push(" AND (name_folded LIKE ")
        .push_bind(pattern.clone())
        .push(" ESCAPE '\\' OR email_folded LIKE ")
        .push_bind(pattern.clone())
        .push(" ESCAPE '\\' OR company_folded LIKE ")
        .push_bind(pattern)
        .push(" ESCAPE '\\')");
}

/// The `ORDER BY` of `filter`: the column asked for, then the newest first and the id, so that
/// equal values keep one order from page to page. Only constant SQL is returned.
fn order_by(filter: &LeadFilter) -> &'static str {
    use SortDirection::{Asc, Desc};
    match filter.ordering() {
        (LeadSort::Received, Desc) => " ORDER BY created_at DESC, id DESC",
        (LeadSort::Received, Asc) => " ORDER BY created_at ASC, id ASC",
        (LeadSort::Company, Asc) => " ORDER BY company_folded ASC, created_at DESC, id DESC",
        (LeadSort::Company, Desc) => " ORDER BY company_folded DESC, created_at DESC, id DESC",
        (LeadSort::Score, Asc) => " ORDER BY overall ASC, created_at DESC, id DESC",
        (LeadSort::Score, Desc) => " ORDER BY overall DESC, created_at DESC, id DESC",
        (LeadSort::Tier, Asc) => " ORDER BY tier ASC, created_at DESC, id DESC",
        (LeadSort::Tier, Desc) => " ORDER BY tier DESC, created_at DESC, id DESC",
    }
}

/// Folds the contact fields of leads stored before the folded columns existed (migration
/// `0008`), a thousand per transaction; the number of leads folded. Run when the database is
/// opened; a lead stored since then is folded as it is inserted.
pub async fn fold_stored_contacts(pool: &Pool) -> Result<u64> {
    const BATCH: i64 = 1_000;
    let mut folded_leads = 0;
    loop {
        let done = on_pool!(pool, pool => {
            let rows = sqlx::query(
                "SELECT id, contact_name, contact_email, contact_company FROM leads \
                 WHERE name_folded IS NULL LIMIT $1",
            )
            .bind(BATCH)
            .fetch_all(pool)
            .await?;
            let mut tx = pool.begin_write().await?;
            for row in &rows {
                sqlx::query(
                    "UPDATE leads SET name_folded = $2, email_folded = $3, company_folded = $4 \
                     WHERE id = $1",
                )
                .bind(row.text("id")?)
                .bind(folded(&row.text("contact_name")?))
                .bind(folded(&row.text("contact_email")?))
                .bind(folded(&row.text("contact_company")?))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            rows.len() as u64
        });
        folded_leads += done;
        if done < BATCH as u64 {
            return Ok(folded_leads);
        }
    }
}

/// The start of the statement that inserts a lead's row: its columns, whose values are
/// `lead_values!` (`$1`–`$20`, in [`submit`]'s binding order).
macro_rules! lead_columns {
    () => {
        "INSERT INTO leads (id, widget_key, created_at, contact_name, contact_email, \
         contact_company, consent_text, consent_agreed_at, questionnaire_version, mode, \
         answers_json, report_json, overall, tier, qualification_json, band, sales_status, \
         name_folded, email_folded, company_folded) "
    };
}

/// The parameters of a lead's row, in `lead_columns!`' order.
macro_rules! lead_values {
    () => {
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20"
    };
}

/// The checks a lead passes before it is stored: de-duplication and the daily quota. `None`
/// turns a check off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Admission<'a> {
    /// A lead of the same address (case-insensitive) through the same key received at or
    /// after this time (a stored timestamp) is answered instead of storing a new one.
    pub repeat_since: Option<&'a str>,
    /// At most this many leads of the key received at or after this time.
    pub daily_quota: Option<(&'a str, i64)>,
}

/// What became of a submitted lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admitted {
    /// Stored, with its webhook delivery if it had one ([`submit`]); or, from a look before
    /// it, nothing stands in the way yet.
    Stored,
    /// The address sent one recently through this key: that lead's id and tier; nothing stored.
    Repeat { id: String, tier: String },
    /// The key's daily quota is reached (`today` leads so far); nothing stored.
    OverQuota { today: i64 },
}

impl Admission<'_> {
    pub(crate) fn day_start(&self) -> Option<&str> {
        self.daily_quota.map(|(start, _)| start)
    }

    fn quota(&self) -> Option<i64> {
        self.daily_quota.map(|(_, quota)| quota)
    }

    /// What the look found: the earlier lead's id and tier (or NULLs), the key's leads today
    /// (not counted after a repeat: 0).
    pub(crate) fn decide(&self, id: Option<String>, tier: Option<String>, today: i64) -> Admitted {
        match (id.zip(tier), self.quota()) {
            (Some((id, tier)), _) => Admitted::Repeat { id, tier },
            (None, Some(quota)) if today >= quota => Admitted::OverQuota { today },
            (None, _) => Admitted::Stored,
        }
    }
}

/// The look before a lead is stored (`$1` key, `$2` lower-cased address, `$3` the
/// de-duplication window's start, `$4` the day's start; NULL turns a check off): the newest
/// lead of the address through the key in the window, and the key's leads of the day, counted
/// only when there is no such lead (a repeat is answered whatever the count: 0 then). SQLite
/// asks it in [`submit`]'s write transaction; both stores ask it first with the widget key
/// (`widget_keys::for_submission`). The same query as PostgreSQL's function
/// `annexa_lead_admission` (migration 0011), which [`SUBMIT`] calls.
///
/// The count reads its bounds through sub-selects, `(SELECT $1)`, so that PostgreSQL plans the
/// statement once per connection. With the values in sight, its plan cache estimated a few leads
/// for the key and day where the generic plan assumes the average key's, found the plan made for
/// the values cheaper, and planned the statement again at every submission: on a database with
/// leads of several keys, planning (the 13 indexes of `leads`, twice) took about four times as
/// long as running the look (the server's CPU per statement: 283 µs, 55 µs planned once).
pub(crate) const ADMISSION: &str = "SELECT earlier.id AS repeat_id, earlier.tier AS repeat_tier, \
     CASE WHEN earlier.id IS NULL THEN (SELECT COUNT(*) FROM leads \
     WHERE widget_key = (SELECT $1) AND created_at >= (SELECT $4)) ELSE 0 END AS today \
     FROM (SELECT 1) AS one \
     LEFT JOIN (SELECT id, tier FROM leads WHERE widget_key = $1 AND LOWER(contact_email) = $2 \
     AND created_at >= $3 ORDER BY created_at DESC LIMIT 1) AS earlier ON TRUE";

/// PostgreSQL's whole submission in one statement: the checks (`$21`–`$24`: address, window,
/// day, quota), the lead's row if they pass, and its webhook delivery (`$25`–`$29`: id, url,
/// secret, payload, due; all NULL for a lead without a webhook) with it. One round trip, all or
/// nothing; see migration 0010 for why two submissions at once cannot both pass.
const SUBMIT: &str = concat!(
    "WITH admission AS MATERIALIZED (SELECT * FROM annexa_lead_admission($2, $21, $22, $23)), \
     lead AS (",
    lead_columns!(),
    "SELECT ",
    lead_values!(),
    " FROM admission WHERE repeat_id IS NULL AND ($24::BIGINT IS NULL OR today < $24) \
     RETURNING id), \
     delivery AS (INSERT INTO webhook_deliveries (id, lead_id, url, secret, payload, attempts, \
     next_attempt_at) SELECT $25, id, $26, $27, $28, 0, $29 FROM lead WHERE $25 IS NOT NULL) \
     SELECT repeat_id, repeat_tier, today FROM admission"
);

/// Stores `lead` and queues `webhook` (url, secret, payload) with it, with no checks (demo
/// data, imports, tests).
pub async fn insert(
    pool: &Pool,
    lead: &NewLead,
    webhook: Option<(String, String, String)>,
) -> Result<()> {
    submit(pool, lead, webhook, Admission::default()).await?;
    Ok(())
}

/// Stores `lead` if it passes `admission`'s checks, and queues `webhook` (url, secret,
/// payload) with it, all or nothing. The checks and the insert are one step: of submissions
/// arriving together, only as many pass as would one after the other. On PostgreSQL that is
/// one statement ([`SUBMIT`]: one round trip); SQLite has no `INSERT` in a `WITH`, and its
/// statements cost no round trip, so there it is a write transaction, which no other writer
/// enters between the look and the insert.
pub async fn submit(
    pool: &Pool,
    lead: &NewLead,
    webhook: Option<(String, String, String)>,
    admission: Admission<'_>,
) -> Result<Admitted> {
    let email = lead.contact.email.trim().to_lowercase();
    let delivery = match &webhook {
        Some((url, secret, payload)) => Some((
            crate::store::webhooks::new_id()?,
            url,
            secret,
            payload,
            crate::store::now(),
        )),
        None => None,
    };
    let postgres = matches!(pool, Pool::Postgres(..));
    let held = pool.held();
    let admitted = on_pool!(pool, pool => {
        let sql = if postgres {
            SUBMIT
        } else {
            concat!(lead_columns!(), "VALUES (", lead_values!(), ")")
        };
        let query = sqlx::query(sql)
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
            .bind(band_code(lead.band))
            .bind(SalesStatus::New.code())
            .bind(folded(&lead.contact.name))
            .bind(folded(&lead.contact.email))
            .bind(folded(&lead.contact.company));
        if postgres {
            let query = query
                .bind(&email)
                .bind(admission.repeat_since)
                .bind(admission.day_start())
                .bind(admission.quota());
            let (id, url, secret, payload, due) = match &delivery {
                Some((id, url, secret, payload, due)) => {
                    (Some(id), Some(*url), Some(*secret), Some(*payload), Some(due))
                }
                None => (None, None, None, None, None),
            };
            let query = query.bind(id).bind(url).bind(secret).bind(payload).bind(due);
            let rows = super::held::fetch_all(pool, held, query).await?;
            let row = rows.first().ok_or(sqlx::Error::RowNotFound)?;
            admission.decide(row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)
        } else {
            let mut tx = pool.begin_write().await?;
            let (id, tier, today): (Option<String>, Option<String>, i64) =
                sqlx::query_as(ADMISSION)
                    .bind(&lead.widget_key)
                    .bind(&email)
                    .bind(admission.repeat_since)
                    .bind(admission.day_start())
                    .fetch_one(&mut *tx)
                    .await?;
            let admitted = admission.decide(id, tier, today);
            if admitted == Admitted::Stored {
                query.execute(&mut *tx).await?;
                if let Some((id, url, secret, payload, due)) = &delivery {
                    sqlx::query(crate::store::webhooks::ENQUEUE)
                        .bind(id)
                        .bind(&lead.id)
                        .bind(*url)
                        .bind(*secret)
                        .bind(*payload)
                        .bind(due)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
            }
            admitted
        }
    });
    Ok(admitted)
}

const SUMMARY_COLUMNS: &str = "id, created_at, widget_key, contact_name, contact_email, \
     contact_company, tier, overall, band, sales_status";

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
        band: {
            let band = row.text("band")?;
            BAND_CODES
                .iter()
                .find(|(_, code)| *code == band)
                .map(|(b, _)| *b)
                .ok_or_else(|| StoreError::internal(format!("unknown band '{band}'")))?
        },
        sales_status: {
            let status = row.text("sales_status")?;
            SalesStatus::from_code(&status)
                .ok_or_else(|| StoreError::internal(format!("unknown status '{status}'")))?
        },
    })
}

/// One page of leads matching `filter`, in its order (newest first by default).
pub async fn list(pool: &Pool, filter: &LeadFilter) -> Result<LeadPage> {
    let (page, per_page) = filter.validated().map_err(StoreError::invalid)?;
    let (total, items) = on_pool!(pool, pool => {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM leads");
        push_where(filter, Matches::Few, &mut count);
        let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
        let matches = if total > MANY_MATCHES { Matches::Many } else { Matches::Few };
        let mut query = QueryBuilder::new(format!("SELECT {SUMMARY_COLUMNS} FROM leads"));
        push_where(filter, matches, &mut query);
        query
            .push(order_by(filter))
            .push(" LIMIT ")
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

/// Every lead matching `filter` (paging ignored), in its order, for the CSV export.
pub async fn all(pool: &Pool, filter: &LeadFilter) -> Result<Vec<LeadSummary>> {
    filter.validated().map_err(StoreError::invalid)?;
    on_pool!(pool, pool => {
        let mut query = QueryBuilder::new(format!("SELECT {SUMMARY_COLUMNS} FROM leads"));
        push_where(filter, Matches::Few, &mut query);
        query.push(order_by(filter));
        let rows = query.build().fetch_all(pool).await?;
        rows.iter().map(summary).collect()
    })
}

/// The lead `id` with its follow-up, if it exists.
pub async fn get(pool: &Pool, id: &str) -> Result<Option<Lead>> {
    // Only constant column names are interpolated.
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, consent_text, consent_agreed_at, answers_json, report_json, \
         qualification_json FROM leads WHERE id = $1"
    );
    let lead = on_pool!(pool, pool => {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(pool)
            .await?
        else {
            return Ok(None);
        };
        Lead {
            summary: summary(&row)?,
            consent: Consent {
                text: row.text("consent_text")?,
                agreed_at: row.text("consent_agreed_at")?,
            },
            answers: stored_json(&row.text("answers_json")?)?,
            report: stored_json(&row.text("report_json")?)?,
            qualification: stored_json(&row.text("qualification_json")?)?,
            activity: Vec::new(),
        }
    });
    Ok(Some(Lead {
        activity: activity(pool, id).await?,
        ..lead
    }))
}

/// A JSON document the server stored itself: unreadable is the server's fault.
fn stored_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(StoreError::internal)
}

/// A stored activity row: at, by, status, previous status, note.
type ActivityRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The status changes and notes of lead `id`, oldest first.
pub async fn activity(pool: &Pool, id: &str) -> Result<Vec<LeadActivity>> {
    let rows: Vec<ActivityRow> = on_pool!(
        pool,
        pool => sqlx::query_as(
            "SELECT at, by_label, status, previous_status, note FROM lead_activity \
             WHERE lead_id = $1 ORDER BY seq, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    );
    rows.into_iter()
        .map(|(at, by, status, previous, note)| {
            let status_of = |code: Option<String>| -> Result<Option<SalesStatus>> {
                code.map(|c| {
                    SalesStatus::from_code(&c)
                        .ok_or_else(|| StoreError::internal(format!("unknown status '{c}'")))
                })
                .transpose()
            };
            Ok(LeadActivity {
                at,
                by,
                status: status_of(status)?,
                previous_status: status_of(previous)?,
                note,
            })
        })
        .collect()
}

/// Sets lead `id`'s sales status to `status`, recording who (`by`) and when if it changed;
/// `false` when the lead does not exist.
pub async fn set_status(pool: &Pool, id: &str, status: SalesStatus, by: &str) -> Result<bool> {
    let activity_id = new_activity_id()?;
    let at = crate::store::now();
    Ok(on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT sales_status FROM leads WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        match current {
            None => false,
            Some(current) if current == status.code() => true,
            Some(current) => {
                sqlx::query("UPDATE leads SET sales_status = $1 WHERE id = $2")
                    .bind(status.code())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO lead_activity (id, lead_id, seq, at, by_label, status, \
                     previous_status, note) VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 \
                     FROM lead_activity WHERE lead_id = $2), $3, $4, $5, $6, NULL)",
                )
                .bind(&activity_id)
                .bind(id)
                .bind(&at)
                .bind(by)
                .bind(status.code())
                .bind(current)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                true
            }
        }
    }))
}

/// Adds a note to lead `id`, recording who (`by`) and when; `false` when the lead does not
/// exist.
pub async fn add_note(pool: &Pool, id: &str, note: &str, by: &str) -> Result<bool> {
    let activity_id = new_activity_id()?;
    let at = crate::store::now();
    Ok(on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM leads WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            sqlx::query(
                "INSERT INTO lead_activity (id, lead_id, seq, at, by_label, status, \
                 previous_status, note) VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 \
                 FROM lead_activity WHERE lead_id = $2), $3, $4, NULL, NULL, $5)",
            )
            .bind(&activity_id)
            .bind(id)
            .bind(&at)
            .bind(by)
            .bind(note)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        exists.is_some()
    }))
}

fn new_activity_id() -> Result<String> {
    Ok(format!(
        "act_{}",
        crate::store::random_hex(10).map_err(StoreError::internal)?
    ))
}

/// Erases lead `id` with its sales notes and status history, its pending webhook deliveries
/// and its finished deliveries' log rows; `false` when it did not exist.
pub async fn delete(pool: &Pool, id: &str) -> Result<bool> {
    on_pool!(pool, pool => {
        for sql in [
            "DELETE FROM lead_activity WHERE lead_id = $1",
            "DELETE FROM webhook_delivery_log WHERE lead_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(pool).await?;
        }
    });
    super::erase_with_deliveries(
        pool,
        "DELETE FROM webhook_deliveries WHERE lead_id = $1",
        "DELETE FROM leads WHERE id = $1",
        id,
    )
    .await
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

/// Erases every lead of `email` (case-insensitive), their queued webhook deliveries and their
/// deliveries' log rows, and records the erasure (when, how many, by which key id) without the
/// address.
pub async fn erase_by_email(pool: &Pool, email: &str, requested_by: &str) -> Result<Erasure> {
    let email = email.trim().to_lowercase();
    let id = format!(
        "era_{}",
        crate::store::random_hex(10).map_err(StoreError::internal)?
    );
    let erased_at = crate::store::now();
    let (leads, deliveries) = on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        for table in ["lead_activity", "webhook_delivery_log"] {
            let sql = format!(
                "DELETE FROM {table} WHERE lead_id IN \
                 (SELECT id FROM leads WHERE LOWER(contact_email) = $1)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(&email)
                .execute(&mut *tx)
                .await?;
        }
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
        let mut tx = pool.begin_write().await?;
        // What hangs on a lead goes first: its history, its queued deliveries and their log.
        for table in ["lead_activity", "webhook_deliveries", "webhook_delivery_log"] {
            let sql = format!(
                "DELETE FROM {table} WHERE lead_id IN (SELECT id FROM leads WHERE created_at < $1)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
        }
        let purged = sqlx::query("DELETE FROM leads WHERE created_at < $1")
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        purged
    }))
}
