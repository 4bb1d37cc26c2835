//! Webhook tokens and `zohoOAuth` against the sandbox's emulation of Cliq
//! and Zoho's accounts server: what reaches the server, how often, and that
//! no secret is in any error, event or the sandbox's request log.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use js_sys::{Array, Function};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use zoho_cliq_wasm::client::zoho_oauth;

use super::support::*;

/// The sandbox's request log as JSON text, and its entries for `operation`.
async fn log_of(operation: &str) -> (String, Vec<JsValue>) {
    let log = control("GET", "/__sandbox/requests", None).await;
    let entries = Array::from(&log)
        .iter()
        .filter(|r| text(r, "operation") == operation)
        .collect();
    (json(&log), entries)
}

/// A fresh refresh token with its own budget: `(provider options, secrets)`.
async fn minted_oauth() -> (JsValue, Vec<String>) {
    let minted = control("POST", "/__sandbox/oauth/refresh-tokens", Some("{}")).await;
    let opts = js(&format!(
        r#"{{"clientId": "{}", "clientSecret": "{}", "refreshToken": "{}", "accountsUrl": "{SANDBOX}"}}"#,
        text(&minted, "client_id"),
        text(&minted, "client_secret"),
        text(&minted, "refresh_token")
    ));
    let secrets = vec![
        text(&minted, "client_secret"),
        text(&minted, "refresh_token"),
    ];
    (opts, secrets)
}

fn events_into(opts: &JsValue, events: &Array) {
    let push = JsValue::from(function("e", "this.push(e)").bind0(events));
    set(opts, "onRequest", &push);
    set(opts, "onResponse", &push);
    set(opts, "onRateLimit", &push);
}

fn assert_no_secret(what: &str, seen: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(
            !seen.contains(secret.as_str()),
            "{what} holds a secret: {seen}"
        );
    }
}

pub async fn a_webhook_token_posts_to_the_sandbox_and_is_never_logged() {
    let minted = control("POST", "/__sandbox/webhook-tokens", Some("{}")).await;
    let secret = text(&minted, "webhook_token");
    let (name, chat_id) = channel().await;
    let opts = js(&format!(
        r#"{{"webhookToken": "{secret}", "baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    let events = Array::new();
    events_into(&opts, &events);
    let cliq = CliqClient::new(opts).unwrap();
    clear_log().await;
    let msg = js(r#"{"text": "build 42 passed", "sync_message": true}"#);
    let posted = ok(cliq.post_to_channel(name.into(), msg, JsValue::UNDEFINED)).await;
    assert!(!text(&posted, "messageId").is_empty());
    ok(cliq.post_to_chat(chat_id.into(), "from CI".into(), JsValue::UNDEFINED)).await;
    let (log, posts) = log_of("postToChannel").await;
    assert_eq!(posts.len(), 1);
    assert_eq!(text(&posts[0], "query"), "zapikey=<redacted>");
    let e = fails(cliq.get_messages("CT_1".into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "webhookToken");
    let seen = format!("{log} {} {}", json(&events), json(&e));
    assert_no_secret("the log, events or errors", &seen, &[secret]);
    // An unknown webhook token: Cliq's 401.
    let opts = js(&format!(
        r#"{{"webhookToken": "1001.unknown", "baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    let stranger = CliqClient::new(opts).unwrap();
    let e = fails(stranger.post_to_chat("CT_1".into(), "x".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "unauthorized");
}

pub async fn zoho_oauth_against_the_sandbox_refreshes_once_for_twenty_calls_and_leaks_nothing() {
    let (oauth, mut secrets) = minted_oauth().await;
    let provider = zoho_oauth(oauth).unwrap();
    let opts = js(&format!(
        r#"{{"baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    set(&opts, "getAccessToken", &provider.clone().into());
    let events = Array::new();
    events_into(&opts, &events);
    let cliq = CliqClient::new(opts).unwrap();
    clear_log().await;
    let calls: Vec<_> = (0..20)
        .map(|_| {
            JsFuture::from(cliq.list_message_actions(js(r#"{"limit": 1}"#), JsValue::UNDEFINED))
        })
        .collect();
    for call in calls {
        call.await.unwrap();
    }
    let (log, refreshes) = log_of("oauthToken").await;
    assert_eq!(refreshes.len(), 1, "one refresh for twenty calls");
    assert!(
        !text(&refreshes[0], "query").contains("secret"),
        "nothing in the query"
    );
    let access = token_of(&provider, "initial")
        .await
        .unwrap()
        .as_string()
        .unwrap();
    secrets.push(access);
    assert_no_secret(
        "the sandbox log and the events",
        &format!("{log} {}", json(&events)),
        &secrets,
    );
}

pub async fn a_refused_oauth_token_causes_one_refresh_and_one_replay() {
    let (oauth, _) = minted_oauth().await;
    let provider: Function = zoho_oauth(oauth).unwrap();
    let first = token_of(&provider, "initial")
        .await
        .unwrap()
        .as_string()
        .unwrap();
    // The server drops the token the provider still holds.
    control(
        "POST",
        "/__sandbox/revoke",
        Some(&format!(r#"{{"token": "{first}"}}"#)),
    )
    .await;
    let opts = js(&format!(
        r#"{{"baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    set(&opts, "getAccessToken", &provider.into());
    let cliq = CliqClient::new(opts).unwrap();
    clear_log().await;
    ok(cliq.list_message_actions(js(r#"{"limit": 1}"#), JsValue::UNDEFINED)).await;
    let (_, refreshes) = log_of("oauthToken").await;
    let (_, lists) = log_of("listMessageActions").await;
    assert_eq!(refreshes.len(), 1, "one refresh after the 401");
    assert_eq!(lists.len(), 2, "the refused request and its one replay");
    assert_eq!(get(&lists[0], "status").as_f64(), Some(401.0));
    assert_eq!(get(&lists[1], "status").as_f64(), Some(200.0));
}

pub async fn a_bad_refresh_token_or_client_is_unauthorized_with_zohos_code() {
    let (good, _) = minted_oauth().await;
    let cases = [
        ("refreshToken", "1000.not-a-token", "invalid_code"),
        ("clientSecret", "wrong", "invalid_client"),
    ];
    for (field, value, code) in cases {
        let opts = js(&json(&good));
        set(&opts, field, &value.into());
        let provider = zoho_oauth(opts).unwrap();
        let e = token_of(&provider, "initial").await.unwrap_err();
        assert_eq!(text(&e, "kind"), "unauthorized", "{field}");
        assert_eq!(text(&e, "code"), code, "{field}");
        assert!(!text(&e, "message").contains(value), "{field}");
    }
}
