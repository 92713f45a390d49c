//! `annexa serve`: the product's main process.
//!
//! On start: open (or create) the database and migrate it; make sure an admin API key exists
//! (from `ANNEXA_ADMIN_KEY`, or a new one printed once); with `--demo`, make sure the demo widget
//! key `demo` exists and allows this server's own origins (without it, remove it); start the
//! webhook worker, the lead retention job; serve until SIGINT or
//! SIGTERM, then stop accepting connections and finish in-flight requests (graceful shutdown).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use actix_web::{HttpServer, web};
use tracing_subscriber::EnvFilter;

use super::CliError;
use crate::http::client_addr::{self, ProxyPolicy};
use crate::http::{self, AppState, LeadLimits, ServerConfig};
use crate::store;
use crate::store::{api_keys, widget_keys};
use crate::webhook::{self, Notifier, RetryPolicy, WebhookClient, WebhookPolicy};

/// `annexa serve` options (each also an environment variable).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "ANNEXA_BIND",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    pub bind: SocketAddr,
    /// The database: a SQLite file (default) or a PostgreSQL URL.
    #[command(flatten)]
    pub database: super::DbArgs,
    /// The built widget (Trunk's output directory).
    #[arg(long, env = "ANNEXA_DIST", default_value = "dist", value_name = "DIR")]
    pub dist: PathBuf,
    /// Load N fictitious demo certificates into an empty registry.
    #[arg(long, env = "ANNEXA_DEMO_CERTIFICATES", value_name = "N")]
    pub demo_certificates: Option<u64>,
    /// Create the demo widget key `demo` (lead capture on, allowed on this server's own
    /// origins) for the demo page. Without it no `demo` key exists: one left by an earlier
    /// `--demo` run is deleted at start.
    #[arg(long, env = "ANNEXA_DEMO", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,
    /// Extra origins allowed for the demo widget key `demo` (comma-separated), besides this
    /// server's own http://ADDR and http://localhost:PORT.
    #[arg(
        long,
        env = "ANNEXA_DEMO_ORIGINS",
        value_delimiter = ',',
        value_name = "ORIGINS"
    )]
    pub demo_origins: Vec<String>,
    /// With `--demo`: add a few fictitious leads (marked as such) to the demo widget key while
    /// it has none, so the console's leads inbox can be tried (`scripts/run.sh` sets it).
    #[arg(long, env = "ANNEXA_DEMO_LEADS", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub demo_leads: bool,
    /// Requests per minute per client IP on public routes (0 = no limit).
    #[arg(
        long,
        env = "ANNEXA_RATE_LIMIT_IP",
        default_value_t = 600,
        value_name = "N"
    )]
    pub rate_limit_ip: u32,
    /// Requests per minute per widget key on widget routes (0 = no limit).
    #[arg(
        long,
        env = "ANNEXA_RATE_LIMIT_WIDGET_KEY",
        default_value_t = 300,
        value_name = "N"
    )]
    pub rate_limit_widget_key: u32,
    /// Largest JSON request body, in bytes.
    #[arg(long, env = "ANNEXA_MAX_BODY_BYTES", default_value_t = 256 * 1024, value_name = "BYTES")]
    pub max_body_bytes: usize,
    /// How many reverse proxies of yours in front of the server append to X-Forwarded-For
    /// (0: none, the TCP peer is the client). The client address is the N-th value from the
    /// right; values further left are written by the client and ignored.
    #[arg(long, env = "ANNEXA_PROXY_HOPS", default_value_t = 0, value_name = "N")]
    pub proxy_hops: usize,
    /// Deprecated: the same as --proxy-hops 1.
    #[arg(long, env = "ANNEXA_TRUST_PROXY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// Only these networks are your proxies (comma-separated CIDRs, e.g. 10.0.0.0/8): a peer or
    /// forwarded hop outside them is taken as the client.
    #[arg(
        long,
        env = "ANNEXA_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_name = "CIDRS"
    )]
    pub trusted_proxies: Vec<String>,
    /// IPv6 clients share one rate-limit bucket per network prefix of this length.
    #[arg(long, env = "ANNEXA_IPV6_PREFIX", default_value_t = 64, value_parser = clap::value_parser!(u8).range(1..=128), value_name = "BITS")]
    pub ipv6_prefix: u8,
    /// Accept plain http:// webhook URLs (for local testing only: lead data would travel
    /// unencrypted).
    #[arg(long, env = "ANNEXA_ALLOW_HTTP_WEBHOOKS", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_http_webhooks: bool,
    /// Accept webhooks to loopback, private, link-local and other internal addresses (for local
    /// testing only: an admin key could then reach services inside your network).
    #[arg(long, env = "ANNEXA_ALLOW_PRIVATE_WEBHOOKS", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_private_webhooks: bool,
    /// Leads one widget key takes per UTC day (0 = no quota).
    #[arg(
        long,
        env = "ANNEXA_LEAD_DAILY_QUOTA",
        default_value_t = 1000,
        value_name = "N"
    )]
    pub lead_daily_quota: u32,
    /// A second lead from the same e-mail address through the same key within this many hours
    /// is not stored again (0 = off).
    #[arg(
        long,
        env = "ANNEXA_LEAD_DEDUP_HOURS",
        default_value_t = 24,
        value_name = "HOURS"
    )]
    pub lead_dedup_hours: u32,
    /// A lead sent less than this many seconds after the widget started is dropped as
    /// automated.
    #[arg(
        long,
        env = "ANNEXA_LEAD_MIN_SECONDS",
        default_value_t = 5,
        value_name = "SECONDS"
    )]
    pub lead_min_seconds: u32,
    /// Leads are erased this many days after they were received, by a job that runs hourly
    /// (0 = kept until erased by hand).
    #[arg(
        long,
        env = "ANNEXA_LEAD_RETENTION_DAYS",
        default_value_t = 365,
        value_name = "DAYS"
    )]
    pub lead_retention_days: u32,
    /// Send Strict-Transport-Security with this max-age (seconds); only when browsers reach the
    /// server over HTTPS (a TLS proxy in front).
    #[arg(long, env = "ANNEXA_HSTS_MAX_AGE", value_name = "SECONDS")]
    pub hsts_max_age: Option<u64>,
    /// Worker threads (default: one per CPU core).
    #[arg(long, env = "ANNEXA_WORKERS", value_name = "N")]
    pub workers: Option<usize>,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "ANNEXA_LOG_JSON", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub log_json: bool,
}

