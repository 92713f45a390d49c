//! The built widget (`dist/`, produced by Trunk) and the demo host page at `/`; the console's
//! own bundle (`dist/console/`) at `/verify` and `/console/`.
//!
//! Hashed build files (`annexa-widget-3f9c…_bg.wasm`) never change, so they are cached for a
//! year as immutable; `embed.js` and HTML are revalidated on every use (`no-cache`) so a new
//! build is picked up at once. Assets may be loaded by any site (`Access-Control-Allow-Origin:
//! *`, `Cross-Origin-Resource-Policy: cross-origin`). MIME types come from the file extension
//! (`.wasm` → `application/wasm`). Hashed files are compressed once (brotli, else gzip, as the
//! client accepts) and kept in memory, because compressing a megabyte of wasm on every request
//! costs more than serving it; for brotli, the build's own copy at quality 11 (`<file>.br`,
//! written by `frontend/build/post_build.sh`) is sent when there is one. Everything else goes
//! through the app's compression ([`super::compress`]), which leaves already-encoded responses
//! alone. Without a build, `/` explains how to make one instead of failing.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;
use crate::error::{Error, Result};

/// Routes: `/`, the console's pages (`/verify`, `/console/`, `/console/widgets`,
/// `/console/funnel`), and every other GET path not
/// matched before.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(index))
        .route("/verify", web::get().to(console_page))
        .route("/console", web::get().to(console_page))
        .route("/console/", web::get().to(console_page))
        .route("/console/widgets", web::get().to(console_page))
        .route("/console/funnel", web::get().to(console_page))
        // The registry's pages: search, import and one certificate (the bundle reads the path).
        .route("/console/registry", web::get().to(console_page))
        .route("/console/registry/{page}", web::get().to(console_page))
        .route("/{path:.*}", web::get().to(asset));
}

/// Where the console's own bundle is built, inside the widget's build directory (Trunk with
/// `console/Trunk.toml`): `/verify` and `/console/` load only this bundle, the widget never does.
pub const CONSOLE_DIR: &str = "console";

const CONSOLE_NOT_BUILT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Annexa — page not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<main><h1>This page is not built yet</h1>
<p>The certificate check and the console are a separate build. From the repository root, run
<code>trunk build --release --config console/Trunk.toml</code> after the widget's build (or the
README's run command, which does both), then reload this page.</p>
<p>The API works without it: see <a href="/docs/">the API documentation</a>.</p></main>
</body></html>
"#;

/// The page of the console's bundle (`/verify`, `/console/`): the bundle reads the path and
/// shows the page that matches. Explains how to build it when it is missing.
pub async fn console_page(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse> {
    let page = state.config.dist_dir.join(CONSOLE_DIR).join("index.html");
    if !page.is_file() {
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(CONSOLE_NOT_BUILT));
    }
    serve(&req, &page).await
}

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Annexa — widget not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Annexa is running, but the widget is not built yet</h1>
<p>The server looks for the built widget in <code>DIST_DIR</code> and did not find
<code>index.html</code> there.</p>
<p>Build it from the repository root with <code>trunk build --release</code> (see the README for
the one command that installs Trunk and everything else), then reload this page. Or start the
server with <code>--dist DIR</code> / <code>ANNEXA_DIST=DIR</code> pointing at an existing build.</p>
<p>The API works without the widget: see <a href="/docs/">the API documentation</a> and
<a href="/healthz">/healthz</a>.</p>
</body></html>
"#;

/// The demo host page, or instructions when the widget is not built.
pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse> {
    let dist = &state.config.dist_dir;
    let page = dist.join("index.html");
    if !page.is_file() {
        let text = NOT_BUILT.replace("DIST_DIR", &html_escape(&dist.display().to_string()));
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(text));
    }
    serve(&req, &page).await
}

/// A file of the build.
pub async fn asset(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse> {
    let relative = safe_relative(&path).ok_or_else(|| {
        Error::NotFound(format!(
            "no file '{}'",
            path.chars().take(100).collect::<String>()
        ))
    })?;
    let mut full = state.config.dist_dir.join(relative);
    if full.is_dir() {
        full = full.join("index.html");
    }
    serve(&req, &full).await
}

/// `path` as a relative path with no `..`, hidden or empty segments.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for segment in path.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment.starts_with('.') || segment.contains('\\') || segment.contains('\0') {
            return None;
        }
        out.push(segment);
    }
    Some(out)
}

