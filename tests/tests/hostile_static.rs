//! Path traversal against the static routes: whatever the encoding (`/../`, `%2e%2e`, encoded
//! slashes and backslashes, double encoding, NUL), a request never reads a file outside the
//! `--dist` directory nor a hidden file inside it, gets a 4xx problem+json, and the server keeps
//! serving.

use std::fs;

use annexa_e2e::http_client::Request;
use annexa_e2e::payloads::assert_client_problem;
use annexa_e2e::server::{Options, Server};

/// Text that must never appear in a response.
const SECRET: &str = "TOP-SECRET-e2e-7f3a9c";

#[test]
fn traversal_never_leaves_the_dist_directory() {
    let root = tempfile::tempdir().unwrap();
    let dist = root.path().join("dist");
    fs::create_dir_all(dist.join("icons")).unwrap();
    fs::write(
        dist.join("index.html"),
        "<!doctype html><title>demo host</title>",
    )
    .unwrap();
    fs::write(dist.join("embed.js"), "/* embed */").unwrap();
    fs::write(dist.join("icons").join("a.svg"), "<svg/>").unwrap();
    fs::write(dist.join(".env"), SECRET).unwrap();
    fs::create_dir_all(dist.join(".git")).unwrap();
    fs::write(dist.join(".git").join("config"), SECRET).unwrap();
    fs::write(root.path().join("secret.txt"), SECRET).unwrap();
    let mut server = Server::start_with(Options {
        dist: Some(dist.clone()),
        ..Options::default()
    });

    // Positive controls: the build is served.
    let embed = Request::new("GET", "/embed.js")
        .send(server.addr())
        .unwrap();
    assert_eq!(embed.status, 200, "{}", embed.text());
    assert_eq!(embed.text(), "/* embed */");
    let icon = Request::new("GET", "/icons/a.svg")
        .send(server.addr())
        .unwrap();
    assert_eq!(icon.status, 200);

    let secret_path = root.path().join("secret.txt");
    let absolute = secret_path.to_str().unwrap();
    let attempts: Vec<String> = [
        "/../secret.txt",
        "/icons/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/icons%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/..;/secret.txt",
        "/embed.js%00/../../secret.txt",
        "/.env",
        "/%2eenv",
        "/.git/config",
        "/icons/../.git/config",
        "/%2egit/config",
        "/./.env",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([
        format!("/{absolute}"),
        format!("//{}", absolute.trim_start_matches('/')),
        format!("/{}", absolute.replace('/', "%2f")),
    ])
    .collect();
    for target in &attempts {
        let response = match Request::new("GET", target.as_bytes()).send(server.addr()) {
            Ok(response) => response,
            Err(error) => panic!("{target}: no response ({error})\n{}", server.log_text()),
        };
        assert!(
            !response.text().contains(SECRET),
            "{target} leaked a file outside the build: {}",
            response.text()
        );
        assert!(
            (400..500).contains(&response.status),
            "{target}: expected a 4xx, got {}: {}",
            response.status,
            response.text()
        );
        if response.status != 400 || response.header("content-type").is_some() {
            assert_client_problem(&response, target);
        }
        server.assert_alive(target);
    }
    // Also through HEAD and under the API prefix.
    for target in [
        "/api/v1/../../secret.txt",
        "/api/v1/%2e%2e/%2e%2e/secret.txt",
    ] {
        let response = Request::new("GET", target).send(server.addr()).unwrap();
        assert!(!response.text().contains(SECRET), "{target} leaked");
        assert_client_problem(&response, target);
    }
    server.assert_alive("path traversal attempts");
}