fn init_tracing(json: bool) {
    let filter = EnvFilter::try_from_env("ANNEXA_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The origins of this server as a browser sees them.
fn own_origins(bind: SocketAddr) -> Vec<String> {
    let port = bind.port();
    let mut origins = vec![
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}"),
    ];
    if !bind.ip().is_unspecified() && !bind.ip().is_loopback() {
        origins.push(format!("http://{bind}"));
    }
    origins
}

/// The client-address policy of `args` (`--trust-proxy` is one hop).
fn proxy_policy(args: &ServeArgs) -> Result<ProxyPolicy, CliError> {
    let hops = if args.proxy_hops == 0 && args.trust_proxy {
        tracing::warn!("--trust-proxy is deprecated: use --proxy-hops 1");
        1
    } else {
        args.proxy_hops
    };
    let trusted = args
        .trusted_proxies
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| client_addr::parse_network(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Input(format!("--trusted-proxies: {e}")))?;
    Ok(ProxyPolicy {
        hops,
        trusted,
        ipv6_prefix: args.ipv6_prefix,
    })
}

/// Runs the server until it is stopped.
pub async fn serve(args: ServeArgs) -> Result<(), CliError> {
    init_tracing(args.log_json);
    // Listen first, so that a busy port fails at once, before anything is written.
    let listener = std::net::TcpListener::bind(args.bind)
        .map_err(|e| CliError::Failure(format!("cannot listen on {}: {e}", args.bind)))?;
    let location = args.database.location()?;
    let pool = store::connect(&location).await?;

    if let Ok(secret) = std::env::var("ANNEXA_ADMIN_KEY") {
        if secret.trim().len() < 16 {
            return Err(CliError::Input(
                "ANNEXA_ADMIN_KEY must have at least 16 characters".into(),
            ));
        }
        if api_keys::register_bootstrap(&pool, secret.trim()).await? {
            tracing::info!("admin API key from ANNEXA_ADMIN_KEY registered");
        }
    } else if !api_keys::any_active(&pool).await? {
        let created = api_keys::create(&pool, "first admin key").await?;
        eprintln!(
            "\nNo admin API key existed, so one was created. It is shown only now:\n\n    {}\n\n\
             Use it as `Authorization: Bearer <key>`. Manage keys with `annexa keys`.\n",
            created.secret
        );
    }

    if args.demo {
        let mut demo_origins = own_origins(args.bind);
        for origin in &args.demo_origins {
            let origin = widget_keys::normalize_origin(origin)
                .map_err(|e| CliError::Input(format!("--demo-origins: {e}")))?;
            demo_origins.push(origin);
        }
        if widget_keys::ensure_demo(&pool, &demo_origins).await? {
            tracing::info!(origins = ?demo_origins, "demo widget key 'demo' created");
        }
        let days = crate::demo_funnel::seed_if_empty(&pool, crate::clock::today()).await?;
        if days > 0 {
            eprintln!("Added {days} fictitious funnel days to the demo widget key.");
        }
        if args.demo_leads {
            let added = crate::demo_leads::seed_if_empty(&pool).await?;
            if added > 0 {
                eprintln!("Added {added} fictitious demo leads to the demo widget key.");
            }
        }
    } else if widget_keys::remove_demo(&pool).await? {
        tracing::warn!("demo widget key 'demo' deleted: this server was started without --demo");
    }

    // The certificate registry's demo data (api/src/registry), loaded only into an empty registry.
    if let Some(count) = args.demo_certificates {
        let loaded = crate::registry::seed_demo_if_empty(&pool, count).await?;
        if loaded > 0 {
            eprintln!("Loaded {loaded} fictitious demo certificates into the empty registry.");
        }
    }

    let webhook_policy = WebhookPolicy {
        allow_http: args.allow_http_webhooks,
        allow_private: args.allow_private_webhooks,
    };
    let notifier = Notifier::default();
    let retry = RetryPolicy::default();
    actix_web::rt::spawn(webhook::run(
        pool.clone(),
        notifier.clone(),
        retry,
        WebhookClient::new(webhook_policy, retry.timeout),
    ));

    let config = ServerConfig {
        dist_dir: args.dist.clone(),
        body_limit: args.max_body_bytes,
        ip_rate_per_minute: args.rate_limit_ip,
        widget_key_rate_per_minute: args.rate_limit_widget_key,
        proxy: proxy_policy(&args)?,
        webhooks: webhook_policy,
        leads: LeadLimits {
            daily_quota: args.lead_daily_quota,
            dedup_hours: args.lead_dedup_hours,
            min_seconds: args.lead_min_seconds,
            retention_days: args.lead_retention_days,
        },
        hsts_max_age: args.hsts_max_age,
    };
    let state = web::Data::new(AppState::new(pool, config, notifier));
    actix_web::rt::spawn(http::retention::run(state.clone()));
    let mut server = HttpServer::new(move || http::app(state.clone()))
        .shutdown_timeout(30)
        .client_request_timeout(Duration::from_secs(10))
        // Answers go out as soon as they are written. With Nagle's algorithm on (the OS
        // default), an answer written in more than one segment on an idle keep-alive connection
        // waited for the client's delayed ACK: 40 ms at the p99 of the score and verify routes
        // at a modest 2,000 requests/s.
        .tcp_nodelay(true);
    if let Some(workers) = args.workers {
        server = server.workers(workers.max(1));
    }
    let server = server
        .listen(listener)
        .map_err(|e| CliError::Failure(format!("cannot listen on {}: {e}", args.bind)))?;
    tracing::info!(bind = %args.bind, db = %location.display(), dist = %args.dist.display(), "annexa serving");
    eprintln!(
        "Annexa listening on http://{}  (API docs: /docs/)",
        args.bind
    );
    server
        .run()
        .await
        .map_err(|e| CliError::Failure(format!("server error: {e}")))
}
