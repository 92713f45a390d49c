//! Widget keys: the public identifier a site owner puts in `<annexa-readiness data-key="…">`,
//! with the origins allowed to use it, whether it captures leads, the consent text shown to
//! visitors and an optional webhook.

pub use annexa_shared::wire::CtaStyle;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;
use crate::on_pool;
use crate::store::leads;
use crate::store::{BeginWrite, Columns, Pool};
use crate::store::{Result, StoreError};
use crate::store::{now, random_hex};

/// A widget key as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct WidgetKey {
    /// The key (`demo`, `wk_3f2a…`).
    pub key: String,
    /// Who owns the site, shown in the consent text.
    pub owner_name: String,
    /// Whether the widget offers to send the assessment as a lead.
    pub lead_capture: bool,
    /// The consent text visitors agree to.
    pub consent_text: String,
    /// Browser origins allowed to use the key (`https://www.example.com`).
    pub allowed_origins: Vec<String>,
    /// Where each new lead is POSTed, if anywhere (a password or token in it shown as `***`).
    pub webhook_url: Option<String>,
    /// When it was created (UTC).
    pub created_at: String,
    /// How the report offers the next step: the lead form inline, or a button that opens it.
    pub cta_style: CtaStyle,
    /// The call to action's wording (the widget's own when absent).
    pub cta_text: Option<String>,
    /// A page where the visitor can book a call, offered next to the lead form.
    pub booking_url: Option<String>,
    /// Whether the widget counts its funnel (shown, started, report, lead) for this key.
    pub analytics: bool,
    /// The accent colour of the widget's buttons, links and charts (`#rgb` or `#rrggbb`), or
    /// `null` for the widget's own. A page's `data-accent` wins over it.
    #[schema(pattern = "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]
    pub accent: Option<String>,
}

/// A widget key to create (or, in `PUT /api/v1/widget-keys/{key}`, its new settings).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWidgetKey {
    /// The key; generated (`wk_…`) when absent. 3–64 of `A-Z a-z 0-9 _ -`.
    #[serde(default)]
    pub key: Option<String>,
    /// Who owns the site.
    pub owner_name: String,
    /// Whether leads are collected (default true).
    #[serde(default = "default_true")]
    pub lead_capture: bool,
    /// The consent text; a default naming the owner when absent.
    #[serde(default)]
    pub consent_text: Option<String>,
    /// Origins allowed to embed the widget, e.g. `https://www.example.com`.
    pub allowed_origins: Vec<String>,
    /// Optional `https://` URL that receives each new lead, signed with HMAC-SHA256.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// `inline` (default): the lead form is on the report's first screen; `button`: a button
    /// there opens it.
    #[serde(default)]
    pub cta_style: CtaStyle,
    /// The call to action's wording, at most 120 characters (the widget's own when absent).
    #[serde(default)]
    pub cta_text: Option<String>,
    /// An `http://` or `https://` page where visitors book a call, shown beside the form.
    #[serde(default)]
    pub booking_url: Option<String>,
    /// Whether the widget counts its funnel anonymously (default true); when false it sends
    /// nothing.
    #[serde(default = "default_true")]
    pub analytics: bool,
    /// The accent colour of the widget's buttons, links and charts, `#rgb` or `#rrggbb` (the
    /// widget's own when absent). The widget checks its contrast and falls back to its own
    /// when it is hard to read; a page's `data-accent` wins over it.
    #[serde(default)]
    #[schema(pattern = "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]
    pub accent: Option<String>,
}

fn default_true() -> bool {
    true
}

impl Default for NewWidgetKey {
    /// No owner, no origins, no lead capture, analytics on (as a key created through the API
    /// without the field).
    fn default() -> Self {
        NewWidgetKey {
            key: None,
            owner_name: String::new(),
            lead_capture: false,
            consent_text: None,
            allowed_origins: Vec::new(),
            webhook_url: None,
            cta_style: CtaStyle::default(),
            cta_text: None,
            booking_url: None,
            analytics: true,
            accent: None,
        }
    }
}

/// A created widget key; the webhook secret is shown only here.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedWidgetKey {
    /// The stored key.
    #[serde(flatten)]
    pub widget_key: WidgetKey,
    /// The HMAC-SHA256 secret that signs webhook deliveries (when a webhook is set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
}

