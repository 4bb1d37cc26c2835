//! The faults for hardening tests (`empty`, `truncated`, `html200`, `huge`)
//! and which faults run the operation before answering (a POST is stored)
//! and which answer instead of it.

mod common;

use cliq_sandbox::faults::{HUGE_BYTES, HUGE_PADDING};
use common::*;
use serde_json::{json, Value};

const POST: &str = "/api/v2/channelsbyname/engineering/message";

async fn fault(sb: &Sandbox, operation: &str, spec: Value) {
    let body = json!({"operation": operation, "count": 1, "fault": spec});
    let a = sb
        .call("POST", "/__sandbox/faults", None, Some(&body))
        .await;
    assert_eq!(a.status, 204, "{}", a.text);
}

fn messages_path() -> String {
    format!("/api/v2/chats/{ENGINEERING}/messages")
}

#[tokio::test]
async fn empty_fault_answers_200_json_with_no_body() {
    let sb = sandbox().await;
    fault(&sb, "getMessages", json!({"type": "empty"})).await;
    let a = sb.api("GET", &messages_path(), None).await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(a.text, "");
    // One use only: the next call is answered normally.
    assert!(!sb.messages(ENGINEERING).await.is_empty());
}

#[tokio::test]
async fn truncated_fault_declares_more_bytes_than_it_sends() {
    let sb = sandbox().await;
    fault(&sb, "getMessages", json!({"type": "truncated"})).await;
    let response = sb
        .http
        .get(sb.url(&messages_path()))
        .header("Authorization", format!("Zoho-oauthtoken {TOKEN}"))
        .send()
        .await
        .expect("the status line and headers arrive");
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert!(header("content-type").starts_with("application/json"));
    assert_eq!(header("content-length"), "1024");
    let body = response.bytes().await;
    assert!(body.is_err(), "the body read fails: {body:?}");
    assert!(!sb.messages(ENGINEERING).await.is_empty());
}

#[tokio::test]
async fn html200_fault_answers_an_html_page() {
    let sb = sandbox().await;
    fault(&sb, "*", json!({"type": "html200"})).await;
    let a = sb.api("GET", "/api/v3/messageactions", None).await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert!(a.text.starts_with("<!DOCTYPE html>"), "{}", a.text);
    assert_eq!(a.json(), Value::Null, "not JSON");
}

#[tokio::test]
async fn huge_fault_answers_ten_mib_of_valid_json() {
    let sb = sandbox().await;
    fault(&sb, "getMessages", json!({"type": "huge"})).await;
    let a = sb.api("GET", &messages_path(), None).await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(a.text.len(), HUGE_BYTES);
    assert!(a.text.len() >= 10 * 1024 * 1024);
    let body = a.json();
    assert_eq!(body["data"], json!([]));
    let padding = body["padding"].as_str().unwrap_or("");
    assert_eq!(padding.len(), HUGE_PADDING);
    assert!(padding.bytes().all(|b| b == b'x'));
}

#[tokio::test]
async fn a_post_is_stored_under_delay_and_drop_only() {
    let sb = sandbox().await;
    let cases = [
        (json!({"type": "status", "status": 500}), false),
        (json!({"type": "status", "status": 503}), false),
        (json!({"type": "retry_after", "retry_after_secs": 1}), false),
        (json!({"type": "throttle"}), false),
        (json!({"type": "malformed_json"}), false),
        (json!({"type": "html_401"}), false),
        (json!({"type": "empty"}), false),
        (json!({"type": "truncated"}), false),
        (json!({"type": "html200"}), false),
        (json!({"type": "huge"}), false),
        (json!({"type": "delay", "ms": 10}), true),
        (json!({"type": "drop"}), true),
    ];
    for (i, (spec, stored)) in cases.iter().enumerate() {
        fault(&sb, "postToChannel", spec.clone()).await;
        let text = format!("fault case {i}");
        // The answer may break (drop, truncated): only the server's side counts.
        let sent = sb
            .http
            .post(sb.url(POST))
            .header("Authorization", format!("Zoho-oauthtoken {TOKEN}"))
            .header("Content-Type", "application/json")
            .body(json!({ "text": text }).to_string())
            .send()
            .await;
        if let Ok(response) = sent {
            let _ = response.bytes().await;
        }
        let found = sb
            .messages(ENGINEERING)
            .await
            .iter()
            .filter(|m| m["content"]["text"] == text.as_str())
            .count();
        assert_eq!(found, usize::from(*stored), "{spec}");
        let logged = sb
            .log()
            .await
            .iter()
            .filter(|e| e["body"]["text"] == text.as_str())
            .count();
        assert_eq!(logged, 1, "{spec}: one request, one log entry");
    }
}

#[tokio::test]
async fn the_new_faults_are_listed_until_used() {
    let sb = sandbox().await;
    for kind in ["empty", "truncated", "html200", "huge"] {
        fault(&sb, "getMessage", json!({ "type": kind })).await;
    }
    let pending = sb.call("GET", "/__sandbox/faults", None, None).await.json();
    let kinds: Vec<&str> = pending
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["fault"]["type"].as_str())
        .collect();
    assert_eq!(kinds, ["empty", "truncated", "html200", "huge"]);
}
