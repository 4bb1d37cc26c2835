//! Proxy mode (`--upstream`) hardening: what is forwarded, CORS and origins,
//! the body cap, redirects, the token endpoint, and no secret in any log.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use base64::Engine;
use cliq_sandbox::api::BODY_MAX;
use cliq_sandbox::credentials::{CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, WEBHOOK_TOKEN};
use cliq_sandbox::{Config, Running};
use common::*;
use serde_json::json;

const LOCAL: &str = "http://localhost:5173";
const FOREIGN: &str = "https://evil.example";

/// A server counting its hits; `/api/v2/chats/MOVED/messages` answers a 302
/// to `redirect_to`, everything else 200 with the body's length, a cookie
/// and its own CORS header (both must stay behind).
async fn data_centre(hits: Arc<AtomicUsize>, redirect_to: String) -> (String, Running) {
    let app = Router::new().fallback(any(move |request: Request| {
        let hits = hits.clone();
        let redirect_to = redirect_to.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            if request.uri().path() == "/api/v2/chats/MOVED/messages" {
                let mut response: Response = StatusCode::FOUND.into_response();
                response
                    .headers_mut()
                    .insert("location", redirect_to.parse().expect("hv"));
                return response;
            }
            let body = axum::body::to_bytes(request.into_body(), 8 << 20)
                .await
                .unwrap_or_default();
            let mut response: Response = json!({ "received": body.len() })
                .to_string()
                .into_response();
            let headers = response.headers_mut();
            headers.insert("set-cookie", "JSESSIONID=abc; Path=/".parse().expect("hv"));
            headers.insert(
                "access-control-allow-origin",
                "https://cliq.zoho.eu".parse().expect("hv"),
            );
            response
        }
    }));
    let listener = cliq_sandbox::bind("127.0.0.1", 0).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(cliq_sandbox::serve(listener, app));
    let url = format!("http://{addr}");
    let running = Running {
        addr,
        url: url.clone(),
        app: cliq_sandbox::App::new(Config::default()),
        task,
    };
    (url, running)
}

async fn proxy_to(upstream: &str, config: Config) -> Sandbox {
    with(Config {
        upstream: Some(upstream.to_string()),
        ..config
    })
    .await
}

async fn send(sb: &Sandbox, method: &str, path: &str, origin: Option<&str>) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = sb
        .http
        .request(method, sb.url(path))
        .header("Authorization", "Zoho-oauthtoken 1000.token");
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    answer(request.send().await.expect("request")).await
}

#[tokio::test]
async fn only_api_paths_are_forwarded() {
    let hits = Arc::new(AtomicUsize::new(0));
    let (up, _up) = data_centre(hits.clone(), String::new()).await;
    let sb = proxy_to(&up, Config::default()).await;
    for path in [
        "/api/v2/chats/CT_1/messages",
        "/network/zylker/api/v3/messageactions",
    ] {
        let a = send(&sb, "GET", path, None).await;
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("set-cookie"), None, "{path}: no upstream cookie");
        assert_eq!(a.header("access-control-allow-origin"), None, "{path}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    for (method, path) in [
        ("GET", "/network/zylker/oauth/v2/token"),
        ("GET", "/network/zylker/anything"),
        ("POST", "/oauth/v2/token"),
        ("GET", "/api/v2/../../oauth/v2/token"),
        ("GET", "/api/%2e%2e/oauth/v2/token"),
        ("TRACE", "/api/v2/chats/CT_1/messages"),
    ] {
        let a = send(&sb, method, path, None).await;
        assert!(
            (400..500).contains(&a.status),
            "{method} {path}: {}",
            a.status
        );
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        2,
        "nothing else reached upstream"
    );
}