/// The default consent text for `owner`.
pub fn default_consent_text(owner: &str) -> String {
    format!(
        "I agree that {owner} stores my contact details, answers and readiness report and \
         contacts me about ISO/IEC 27001 certification. I can ask for them to be erased at any time."
    )
}

/// `origin` normalised to `scheme://host[:port]`, or why it is refused.
pub fn normalize_origin(origin: &str) -> std::result::Result<String, String> {
    let url =
        url::Url::parse(origin.trim()).map_err(|e| format!("'{origin}' is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("'{origin}' must start with http:// or https://"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "'{origin}' is not an origin: give only scheme, host and port (no path)"
        ));
    }
    Ok(url.origin().ascii_serialization())
}

/// Whether `color` is a CSS hex colour, `#rgb` or `#rrggbb` (the only accents a key stores:
/// nothing else reaches a page's style), read as the console's and the widget's contrast check
/// read it.
pub fn valid_accent(color: &str) -> bool {
    color.trim() == color && annexa_shared::theme::parse_hex_color(color).is_some()
}

/// Whether `key` has the form of a widget key: 3–64 of `A-Z a-z 0-9 _ -`. Checked before a key
/// reaches the database or a rate limiter.
pub fn valid_key(key: &str) -> bool {
    (3..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl NewWidgetKey {
    /// Checks every field; the errors name each bad field.
    pub fn validate(mut self) -> Result<NewWidgetKey> {
        let mut errors = Vec::new();
        if let Some(key) = &self.key
            && !valid_key(key)
        {
            errors.push(FieldError::new(
                "/key",
                "3–64 characters among letters, digits, '_' and '-'",
            ));
        }
        self.owner_name = self.owner_name.trim().to_owned();
        if self.owner_name.is_empty() || self.owner_name.chars().count() > 200 {
            errors.push(FieldError::new(
                "/owner_name",
                "required, at most 200 characters",
            ));
        }
        if let Some(text) = &self.consent_text
            && (text.trim().is_empty() || text.chars().count() > 2000)
        {
            errors.push(FieldError::new(
                "/consent_text",
                "must not be empty, at most 2000 characters",
            ));
        }
        let mut origins = Vec::new();
        for (index, origin) in self.allowed_origins.iter().enumerate() {
            match normalize_origin(origin) {
                Ok(origin) if !origins.contains(&origin) => origins.push(origin),
                Ok(_) => {}
                Err(detail) => {
                    errors.push(FieldError::new(format!("/allowed_origins/{index}"), detail))
                }
            }
        }
        self.allowed_origins = origins;
        self.cta_text = self.cta_text.map(|t| t.trim().to_owned());
        if let Some(text) = &self.cta_text
            && (text.is_empty() || text.chars().count() > 120)
        {
            errors.push(FieldError::new(
                "/cta_text",
                "must not be empty, at most 120 characters",
            ));
        }
        if let Some(url) = &self.booking_url {
            match url::Url::parse(url) {
                Ok(parsed)
                    if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {}
                _ => errors.push(FieldError::new(
                    "/booking_url",
                    format!("'{url}' is not an http:// or https:// URL"),
                )),
            }
        }
        self.accent = self.accent.map(|c| c.trim().to_owned());
        if let Some(color) = &self.accent
            && !valid_accent(color)
        {
            errors.push(FieldError::new(
                "/accent",
                format!(
                    "'{}' is not a colour: write it as #rrggbb or #rgb, e.g. #0b5cad",
                    color.chars().take(40).collect::<String>()
                ),
            ));
        }
        if let Some(url) = &self.webhook_url {
            match url::Url::parse(url) {
                Ok(parsed)
                    if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {}
                _ => errors.push(FieldError::new(
                    "/webhook_url",
                    format!(
                        "'{}' is not an http:// or https:// URL",
                        crate::redact::url(url)
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(StoreError::Invalid {
                detail: format!("the widget key has {} invalid field(s)", errors.len()),
                errors,
            })
        }
    }
}

/// Creates a widget key (validating it first).
pub async fn create(pool: &Pool, new: NewWidgetKey) -> Result<CreatedWidgetKey> {
    let new = new.validate()?;
    let key = match new.key {
        Some(key) => key,
        None => format!("wk_{}", random_hex(10).map_err(StoreError::internal)?),
    };
    let consent_text = new
        .consent_text
        .unwrap_or_else(|| default_consent_text(&new.owner_name));
    let webhook_secret = match &new.webhook_url {
        Some(_) => Some(format!(
            "whsec_{}",
            random_hex(32).map_err(StoreError::internal)?
        )),
        None => None,
    };
    let created_at = now();
    let inserted = on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO widget_keys (key, owner_name, lead_capture, consent_text, webhook_url, \
             webhook_secret, created_at, cta_style, cta_text, booking_url, analytics, accent) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(&key)
        .bind(&new.owner_name)
        .bind(new.lead_capture)
        .bind(&consent_text)
        .bind(&new.webhook_url)
        .bind(&webhook_secret)
        .bind(&created_at)
        .bind(new.cta_style.code())
        .bind(&new.cta_text)
        .bind(&new.booking_url)
        .bind(new.analytics)
        .bind(&new.accent)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            for origin in &new.allowed_origins {
                sqlx::query("INSERT INTO widget_key_origins (widget_key, origin) VALUES ($1, $2)")
                    .bind(&key)
                    .bind(origin)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        inserted
    });
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "widget key '{key}' already exists"
        )));
    }
    Ok(CreatedWidgetKey {
        widget_key: WidgetKey {
            key,
            owner_name: new.owner_name,
            lead_capture: new.lead_capture,
            consent_text,
            allowed_origins: new.allowed_origins,
            webhook_url: new.webhook_url.as_deref().map(crate::redact::url),
            created_at,
            cta_style: new.cta_style,
            cta_text: new.cta_text,
            booking_url: new.booking_url,
            analytics: new.analytics,
            accent: new.accent,
        },
        webhook_secret,
    })
}

fn from_row(row: &impl Columns, allowed_origins: Vec<String>) -> Result<WidgetKey> {
    Ok(WidgetKey {
        key: row.text("key")?,
        owner_name: row.text("owner_name")?,
        lead_capture: row.flag("lead_capture")?,
        consent_text: row.text("consent_text")?,
        allowed_origins,
        // Shown to admins and logged: a password or token in the URL stays in the database.
        webhook_url: row.opt_text("webhook_url")?.map(|u| crate::redact::url(&u)),
        created_at: row.text("created_at")?,
        cta_style: CtaStyle::from_code(&row.text("cta_style")?),
        cta_text: row.opt_text("cta_text")?,
        booking_url: row.opt_text("booking_url")?,
        analytics: row.flag("analytics")?,
        accent: row.opt_text("accent")?,
    })
}

const COLUMNS: &str = "key, owner_name, lead_capture, consent_text, webhook_url, created_at, \
                       cta_style, cta_text, booking_url, analytics, accent";

/// The statement that reads widget keys with their allowed origins in one round trip (on
/// PostgreSQL, every widget-config, funnel and lead request asks for its key): a row per origin,
/// or one with a null origin for a key without any. Where several keys can match,
/// `filter_and_order` must order by key before origin, so that [`fold_origins`] finds each key's
/// rows together. Only constant column names are interpolated (`widget_key_origins` has none of
/// them).
fn with_origins(filter_and_order: &str) -> String {
    with_origins_and("", filter_and_order)
}

/// [`with_origins`] with more columns (`extra`, each after a comma) from more tables (joined
/// at the start of `filter_and_order`).
fn with_origins_and(extra: &str, filter_and_order: &str) -> String {
    format!(
        "SELECT {COLUMNS}, o.origin{extra} FROM widget_keys \
         LEFT JOIN widget_key_origins o ON o.widget_key = widget_keys.key {filter_and_order}"
    )
}

/// The widget keys in the rows of a [`with_origins`] statement, in the rows' order: each run of
/// rows with the same key is one key, its origins in the order of its rows.
fn fold_origins(rows: &[impl Columns]) -> Result<Vec<WidgetKey>> {
    let mut keys: Vec<WidgetKey> = Vec::new();
    for row in rows {
        let origin = row.opt_text("origin")?;
        match keys.last_mut() {
            Some(last) if last.key == row.text("key")? => last.allowed_origins.extend(origin),
            _ => keys.push(from_row(row, origin.into_iter().collect())?),
        }
    }
    Ok(keys)
}

/// The widget key `key`, if it exists.
pub async fn get(pool: &Pool, key: &str) -> Result<Option<WidgetKey>> {
    let sql = with_origins("WHERE widget_keys.key = $1 ORDER BY o.origin");
    let found = on_pool!(pool, p => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key).fetch_all(p).await?;
        fold_origins(&rows)?
    });
    Ok(found.into_iter().next())
}

