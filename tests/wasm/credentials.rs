//! Webhook tokens and `zohoOAuth`, with recording fetches standing in for
//! Cliq and Zoho's accounts server (the sandbox's own emulation is tested
//! against the live sandbox in `sandbox_credentials`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use zoho_cliq_wasm::client::zoho_oauth;

use super::support::*;

/// A fetch that records `(url, init)` in `globalThis[name]` and answers
/// with `answer` (JS source of an object with `status` and `body`).
fn recording_fetch(name: &str, answer: &str) -> Function {
    function(
        "url, init",
        &format!(
            r#"
            (globalThis.{name} ||= []).push({{ url, init }});
            const a = ({answer});
            return Promise.resolve({{ status: a.status, headers: {{ get: () => null }}, text: async () => a.body }});
            "#
        ),
    )
}

fn recorded(name: &str) -> Array {
    let calls = get(&js_sys::global(), name);
    if calls.is_undefined() {
        Array::new()
    } else {
        calls.into()
    }
}

fn webhook_client(token: &str, fetch: &Function) -> JsValue {
    let opts = js(&format!(
        r#"{{"webhookToken": "{token}", "baseUrl": "https://cliq.example", "rateLimit": {{"mode": "off"}}, "maxRetries": 0}}"#
    ));
    set(&opts, "fetch", &fetch.into());
    CliqClient::new(opts).unwrap().into()
}