#[tokio::test]
async fn a_proxy_answers_cors_to_local_and_configured_origins_only() {
    let hits = Arc::new(AtomicUsize::new(0));
    let (up, _up) = data_centre(hits.clone(), String::new()).await;
    let sb = proxy_to(
        &up,
        Config {
            cors_origins: vec!["https://demo.zylker.example".into()],
            ..Config::default()
        },
    )
    .await;
    let preflight = |origin: &'static str| {
        let sb = &sb;
        async move {
            let response = sb
                .http
                .request(reqwest::Method::OPTIONS, sb.url("/api/v3/messageactions"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .send()
                .await
                .expect("preflight");
            answer(response).await.header("access-control-allow-origin")
        }
    };
    for origin in [
        LOCAL,
        "http://127.0.0.1:8080",
        "http://[::1]:3000",
        "https://demo.zylker.example",
    ] {
        assert_eq!(preflight(origin).await.as_deref(), Some(origin));
    }
    assert_eq!(preflight(FOREIGN).await, None);
    assert_eq!(hits.load(Ordering::SeqCst), 0, "preflights stay here");
    // A simple request from a foreign page is refused before forwarding.
    let refused = send(&sb, "POST", "/api/v3/messageactions", Some(FOREIGN)).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "origin_not_allowed");
    assert_eq!(refused.header("access-control-allow-origin"), None);
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    // Local pages and the sandbox's own origin (its demo page) get through.
    let local = send(&sb, "GET", "/api/v3/messageactions", Some(LOCAL)).await;
    assert_eq!(local.status, 200);
    assert_eq!(
        local.header("access-control-allow-origin").as_deref(),
        Some(LOCAL)
    );
    assert!(local.header("vary").is_some_and(|v| v.contains("origin")));
    let own = send(&sb, "GET", "/api/v3/messageactions", Some(&sb.run.url)).await;
    assert_eq!(own.status, 200);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn emulation_answers_any_origin_unless_a_list_is_given() {
    let open = sandbox().await;
    let a = send(&open, "GET", "/api/v3/messageactions", Some(FOREIGN)).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    let listed = with(Config {
        cors_origins: vec!["https://demo.zylker.example".into()],
        limits: false,
        ..Config::default()
    })
    .await;
    let a = send(&listed, "GET", "/api/v3/messageactions", Some(FOREIGN)).await;
    assert_eq!(a.header("access-control-allow-origin"), None);
    let a = send(&listed, "GET", "/api/v3/messageactions", Some(LOCAL)).await;
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some(LOCAL)
    );
}