/// Whether a file name carries a content hash (Trunk: `name-<16+ hex digits>…`).
pub fn is_hashed(file_name: &str) -> bool {
    file_name
        .split(['-', '_', '.'])
        .any(|token| token.len() >= 16 && token.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn serve(req: &HttpRequest, path: &Path) -> Result<HttpResponse> {
    let owned = path.to_path_buf();
    let file = web::block(move || NamedFile::open(owned))
        .await
        .map_err(Error::internal)?
        .map_err(|_| Error::NotFound(format!("no file '{}'", req.path())))?;
    let is_html = file.content_type().essence_str() == "text/html";
    let hashed = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_hashed);
    let encoding = if hashed {
        Encoding::accepted(req)
    } else {
        None
    };
    let mut response = match encoding {
        Some(encoding) => {
            let content_type = file.content_type().to_string();
            let source = path.to_path_buf();
            let body = web::block(move || compressed(&source, encoding))
                .await
                .map_err(Error::internal)?
                .map_err(Error::internal)?;
            HttpResponse::Ok()
                .content_type(content_type)
                .insert_header((header::CONTENT_ENCODING, encoding.token()))
                .insert_header((header::VARY, "Accept-Encoding"))
                .body(body.as_ref().clone())
        }
        // The loader (`embed.js`, revalidated on every use): the build's brotli copy when there
        // is one, as a file of its own, so that its validators and `304`s still work.
        None if !hashed && Encoding::accepted(req) == Some(Encoding::Brotli) => {
            match precompressed_file(path, file.content_type().clone()).await {
                Some(copy) => copy.into_response(req),
                None => file.prefer_utf8(true).into_response(req),
            }
        }
        None => file.prefer_utf8(true).into_response(req),
    };
    let headers = response.headers_mut();
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if !is_html {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        );
    }
    Ok(response)
}

/// The build's brotli copy of `path` (`<path>.br`), served as `path` (its type, `br`
/// encoded), if there is one.
async fn precompressed_file(path: &Path, content_type: actix_web::mime::Mime) -> Option<NamedFile> {
    let copy = brotli_copy(path);
    let file = web::block(move || NamedFile::open(copy)).await.ok()?.ok()?;
    Some(
        file.set_content_type(content_type)
            .set_content_encoding(header::ContentEncoding::Brotli),
    )
}

/// Where the build keeps its brotli copy of `path`: `<path>.br` (frontend/build/post_build.sh).
fn brotli_copy(path: &Path) -> PathBuf {
    let mut copy = path.as_os_str().to_owned();
    copy.push(".br");
    PathBuf::from(copy)
}

/// A content encoding we precompute for hashed files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// The encoding the request ranks highest of brotli and gzip (brotli on a tie), if it
    /// accepts either (see [`crate::http::compress::negotiate`]).
    fn accepted(req: &HttpRequest) -> Option<Encoding> {
        use actix_web::http::header::Encoding as Coding;
        match crate::http::compress::negotiate(
            req.headers().get_all(header::ACCEPT_ENCODING),
            &[Coding::brotli(), Coding::gzip()],
        )? {
            e if e == Coding::brotli() => Some(Encoding::Brotli),
            e if e == Coding::gzip() => Some(Encoding::Gzip),
            _ => None,
        }
    }

    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// Brotli quality for hashed files. 11 makes our wasm about 10 % smaller than 9 but takes
/// seconds, and the first request after a start (or a new build) waits for it; 9 takes well
/// under a second.
const BROTLI_QUALITY: u32 = 9;

type CompressedCache = Mutex<HashMap<(PathBuf, Encoding), Arc<actix_web::web::Bytes>>>;

/// The file at `path` compressed with `encoding`, computed once per process. Only hashed files
/// come here, and a hashed file never changes, so the cache never goes stale.
fn compressed(path: &Path, encoding: Encoding) -> std::io::Result<Arc<web::Bytes>> {
    static CACHE: OnceLock<CompressedCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), encoding);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let precompressed = brotli_copy(path);
    let body = match encoding {
        // The build's copy at quality 11, when there is one.
        Encoding::Brotli if precompressed.is_file() => std::fs::read(&precompressed)?,
        Encoding::Brotli => {
            let raw = std::fs::read(path)?;
            let mut out = Vec::with_capacity(raw.len() / 3);
            {
                let mut writer =
                    brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, 22);
                writer.write_all(&raw)?;
            }
            out
        }
        Encoding::Gzip => {
            let raw = std::fs::read(path)?;
            let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            writer.write_all(&raw)?;
            writer.finish()?
        }
    };
    let body = Arc::new(web::Bytes::from(body));
    if let Ok(mut cache) = cache.lock() {
        cache.insert(key, Arc::clone(&body));
    }
    Ok(body)
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed("annexa-widget-5f3c1a2b9d8e7f60_bg.wasm"));
        assert!(is_hashed("annexa-widget-5f3c1a2b9d8e7f60.js"));
        assert!(!is_hashed("embed.js"));
        assert!(!is_hashed("index.html"));
    }

    #[test]
    fn refuses_traversal() {
        assert!(safe_relative("../etc/passwd").is_none());
        assert!(safe_relative("a/.git/config").is_none());
        assert_eq!(safe_relative("a//b.js").unwrap(), PathBuf::from("a/b.js"));
    }
}
