//! Compression of the app's answers for clients that accept it, at a cost in proportion to
//! what it saves.
//!
//! actix's `Compress` middleware, used before, compressed every answer for a client that sent
//! `Accept-Encoding` (every browser, most HTTP libraries): `/healthz`'s 15 bytes too, with
//! brotli at quality 3 (60 µs for the score route's 8.3 KB report, eight times the route's own
//! work), and always as a chunked stream without a length. Measured with a browser's
//! `Accept-Encoding` (`scripts/load.sh` sends none): `/healthz` 102,000 → 44,000 requests/s, the
//! score route 37,000 → 8,200 (docs/BENCHMARKS.md, issue 17's nineteenth round).
//!
//! Here an answer is compressed only when it is worth it: a text or JSON answer of at least
//! [`MIN_BYTES`] with a known length (the app writes no streams of unknown length; a file read in
//! chunks is gathered first), not encoded already (the widget's files come compressed once per
//! process, see [`super::assets`]), not a part of a file (206). It is compressed whole, so it
//! keeps a `Content-Length`, with the cheapest coding the client accepts that still
//! compresses well: zstd at level 1 on a context kept per thread (15 µs for the report, 8.3 →
//! 2.3 KB), else gzip at level 1 (19 µs, 2.9 KB). Brotli is not offered: at its fastest
//! setting it costs twice zstd's time for a larger answer, and every client that accepts it
//! accepts gzip too. A client that accepts none of these gets the answer as it is.

use std::cell::RefCell;
use std::io::Write;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// Answers shorter than this are sent as they are: a kilobyte travels in one packet either
/// way, and below it the coding's own framing eats much of the gain.
pub const MIN_BYTES: u64 = 1024;

/// Answers longer than this are sent as they are (none of the app's is near it: the widget's
/// large files are compressed once, elsewhere).
const MAX_BYTES: u64 = 8 << 20;

/// zstd's level: its fastest regular one (level 3, its default, costs 25 % more time here for
/// 1 % fewer bytes).
const ZSTD_LEVEL: i32 = 1;

/// Of the codings `offered`, the one a client whose `Accept-Encoding` header had these values
/// ranks highest (on a tie: brotli, zstd, gzip, as actix ranks them), or `identity` if it
/// prefers the bytes as they are; `None` when it sent no such header, accepts none of them, or
/// sent a header that cannot be read. Every answer this server compresses, whether at run time
/// (below) or from the build's copies (`assets.rs`), is chosen here.
pub fn negotiate<'a>(
    accept_encoding: impl IntoIterator<Item = &'a HeaderValue, IntoIter: 'a>,
    offered: &[Encoding],
) -> Option<Encoding> {
    let mut accept_encoding = accept_encoding.into_iter().peekable();
    accept_encoding.peek()?;
    let mut items: Vec<header::QualityItem<header::Preference<Encoding>>> =
        header::from_comma_delimited(accept_encoding).ok()?;
    // A coding refused by name anywhere in the header is refused: `zstd;q=0, zstd` contradicts
    // itself, and the safe reading never sends what the client said it cannot take.
    let refused: Vec<header::Preference<Encoding>> = items
        .iter()
        .filter(|item| item.quality == header::Quality::ZERO)
        .map(|item| item.item.clone())
        .collect();
    items.retain(|item| item.quality == header::Quality::ZERO || !refused.contains(&item.item));
    let accepted = AcceptEncoding(items);
    let identity = Encoding::identity();
    accepted.negotiate(offered.iter().chain(std::iter::once(&identity)))
}

/// A coding this server writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Zstd,
    Gzip,
}

impl Coding {
    /// The coding to use for a client whose `Accept-Encoding` header had these values: the one
    /// it ranks highest among zstd and gzip, zstd on a tie; `None` — the answer as it is — when
    /// it sent no such header or accepts neither.
    pub fn chosen(accept_encoding: &[HeaderValue]) -> Option<Coding> {
        // actix ranks equal qualities brotli > zstd > gzip, and brotli is not offered: so a
        // tie between zstd and gzip goes to zstd.
        match negotiate(accept_encoding, &[Encoding::zstd(), Encoding::gzip()])? {
            e if e == Encoding::zstd() => Some(Coding::Zstd),
            e if e == Encoding::gzip() => Some(Coding::Gzip),
            _ => None,
        }
    }

