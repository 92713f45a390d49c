//! A real `annexa serve` process for end-to-end tests.
//!
//! [`Server::start`] finds the `annexa` binary ([`annexa_bin`]), starts it on a free loopback
//! port with its own database file in a temporary directory, waits until `/readyz` answers 200
//! and gives its base URL. The process is killed when the [`Server`] is dropped.
//! [`Server::kill`] sends SIGKILL (a crash, not a shutdown) and [`Server::restart`] starts a new
//! process on the same database file, which is how the crash-safety tests use it.
//! [`Options::database_url`] points the server at another database instead of its own file
//! (the multi-instance test starts several servers on one PostgreSQL database).

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::http_client;

/// The admin key every test server is started with (`ANNEXA_ADMIN_KEY`).
pub const ADMIN_KEY: &str = "e2e-admin-key-0123456789abcdef";

/// How long a server may take to become ready.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// The `annexa` binary: `$ANNEXA_BIN` when set, otherwise `target/debug/annexa`, built first
/// with `cargo build -p annexa-api --bin annexa` (a no-op when it is up to date) so that a test
/// never runs against a stale binary.
///
/// # Panics
/// When the binary cannot be built or found: that is a real failure, not a reason to skip.
pub fn annexa_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("ANNEXA_BIN") {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "ANNEXA_BIN={} does not exist",
                path.display()
            );
            return path;
        }
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ has a parent")
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "annexa-api", "--bin", "annexa"])
            .current_dir(&workspace)
            .status()
            .expect("cannot run cargo to build the annexa binary");
        assert!(status.success(), "cargo build -p annexa-api failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        let bin = target.join("debug").join("annexa");
        assert!(bin.is_file(), "{} was not built", bin.display());
        bin
    })
    .clone()
}

/// Writes `count` fictitious demo certificates, numbered from `start`, as JSON Lines into a file
/// in `dir` (`annexa certs demo`), and returns its path.
///
/// # Panics
/// When the command fails.
pub fn demo_file(dir: &Path, start: u64, count: u64) -> PathBuf {
    let path = dir.join(format!("demo-{start}-{count}.jsonl"));
    // `certs` opens a database even to write a file: keep it in the test's directory, and let
    // no database of the caller's environment be used instead.
    let status = Command::new(annexa_bin())
        .current_dir(dir)
        .env_remove("ANNEXA_DATABASE_URL")
        .env_remove("ANNEXA_DB")
        .arg("certs")
        .arg("--db")
        .arg(dir.join("demo-generator.db"))
        .args([
            "demo",
            "--start",
            &start.to_string(),
            "--count",
            &count.to_string(),
            "--out",
        ])
        .arg(&path)
        .status()
        .expect("annexa certs demo");
    assert!(status.success(), "annexa certs demo failed");
    path
}

/// Options for [`Server::start_with`]: extra `annexa serve` flags and environment variables.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra command-line arguments after `serve --bind … --db … --dist …`.
    pub args: Vec<String>,
    /// `--database-url URL` instead of `--db` with the server's own SQLite file
    /// (`postgres://…` for a database that several servers share).
    pub database_url: Option<String>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// The `--dist` directory; an empty temporary one when `None`.
    pub dist: Option<PathBuf>,
    /// Start without `--demo` (no demo widget key `demo`); most suites use that key.
    pub no_demo: bool,
}

impl Options {
    /// Options with these extra flags.
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(args: I) -> Self {
        Options {
            args: args.into_iter().map(Into::into).collect(),
            ..Options::default()
        }
    }
}

/// A running `annexa serve`.
#[derive(Debug)]
pub struct Server {
    child: Option<Child>,
    addr: SocketAddr,
    dir: tempfile::TempDir,
    options: Options,
    log: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

impl Server {
    /// A server with default settings (rate limits off, so tests do not trip them by accident).
    pub fn start() -> Server {
        Server::start_with(Options::args([
            "--rate-limit-ip",
            "0",
            "--rate-limit-widget-key",
            "0",
        ]))
    }

    /// A server with `options`.
    ///
    /// # Panics
    /// When the server does not become ready within a minute (its log is printed).
    pub fn start_with(options: Options) -> Server {
        let dir = tempfile::tempdir().expect("temporary directory");
        let log = dir.path().join("server.log");
        let mut server = Server {
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            dir,
            options,
            log,
        };
        server.spawn();
        server
    }

    /// The database file (unused when [`Options::database_url`] is set).
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("annexa.db")
    }

    /// The temporary directory the server's files live in (its database, its log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn spawn(&mut self) {
        let dist = self
            .options
            .dist
            .clone()
            .unwrap_or_else(|| self.dir.path().join("no-dist"));
        let mut last_error = String::new();
        // A port found free may be taken before the server binds it: try a few.
        for _ in 0..5 {
            let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log)
                .expect("server log file");
            let mut command = Command::new(annexa_bin());
            command.arg("serve").arg("--bind").arg(addr.to_string());
            match &self.options.database_url {
                Some(url) => command.arg("--database-url").arg(url),
                None => command.arg("--db").arg(self.db_path()),
            };
            command.arg("--dist").arg(&dist);
            if !self.options.no_demo {
                command.arg("--demo");
            }
            command
                .args(&self.options.args)
                .env("ANNEXA_ADMIN_KEY", ADMIN_KEY)
                .env("ANNEXA_LOG", "warn")
                // Suites send the same contact many times; the suites about these limits set
                // them (flags win over these variables).
                .env("ANNEXA_LEAD_DEDUP_HOURS", "0")
                .env("ANNEXA_LEAD_DAILY_QUOTA", "0")
                // A scripted browser answers faster than any person.
                .env("ANNEXA_LEAD_MIN_SECONDS", "0")
                .env_remove("ANNEXA_BIND")
                .env_remove("ANNEXA_DB")
                .env_remove("ANNEXA_DATABASE_URL")
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log handle"))
                .stderr(log);
            for (key, value) in &self.options.env {
                command.env(key, value);
            }
            let mut child = command.spawn().expect("cannot start annexa serve");
            self.addr = addr;
            match wait_ready(&mut child, addr) {
                Ok(()) => {
                    self.child = Some(child);
                    return;
                }
                Err(error) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_error = error;
                }
            }
        }
        panic!(
            "annexa serve did not become ready: {last_error}\n--- server log ---\n{}",
            self.log_text()
        );
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The process id, while running.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether the process is still alive.
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Everything the server wrote to stdout and stderr so far.
    pub fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// SIGKILL: the process dies at once, mid-request, without any shutdown.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the process if it runs, then starts a new one on the same database (a new port).
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// Panics with the server log unless `GET /healthz` answers 200: the server keeps serving.
    pub fn assert_alive(&mut self, after: &str) {
        let running = self.is_running();
        let response = http_client::get(self.addr, "/healthz");
        let ok = running && response.as_ref().is_ok_and(|r| r.status == 200);
        assert!(
            ok,
            "the server stopped serving after {after}: running={running}, /healthz={:?}\n\
             --- server log ---\n{}",
            response.map(|r| r.status),
            self.log_text()
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn wait_ready(child: &mut Child, addr: SocketAddr) -> Result<(), String> {
    let deadline = Instant::now() + READY_TIMEOUT;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the process exited with {status}"));
        }
        if let Ok(response) = http_client::get(addr, "/readyz")
            && response.status == 200
        {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("/readyz not 200 after {READY_TIMEOUT:?}"))
}
