//! The floor under `POST /api/v1/assessments/score`: what a route with the same bytes in and
//! out costs on actix when it does no work, beside the same route doing the work, on a bare
//! actix server (one worker, no middleware). `scripts/route-floor.sh` drives it with wrk and
//! compares each route with `/healthz` in the same run.
//!
//! ```text
//! cargo run --release -p annexa-api --example route_floor -- 127.0.0.1:PORT
//! ```
//!
//! - `GET /healthz`: `{"status":"ok"}`, as the product's.
//! - `POST /floor`: reads the whole body and answers with the full questionnaire's report, made
//!   once at start: the score route's bytes in and out, none of its work.
//! - `POST /score`: the score route's work ([`report_json_from_body`]) without the product's
//!   middleware.
//!
//! A benchmark's tool only: it binds where it is told, and the script gives it a loopback
//! address.

use actix_web::http::header::ContentType;
use actix_web::{App, HttpResponse, HttpServer, web};
use annexa_api::assessment::report_json_from_body;

const FULL_MIXED: &[u8] = include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json");

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(r#"{"status":"ok"}"#)
}

async fn floor(report: web::Data<web::Bytes>, body: web::Bytes) -> HttpResponse {
    // The body is read whole, as the score route reads it; its length is all that is used.
    let _ = std::hint::black_box(body.len());
    HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(report.get_ref().clone())
}

async fn score(body: web::Bytes) -> HttpResponse {
    match report_json_from_body(&body) {
        Ok(report) => HttpResponse::Ok()
            .insert_header(ContentType::json())
            .body(report),
        Err(error) => HttpResponse::UnprocessableEntity().body(error.to_string()),
    }
}

fn main() -> std::io::Result<()> {
    let Some(bind) = std::env::args().nth(1) else {
        eprintln!("usage: route_floor ADDRESS:PORT (a loopback address)");
        std::process::exit(2);
    };
    let report = match report_json_from_body(FULL_MIXED) {
        Ok(report) => web::Bytes::from(report),
        Err(error) => {
            eprintln!("route_floor: the fixture does not score: {error}");
            std::process::exit(1);
        }
    };
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(report.clone()))
                .app_data(web::PayloadConfig::new(1 << 20))
                .route("/healthz", web::get().to(healthz))
                .route("/floor", web::post().to(floor))
                .route("/score", web::post().to(score))
        })
        .workers(1)
        .bind(bind)?
        .run()
        .await
    })
}
