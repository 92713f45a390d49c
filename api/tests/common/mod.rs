//! Shared helpers for the HTTP integration tests: a fresh SQLite file per test, an admin key,
//! a widget key, and answers documents built from the real questionnaire.
#![allow(dead_code)]

use std::path::PathBuf;

use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::test::TestRequest;
use actix_web::web;
use annexa_api::http::{AppState, ServerConfig};
use annexa_api::store::{api_keys, widget_keys};
use annexa_api::webhook::Notifier;
use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, Mode, QUESTIONNAIRE_VERSION, questionnaire,
};
use serde_json::Value;

/// The origin the test widget key allows.
pub const SHOP: &str = "https://shop.example";
/// The test widget key.
pub const KEY: &str = "wk_test";

// The PostgreSQL test databases of the registry tests, shared.
#[path = "../registry_support/mod.rs"]
pub mod databases;

/// A test database with an admin key and the widget key [`KEY`]. On SQLite by default; on a
/// fresh PostgreSQL database when `ANNEXA_TEST_STORE=postgres` (the test command runs these
/// suites both ways).
pub struct Fixture {
    pub state: web::Data<AppState>,
    pub admin: String,
    pub dir: tempfile::TempDir,
    pub postgres: Option<databases::PgGuard>,
}

/// A fresh database of the store the tests run on (see [`Fixture`]).
pub async fn test_database(
    dir: &std::path::Path,
) -> (Option<databases::PgGuard>, annexa_api::store::Pool) {
    if std::env::var("ANNEXA_TEST_STORE").as_deref() == Ok("postgres") {
        let (guard, pool) = databases::pg_database()
            .await
            .expect("ANNEXA_TEST_STORE=postgres needs ANNEXA_TEST_POSTGRES_URL");
        // These suites create their own admin key: start without the registry tests' one.
        if let annexa_api::store::Pool::Postgres(pg, ..) = &pool {
            sqlx::query("DELETE FROM api_keys")
                .execute(pg)
                .await
                .unwrap();
        }
        (Some(guard), pool)
    } else {
        let pool = annexa_api::store::open(&dir.join("test.db")).await.unwrap();
        (None, pool)
    }
}

impl Fixture {
    pub fn pool(&self) -> &annexa_api::store::Pool {
        &self.state.pool
    }

    /// The application over this fixture's state, ready for [`send`].
    pub async fn app(
        &self,
    ) -> impl actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    > {
        actix_web::test::init_service(annexa_api::http::app(self.state.clone())).await
    }

    pub fn bearer(&self) -> (&'static str, String) {
        bearer(&self.admin)
    }

    /// Starts the webhook worker on this fixture's database and wakes it.
    pub fn start_webhook_worker(
        &self,
        policy: annexa_api::webhook::RetryPolicy,
        client: annexa_api::webhook::WebhookClient,
    ) -> WebhookWorker {
        let worker = actix_web::rt::spawn(annexa_api::webhook::run(
            self.pool().clone(),
            self.state.webhooks.clone(),
            policy,
            client,
        ));
        self.state.webhooks.wake();
        WebhookWorker(worker)
    }
}

/// A webhook worker running on the test's runtime (see [`Fixture::start_webhook_worker`]).
#[must_use = "stop the worker before the fixture goes"]
pub struct WebhookWorker(actix_web::rt::task::JoinHandle<()>);

impl WebhookWorker {
    /// Stops the worker and waits until its task is gone, with any connection it was opening.
    ///
    /// An aborted task is only dropped when the runtime next runs it, and dropping a fixture
    /// blocks the runtime's thread while PostgreSQL drops the test database. PostgreSQL 15's
    /// DROP DATABASE waits for every backend, even one still authenticating a client; were the
    /// worker half way through opening a connection, that backend would wait for the worker's
    /// answer until the server's `authentication_timeout` (60 s), and so would the test.
    pub async fn stop(self) {
        self.0.abort();
        // Cancelled, or already ended: either way the task and its connections are gone.
        let _ = self.0.await;
    }
}

/// The `Authorization` header for API key `secret`.
pub fn bearer(secret: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {secret}"))
}

/// The value of header `name` of `response` (which must have it).
pub fn header_value<B>(
    response: &actix_web::dev::ServiceResponse<B>,
    name: header::HeaderName,
) -> &str {
    response
        .headers()
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// Relaxed limits, so only the tests about limits meet them.
pub fn config() -> ServerConfig {
    ServerConfig {
        dist_dir: PathBuf::from("/nonexistent-annexa-dist"),
        body_limit: 256 * 1024,
        ip_rate_per_minute: 0,
        widget_key_rate_per_minute: 0,
        // Tests submit the same contact many times, right after building the answers.
        leads: annexa_api::http::LeadLimits {
            daily_quota: 0,
            dedup_hours: 0,
            ..annexa_api::http::LeadLimits::default()
        },
        ..ServerConfig::default()
    }
}

pub async fn fixture_with(config: ServerConfig) -> Fixture {
    fixture_with_state(config, |state| {
        state.with_webhook_resolver(std::sync::Arc::new(OfflineResolver))
    })
    .await
}

/// Resolves no name: tests never query a DNS server (webhook hosts stay unresolved, which the
/// server accepts when a URL is set and checks again at delivery).
#[derive(Debug)]
pub struct OfflineResolver;

impl annexa_api::webhook::destination::Resolve for OfflineResolver {
    fn resolve<'a>(
        &'a self,
        _host: &'a str,
        _port: u16,
    ) -> annexa_api::webhook::destination::BoxFuture<'a, std::io::Result<Vec<std::net::SocketAddr>>>
    {
        Box::pin(async {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "tests resolve no names",
            ))
        })
    }
}