pub async fn a_webhook_token_posts_with_zapikey_and_no_authorization_header() {
    let name = "__cliqWebhookCalls";
    let fetch = recording_fetch(name, r#"{ status: 204, body: "" }"#);
    let secret = unique("1001.hook");
    let cliq = webhook_client(&secret, &fetch);
    let posts = [
        (
            "postToChannel",
            "general",
            "https://cliq.example/api/v2/channelsbyname/general/message",
        ),
        (
            "postToBot",
            "ops",
            "https://cliq.example/api/v2/bots/ops/message",
        ),
        (
            "postToChat",
            "CT_1",
            "https://cliq.example/api/v2/chats/CT_1/message",
        ),
        (
            "postToUser",
            "a@b.c",
            "https://cliq.example/api/v2/buddies/a%40b.c/message",
        ),
    ];
    for (method, target, url) in posts {
        let before = recorded(name).length();
        ok(call(&cliq, method, &[target.into(), "build passed".into()])).await;
        let sent = recorded(name).get(before);
        assert_eq!(
            text(&sent, "url"),
            format!("{url}?zapikey={secret}"),
            "{method}"
        );
        assert!(
            get(&sent, "init.headers.Authorization").is_undefined(),
            "{method}: no Authorization header"
        );
    }
    // A query of its own comes first; the token is appended.
    let before = recorded(name).length();
    let opts = js(r#"{"botUniqueName": "ops"}"#);
    ok(call(
        &cliq,
        "postToChannel",
        &["general".into(), "x".into(), opts],
    ))
    .await;
    let sent = recorded(name).get(before);
    assert_eq!(
        text(&sent, "url"),
        format!("https://cliq.example/api/v2/channelsbyname/general/message?bot_unique_name=ops&zapikey={secret}")
    );
}

pub async fn a_webhook_token_refuses_every_other_operation_before_any_request() {
    let name = "__cliqWebhookRefusals";
    let fetch = recording_fetch(name, r#"{ status: 200, body: "{}" }"#);
    let cliq = webhook_client("1001.refusals", &fetch);
    let posting = ["postToChannel", "postToBot", "postToChat", "postToUser"];
    let others = METHODS.iter().filter(|(m, _)| !posting.contains(m));
    for &(method, arity) in others {
        let args = vec![JsValue::from_str("x"); arity - 1];
        let e = fails(call(&cliq, method, &args)).await;
        assert_eq!(text(&e, "kind"), "invalid_input", "{method}");
        assert_eq!(text(&e, "field"), "webhookToken", "{method}");
        assert!(text(&e, "message").contains("OAuth token"), "{method}");
    }
    for method in ["messages", "messageActions"] {
        let iter: Function = Reflect::get(&cliq, &method.into()).unwrap().into();
        let it = iter.call1(&cliq, &"x".into()).unwrap();
        let next: Function = Reflect::get(&it, &"next".into()).unwrap().into();
        let e = fails(next.call0(&it).unwrap().into()).await;
        assert_eq!(text(&e, "field"), "webhookToken", "{method}");
    }
    assert_eq!(recorded(name).length(), 0, "not one request was sent");
}

pub async fn a_webhook_token_is_redacted_in_events_and_errors() {
    let secret = unique("1001.leak");
    // A runtime whose error quotes the URL it could not reach.
    let fetch = function(
        "url",
        "return Promise.reject(new TypeError('fetch failed: ' + url));",
    );
    let opts = js(&format!(
        r#"{{"webhookToken": "{secret}", "baseUrl": "https://cliq.example", "maxRetries": 0}}"#
    ));
    set(&opts, "fetch", &fetch.into());
    let events = Array::new();
    let push = JsValue::from(function("e", "this.push(e)").bind0(&events));
    set(&opts, "onRequest", &push);
    set(&opts, "onResponse", &push);
    let cliq: JsValue = CliqClient::new(opts).unwrap().into();
    let e = fails(call(&cliq, "postToChat", &["CT_1".into(), "hi".into()])).await;
    assert_eq!(text(&e, "kind"), "network");
    let seen = format!("{} {} {}", json(&e), text(&e, "message"), json(&events));
    assert!(!seen.contains(&secret), "the token leaked: {seen}");
    assert_eq!(events.length(), 2);
    assert!(text(&events.get(0), "url").ends_with("/chats/CT_1/message?zapikey=<redacted>"));
}

/// A `zohoOAuth` provider whose accounts server is a recording fetch
/// (`globalThis[name]`) that issues `1000.access-<n>` tokens.
fn oauth_provider(name: &str, answer: &str) -> Function {
    let accounts = function(
        "url, init",
        &format!(
            r#"
            const calls = (globalThis.{name} ||= []);
            calls.push({{ url, init }});
            const n = calls.length;
            const a = ({answer});
            return new Promise((resolve) => setTimeout(() => resolve({{
              status: a.status, headers: {{ get: () => null }}, text: async () => a.body }}), 20));
            "#
        ),
    );
    let opts = js(
        r#"{"clientId": "1000.CLIENT", "clientSecret": "client-s3cret", "refreshToken": "1000.refresh-s3cret", "accountsUrl": "https://accounts.example"}"#,
    );
    set(&opts, "fetch", &accounts.into());
    zoho_oauth(opts).unwrap()
}

pub async fn zoho_oauth_posts_a_form_and_caches_the_token() {
    let name = "__cliqOAuthForm";
    let provider = oauth_provider(
        name,
        r#"{ status: 200, body: JSON.stringify({ access_token: "1000.access-" + n, expires_in: 3600 }) }"#,
    );
    let first = token_of(&provider, "initial").await.unwrap();
    assert_eq!(first.as_string().unwrap(), "1000.access-1");
    let again = token_of(&provider, "initial").await.unwrap();
    assert_eq!(again, first, "cached until 5 minutes before expiry");
    let sent = recorded(name).get(0);
    assert_eq!(
        text(&sent, "url"),
        "https://accounts.example/oauth/v2/token"
    );
    assert_eq!(text(&sent, "init.method"), "POST");
    assert_eq!(
        text(&sent, "init.headers.Content-Type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        text(&sent, "init.body"),
        "grant_type=refresh_token&client_id=1000.CLIENT&client_secret=client-s3cret&refresh_token=1000.refresh-s3cret"
    );
    let fresh = token_of(&provider, "expired").await.unwrap();
    assert_eq!(
        fresh.as_string().unwrap(),
        "1000.access-2",
        "expired refreshes"
    );
    assert_eq!(recorded(name).length(), 2);
}

pub async fn twenty_concurrent_calls_on_a_fresh_client_cause_one_refresh() {
    let name = "__cliqOAuthConcurrent";
    let provider = oauth_provider(
        name,
        r#"{ status: 200, body: JSON.stringify({ access_token: "1000.access-" + n, expires_in: 3600 }) }"#,
    );
    let api = recording_fetch(
        "__cliqOAuthApi",
        r#"{ status: 200, body: '{"data": {"id": "1", "name": "A"}}' }"#,
    );
    let opts = js(r#"{"baseUrl": "https://cliq.example", "rateLimit": {"mode": "off"}}"#);
    set(&opts, "getAccessToken", &provider.into());
    set(&opts, "fetch", &api.into());
    let cliq = CliqClient::new(opts).unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| JsFuture::from(cliq.get_message_action("1".into(), JsValue::UNDEFINED)))
        .collect();
    for call in calls {
        call.await.unwrap();
    }
    assert_eq!(recorded(name).length(), 1, "one refresh for twenty calls");
    let sent = recorded("__cliqOAuthApi");
    assert!(sent
        .iter()
        .all(|c| text(&c, "init.headers.Authorization") == "Zoho-oauthtoken 1000.access-1"));
}

pub async fn zohos_error_answers_map_to_kinds_without_secrets() {
    let cases = [
        (
            r#"{ status: 200, body: '{"error": "invalid_code"}' }"#,
            "unauthorized",
            "invalid_code",
        ),
        (
            r#"{ status: 200, body: '{"error": "invalid_client"}' }"#,
            "unauthorized",
            "invalid_client",
        ),
        (
            r#"{ status: 400, body: '{"error_description": "You have made too many requests continuously.", "error": "Access Denied", "status": "failure"}' }"#,
            "rate_limited",
            "Access Denied",
        ),
    ];
    for (i, (answer, kind, code)) in cases.into_iter().enumerate() {
        let provider = oauth_provider(&format!("__cliqOAuthErr{i}"), answer);
        let e = token_of(&provider, "initial").await.unwrap_err();
        assert_eq!(text(&e, "name"), "CliqError");
        assert_eq!(text(&e, "kind"), kind);
        assert_eq!(text(&e, "code"), code);
        // Through a client: the call rejects with the provider's error.
        let opts = js(r#"{"baseUrl": "https://cliq.example"}"#);
        set(&opts, "getAccessToken", &provider.into());
        let cliq = CliqClient::new(opts).unwrap();
        let e = fails(cliq.get_message_action("1".into(), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), kind);
        assert_eq!(text(&e, "code"), code);
        assert_eq!(text(&e, "operation"), "getMessageAction");
        let seen = format!("{} {}", json(&e), text(&e, "message"));
        assert!(!seen.contains("s3cret"), "{seen}");
    }
}

pub async fn the_eleventh_refresh_in_ten_minutes_is_refused_without_a_request() {
    let name = "__cliqOAuthCap";
    let provider = oauth_provider(
        name,
        r#"{ status: 200, body: JSON.stringify({ access_token: "1000.access-" + n, expires_in: 3600 }) }"#,
    );
    for _ in 0..10 {
        token_of(&provider, "expired").await.unwrap();
    }
    let e = token_of(&provider, "expired").await.unwrap_err();
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 0.0);
    assert_eq!(recorded(name).length(), 10, "the 11th sent nothing");
}

pub async fn an_expiring_token_is_refreshed_once_before_it_expires() {
    let name = "__cliqOAuthExpiry";
    let provider = oauth_provider(
        name,
        r#"{ status: 200, body: JSON.stringify({ access_token: "1000.access-" + n, expires_in: 1 }) }"#,
    );
    assert_eq!(
        token_of(&provider, "initial").await.unwrap(),
        "1000.access-1"
    );
    assert_eq!(
        token_of(&provider, "initial").await.unwrap(),
        "1000.access-1"
    );
    // A one-second token is served for eleven twelfths of its life.
    sleep(1000).await;
    let calls: Vec<_> = (0..5).map(|_| token_of(&provider, "initial")).collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), "1000.access-2");
    }
    assert_eq!(recorded(name).length(), 2, "one refresh at expiry");
}
