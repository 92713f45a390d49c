//! `annexa keys` and `annexa widget-keys`: administration from the command line, on the same
//! database as `annexa serve`.

use clap::Subcommand;

use super::{CliError, DbArgs};
use crate::store::{api_keys, widget_keys};

/// `annexa keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create an admin API key and print it once (only its hash is stored).
    Create {
        /// What the key is for.
        #[arg(long, default_value = "admin")]
        name: String,
        /// What the key may do (repeat for several): admin, leads:read, leads:write, leads:erase,
        /// widget-keys:write, registry:write.
        #[arg(long = "scope", default_value = "admin")]
        scopes: Vec<String>,
        /// When the key stops working (RFC 3339, e.g. 2027-01-31T00:00:00Z).
        #[arg(long, value_name = "TIME")]
        expires_at: Option<String>,
    },
    /// List admin API keys (never their secrets).
    List,
    /// Revoke a key by its id (`key_…`).
    Revoke {
        /// The key id.
        id: String,
    },
}

/// `annexa widget-keys …`.
#[derive(Debug, Subcommand)]
pub enum WidgetKeysCommand {
    /// Create a widget key.
    Create {
        /// Who owns the site (shown in the consent text).
        #[arg(long)]
        owner: String,
        /// An origin allowed to embed the widget (repeat for several): https://www.example.com
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
        /// The key itself (generated when absent).
        #[arg(long)]
        key: Option<String>,
        /// Do not offer lead capture.
        #[arg(long)]
        no_lead_capture: bool,
        /// Do not count the widget's funnel (shown, started, report, lead) for this key.
        #[arg(long)]
        no_analytics: bool,
        /// The consent text (a default naming the owner when absent).
        #[arg(long)]
        consent_text: Option<String>,
        /// URL that receives each new lead (signed with HMAC-SHA256).
        #[arg(long)]
        webhook: Option<String>,
        /// The report offers a button that opens the lead form, instead of showing the form.
        #[arg(long)]
        cta_button: bool,
        /// The call to action's wording (the widget's own when absent).
        #[arg(long)]
        cta_text: Option<String>,
        /// A page where visitors book a call, offered beside the lead form.
        #[arg(long)]
        booking_url: Option<String>,
        /// The accent colour of the widget's buttons and links, #rrggbb or #rgb (the widget's
        /// own when absent; a page's data-accent wins).
        #[arg(long)]
        accent: Option<String>,
    },
    /// List widget keys.
    List,
    /// Delete a widget key (its leads are kept).
    Delete {
        /// The key.
        key: String,
    },
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Failure(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// Runs `annexa keys …`.
pub async fn keys(db: DbArgs, command: KeysCommand) -> Result<(), CliError> {
    let pool = db.open().await?;
    match command {
        KeysCommand::Create {
            name,
            scopes,
            expires_at,
        } => {
            let scopes = scopes
                .iter()
                .map(|s| {
                    api_keys::Scope::parse(s)
                        .ok_or_else(|| CliError::Input(format!("--scope: unknown scope '{s}'")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let expires_at = expires_at
                .as_deref()
                .map(crate::store::api_keys::parse_expiry)
                .transpose()
                .map_err(|e| CliError::Input(format!("--expires-at: {e}")))?;
            let created = api_keys::create_scoped(&pool, &name, &scopes, expires_at).await?;
            eprintln!("Admin API key created. It is shown only now; store it safely:");
            println!("{}", created.secret);
            eprintln!(
                "id: {} (revoke with `annexa keys revoke {}`)",
                created.key.id, created.key.id
            );
        }
        KeysCommand::List => print_json(&api_keys::list(&pool).await?)?,
        KeysCommand::Revoke { id } => {
            if !api_keys::revoke(&pool, &id).await? {
                return Err(CliError::Input(format!("no active API key with id '{id}'")));
            }
            eprintln!("revoked {id}");
        }
    }
    Ok(())
}

/// Runs `annexa widget-keys …`.
pub async fn widget_keys(db: DbArgs, command: WidgetKeysCommand) -> Result<(), CliError> {
    let pool = db.open().await?;
    match command {
        WidgetKeysCommand::Create {
            owner,
            origins,
            key,
            no_lead_capture,
            no_analytics,
            consent_text,
            webhook,
            cta_button,
            cta_text,
            booking_url,
            accent,
        } => {
            let created = widget_keys::create(
                &pool,
                widget_keys::NewWidgetKey {
                    key,
                    owner_name: owner,
                    lead_capture: !no_lead_capture,
                    consent_text,
                    allowed_origins: origins,
                    webhook_url: webhook,
                    cta_style: if cta_button {
                        widget_keys::CtaStyle::Button
                    } else {
                        widget_keys::CtaStyle::Inline
                    },
                    cta_text,
                    booking_url,
                    analytics: !no_analytics,
                    accent,
                },
            )
            .await?;
            print_json(&created)?;
        }
        WidgetKeysCommand::List => print_json(&widget_keys::list(&pool).await?)?,
        WidgetKeysCommand::Delete { key } => {
            if !widget_keys::delete(&pool, &key).await? {
                return Err(CliError::Input(format!("no widget key '{key}'")));
            }
            eprintln!("deleted widget key {key}");
        }
    }
    Ok(())
}
