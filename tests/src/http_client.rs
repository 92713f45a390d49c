//! A deliberately small HTTP/1.1 client over a plain `TcpStream`.
//!
//! Hostile-input tests must send exactly the bytes they mean: a path with `/../` or `%2e%2e`
//! that a URL library would normalise, a body that is not UTF-8, a lying `Content-Length`, or a
//! request from another loopback source address (`127.0.0.2`) so that the server sees a second
//! client. Every request is sent with `Connection: close` and the response is read to the end.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

/// How long a request may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A request to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target, sent byte for byte (no normalisation, no escaping).
    pub target: Vec<u8>,
    /// Header lines (name, value); `Host`, `Connection` and `Content-Length` are added.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Connect from this local address (e.g. `127.0.0.2`) instead of the default.
    pub source: Option<IpAddr>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: &str, target: impl AsRef<[u8]>) -> Request {
        Request {
            method: method.to_owned(),
            target: target.as_ref().to_vec(),
            headers: Vec::new(),
            body: Vec::new(),
            source: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body and its content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Request {
        self.headers
            .push(("Content-Type".to_owned(), content_type.to_owned()));
        self.body = body.into();
        self
    }

    /// A JSON body.
    pub fn json(self, value: &serde_json::Value) -> Request {
        self.body("application/json", value.to_string())
    }

    /// `Authorization: Bearer <key>`.
    pub fn bearer(self, key: &str) -> Request {
        self.header("Authorization", &format!("Bearer {key}"))
    }

    /// Connects from `source`.
    pub fn from_source(mut self, source: IpAddr) -> Request {
        self.source = Some(source);
        self
    }

    /// The request head (request line and headers, up to the blank line) for `addr`.
    pub fn head(&self, addr: SocketAddr) -> Vec<u8> {
        let mut head = Vec::new();
        head.extend_from_slice(self.method.as_bytes());
        head.push(b' ');
        head.extend_from_slice(&self.target);
        head.extend_from_slice(b" HTTP/1.1\r\n");
        head.extend_from_slice(format!("Host: {addr}\r\nConnection: close\r\n").as_bytes());
        let has_length = self.headers.iter().any(|(n, _)| {
            n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding")
        });
        if !has_length && (!self.body.is_empty() || self.method != "GET") {
            head.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        for (name, value) in &self.headers {
            head.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        head
    }

    /// Sends the request and reads the whole response.
    pub fn send(&self, addr: SocketAddr) -> std::io::Result<Response> {
        let mut stream = connect(addr, self.source)?;
        stream.write_all(&self.head(addr))?;
        stream.write_all(&self.body)?;
        stream.flush()?;
        read_response(&mut stream)
    }
}

/// A connection to `addr`, from `source` when given, with [`TIMEOUT`] on reads and writes.
pub fn connect(addr: SocketAddr, source: Option<IpAddr>) -> std::io::Result<TcpStream> {
    let stream = match source {
        None => TcpStream::connect_timeout(&addr, TIMEOUT)?,
        Some(ip) => {
            let socket = socket2::Socket::new(
                socket2::Domain::for_address(addr),
                socket2::Type::STREAM,
                Some(socket2::Protocol::TCP),
            )?;
            socket.bind(&SocketAddr::new(ip, 0).into())?;
            socket.connect_timeout(&addr.into(), TIMEOUT)?;
            socket.into()
        }
    };
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header lines, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    ///
    /// # Panics
    /// When the body is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                self.text()
            )
        })
    }

    /// The media type without parameters, lower case.
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }
}

/// `GET path` with no headers.
pub fn get(addr: SocketAddr, path: &str) -> std::io::Result<Response> {
    Request::new("GET", path).send(addr)
}

/// Reads one response: up to its `Content-Length`, to its last chunk, or else to the end of the
/// connection. (A server that refuses a body early may keep the connection open while the
/// unread body drains, so waiting for the end of the connection would stall.)
pub fn read_response(stream: &mut TcpStream) -> std::io::Result<Response> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = Response {
                body: Vec::new(),
                ..parse_head(&raw[..split])?
            };
            let body = &raw[split + 4..];
            let complete = match head
                .header("content-length")
                .and_then(|v| v.parse::<usize>().ok())
            {
                Some(length) => body.len() >= length,
                None if head.header("transfer-encoding").is_some() => {
                    body.ends_with(b"0\r\n\r\n") && dechunk(body).is_ok()
                }
                None => head.status == 204 || head.status == 304,
            };
            if complete {
                return parse_response(&raw);
            }
        }
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return parse_response(&raw);
        }
        raw.extend_from_slice(&buffer[..n]);
    }
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_owned())
}

/// Parses a complete HTTP/1.1 response.
pub fn parse_response(raw: &[u8]) -> std::io::Result<Response> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("no end of response head"))?;
    let Response {
        status, headers, ..
    } = parse_head(&raw[..split])?;
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let body = match (chunked, length) {
        (true, _) => dechunk(rest)?,
        (false, Some(length)) => rest[..length.min(rest.len())].to_vec(),
        (false, None) => rest.to_vec(),
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn parse_head(head: &[u8]) -> std::io::Result<Response> {
    let head = std::str::from_utf8(head).map_err(|_| invalid("head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| invalid("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Response {
        status,
        headers,
        body: Vec::new(),
    })
}

fn dechunk(mut data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| invalid("truncated chunk size"))?;
        let size_text = std::str::from_utf8(&data[..line_end]).map_err(|_| invalid("chunk"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("chunk size"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err(invalid("truncated chunk"));
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}
