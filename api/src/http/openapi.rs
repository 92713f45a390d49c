//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations, served at
//! `/openapi.json` with Swagger UI at `/docs/` (vendored: works offline). The committed copy
//! `api/openapi.json` is checked against [`spec_json`] by `tests/openapi.rs`; regenerate it with
//! `cargo run -p annexa-api -- openapi > api/openapi.json`.

use actix_web::{HttpResponse, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::routes;

/// The API's OpenAPI description.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Annexa API",
        description = "ISO/IEC 27001:2022 readiness assessments, leads for sales, and administration. \
            Errors are RFC 9457 application/problem+json with a stable `type` per kind."
    ),
    paths(
        routes::health::healthz,
        routes::health::readyz,
        routes::health::metrics,
        routes::catalog::get_catalog,
        routes::catalog::get_questionnaire,
        routes::assessments::score,
        routes::assessments::soa,
        routes::assessments::plan,
        routes::assessments::advice,
        routes::oscal::get_catalog,
        routes::oscal::get_profile,
        routes::oscal::export,
        routes::oscal::coverage,
        routes::widget_config::get_widget_config,
        routes::leads::submit::create,
        routes::leads::list,
        routes::leads::get,
        routes::leads::set_status,
        routes::leads::add_note,
        routes::leads::delete,
        routes::leads::erase_by_email,
        routes::leads::export_csv,
        routes::widget_keys::create,
        routes::widget_keys::list,
        routes::widget_keys::delete,
        routes::widget_keys::rotate_secret,
        routes::widget_keys::update,
        routes::widget_keys::test_webhook,
        routes::widget_keys::deliveries,
        routes::funnel::record,
        routes::funnel::report,
        routes::api_keys::create,
        routes::api_keys::list,
        routes::api_keys::revoke,
        routes::session::sign_in,
        routes::session::current,
        routes::session::sign_out,
    ),
    components(schemas(
        crate::error::Problem,
        crate::error::FieldError,
        crate::assessment::OscalDocument,
        crate::assessment::CoverageFormat,
        crate::assessment::SoaFormat,
    )),
    modifiers(&AdminKey),
    tags(
        (name = "assessments", description = "Answers in, report / SoA / plan / advice out"),
        (name = "catalog", description = "The control catalog and the questionnaires"),
        (name = "interop", description = "OSCAL exports and cross-framework coverage (docs/INTEROP.md)"),
        (name = "widget", description = "Public routes used by the embedded widget"),
        (name = "admin", description = "Leads, widget keys, the widget funnel and API keys (admin API key required)"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct AdminKey;

impl Modify for AdminKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An admin API key from `annexa keys create`"))
                    .build(),
            ),
        );
    }
}

/// The complete document (the certificate registry's paths merged in).
pub fn spec() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    // The certificate registry adds its paths and tags here.
    doc.merge(crate::registry::openapi());
    doc
}

/// The document as pretty JSON with a final newline: what `annexa openapi` prints and
/// `api/openapi.json` holds.
pub fn spec_json() -> String {
    let mut text = spec()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

/// `/openapi.json` and the docs page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/docs",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header(("location", "/docs/"))
                .finish()
        }),
    )
    .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", spec()));
}
