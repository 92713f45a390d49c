//! The committed `api/openapi.json` must be exactly what the code generates. After changing a
//! route, regenerate it with `cargo run -p annexa-api -- openapi > api/openapi.json`.

#[test]
fn committed_openapi_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json"))
        .expect("api/openapi.json exists (regenerate: cargo run -p annexa-api -- openapi > api/openapi.json)");
    let generated = annexa_api::http::openapi::spec_json();
    assert!(
        committed == generated,
        "api/openapi.json is out of date: regenerate it with \
         `cargo run -p annexa-api -- openapi > api/openapi.json`"
    );
}