/// What a lead submission needs of its widget key, read in one statement.
#[derive(Debug, Clone)]
pub struct ForSubmission {
    /// The key, with its origins.
    pub key: WidgetKey,
    /// Its webhook as stored (URL and secret), when it has one.
    pub webhook: Option<(String, String)>,
    /// The look of [`leads::submit`](crate::store::leads::submit)'s checks for the submission:
    /// a repeat or a full quota is answered before the submission is scored.
    pub admitted: leads::Admitted,
}

/// The widget key `key` as a lead submission from `email` needs it, if it exists: one
/// statement, where the key, the checks and the webhook were three (on PostgreSQL, each a round
/// trip). `leads::submit` checks again as it stores: only its answer is final.
pub async fn for_submission(
    pool: &Pool,
    key: &str,
    email: &str,
    admission: leads::Admission<'_>,
) -> Result<Option<ForSubmission>> {
    // One key's rows, in no particular order: its origins are sorted below instead. On
    // PostgreSQL the statement's own sort cost about a sixth of its time (10 of 60 µs).
    let sql = with_origins_and(
        ", widget_keys.webhook_secret, look.repeat_id, look.repeat_tier, look.today",
        &format!(
            "CROSS JOIN ({}) AS look WHERE widget_keys.key = $1",
            leads::ADMISSION
        ),
    );
    let email = email.trim().to_lowercase();
    on_pool!(pool, p => {
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .bind(&email)
            .bind(admission.repeat_since)
            .bind(admission.day_start());
        let rows = super::held::fetch_all(p, pool.held(), query).await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let webhook = first
            .opt_text("webhook_url")?
            .zip(first.opt_text("webhook_secret")?);
        let admitted = admission.decide(
            first.opt_text("repeat_id")?,
            first.opt_text("repeat_tier")?,
            first.int("today")?,
        );
        let key = fold_origins(&rows)?.into_iter().next();
        Ok(key.map(|mut key| {
            // In the order `get` gives them (`origin` is compared byte by byte on both stores).
            key.allowed_origins.sort_unstable();
            ForSubmission {
                key,
                webhook,
                admitted,
            }
        }))
    })
}