    fn header(self) -> ContentEncoding {
        match self {
            Coding::Zstd => ContentEncoding::Zstd,
            Coding::Gzip => ContentEncoding::Gzip,
        }
    }

    /// `bytes` in this coding; `None` if the coder fails (then the answer goes as it is).
    pub fn encode(self, bytes: &[u8]) -> Option<Vec<u8>> {
        match self {
            Coding::Zstd => {
                thread_local! {
                    static ZSTD: RefCell<Option<zstd::bulk::Compressor<'static>>> =
                        const { RefCell::new(None) };
                }
                ZSTD.with_borrow_mut(|slot| {
                    if slot.is_none() {
                        *slot = zstd::bulk::Compressor::new(ZSTD_LEVEL).ok();
                    }
                    slot.as_mut()?.compress(bytes).ok()
                })
            }
            Coding::Gzip => {
                let out = Vec::with_capacity(bytes.len() / 2);
                let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
                encoder.write_all(bytes).ok()?;
                encoder.finish().ok()
            }
        }
    }
}

/// Whether an answer is compressed for a client that asks: JSON or text (read as the other
/// routes read a content type, with `mime`), of a known size from [`MIN_BYTES`] to
/// [`MAX_BYTES`], not encoded already, and not a part of a file (206: a slice of the bytes as
/// they are).
fn worth_compressing(response: &ServiceResponse<BoxBody>) -> bool {
    use actix_web::mime;
    if response.status() == actix_web::http::StatusCode::PARTIAL_CONTENT {
        return false;
    }
    let headers = response.headers();
    let actix_web::body::BodySize::Sized(size) = response.response().body().size() else {
        return false;
    };
    if !(MIN_BYTES..=MAX_BYTES).contains(&size) || headers.contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<mime::Mime>().ok())
        .is_some_and(|content_type| {
            content_type.type_() == mime::TEXT
                || content_type.subtype() == mime::JSON
                || content_type.suffix() == Some(mime::JSON)
                || content_type.suffix() == Some(mime::XML)
                || content_type.essence_str() == "application/javascript"
        })
}

