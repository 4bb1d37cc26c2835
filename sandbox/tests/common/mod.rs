//! Helpers shared by the integration tests: an in-process sandbox on a free
//! port and a small HTTP client.
#![allow(dead_code)]

use cliq_sandbox::{Config, Running};
use reqwest::header::HeaderMap;
use serde_json::Value;

pub const ANNOUNCEMENTS: &str = "CT_1203304812000146101_55743307";
pub const ENGINEERING: &str = "CT_1203304812000146102_55743307";
pub const DESIGN: &str = "CT_1203304812000146103_802515329";
pub const DM: &str = "CT_1203304812000146110_55743307";
pub const THREAD: &str = "CT_1203304812000146102_55743307-T-1203304812000146301";
pub const SCOTT: &str = "55743307";
pub const DIANA: &str = "802515329";
pub const CELESTE: &str = "784333365";
pub const TOKEN: &str = "1000.test-token";

pub struct Sandbox {
    pub run: Running,
    pub http: reqwest::Client,
}

pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_string()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    }
}

/// Starts the `cliq-sandbox` binary with `args`; its stderr goes to
/// `stderr`. Returns the process and the origin it printed
/// (`http://127.0.0.1:PORT`, empty if it printed none).
pub fn spawn_binary(args: &[&str], stderr: std::process::Stdio) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cliq-sandbox"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        BufReader::new(stdout).read_line(&mut line).expect("read");
    }
    let origin = line
        .trim()
        .strip_prefix("cliq-sandbox listening on ")
        .unwrap_or_default()
        .to_string();
    (child, origin)
}

/// A response read whole: status, headers and body text.
pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    Answer {
        status,
        headers,
        text,
    }
}

/// A sandbox with the demo seed and limits off (quota tests turn them on).
pub async fn sandbox() -> Sandbox {
    with(Config {
        limits: false,
        ..Config::default()
    })
    .await
}

pub async fn with(config: Config) -> Sandbox {
    let run = cliq_sandbox::start(config).await.expect("server starts");
    Sandbox {
        run,
        http: reqwest::Client::new(),
    }
}

/// A sandbox in proxy mode whose upstream is a port nobody listens on.
pub async fn proxying_to_nowhere() -> Sandbox {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    with(Config {
        upstream: Some(dead),
        ..Config::default()
    })
    .await
}

impl Sandbox {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.run.url, path)
    }

    /// A call with `Zoho-oauthtoken <token>` (or no header when `None`).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Zoho-oauthtoken {token}"));
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(body).expect("json"));
        }
        answer(request.send().await.expect("request")).await
    }

    /// A call with the default token.
    pub async fn api(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        self.call(method, path, Some(TOKEN), body).await
    }

    /// A call with a raw body.
    pub async fn raw(&self, method: &str, path: &str, body: Vec<u8>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let response = self
            .http
            .request(method, self.url(path))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .body(body)
            .send()
            .await
            .expect("request");
        answer(response).await
    }

    /// Posts `text` to `chat` with `sync_message` and returns the new id.
    pub async fn post_synced(&self, chat: &str, text: &str) -> String {
        let body = serde_json::json!({"text": text, "sync_message": true});
        let a = self
            .api(
                "POST",
                &format!("/api/v2/chats/{chat}/message"),
                Some(&body),
            )
            .await;
        a.json()["message_id"].as_str().unwrap_or("").to_string()
    }

    /// Creates a message action from `body` and returns its id.
    pub async fn create_action(&self, body: &Value) -> String {
        let a = self.api("POST", "/api/v3/messageactions", Some(body)).await;
        a.json()["data"]["id"].as_str().unwrap_or("").to_string()
    }

    pub async fn state(&self) -> Value {
        self.call("GET", "/__sandbox/state", None, None)
            .await
            .json()
    }

    pub async fn messages(&self, chat: &str) -> Vec<Value> {
        let answer = self
            .api("GET", &format!("/api/v2/chats/{chat}/messages"), None)
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        answer.json()["data"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn last_message(&self, chat: &str) -> Value {
        self.messages(chat)
            .await
            .last()
            .cloned()
            .unwrap_or(Value::Null)
    }

    pub async fn log(&self) -> Vec<Value> {
        self.call("GET", "/__sandbox/requests", None, None)
            .await
            .json()
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}
