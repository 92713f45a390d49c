//! The HTTP service: [`app`] builds the whole application (middleware and routes) around
//! [`configure`]; `annexa serve` and the integration tests use exactly the same code.
//!
//! Layout: `routes/` holds thin handlers, one module per resource (extract → `annexa-shared` or
//! `store` → response); the other modules are cross-cutting: errors ([`extract`]), admin
//! authentication ([`auth`]) and the console's sign-in cookie ([`session`]), widget CORS ([`cors`]), rate limits ([`limits`]), metrics and
//! request ids ([`metrics`]), security headers ([`headers`]), problems for actix's own bodyless
//! errors ([`fallback`]), the built widget ([`assets`]) and
//! the OpenAPI document ([`openapi`]).

pub mod assets;
pub mod auth;
pub mod client_addr;
pub mod compress;
pub mod cors;
pub mod extract;
pub mod fallback;
pub mod head;
pub mod headers;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod request_span;
pub mod retention;
pub mod routes;
pub mod session;

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use tracing_actix_web::TracingLogger;

use crate::error::Error;
use crate::store::Pool;
use crate::webhook::Notifier;
use crate::webhook::destination::{Resolve, SystemResolver};

/// Server settings that handlers and middleware read.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The built widget (Trunk's `dist/`).
    pub dist_dir: PathBuf,
    /// Largest JSON body accepted, in bytes.
    pub body_limit: usize,
    /// Requests per minute per client IP on public routes (0 = unlimited).
    pub ip_rate_per_minute: u32,
    /// Requests per minute per widget key on widget routes (0 = unlimited).
    pub widget_key_rate_per_minute: u32,
    /// How to find the client address behind reverse proxies.
    pub proxy: client_addr::ProxyPolicy,
    /// Which webhook destinations are accepted.
    pub webhooks: crate::webhook::WebhookPolicy,
    /// Limits on lead submissions.
    pub leads: LeadLimits,
    /// `Strict-Transport-Security: max-age=…` on every response, when set (behind HTTPS only).
    pub hsts_max_age: Option<u64>,
}

/// Limits on lead submissions (see `routes::leads::submit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadLimits {
    /// Leads a widget key takes per UTC day (0 = no quota).
    pub daily_quota: u32,
    /// A second lead from one address through one key within this many hours is not stored
    /// (0 = no de-duplication).
    pub dedup_hours: u32,
    /// A submission less than this many seconds after the widget started is dropped as
    /// automated.
    pub min_seconds: u32,
    /// Leads are erased this many days after they were received (0 = kept until erased).
    pub retention_days: u32,
}

impl Default for LeadLimits {
    fn default() -> Self {
        LeadLimits {
            daily_quota: 1000,
            dedup_hours: 24,
            min_seconds: 5,
            retention_days: 365,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            dist_dir: PathBuf::from("dist"),
            body_limit: 256 * 1024,
            ip_rate_per_minute: 600,
            widget_key_rate_per_minute: 300,
            proxy: client_addr::ProxyPolicy::default(),
            webhooks: crate::webhook::WebhookPolicy::default(),
            leads: LeadLimits::default(),
            hsts_max_age: None,
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct AppState {
    /// The database.
    pub pool: Pool,
    /// Settings.
    pub config: ServerConfig,
    /// Rate limiters.
    pub limits: limits::RateLimits,
    /// Prometheus counters.
    pub metrics: metrics::Metrics,
    /// Wakes the webhook worker when a delivery is queued.
    pub webhooks: Notifier,
    /// Resolves webhook host names when a webhook URL is set (tests inject their own).
    pub webhook_resolver: Arc<dyn Resolve>,
}

impl AppState {
    /// State for `pool` and `config`, with fresh limiters and metrics.
    pub fn new(pool: Pool, config: ServerConfig, webhooks: Notifier) -> Self {
        let limits =
            limits::RateLimits::new(config.ip_rate_per_minute, config.widget_key_rate_per_minute);
        AppState {
            pool,
            config,
            limits,
            metrics: metrics::Metrics::default(),
            webhooks,
            webhook_resolver: Arc::new(SystemResolver),
        }
    }

    /// The same state, resolving webhook host names with `resolver`.
    pub fn with_webhook_resolver(mut self, resolver: Arc<dyn Resolve>) -> Self {
        self.webhook_resolver = resolver;
        self
    }
}

/// The whole application: shared state, middleware and every route.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let body_limit = extract::BodyLimit(state.config.body_limit);
    App::new()
        .app_data(state)
        .configure(|cfg| extract::configs(cfg, body_limit))
        .configure(configure)
        .wrap(from_fn(fallback::bodyless_errors_as_problems))
        .wrap(from_fn(headers::security_headers))
        .wrap(from_fn(metrics::observe))
        .wrap(from_fn(compress::compress))
        .wrap(from_fn(head::head_as_get))
        .wrap(TracingLogger::<request_span::AnnexaRootSpan>::new())
}

/// Every route. Expects `web::Data<AppState>` to be registered (see [`app`]).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(routes::health::configure)
        .configure(openapi::configure)
        .service(
            web::scope("/api/v1")
                // The certificate registry (api/src/registry) first: actix tries a scope's
                // services in order, and the resources below with a `{key}` or `{id}` each cost
                // a regular-expression match (about 1,200 instructions; ten of them were 6 % of
                // a verification). Its own scope's static prefix, `/certificates`, is all it
                // costs the routes after it.
                .configure(crate::registry::configure)
                .configure(routes::catalog::configure)
                // Before the /assessments scope, which would otherwise answer
                // /assessments/oscal and /assessments/coverage with 404.
                .configure(routes::oscal::configure)
                .configure(routes::assessments::configure)
                .configure(routes::widget_config::configure)
                .configure(routes::leads::configure)
                .configure(routes::widget_keys::configure)
                .configure(routes::funnel::configure)
                .configure(routes::api_keys::configure)
                .configure(routes::session::configure)
                .default_service(web::to(api_not_found)),
        )
        // Last: the built widget and the demo host page answer every other GET.
        .configure(assets::configure);
}

async fn api_not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, Error> {
    Err(Error::NotFound(format!(
        "no route {} {}",
        req.method(),
        req.path()
    )))
}
