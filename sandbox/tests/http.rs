//! Static files, CORS, the `--upstream` proxy and the binary's command line.

mod common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use cliq_sandbox::{Config, StaticMount};
use common::*;
use serde_json::{json, Value};

fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cliq-sandbox-test-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &std::path::Path, file: &str, content: &[u8]) {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, content).expect("write");
}

fn site() -> Vec<StaticMount> {
    let www = temp_dir("www");
    write(&www, "index.html", b"<!doctype html><title>demo</title>");
    write(&www, "app.js", b"export const x = 1;");
    write(&www, "mod.mjs", b"export default 1;");
    write(&www, "style.css", b"body{}");
    write(&www, "sub/index.html", b"<p>sub</p>");
    let pkg = temp_dir("pkg");
    write(
        &pkg,
        "zoho_cliq_wasm.js",
        b"export default function init() {}",
    );
    write(&pkg, "zoho_cliq_wasm_bg.wasm", b"\0asm\x01\0\0\0");
    vec![
        StaticMount {
            prefix: String::new(),
            dir: www,
        },
        StaticMount {
            prefix: "/pkg".into(),
            dir: pkg,
        },
    ]
}

#[tokio::test]
async fn static_files_are_served_with_the_right_mime_types() {
    let sb = with(Config {
        mounts: site(),
        limits: false,
        ..Config::default()
    })
    .await;
    let cases = [
        ("/", "text/html", "demo"),
        ("/index.html", "text/html", "demo"),
        ("/app.js", "text/javascript", "export"),
        ("/mod.mjs", "text/javascript", "export"),
        ("/style.css", "text/css", "body"),
        ("/sub/", "text/html", "sub"),
        ("/pkg/zoho_cliq_wasm.js", "text/javascript", "init"),
        ("/pkg/zoho_cliq_wasm_bg.wasm", "application/wasm", "asm"),
    ];
    for (path, mime, content) in cases {
        let a = sb.call("GET", path, None, None).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(
            a.header("content-type")
                .is_some_and(|c| c.starts_with(mime)),
            "{path}: {:?}",
            a.header("content-type")
        );
        assert!(a.text.contains(content), "{path}");
        assert_eq!(
            a.header("access-control-allow-origin").as_deref(),
            Some("*")
        );
    }
    assert_eq!(sb.call("GET", "/missing.js", None, None).await.status, 404);
    assert_eq!(
        sb.call("GET", "/pkg/missing.wasm", None, None).await.status,
        404
    );
    assert_eq!(
        sb.call("GET", "/../Cargo.toml", None, None).await.status,
        404
    );
    assert_eq!(
        sb.call("GET", "/%2e%2e/%2e%2e/etc/passwd", None, None)
            .await
            .status,
        404
    );
    // The API and the control endpoints still win over static files.
    assert_eq!(sb.state().await["message_actions"], 3);
}

#[tokio::test]
async fn without_static_dirs_other_paths_are_404() {
    let sb = sandbox().await;
    assert_eq!(sb.call("GET", "/", None, None).await.status, 404);
    assert_eq!(
        sb.call("GET", "/__sandbox/nope", None, None).await.status,
        404
    );
}

