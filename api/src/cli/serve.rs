//! `annexa serve`: the product's main process.
//!
//! On start: open (or create) the database and migrate it; make sure an admin API key exists
//! (from `ANNEXA_ADMIN_KEY`, or a new one printed once); make sure the demo widget key `demo`
//! exists and allows this server's own origins; start the webhook worker; serve until SIGINT or
//! SIGTERM, then stop accepting connections and finish in-flight requests (graceful shutdown).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use actix_web::{HttpServer, web};
use tracing_subscriber::EnvFilter;

use super::CliError;
use crate::db;
use crate::http::{self, AppState, ServerConfig};
use crate::store::{api_keys, widget_keys};
use crate::webhook::{self, Notifier, RetryPolicy};

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
    /// Extra origins allowed for the demo widget key `demo` (comma-separated), besides this
    /// server's own http://ADDR and http://localhost:PORT.
    #[arg(
        long,
        env = "ANNEXA_DEMO_ORIGINS",
        value_delimiter = ',',
        value_name = "ORIGINS"
    )]
    pub demo_origins: Vec<String>,
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
    /// Trust Forwarded / X-Forwarded-For for the client IP (only behind your own proxy).
    #[arg(long, env = "ANNEXA_TRUST_PROXY", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,
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

/// Runs the server until it is stopped.
pub async fn serve(args: ServeArgs) -> Result<(), CliError> {
    init_tracing(args.log_json);
    // Listen first, so that a busy port fails at once, before anything is written.
    let listener = std::net::TcpListener::bind(args.bind)
        .map_err(|e| CliError::Failure(format!("cannot listen on {}: {e}", args.bind)))?;
    let location = args.database.location()?;
    let pool = db::connect(&location).await?;

    if let Ok(secret) = std::env::var("ANNEXA_ADMIN_KEY") {
        if secret.trim().len() < 16 {
            return Err(CliError::Input(
                "ANNEXA_ADMIN_KEY must have at least 16 characters".into(),
            ));
        }
        if !api_keys::is_active_hash_of(&pool, secret.trim()).await? {
            api_keys::insert(&pool, "ANNEXA_ADMIN_KEY", secret.trim()).await?;
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

    let mut demo_origins = own_origins(args.bind);
    for origin in &args.demo_origins {
        let origin = widget_keys::normalize_origin(origin)
            .map_err(|e| CliError::Input(format!("--demo-origins: {e}")))?;
        demo_origins.push(origin);
    }
    if widget_keys::ensure_demo(&pool, &demo_origins).await? {
        tracing::info!(origins = ?demo_origins, "demo widget key 'demo' created");
    }

    // The certificate registry's demo data (api/src/registry), loaded only into an empty registry.
    if let Some(count) = args.demo_certificates {
        let loaded = crate::registry::seed_demo_if_empty(&pool, count).await?;
        if loaded > 0 {
            eprintln!("Loaded {loaded} fictitious demo certificates into the empty registry.");
        }
    }

    let notifier = Notifier::default();
    actix_web::rt::spawn(webhook::run(
        pool.clone(),
        notifier.clone(),
        RetryPolicy::default(),
    ));

    let config = ServerConfig {
        dist_dir: args.dist.clone(),
        body_limit: args.max_body_bytes,
        ip_rate_per_minute: args.rate_limit_ip,
        widget_key_rate_per_minute: args.rate_limit_widget_key,
        trust_proxy: args.trust_proxy,
    };
    let state = web::Data::new(AppState::new(pool, config, notifier));
    let mut server = HttpServer::new(move || http::app(state.clone()))
        .shutdown_timeout(30)
        .client_request_timeout(Duration::from_secs(10));
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