#[tokio::test]
async fn bodies_over_the_cap_get_413_and_are_not_forwarded() {
    let hits = Arc::new(AtomicUsize::new(0));
    let (up, _up) = data_centre(hits.clone(), String::new()).await;
    let proxy = proxy_to(&up, Config::default()).await;
    let emulator = sandbox().await;
    let path = "/api/v2/channelsbyname/engineering/message";
    for sb in [&proxy, &emulator] {
        let a = sb.raw("POST", path, vec![b' '; BODY_MAX + 1]).await;
        assert_eq!(a.status, 413);
        assert_eq!(a.code(), "payload_too_large");
        assert!(a
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json")));
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    // At the cap it goes through whole.
    let a = proxy.raw("POST", path, vec![b' '; BODY_MAX]).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["received"], BODY_MAX);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let log = proxy.log().await;
    assert_eq!(log.first().map(|e| e["status"].clone()), Some(json!(413)));
}

#[tokio::test]
async fn redirects_are_passed_back_not_followed() {
    let elsewhere_hits = Arc::new(AtomicUsize::new(0));
    let (elsewhere, _elsewhere) = data_centre(elsewhere_hits.clone(), String::new()).await;
    let hits = Arc::new(AtomicUsize::new(0));
    let target = format!("{elsewhere}/api/v2/chats/CT_1/messages");
    let (up, _up) = data_centre(hits.clone(), target.clone()).await;
    let sb = proxy_to(&up, Config::default()).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .get(sb.url("/api/v2/chats/MOVED/messages"))
        .header("Authorization", "Zoho-oauthtoken 1000.token")
        .send()
        .await
        .expect("request");
    let a = answer(response).await;
    assert_eq!(a.status, 302);
    assert_eq!(a.header("location").as_deref(), Some(target.as_str()));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(elsewhere_hits.load(Ordering::SeqCst), 0, "never followed");
}

fn form(client_secret: &str, refresh_token: &str) -> String {
    format!(
        "grant_type=refresh_token&client_id={CLIENT_ID}&client_secret={client_secret}&refresh_token={refresh_token}"
    )
}

async fn token_post(http: &reqwest::Client, base: &str, body: String) -> Answer {
    let response = http
        .post(format!("{base}/oauth/v2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("token request");
    answer(response).await
}

#[tokio::test]
async fn the_token_endpoint_is_forwarded_only_with_upstream_accounts() {
    let accounts = sandbox().await;
    let without = proxy_to(&accounts.run.url, Config::default()).await;
    let a = token_post(
        &without.http,
        &without.run.url,
        form(CLIENT_SECRET, REFRESH_TOKEN),
    )
    .await;
    assert_eq!(a.status, 404);
    assert!(accounts.log().await.is_empty(), "not forwarded");
    let with_accounts = proxy_to(
        &accounts.run.url,
        Config {
            upstream_accounts: Some(accounts.run.url.clone()),
            ..Config::default()
        },
    )
    .await;
    let a = token_post(
        &with_accounts.http,
        &with_accounts.run.url,
        form(CLIENT_SECRET, REFRESH_TOKEN),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.json()["access_token"]
        .as_str()
        .is_some_and(|t| t.starts_with("1000.")));
    assert_eq!(accounts.log().await.len(), 1);
    let a = send(&with_accounts, "GET", "/oauth/v2/token", None).await;
    assert_eq!(a.status, 405);
    assert_eq!(accounts.log().await.len(), 1, "only POST is forwarded");
}

/// The proxy binary's whole stdout and stderr, and its request log, after
/// refreshes and API calls carrying every kind of secret, hold none of them.
#[tokio::test]
async fn no_secret_reaches_the_proxy_logs() {
    let upstream = sandbox().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cliq-sandbox"))
        .args(["--port", "0", "--upstream", &upstream.run.url])
        .args(["--upstream-accounts", &upstream.run.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read");
    let base = first
        .trim()
        .strip_prefix("cliq-sandbox listening on ")
        .unwrap_or_default()
        .to_string();
    let http = reqwest::Client::new();
    // 1. A refresh with the secrets in a form body, 2. in the query,
    // 3. with the client credentials as HTTP Basic.
    let body = form(CLIENT_SECRET, REFRESH_TOKEN);
    let a = token_post(&http, &base, body.clone()).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let access = a.json()["access_token"].as_str().unwrap_or("").to_string();
    let a = answer(
        http.post(format!(
            "{base}/oauth/v2/token?{}",
            form(CLIENT_SECRET, REFRESH_TOKEN)
        ))
        .send()
        .await
        .expect("query refresh"),
    )
    .await;
    let access_2 = a.json()["access_token"].as_str().unwrap_or("").to_string();
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    let a = answer(
        http.post(format!("{base}/oauth/v2/token"))
            .header("Authorization", format!("Basic {basic}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=refresh_token&refresh_token={REFRESH_TOKEN}"
            ))
            .send()
            .await
            .expect("basic refresh"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(!access.is_empty() && !access_2.is_empty());
    // 4. The API with the access token, 5. a webhook post, 6. a dead token.
    let a = answer(
        http.get(format!("{base}/api/v2/chats/{ENGINEERING}/messages"))
            .header("Authorization", format!("Zoho-oauthtoken {access}"))
            .send()
            .await
            .expect("api"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = answer(
        http.post(format!(
            "{base}/api/v2/channelsbyname/engineering/message?zapikey={WEBHOOK_TOKEN}"
        ))
        .header("Content-Type", "application/json")
        .body(r#"{"text":"via the proxy"}"#)
        .send()
        .await
        .expect("webhook post"),
    )
    .await;
    assert_eq!(a.status, 204, "{}", a.text);
    let dead = "invalid-1000.secret-dead-token";
    let a = answer(
        http.get(format!("{base}/api/v3/messageactions"))
            .header("Authorization", format!("Bearer {dead}"))
            .send()
            .await
            .expect("dead token"),
    )
    .await;
    assert_eq!(a.status, 401);
    let log = answer(
        http.get(format!("{base}/__sandbox/requests"))
            .send()
            .await
            .expect("log"),
    )
    .await
    .text;
    let _ = child.kill();
    let _ = child.wait();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("stdout");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(rest, "", "stdout holds the one listening line only");
    assert!(stderr.contains("POST /oauth/v2/token -> 200"), "{stderr}");
    assert!(
        stderr.contains("POST /api/v2/channelsbyname/engineering/message -> 204"),
        "{stderr}"
    );
    assert!(
        log.contains("oauthToken") && log.contains("postToChannel"),
        "{log}"
    );
    for secret in [
        CLIENT_SECRET,
        REFRESH_TOKEN,
        WEBHOOK_TOKEN,
        access.as_str(),
        access_2.as_str(),
        basic.as_str(),
        dead,
        body.as_str(),
    ] {
        for (name, text) in [
            ("stdout", &first),
            ("stdout", &rest),
            ("stderr", &stderr),
            ("request log", &log),
        ] {
            assert!(!text.contains(secret), "{secret} in the {name}: {text}");
        }
    }
}