#[tokio::test]
async fn cors_headers_and_preflight() {
    let sb = sandbox().await;
    let preflight = sb
        .http
        .request(reqwest::Method::OPTIONS, sb.url("/api/v3/messageactions/1"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    let h = |name: &str| {
        preflight
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    assert_eq!(h("access-control-allow-origin"), "*");
    assert!(h("access-control-allow-methods").contains("patch"));
    assert!(h("access-control-allow-headers").contains("authorization"));
    assert!(h("access-control-allow-headers").contains("content-type"));
    assert!(sb.log().await.is_empty(), "preflights are not API calls");
    let a = sb.api("GET", "/api/v3/messageactions", None).await;
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(a
        .header("access-control-expose-headers")
        .is_some_and(|v| v.contains("retry-after")));
    let unauthorized = sb.call("GET", "/api/v3/messageactions", None, None).await;
    assert_eq!(
        unauthorized
            .header("access-control-allow-origin")
            .as_deref(),
        Some("*")
    );
}

/// A local server playing a Cliq data centre: echoes what it received.
async fn upstream(hits: Arc<AtomicUsize>) -> cliq_sandbox::server::Running {
    let app = Router::new().fallback(any(move |headers: HeaderMap, request: Request| {
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            let method = request.method().to_string();
            let uri = request.uri().clone();
            let body: Bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            let echo = json!({
                "method": method,
                "path": uri.path(),
                "query": uri.query(),
                "authorization": headers.get("authorization").and_then(|v| v.to_str().ok()),
                "content_type": headers.get("content-type").and_then(|v| v.to_str().ok()),
                "body": String::from_utf8_lossy(&body),
            });
            let mut response: Response =
                (axum::http::StatusCode::CREATED, echo.to_string()).into_response();
            let headers = response.headers_mut();
            headers.insert(
                "access-control-allow-origin",
                "https://cliq.zoho.eu".parse().expect("hv"),
            );
            headers.insert("x-upstream", "yes".parse().expect("hv"));
            headers.insert("content-type", "application/json".parse().expect("hv"));
            response
        }
    }));
    let listener = cliq_sandbox::bind("127.0.0.1", 0).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(cliq_sandbox::serve(listener, app));
    cliq_sandbox::server::Running {
        addr,
        url: format!("http://{addr}"),
        app: cliq_sandbox::App::new(Config::default()),
        task,
    }
}

#[tokio::test]
async fn upstream_mode_forwards_api_calls_with_authorization_and_adds_cors() {
    let hits = Arc::new(AtomicUsize::new(0));
    let up = upstream(hits.clone()).await;
    let sb = with(Config {
        upstream: Some(up.url.clone()),
        mounts: site(),
        ..Config::default()
    })
    .await;
    let response = sb
        .http
        .get(sb.url("/api/v2/chats/CT_1/messages?limit=5&fromtime=1"))
        .header("Authorization", "Zoho-oauthtoken 1000.realtoken")
        .header("Origin", "http://localhost:5173")
        .send()
        .await
        .expect("request");
    let a = answer(response).await;
    assert_eq!(a.status, 201);
    let echo = a.json();
    assert_eq!(echo["method"], "GET");
    assert_eq!(echo["path"], "/api/v2/chats/CT_1/messages");
    assert_eq!(echo["query"], "limit=5&fromtime=1");
    assert_eq!(echo["authorization"], "Zoho-oauthtoken 1000.realtoken");
    // A proxy answers CORS to the local page that asked, not to `*`.
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert_eq!(a.header("x-upstream").as_deref(), Some("yes"));
    let body = json!({"name": "n", "hint": "h"});
    let a = sb
        .call(
            "PATCH",
            "/network/zylker/api/v3/messageactions/5",
            Some("1000.realtoken"),
            Some(&body),
        )
        .await;
    let echo = a.json();
    assert_eq!(echo["method"], "PATCH");
    assert_eq!(echo["path"], "/network/zylker/api/v3/messageactions/5");
    assert_eq!(echo["content_type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(echo["body"].as_str().unwrap_or("")).ok(),
        Some(body)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    // Other paths are refused, the static demo is still served.
    for path in [
        "/oauth/v2/token",
        "/company/123/api",
        "/api/../oauth/v2/token",
    ] {
        let a = sb.call("GET", path, Some("1000.realtoken"), None).await;
        assert!((400..500).contains(&a.status), "{path}: {}", a.status);
    }
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert!(sb.call("GET", "/", None, None).await.text.contains("demo"));
    // The log has the calls but no token.
    let log = sb.call("GET", "/__sandbox/requests", None, None).await.text;
    assert!(log.contains("getMessages") && log.contains("updateMessageAction"));
    assert!(!log.contains("realtoken"));
}

#[tokio::test]
async fn upstream_mode_answers_502_when_the_upstream_is_down() {
    let sb = proxying_to_nowhere().await;
    let response = sb
        .http
        .get(sb.url("/api/v3/messageactions"))
        .header("Authorization", "Zoho-oauthtoken 1000.realtoken")
        .header("Origin", "http://127.0.0.1:5173")
        .send()
        .await
        .expect("request");
    let a = answer(response).await;
    assert_eq!(a.status, 502);
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:5173")
    );
}

const BIN: &str = env!("CARGO_BIN_EXE_cliq-sandbox");

#[test]
fn help_lists_the_flags() {
    let out = Command::new(BIN).arg("--help").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--host",
        "--port",
        "--static",
        "--seed",
        "--token",
        "--time-scale",
        "--no-limits",
        "--throttle-status",
        "--upstream",
        "--upstream-accounts",
        "--cors-origin",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
}

#[test]
fn bad_flags_are_clear_errors() {
    for args in [
        vec!["--bogus"],
        vec!["--port", "http"],
        vec!["--seed", "huge"],
        vec!["--time-scale", "0"],
        vec!["--throttle-status", "500"],
        vec!["--upstream", "ftp://cliq.zoho.eu"],
        vec!["--static", "/definitely/not/here"],
        vec!["--upstream-accounts", "https://accounts.zoho.eu"],
        vec![
            "--upstream",
            "https://cliq.zoho.eu",
            "--upstream-accounts",
            "https://accounts.zoho.com",
        ],
        vec!["--cors-origin", "*"],
        vec!["--cors-origin", "https://demo.example.com/app"],
    ] {
        let out = Command::new(BIN).args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn the_binary_prints_its_address_and_serves() {
    let (mut child, origin) = spawn_binary(&["--port", "0", "--time-scale", "60"], Stdio::null());
    let addr = origin
        .strip_prefix("http://")
        .unwrap_or_default()
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{origin}");
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream
        .write_all(b"GET /__sandbox/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("scott.fisher@zylker.com"));
    // A second sandbox on the same port fails with a clear message.
    let port = addr.rsplit(':').next().unwrap_or("0").to_string();
    let out = Command::new(BIN)
        .args(["--port", &port])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already in use"));
    let _ = child.kill();
    let _ = child.wait();
}

/// The binary's stderr after it printed its address (then killed).
fn stderr_of(args: &[&str]) -> (String, String) {
    let (mut child, origin) = spawn_binary(args, Stdio::piped());
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    (origin, stderr)
}

#[test]
fn a_non_loopback_address_is_chosen_explicitly_and_warned_about() {
    let (origin, stderr) = stderr_of(&["--port", "0"]);
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let (origin, stderr) = stderr_of(&["--host", "0.0.0.0", "--port", "0"]);
    assert!(origin.starts_with("http://0.0.0.0:"), "{origin}");
    assert!(
        stderr.contains("warning") && stderr.contains("not on loopback"),
        "{stderr}"
    );
    let (_, stderr) = stderr_of(&[
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--upstream",
        "http://127.0.0.1:9",
    ]);
    assert!(stderr.contains("proxy"), "{stderr}");
}
