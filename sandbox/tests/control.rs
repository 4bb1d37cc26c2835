//! The control API: state, reset, the request log, scripted faults; and
//! authentication answers.

mod common;

use std::time::{Duration, Instant};

use cliq_sandbox::{Config, SeedKind};
use common::*;
use serde_json::{json, Value};

async fn fault(sb: &Sandbox, body: Value) {
    let a = sb
        .call("POST", "/__sandbox/faults", None, Some(&body))
        .await;
    assert_eq!(a.status, 204, "{}", a.text);
}

const POST: &str = "/api/v2/channelsbyname/engineering/message";

#[tokio::test]
async fn state_describes_the_demo_organisation() {
    let sb = sandbox().await;
    let s = sb.state().await;
    assert_eq!(
        s["me"],
        json!({"zuid": SCOTT, "email": "scott.fisher@zylker.com", "name": "Scott Fisher"})
    );
    assert_eq!(s["users"].as_array().map(Vec::len), Some(6));
    let names: Vec<&str> = s["channels"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["unique_name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        vec!["announcements", "engineering", "design", "random"]
    );
    assert!(s["channels"][0]["channel_id"]
        .as_str()
        .is_some_and(|id| id.starts_with('O')));
    assert!(s["channels"][0]["chat_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("CT_")));
    assert_eq!(s["threads"][0]["chat_id"], THREAD);
    assert_eq!(s["threads"][0]["parent_chat_id"], ENGINEERING);
    assert_eq!(s["bots"].as_array().map(Vec::len), Some(2));
    assert_eq!(s["message_actions"], 3);
    let kinds: Vec<&str> = s["chats"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["type"].as_str()).collect())
        .unwrap_or_default();
    for kind in ["channel", "dm", "bot", "thread"] {
        assert!(kinds.contains(&kind), "{kind}");
    }
    let as_diana = sb
        .call(
            "GET",
            "/__sandbox/state",
            Some("as:diana.moore@zylker.com"),
            None,
        )
        .await
        .json();
    assert_eq!(as_diana["me"]["zuid"], DIANA);
}

#[tokio::test]
async fn the_empty_seed_has_people_and_no_content() {
    let sb = with(Config {
        seed: SeedKind::Empty,
        limits: false,
        ..Config::default()
    })
    .await;
    let s = sb.state().await;
    assert_eq!(s["message_actions"], 0);
    assert_eq!(s["threads"], json!([]));
    assert!(sb.messages(ENGINEERING).await.is_empty());
    assert_eq!(
        sb.api("POST", POST, Some(&json!({"text": "first"})))
            .await
            .status,
        204
    );
    assert_eq!(sb.messages(ENGINEERING).await.len(), 1);
}

#[tokio::test]
async fn reset_restores_the_seed_and_clears_log_and_faults() {
    let sb = sandbox().await;
    let before = sb.messages(ENGINEERING).await;
    sb.api("POST", POST, Some(&json!({"text": "new"}))).await;
    sb.api("DELETE", "/api/v3/messageactions/53719000002124010", None)
        .await;
    fault(
        &sb,
        json!({"operation": "*", "count": 5, "fault": {"type": "status", "status": 500}}),
    )
    .await;
    assert_eq!(
        sb.call("POST", "/__sandbox/reset", None, None).await.status,
        204
    );
    assert!(sb.log().await.is_empty());
    assert_eq!(sb.messages(ENGINEERING).await, before);
    assert_eq!(sb.state().await["message_actions"], 3);
}

#[tokio::test]
async fn the_request_log_records_calls_without_tokens() {
    let sb = sandbox().await;
    sb.call(
        "POST",
        &format!("{POST}?mark_as_read=true"),
        Some("1000.supersecret"),
        Some(&json!({"text": "logged"})),
    )
    .await;
    sb.call("GET", "/api/v2/chats/CT_x/messages", None, None)
        .await;
    sb.call(
        "GET",
        "/api/v2/nothing/here?zapikey=webhooksecret",
        Some("1000.supersecret"),
        None,
    )
    .await;
    let log = sb.log().await;
    assert_eq!(log.len(), 3);
    let first = &log[0];
    assert_eq!(first["seq"], 1);
    assert!(first["time"].as_i64().is_some());
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], POST);
    assert_eq!(first["query"], "mark_as_read=true");
    assert_eq!(first["operation"], "postToChannel");
    assert_eq!(first["status"], 204);
    assert_eq!(first["token"], "<redacted>");
    assert_eq!(first["body"], json!({"text": "logged"}));
    assert_eq!(log[1]["status"], 401);
    assert_eq!(log[1]["operation"], "getMessages");
    assert_eq!(log[2]["operation"], Value::Null);
    assert_eq!(log[2]["status"], 404);
    let text = sb.call("GET", "/__sandbox/requests", None, None).await.text;
    assert!(!text.contains("supersecret") && !text.contains("webhooksecret"));
    assert_eq!(
        sb.call("DELETE", "/__sandbox/requests", None, None)
            .await
            .status,
        204
    );
    assert!(sb.log().await.is_empty());
}

