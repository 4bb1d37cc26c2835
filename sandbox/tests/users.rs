//! `POST /__sandbox/users`: senders whose names carry markup, for the demo
//! page's tests that such names render inert.

mod common;

use common::*;
use serde_json::{json, Value};

const MARKUP: &str = "<img src=x onerror=alert(1)>";

async fn add_user(sb: &Sandbox, body: Value) -> Answer {
    sb.call("POST", "/__sandbox/users", None, Some(&body)).await
}

#[tokio::test]
async fn a_user_named_with_markup_posts_and_is_shown_verbatim() {
    let sb = sandbox().await;
    let a = add_user(&sb, json!({ "name": MARKUP })).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let user = a.json();
    let zuid = user["zuid"].as_str().unwrap_or("").to_string();
    assert!(!zuid.is_empty() && zuid.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(user["name"], MARKUP);
    assert_eq!(
        user["channels"],
        json!(["announcements", "engineering", "design", "random"])
    );
    // It acts through an `as:` token like the seeded users.
    let posted = sb
        .call(
            "POST",
            "/api/v2/channelsbyname/engineering/message",
            Some(&format!("as:{zuid}")),
            Some(&json!({"text": "hello from markup"})),
        )
        .await;
    assert_eq!(posted.status, 204, "{}", posted.text);
    let reacted = sb
        .call(
            "POST",
            &format!(
                "/api/v2/chats/{ENGINEERING}/messages/{}/reactions",
                sb.last_message(ENGINEERING).await["id"]
                    .as_str()
                    .unwrap_or("")
            ),
            Some(&format!("as:{}", user["email"].as_str().unwrap_or(""))),
            Some(&json!({"emoji_code": "👍"})),
        )
        .await;
    assert_eq!(reacted.status, 204, "{}", reacted.text);
    // The main user reads it: the name comes back as the same text.
    let last = sb.last_message(ENGINEERING).await;
    assert_eq!(last["sender"]["id"], zuid.as_str());
    assert_eq!(last["sender"]["name"], MARKUP);
    let state = sb.state().await;
    let names: Vec<&str> = state["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert!(names.contains(&MARKUP));
    // A reset takes the user away again.
    assert_eq!(
        sb.call("POST", "/__sandbox/reset", None, None).await.status,
        204
    );
    assert_eq!(sb.state().await["users"].as_array().map(Vec::len), Some(6));
}

#[tokio::test]
async fn a_new_user_joins_only_the_channels_asked_for() {
    let sb = sandbox().await;
    let a = add_user(
        &sb,
        json!({"name": "Quinn \"Q\" O'Neil & co", "email": "quinn@zylker.com", "channels": ["random"]}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["email"], "quinn@zylker.com");
    assert_eq!(a.json()["channels"], json!(["random"]));
    let post = |channel: &'static str| {
        let sb = &sb;
        async move {
            sb.call(
                "POST",
                &format!("/api/v2/channelsbyname/{channel}/message"),
                Some("as:quinn@zylker.com"),
                Some(&json!({"text": "hi"})),
            )
            .await
            .status
        }
    };
    assert_eq!(post("random").await, 204);
    assert_eq!(post("engineering").await, 403);
}

#[tokio::test]
async fn bad_user_bodies_are_refused() {
    let sb = sandbox().await;
    for (body, code) in [
        (json!({}), "invalid_inputs"),
        (json!({"name": "   "}), "invalid_inputs"),
        (json!({"name": 7}), "invalid_inputs"),
        (json!({"name": "x".repeat(201)}), "invalid_inputs"),
        (json!({"name": "A", "channels": ["nope"]}), "invalid_inputs"),
        (json!({"name": "A", "channels": "random"}), "invalid_inputs"),
        (
            json!({"name": "A", "email": "scott.fisher@zylker.com"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "A", "email": "not-an-address"}),
            "invalid_inputs",
        ),
        (json!({"name": "A", "admin": true}), "extra_key_found"),
    ] {
        let a = add_user(&sb, body.clone()).await;
        assert_eq!(a.status, 400, "{body}");
        assert_eq!(a.code(), code, "{body}");
    }
    assert_eq!(sb.state().await["users"].as_array().map(Vec::len), Some(6));
}