/// A fixture whose state `adjust` changes first (e.g. to inject a webhook resolver).
pub async fn fixture_with_state(
    config: ServerConfig,
    adjust: impl FnOnce(AppState) -> AppState,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (postgres, pool) = test_database(dir.path()).await;
    let admin = api_keys::create(&pool, "test").await.unwrap().secret;
    widget_keys::create(
        &pool,
        widget_keys::NewWidgetKey {
            key: Some(KEY.into()),
            owner_name: "Example Consulting".into(),
            lead_capture: true,
            consent_text: Some("You may contact me.".into()),
            allowed_origins: vec![SHOP.into()],
            webhook_url: None,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let state = web::Data::new(adjust(AppState::new(pool, config, Notifier::default())));
    Fixture {
        state,
        admin,
        dir,
        postgres,
    }
}

pub async fn fixture() -> Fixture {
    fixture_with(config()).await
}

/// Creates the widget key `wk_hook` (for [`SHOP`], lead capture on) whose leads go to the
/// webhook `url`; returns its signing secret.
pub async fn webhook_key(fx: &Fixture, url: String) -> String {
    annexa_api::store::widget_keys::create(
        fx.pool(),
        annexa_api::store::widget_keys::NewWidgetKey {
            key: Some("wk_hook".into()),
            owner_name: "Hooked".into(),
            lead_capture: true,
            allowed_origins: vec![SHOP.into()],
            webhook_url: Some(url),
            consent_text: Some("You may contact me.".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .webhook_secret
    .unwrap()
}

/// Every question of `mode` answered `value`, with a small profile.
pub fn answers(mode: Mode, value: AnswerValue) -> AnswersDocument {
    let mut doc = AnswersDocument {
        questionnaire_version: QUESTIONNAIRE_VERSION.into(),
        mode,
        profile: Default::default(),
        answers: Default::default(),
    };
    doc.profile.persons_in_scope = Some(40);
    doc.profile.uses_cloud = Some(true);
    for question in &questionnaire(mode).questions {
        doc.answers.insert(
            question.id.clone(),
            Answer {
                value,
                justification: None,
            },
        );
    }
    doc
}

/// A lead submission for [`KEY`].
pub fn lead_body(doc: &AnswersDocument) -> Value {
    serde_json::json!({
        "widget_key": KEY,
        "contact": {"name": "Ana Silva", "email": "ana@acme.example", "company": "ACME Ltd"},
        "consent": {"text": "You may contact me.", "agreed_at": "2026-11-29T18:30:00Z"},
        "answers": doc,
    })
}

/// The lead submission of [`lead_body`] with the field at JSON pointer `pointer` set to
/// `value` (objects on the way are created).
pub fn lead_with(doc: &AnswersDocument, pointer: &str, value: impl Into<Value>) -> Value {
    let mut body = lead_body(doc);
    let field = pointer
        .split('/')
        .skip(1)
        .fold(&mut body, |node, name| &mut node[name]);
    *field = value.into();
    body
}

/// The id of a question of `mode` that covers an Annex A control (allows not_applicable).
pub fn annex_a_question(mode: Mode) -> String {
    questionnaire(mode)
        .questions
        .iter()
        .find(|q| q.allows_not_applicable)
        .expect("an Annex A question")
        .id
        .clone()
}

/// The id of a question of `mode` that covers a clause requirement.
pub fn clause_question(mode: Mode) -> String {
    questionnaire(mode)
        .questions
        .iter()
        .find(|q| !q.requirement_ids.iter().any(|r| r.starts_with("A.")))
        .expect("a clause question")
        .id
        .clone()
}

/// Parses a problem+json response body and checks its content type and kind.
pub fn assert_problem(
    response_content_type: Option<&str>,
    body: &[u8],
    status: u16,
    kind: &str,
) -> Value {
    assert_eq!(response_content_type, Some("application/problem+json"));
    let problem: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(problem["status"], status, "{problem}");
    assert_eq!(
        problem["type"],
        format!("https://annexa.dev/problems/{kind}"),
        "{problem}"
    );
    assert!(problem["title"].is_string());
    assert!(problem["detail"].is_string());
    problem
}

/// The JSON pointers of a validation problem's field errors, in order.
pub fn error_pointers(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .expect("a validation problem lists its errors")
        .iter()
        .map(|e| e["pointer"].as_str().expect("each error has a pointer"))
        .collect()
}

/// Every row of every table, as text, for erasure checks.
pub async fn dump_all_tables(pool: &annexa_api::store::Pool) -> String {
    use sqlx::Row;
    let mut out = String::new();
    annexa_api::on_pool!(pool, pool => {
        let tables: Vec<String> = sqlx::query_scalar(match pool_kind(pool) {
            "sqlite" => "SELECT name FROM sqlite_master WHERE type = 'table' \
                         AND name NOT LIKE 'sqlite_%'",
            _ => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
        })
        .fetch_all(pool)
        .await
        .unwrap();
        for table in tables {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM \"{table}\"")))
                .fetch_all(pool)
                .await
                .unwrap();
            for row in rows {
                for index in 0..row.len() {
                    if let Ok(Some(text)) = row.try_get::<Option<String>, _>(index) {
                        out.push_str(&text);
                        out.push('\t');
                    }
                }
                out.push('\n');
            }
        }
    });
    out
}

fn pool_kind<P: std::any::Any>(_: &P) -> &'static str {
    if std::any::TypeId::of::<P>() == std::any::TypeId::of::<sqlx::SqlitePool>() {
        "sqlite"
    } else {
        "postgres"
    }
}

/// The response's content type.
pub fn content_type<B>(response: &actix_web::dev::ServiceResponse<B>) -> Option<String> {
    response
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads `response` as a problem and checks its status and kind.
pub async fn problem_of<B: actix_web::body::MessageBody>(
    response: actix_web::dev::ServiceResponse<B>,
    status: u16,
    kind: &str,
) -> Value {
    let content_type = content_type(&response);
    let body = actix_web::test::read_body(response).await;
    assert_problem(content_type.as_deref(), &body, status, kind)
}

/// The test application, as `actix_web::test::init_service` gives it.
pub trait TestApp<B>:
    actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse<B>,
        Error = actix_web::Error,
    >
{
}

impl<S, B> TestApp<B> for S where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
        >
{
}

/// Sends `request` to the test application.
pub async fn send<S, B>(app: &S, request: actix_web::test::TestRequest) -> ServiceResponse<B>
where
    S: TestApp<B>,
{
    actix_web::test::call_service(app, request.to_request()).await
}

/// Sends `request`, which must create something (201), and returns the created JSON.
pub async fn expect_created<S, B>(app: &S, request: actix_web::test::TestRequest) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let response = send(app, request).await;
    assert_eq!(response.status(), 201, "expected something to be created");
    actix_web::test::read_body_json(response).await
}

/// A GET without credentials or origin.
pub fn public_get(uri: &str) -> TestRequest {
    TestRequest::get().uri(uri)
}

/// A JSON POST without credentials or origin.
pub fn public_post(uri: &str, body: impl serde::Serialize) -> TestRequest {
    TestRequest::post().uri(uri).set_json(body)
}

/// A GET from a page of [`SHOP`], the origin the test widget key allows.
pub fn shop_get(uri: &str) -> TestRequest {
    public_get(uri).insert_header((header::ORIGIN, SHOP))
}

/// A JSON POST from a page of [`SHOP`].
pub fn shop_post(uri: &str, body: impl serde::Serialize) -> TestRequest {
    public_post(uri, body).insert_header((header::ORIGIN, SHOP))
}

impl Fixture {
    /// A GET with the admin key.
    pub fn admin_get(&self, uri: &str) -> TestRequest {
        public_get(uri).insert_header(self.bearer())
    }

    /// A DELETE with the admin key.
    pub fn admin_delete(&self, uri: &str) -> TestRequest {
        TestRequest::delete().uri(uri).insert_header(self.bearer())
    }

    /// A JSON POST with the admin key.
    pub fn admin_post(&self, uri: &str, body: impl serde::Serialize) -> TestRequest {
        public_post(uri, body).insert_header(self.bearer())
    }

    /// A JSON PATCH with the admin key.
    pub fn admin_patch(&self, uri: &str, body: impl serde::Serialize) -> TestRequest {
        TestRequest::patch()
            .uri(uri)
            .set_json(body)
            .insert_header(self.bearer())
    }

    /// A JSON PUT with the admin key.
    pub fn admin_put(&self, uri: &str, body: impl serde::Serialize) -> TestRequest {
        TestRequest::put()
            .uri(uri)
            .set_json(body)
            .insert_header(self.bearer())
    }
}

/// A stored lead's documents as the server writes them: an empty quick assessment, its report
/// and its qualification, as JSON.
pub fn stored_lead_documents() -> (String, String, String) {
    let document = AnswersDocument {
        questionnaire_version: QUESTIONNAIRE_VERSION.into(),
        mode: Mode::Quick,
        profile: Default::default(),
        answers: Default::default(),
    };
    let report = annexa_shared::score(&document).unwrap();
    let qualification = annexa_shared::qualify_lead(
        &document.profile,
        &report,
        annexa_shared::Date::new(2026, 11, 1).unwrap(),
    );
    (
        serde_json::to_string(&document).unwrap(),
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&qualification).unwrap(),
    )
}
