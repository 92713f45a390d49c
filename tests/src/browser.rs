//! A real headless Chromium for the widget's end-to-end tests, driven through ChromeDriver's
//! W3C WebDriver protocol (JSON over HTTP).
//!
//! [`Browser::start`] launches `chromedriver` (`$CHROMEDRIVER`, default `/usr/bin/chromedriver`)
//! on a free port and opens a session of `/usr/bin/chromium` (`$CHROME`) with a fresh profile;
//! both go away when the [`Browser`] is dropped. Keys are sent with the Actions API to whatever
//! has focus, so the tests use the keyboard exactly like a visitor does — including inside the
//! widget's shadow root.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// One WebDriver exchange. ChromeDriver keeps connections open whatever the request says, so
/// the body is read by its `Content-Length` rather than to the end of the connection.
fn webdriver_http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    let invalid = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_owned());
    loop {
        let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&raw[..end]).into_owned();
            let status = head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| invalid("bad status line"))?;
            let length: usize = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .ok_or_else(|| invalid("no Content-Length"))?;
            while raw.len() < end + 4 + length {
                let n = stream.read(&mut buffer)?;
                if n == 0 {
                    return Err(invalid("connection closed early"));
                }
                raw.extend_from_slice(&buffer[..n]);
            }
            let value = serde_json::from_slice(&raw[end + 4..end + 4 + length])
                .map_err(|e| invalid(&e.to_string()))?;
            return Ok((status, value));
        }
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(invalid("connection closed before the response head"));
        }
        raw.extend_from_slice(&buffer[..n]);
    }
}

/// WebDriver key codes.
pub mod keys {
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Arrow down.
    pub const ARROW_DOWN: &str = "\u{E015}";
    /// Space.
    pub const SPACE: &str = " ";
}

/// Whether browser tests are switched off (`ANNEXA_SKIP_BROWSER=1`, the quick test run); says
/// so on stderr when they are.
pub fn skipped() -> bool {
    let skipped = std::env::var("ANNEXA_SKIP_BROWSER").is_ok_and(|v| v == "1");
    if skipped {
        eprintln!("ANNEXA_SKIP_BROWSER=1: browser test skipped");
    }
    skipped
}

/// A ChromeDriver process with one browser session.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session.
    ///
    /// # Panics
    /// When ChromeDriver or Chromium cannot be started (a real failure: install them with
    /// `scripts/setup.sh`).
    pub fn start() -> Browser {
        let driver_path =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path}: {e}"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = webdriver_http(addr, "GET", "/status", None)
                .is_ok_and(|(status, v)| status == 200 && v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start on {addr}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("temporary browser profile");
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1100,1400".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chrome, "args": args},
        }}});
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.command("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {created}"))
            .to_owned();
        browser.session_command("POST", "/timeouts", Some(json!({"script": 30_000})));
        browser
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, response) = webdriver_http(self.addr, method, path, body.as_ref())
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let value = response["value"].clone();
        assert!(
            status == 200,
            "WebDriver {method} {path} → {status}: {value}"
        );
        value
    }

    fn session_command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.command(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Opens `url` and waits for the document to load.
    pub fn goto(&self, url: &str) {
        self.session_command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its JSON result.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.session_command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs an asynchronous `script` whose last argument is the callback to call with the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.session_command(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Polls `script` until it returns something other than `null`/`false`, and returns it.
    ///
    /// # Panics
    /// After `timeout`, naming `what`.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(script, json!([]));
            if !value.is_null() && value != Value::Bool(false) {
                return value;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a Chrome DevTools Protocol command (ChromeDriver's `goog/cdp/execute`).
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.session_command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": command, "params": params})),
        )
    }

    /// Makes the page's viewport `width` × `height` CSS pixels (device emulation, so widths
    /// below the window's minimum work too).
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    /// Emulates a media type (`"print"`, or `""` for the screen) and media features such as
    /// `[{"name": "prefers-color-scheme", "value": "dark"}]`.
    pub fn emulate_media(&self, media: &str, features: Value) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": features}),
        );
    }

    /// Presses each key of `keys` (characters or [`keys`] codes) on the focused element.
    pub fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": key.to_string()}));
            actions.push(json!({"type": "keyUp", "value": key.to_string()}));
        }
        self.session_command(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = webdriver_http(self.addr, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