/// The middleware (see the module).
pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Only the header's values are kept (reference-counted copies): they are read only for an
    // answer worth compressing.
    let accept_encoding: Vec<HeaderValue> = req
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .cloned()
        .collect();
    let response = next.call(req).await?.map_into_boxed_body();
    if !worth_compressing(&response) {
        return Ok(response);
    }
    let (request, mut response) = response.into_parts();
    // The answer differs by Accept-Encoding whatever this client gets: caches must know.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let Some(coding) = Coding::chosen(&accept_encoding) else {
        return Ok(ServiceResponse::new(request, response));
    };
    let (mut response, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A file read in chunks (a page, the loader for a client without brotli): its length
        // is known and at most `MAX_BYTES`.
        Err(body) => match actix_web::body::to_bytes_limited(body, MAX_BYTES as usize).await {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(error)) => return Err(crate::error::Error::internal(error).into()),
            Err(limit) => return Err(crate::error::Error::internal(limit).into()),
        },
    };
    let body = match coding.encode(&bytes) {
        Some(encoded) if encoded.len() < bytes.len() => {
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_ENCODING, coding.header().to_header_value());
            // The encoded bytes are another representation of the same page: a strong
            // validator (a file's) becomes weak, as RFC 9110 asks, and still answers
            // `If-None-Match` (a weak comparison).
            if let Some(weak) = headers
                .get(header::ETAG)
                .and_then(|etag| etag.to_str().ok())
                .filter(|etag| etag.starts_with('"'))
                .and_then(|etag| HeaderValue::from_str(&format!("W/{etag}")).ok())
            {
                headers.insert(header::ETAG, weak);
            }
            Bytes::from(encoded)
        }
        _ => bytes,
    };
    Ok(ServiceResponse::new(
        request,
        response.set_body(BoxBody::new(body)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn chosen(value: &str) -> Option<Coding> {
        Coding::chosen(&[HeaderValue::from_str(value).expect("a header value")])
    }

    #[test]
    fn the_client_s_ranking_decides_and_zstd_wins_a_tie() {
        assert_eq!(Coding::chosen(&[]), None);
        assert_eq!(chosen("gzip, deflate, br, zstd"), Some(Coding::Zstd));
        assert_eq!(chosen("gzip, deflate, br"), Some(Coding::Gzip));
        assert_eq!(chosen("br"), None);
        assert_eq!(chosen("identity"), None);
        assert_eq!(chosen(""), None);
        assert_eq!(chosen("zstd;q=0.5, gzip"), Some(Coding::Gzip));
        assert_eq!(chosen("zstd;q=0, gzip;q=0.1"), Some(Coding::Gzip));
        assert_eq!(chosen("gzip;q=0, zstd;q=0"), None);
        // Any coding will do: the answer as it is does.
        assert_eq!(chosen("*"), None);
        assert_eq!(chosen("GZIP"), Some(Coding::Gzip));
        // Refused and accepted in one header: refused (proptest found `zstd;q=0, zstd`).
        assert_eq!(chosen("zstd;q=0, zstd"), None);
        assert_eq!(chosen("zstd, gzip;q=0.5, zstd;q=0"), Some(Coding::Gzip));
        assert_eq!(chosen("*;q=0, *, gzip"), Some(Coding::Gzip));
    }

    proptest::proptest! {
        /// Whatever the header says, the coding chosen is one the client gave a quality above
        /// zero (by name or through `*`), and never one it refused by name.
        #[test]
        fn only_a_coding_the_client_accepts_is_chosen(
            items in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["gzip", "zstd", "br", "deflate", "identity", "*", "x-unknown"]),
                    proptest::option::of(0u16..=1000),
                ),
                0..6,
            )
        ) {
            let value = items
                .iter()
                .map(|(name, q)| match q {
                    Some(q) => format!("{name};q={}", f64::from(*q) / 1000.0),
                    None => (*name).to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            // A name's quality: none if never named; 0 if refused anywhere (`zstd;q=0, zstd`
            // refuses zstd); else the highest it was given.
            let quality = |name: &str| {
                let given = items.iter().filter(|(n, _)| *n == name).map(|(_, q)| q.unwrap_or(1000));
                given.clone().min().map(|lowest| if lowest == 0 { 0 } else { given.max().unwrap_or(0) })
            };
            if let Some(coding) = chosen(&value) {
                let name = coding.header().as_str();
                let accepted = match quality(name) {
                    Some(q) => q > 0,
                    None => quality("*").is_some_and(|q| q > 0),
                };
                proptest::prop_assert!(accepted, "{value} → {coding:?}");
            }
        }

        /// Any header a client may send, well formed or not, gives an answer (never a
        /// failure), and a coding only when the header names it.
        #[test]
        fn any_header_gives_a_coding_it_names_or_none(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "gzip", "ZSTD", "zstd", "br", "*", "identity", ";q=", ";", "q=", "0",
                        "1", "0.5", "1.5", "-1", ",", " ", ", ",
                    ])
                    .prop_map(str::to_owned)
                    .boxed(),
                    Strategy::boxed("[ -~]{0,4}"),
                ],
                0..12,
            )
        ) {
            let value = pieces.concat();
            if let Some(coding) = chosen(&value) {
                let name = coding.header().as_str();
                proptest::prop_assert!(value.to_ascii_lowercase().contains(name), "{value} → {coding:?}");
            }
        }

        /// What is encoded decodes to the same bytes, in either coding.
        #[test]
        fn an_encoded_answer_decodes_to_itself(text in ".{0,3000}") {
            use std::io::Read;
            for coding in [Coding::Zstd, Coding::Gzip] {
                let encoded = coding.encode(text.as_bytes()).expect("encodes");
                let decoded = match coding {
                    Coding::Zstd => zstd::stream::decode_all(&encoded[..]).expect("zstd"),
                    Coding::Gzip => {
                        let mut out = Vec::new();
                        flate2::read::GzDecoder::new(&encoded[..]).read_to_end(&mut out).expect("gzip");
                        out
                    }
                };
                proptest::prop_assert_eq!(&decoded, text.as_bytes());
            }
        }
    }
}
