//! The registry's part of the OpenAPI document, merged into the API's by
//! `crate::http::openapi::spec`.

use utoipa::OpenApi;

use super::routes;

/// The registry's paths.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        routes::verify,
        routes::verify_batch,
        routes::import,
        routes::search,
        routes::get,
        routes::history,
    ),
    tags((name = "certificates", description = "Certificate registry: verification of validity, \
        accreditation, entity and scope coverage with evidence (rules: docs/VERIFICATION.md); \
        import, search and history"))
)]
pub struct RegistryDoc;

/// The registry's OpenAPI paths and tags.
pub fn openapi() -> utoipa::openapi::OpenApi {
    RegistryDoc::openapi()
}