/// Every widget key, oldest first, in one statement.
pub async fn list(pool: &Pool) -> Result<Vec<WidgetKey>> {
    let sql = with_origins("ORDER BY widget_keys.created_at, widget_keys.key, o.origin");
    on_pool!(pool, p => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?;
        fold_origins(&rows)
    })
}

/// Deletes widget key `key` and cancels its queued webhook deliveries (they would go to a URL
/// its owner no longer controls); its leads stay. `false` when it did not exist.
pub async fn delete(pool: &Pool, key: &str) -> Result<bool> {
    super::erase_with_deliveries(
        pool,
        "DELETE FROM webhook_deliveries WHERE lead_id IN \
         (SELECT id FROM leads WHERE widget_key = $1)",
        "DELETE FROM widget_keys WHERE key = $1",
        key,
    )
    .await
}

/// Replaces the settings of widget key `key` with `changes` (validated first; a `key` in it
/// must be the same). The webhook: absent removes it with its secret; the URL as shown (with
/// `***` for a password) keeps the stored one; a new URL keeps the secret, or gets a new one,
/// returned once, when there was none. `None` when the key does not exist.
pub async fn update(
    pool: &Pool,
    key: &str,
    changes: NewWidgetKey,
) -> Result<Option<CreatedWidgetKey>> {
    let changes = changes.validate()?;
    if changes.key.as_deref().is_some_and(|k| k != key) {
        return Err(StoreError::Invalid {
            detail: String::from("a widget key cannot be renamed: create a new one"),
            errors: vec![FieldError::new("/key", "must be the key being changed")],
        });
    }
    let Some(stored) = webhook_state(pool, key).await? else {
        return Ok(None);
    };
    let (webhook_url, webhook_secret, new_secret) = match (&changes.webhook_url, stored) {
        (None, _) => (None, None, None),
        (Some(url), (Some(stored_url), secret)) if *url == crate::redact::url(&stored_url) => {
            (Some(stored_url), secret, None)
        }
        (Some(url), (_, Some(secret))) => (Some(url.clone()), Some(secret), None),
        (Some(url), (_, None)) => {
            let secret = format!("whsec_{}", random_hex(32).map_err(StoreError::internal)?);
            (Some(url.clone()), Some(secret.clone()), Some(secret))
        }
    };
    let consent_text = changes
        .consent_text
        .clone()
        .unwrap_or_else(|| default_consent_text(&changes.owner_name));
    on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(
            "UPDATE widget_keys SET owner_name = $2, lead_capture = $3, consent_text = $4, \
             webhook_url = $5, webhook_secret = $6, cta_style = $7, cta_text = $8, \
             booking_url = $9, analytics = $10, accent = $11 WHERE key = $1",
        )
        .bind(key)
        .bind(&changes.owner_name)
        .bind(changes.lead_capture)
        .bind(&consent_text)
        .bind(&webhook_url)
        .bind(&webhook_secret)
        .bind(changes.cta_style.code())
        .bind(&changes.cta_text)
        .bind(&changes.booking_url)
        .bind(changes.analytics)
        .bind(&changes.accent)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM widget_key_origins WHERE widget_key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        for origin in &changes.allowed_origins {
            sqlx::query("INSERT INTO widget_key_origins (widget_key, origin) VALUES ($1, $2)")
                .bind(key)
                .bind(origin)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    });
    let Some(widget_key) = get(pool, key).await? else {
        return Ok(None);
    };
    Ok(Some(CreatedWidgetKey {
        widget_key,
        webhook_secret: new_secret,
    }))
}