#[tokio::test]
async fn no_token_gets_a_bare_html_401() {
    let sb = sandbox().await;
    let a = sb
        .call(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages"),
            None,
            None,
        )
        .await;
    assert_eq!(a.status, 401);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert_eq!(a.text, "");
}

#[tokio::test]
async fn dead_tokens_get_oauthtoken_invalid() {
    let sb = sandbox().await;
    for token in ["expired-1", "invalid", "as:nobody@zylker.com"] {
        let a = sb
            .call(
                "GET",
                &format!("/api/v2/chats/{ENGINEERING}/messages"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(a.status, 401, "{token}");
        assert_eq!(
            a.json(),
            json!({"code": "oauthtoken_invalid", "message": "Invalid OAuth token passed."})
        );
    }
    let odd = sb
        .http
        .get(sb.url("/api/v3/messageactions"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .expect("send");
    assert_eq!(odd.status().as_u16(), 401);
    let bearer = sb
        .http
        .get(sb.url("/api/v3/messageactions"))
        .header("Authorization", "Bearer anything")
        .send()
        .await
        .expect("send");
    assert_eq!(bearer.status().as_u16(), 200);
}

#[tokio::test]
async fn token_allow_list_accepts_only_listed_and_as_tokens() {
    let sb = with(Config {
        tokens: vec!["good".into()],
        limits: false,
        ..Config::default()
    })
    .await;
    assert_eq!(
        sb.call("GET", "/api/v3/messageactions", Some("good"), None)
            .await
            .status,
        200
    );
    assert_eq!(
        sb.call("GET", "/api/v3/messageactions", Some("other"), None)
            .await
            .code(),
        "oauthtoken_invalid"
    );
    assert_eq!(
        sb.call("GET", "/api/v3/messageactions", Some("as:55622727"), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let sb = sandbox().await;
    let a = sb.api("GET", "/api/v2/whatever", None).await;
    assert_eq!(a.status, 404);
    let a = sb.api("PUT", "/api/v3/messageactions", None).await;
    assert_eq!(a.status, 405);
    for path in [
        "/api/v2/chats/%ff%fe/messages",
        "/api/v2/chats/../../etc/passwd",
        "/network/",
        "/api/v2/chats//messages",
    ] {
        let a = sb.api("GET", path, None).await;
        assert!((400..500).contains(&a.status), "{path}: {}", a.status);
    }
}

#[tokio::test]
async fn status_faults_answer_internal_error_for_n_requests() {
    let sb = sandbox().await;
    fault(
        &sb,
        json!({"operation": "getMessages", "count": 2, "fault": {"type": "status", "status": 503}}),
    )
    .await;
    let path = format!("/api/v2/chats/{ENGINEERING}/messages");
    for _ in 0..2 {
        let a = sb.api("GET", &path, None).await;
        assert_eq!((a.status, a.code().as_str()), (503, "internal_error"));
    }
    assert_eq!(sb.api("GET", &path, None).await.status, 200);
    // Other operations are untouched; "*" matches everything.
    fault(
        &sb,
        json!({"operation": "*", "count": 1, "fault": {"type": "status", "status": 500}}),
    )
    .await;
    assert_eq!(
        sb.api("GET", "/api/v3/messageactions", None).await.status,
        500
    );
    assert_eq!(
        sb.api("GET", "/api/v3/messageactions", None).await.status,
        200
    );
}

#[tokio::test]
async fn first_matching_fault_wins() {
    let sb = sandbox().await;
    fault(&sb, json!({"operation": "postToChannel", "count": 1, "fault": {"type": "status", "status": 502}})).await;
    fault(
        &sb,
        json!({"operation": "*", "count": 1, "fault": {"type": "status", "status": 500}}),
    )
    .await;
    assert_eq!(
        sb.api("POST", POST, Some(&json!({"text": "x"})))
            .await
            .status,
        502
    );
    assert_eq!(
        sb.api("POST", POST, Some(&json!({"text": "x"})))
            .await
            .status,
        500
    );
    assert_eq!(
        sb.api("POST", POST, Some(&json!({"text": "x"})))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn retry_after_fault_sends_the_header() {
    let sb = sandbox().await;
    fault(&sb, json!({"operation": "getMessage", "count": 1, "fault": {"type": "retry_after", "status": 429, "retry_after_secs": 2}})).await;
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages/1_1"),
            None,
        )
        .await;
    assert_eq!(a.status, 429);
    assert_eq!(a.header("retry-after").as_deref(), Some("2"));
}

#[tokio::test]
async fn throttle_fault_answers_request_limit_exceeded_without_a_lock() {
    let sb = with(Config::default()).await; // limits on
    fault(
        &sb,
        json!({"operation": "listMessageActions", "count": 1, "fault": {"type": "throttle"}}),
    )
    .await;
    let a = sb.api("GET", "/api/v3/messageactions", None).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        json!({"code": "request_limit_exceeded", "message": "You have exceeded the URL throttle limits."})
    );
    assert_eq!(
        sb.api("GET", "/api/v3/messageactions", None).await.status,
        200,
        "no lock"
    );
}

#[tokio::test]
async fn delay_fault_answers_normally_after_the_delay() {
    let sb = sandbox().await;
    fault(
        &sb,
        json!({"operation": "postToChannel", "count": 1, "fault": {"type": "delay", "ms": 300}}),
    )
    .await;
    let started = Instant::now();
    let a = sb
        .api(
            "POST",
            POST,
            Some(&json!({"text": "slow", "sync_message": true})),
        )
        .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(a.status, 200);
    assert_eq!(
        sb.last_message(ENGINEERING).await["content"]["text"],
        "slow"
    );
}

#[tokio::test]
async fn drop_fault_applies_the_request_and_closes_the_connection() {
    let sb = sandbox().await;
    fault(
        &sb,
        json!({"operation": "postToChannel", "count": 1, "fault": {"type": "drop"}}),
    )
    .await;
    let result = sb
        .http
        .post(sb.url(POST))
        .header("Authorization", "Zoho-oauthtoken t")
        .body(json!({"text": "maybe delivered"}).to_string())
        .send()
        .await;
    // The answer breaks mid-body: a status line may arrive, a whole answer never.
    let body = match result {
        Ok(response) => response.text().await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    assert!(body.is_err(), "no complete answer: {body:?}");
    assert_eq!(
        sb.last_message(ENGINEERING).await["content"]["text"],
        "maybe delivered"
    );
    assert_eq!(
        sb.api("POST", POST, Some(&json!({"text": "after"})))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn malformed_json_fault() {
    let sb = sandbox().await;
    fault(
        &sb,
        json!({"operation": "getReactions", "count": 1, "fault": {"type": "malformed_json"}}),
    )
    .await;
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages/1_1/reactions"),
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(a.text, "{\"data\": [");
}

#[tokio::test]
async fn html_401_fault() {
    let sb = sandbox().await;
    fault(
        &sb,
        json!({"operation": "*", "count": 1, "fault": {"type": "html_401"}}),
    )
    .await;
    let a = sb.api("GET", "/api/v3/messageactions", None).await;
    assert_eq!(a.status, 401);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert!(a.text.contains("<html>"));
}

#[tokio::test]
async fn bad_fault_specs_are_refused_and_faults_can_be_cleared() {
    let sb = sandbox().await;
    for body in [
        json!({"operation": "nope", "count": 1, "fault": {"type": "drop"}}),
        json!({"operation": "*", "count": 0, "fault": {"type": "drop"}}),
        json!({"operation": "*", "count": 1, "fault": {"type": "explode"}}),
        json!({"operation": "*", "count": 1, "fault": {"type": "status", "status": 200}}),
        json!({"count": 1, "fault": {"type": "drop"}}),
    ] {
        assert_eq!(
            sb.call("POST", "/__sandbox/faults", None, Some(&body))
                .await
                .status,
            400,
            "{body}"
        );
    }
    fault(
        &sb,
        json!({"operation": "*", "count": 3, "fault": {"type": "status", "status": 500}}),
    )
    .await;
    assert_eq!(
        sb.call("DELETE", "/__sandbox/faults", None, None)
            .await
            .status,
        204
    );
    assert_eq!(
        sb.api("GET", "/api/v3/messageactions", None).await.status,
        200
    );
}