/// The stored (unredacted) webhook URL and secret of `key`; `None` when the key does not exist.
async fn webhook_state(pool: &Pool, key: &str) -> Result<Option<(Option<String>, Option<String>)>> {
    let found = on_pool!(pool, pool => match sqlx::query(
        "SELECT webhook_url, webhook_secret FROM widget_keys WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?
    {
        Some(row) => Some((row.opt_text("webhook_url")?, row.opt_text("webhook_secret")?)),
        None => None,
    });
    Ok(found)
}

/// A rotated webhook secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RotatedSecret {
    /// The new secret: deliveries are signed with it from now on. Shown only here.
    pub webhook_secret: String,
    /// Until when deliveries also carry a signature made with the previous secret (UTC).
    pub previous_secret_valid_until: String,
}

/// Gives widget key `key` a new webhook secret; the previous one keeps signing deliveries (as a
/// second signature) for `overlap`. `None` when the key does not exist or has no webhook.
pub async fn rotate_webhook_secret(
    pool: &Pool,
    key: &str,
    overlap: time::Duration,
) -> Result<Option<RotatedSecret>> {
    let secret = format!("whsec_{}", random_hex(32).map_err(StoreError::internal)?);
    let until = crate::store::timestamp(time::OffsetDateTime::now_utc() + overlap);
    let updated = on_pool!(pool, pool => sqlx::query(
        "UPDATE widget_keys SET webhook_previous_secret = webhook_secret, \
         webhook_previous_secret_until = $2, webhook_secret = $3 \
         WHERE key = $1 AND webhook_secret IS NOT NULL",
    )
    .bind(key)
    .bind(&until)
    .bind(&secret)
    .execute(pool)
    .await?
    .rows_affected());
    Ok((updated == 1).then_some(RotatedSecret {
        webhook_secret: secret,
        previous_secret_valid_until: until,
    }))
}

/// The secrets that sign a delivery of lead `lead_id` now: its widget key's current secret,
/// then the previous one while its overlap lasts. Empty when the key is gone.
pub async fn signing_secrets_for_lead(pool: &Pool, lead_id: &str) -> Result<Vec<String>> {
    let row = on_pool!(pool, pool => match sqlx::query(
        "SELECT w.webhook_secret, w.webhook_previous_secret, w.webhook_previous_secret_until \
         FROM leads l JOIN widget_keys w ON w.key = l.widget_key WHERE l.id = $1",
    )
    .bind(lead_id)
    .fetch_optional(pool)
    .await?
    {
        Some(row) => Some((
            row.opt_text("webhook_secret")?,
            row.opt_text("webhook_previous_secret")?,
            row.opt_text("webhook_previous_secret_until")?,
        )),
        None => None,
    });
    let Some((current, previous, until)) = row else {
        return Ok(Vec::new());
    };
    let now = now();
    let mut secrets: Vec<String> = current.into_iter().collect();
    if let (Some(previous), Some(until)) = (previous, until)
        && until > now
    {
        secrets.push(previous);
    }
    Ok(secrets)
}

/// Whether any widget key allows `origin` (answers CORS preflights, which carry no key).
pub async fn origin_allowed_by_any(pool: &Pool, origin: &str) -> Result<bool> {
    let found: Option<i32> = on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT 1 FROM widget_key_origins WHERE origin = $1 LIMIT 1",
    )
    .bind(origin)
    .fetch_optional(pool)
    .await?);
    Ok(found.is_some())
}

/// The webhook URL and secret of `key`, when it has a webhook.
pub async fn webhook_of(pool: &Pool, key: &str) -> Result<Option<(String, String)>> {
    let found = on_pool!(pool, pool => match sqlx::query(
        "SELECT webhook_url, webhook_secret FROM widget_keys WHERE key = $1 \
         AND webhook_url IS NOT NULL AND webhook_secret IS NOT NULL",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?
    {
        Some(row) => Some((row.text("webhook_url")?, row.text("webhook_secret")?)),
        None => None,
    });
    Ok(found)
}

/// The owner name of the demo key [`ensure_demo`] creates.
const DEMO_OWNER: &str = "Annexa demo";

/// Deletes the demo widget key that [`ensure_demo`] created, if any (a key named `demo` that an
/// admin created for another owner stays). Returns `true` when one was deleted.
pub async fn remove_demo(pool: &Pool) -> Result<bool> {
    match get(pool, "demo").await? {
        Some(key) if key.owner_name == DEMO_OWNER && key.webhook_url.is_none() => {
            delete(pool, "demo").await
        }
        _ => Ok(false),
    }
}

/// Makes sure the demo widget key `demo` exists and allows `origins` (added to any it already
/// has). Returns `true` when the key was created.
pub async fn ensure_demo(pool: &Pool, origins: &[String]) -> Result<bool> {
    // Instances starting together may race to create it: a conflict means another one did.
    let created = if get(pool, "demo").await?.is_none() {
        match create(
            pool,
            NewWidgetKey {
                key: Some(String::from("demo")),
                owner_name: String::from(DEMO_OWNER),
                lead_capture: true,
                consent_text: None,
                allowed_origins: origins.to_vec(),
                ..NewWidgetKey::default()
            },
        )
        .await
        {
            Ok(_) => true,
            Err(StoreError::Conflict(_)) => false,
            Err(error) => return Err(error),
        }
    } else {
        false
    };
    for origin in origins {
        let origin = normalize_origin(origin).map_err(StoreError::Internal)?;
        on_pool!(pool, pool => sqlx::query(
            "INSERT INTO widget_key_origins (widget_key, origin) VALUES ('demo', $1) \
             ON CONFLICT (widget_key, origin) DO NOTHING",
        )
        .bind(origin)
        .execute(pool)
        .await
        .map(drop)?);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_and_paths_refused() {
        assert_eq!(
            normalize_origin("HTTPS://Example.com:443").unwrap(),
            "https://example.com"
        );
        assert_eq!(
            normalize_origin("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(normalize_origin("https://example.com/page").is_err());
        assert!(normalize_origin("ftp://example.com").is_err());
    }

    #[test]
    fn accents_are_hex_colours_only() {
        for good in ["#0b5cad", "#FFF", "#7A1fa2", "#000"] {
            assert!(valid_accent(good), "{good}");
        }
        for bad in [
            "",
            "#",
            "0b5cad",
            "#0b5ca",
            "#0b5cadd",
            "#ggg",
            "blue",
            "#0b5cad;x",
            "#ééé",
            "rgb(1,2,3)",
        ] {
            assert!(!valid_accent(bad), "{bad}");
        }
    }
}
