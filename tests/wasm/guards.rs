//! The edge's guards: the places where gloo-net or the JS boundary could
//! trap (and poison the instance) are unreachable, a custom `fetch` keeps
//! the `fetch(url, init)` convention with a duck-typed answer, and every
//! method given garbage rejects with a `CliqError` — after all of which the
//! same instance still works.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::support::*;

/// A custom fetch whose behaviour `globalThis.__cliqFetchMode` picks; it
/// records every `(url, init)` in `globalThis.__cliqFetchCalls`.
fn scripted_fetch() -> Function {
    function(
        "url, init",
        r#"
        (globalThis.__cliqFetchCalls ||= []).push({ url, init });
        switch (globalThis.__cliqFetchMode) {
          case "reject-string": return Promise.reject("a string, not an Error");
          case "reject-undefined": return Promise.reject(undefined);
          case "throw": throw 42;
          case "number": return Promise.resolve(42);
          case "empty-object": return Promise.resolve({});
          case "used-body": { const r = new Response("{}"); return r.text().then(() => r); }
          case "mock": return Promise.resolve({
            status: 200,
            headers: { get: (name) => (name.toLowerCase() === "retry-after" ? null : "application/json") },
            text: async () => '{"data": {"id": "mock-1", "name": "From a mock"}}',
          });
          default: return fetch(url, init);
        }
        "#,
    )
}

fn set_mode(mode: &str) {
    set(
        &js_sys::global(),
        "__cliqFetchMode",
        &JsValue::from_str(mode),
    );
}

fn fetch_calls() -> Array {
    let calls = get(&js_sys::global(), "__cliqFetchCalls");
    if calls.is_undefined() {
        Array::new()
    } else {
        calls.into()
    }
}

fn scripted_client() -> CliqClient {
    let opts = options(&unique("guard"), r#"{"maxRetries": 0}"#);
    set(&opts, "fetch", &scripted_fetch().into());
    CliqClient::new(opts).unwrap()
}

pub async fn a_custom_fetch_gets_url_and_init_and_a_duck_typed_answer_works() {
    let cliq = scripted_client();
    set_mode("mock");
    let before = fetch_calls().length();
    let action = ok(cliq.get_message_action("mock-1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&action, "name"), "From a mock");
    let call = fetch_calls().get(before);
    assert_eq!(
        text(&call, "url"),
        format!("{SANDBOX}/api/v3/messageactions/mock-1")
    );
    assert_eq!(text(&call, "init.method"), "GET");
    assert!(text(&call, "init.headers.Authorization").starts_with("Zoho-oauthtoken guard-"));
    assert!(
        get(&call, "init.signal").is_object(),
        "the attempt's signal"
    );
    set_mode("");
}

pub async fn fetch_failures_gloo_would_trap_on_are_errors_and_the_instance_lives_on() {
    let cliq = scripted_client();
    let cases = [
        ("reject-string", "network"),
        ("reject-undefined", "network"),
        ("throw", "network"),
        ("number", "network"),
        ("empty-object", "network"),
        ("used-body", "network"),
    ];
    for (mode, kind) in cases {
        set_mode(mode);
        let e = fails(cliq.get_message_action("1".into(), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), kind, "{mode}: {}", text(&e, "message"));
        assert_eq!(text(&e, "operation"), "getMessageAction", "{mode}");
    }
    set_mode("");
    let page = ok(cliq.list_message_actions(js(r#"{"limit": 2}"#), JsValue::UNDEFINED)).await;
    assert!(
        get(&page, "data").is_object(),
        "the same instance still works"
    );
}

pub async fn a_url_with_a_query_is_sent_exactly_as_built() {
    let cliq = client(&unique("t"));
    let (name, _) = channel().await;
    let st = state().await;
    let bot = text(&Array::from(&get(&st, "bots")).get(0), "unique_name");
    clear_log().await;
    let opts = js(&format!(
        r#"{{"botUniqueName": "{bot}", "markAsRead": true}}"#
    ));
    ok(cliq.post_to_channel(name.clone().into(), "query check".into(), opts)).await;
    let log = control("GET", "/__sandbox/requests", None).await;
    let entry = Array::from(&log)
        .iter()
        .find(|r| text(r, "operation") == "postToChannel")
        .expect("logged");
    assert_eq!(
        text(&entry, "path"),
        format!("/api/v2/channelsbyname/{name}/message")
    );
    assert_eq!(
        text(&entry, "query"),
        format!("bot_unique_name={bot}&mark_as_read=true"),
        "no stray '&', nothing re-encoded"
    );
}

pub async fn every_method_rejects_garbage_arguments_and_the_instance_lives_on() {
    let cliq: JsValue = client(&unique("t")).into();
    let garbage: Vec<JsValue> = vec![
        js_sys::Symbol::for_("x").into(),
        function("", "return 1").into(),
        JsValue::from(42),
        js("[1, 2]"),
        js(r#"{"signal": 5, "timeoutMs": "soon"}"#),
        js_sys::BigInt::from(7u32).into(),
    ];
    for (method, arity) in METHODS {
        for junk in &garbage {
            let args = vec![junk.clone(); arity];
            let e = fails(call(&cliq, method, &args)).await;
            assert_eq!(
                text(&e, "kind"),
                "invalid_input",
                "{method}({})",
                json(junk)
            );
            assert_eq!(text(&e, "operation"), method);
        }
    }
    for method in ["messages", "messageActions"] {
        let iter = Reflect::get(&cliq, &method.into()).unwrap();
        let iter: Function = iter.into();
        let it = iter
            .call1(&cliq, &js_sys::Symbol::for_("x").into())
            .unwrap();
        let next: Function = Reflect::get(&it, &"next".into()).unwrap().into();
        let e = fails(next.call0(&it).unwrap().into()).await;
        assert_eq!(text(&e, "kind"), "invalid_input", "{method}");
        let done = JsFuture::from(js_sys::Promise::from(next.call0(&it).unwrap()))
            .await
            .unwrap();
        assert_eq!(
            get(&done, "done"),
            JsValue::TRUE,
            "{method} is over after its error"
        );
    }
    let page = ok(call(&cliq, "listMessageActions", &[js(r#"{"limit": 1}"#)])).await;
    assert!(
        get(&page, "data").is_object(),
        "the same instance still works"
    );
}

pub async fn every_sandbox_fault_is_an_error_kind_and_the_instance_lives_on() {
    clear_faults().await;
    let cliq = client_with(&unique("t"), r#"{"maxRetries": 0}"#);
    // The throttle last: it locks getMessageAction for a while.
    let faults = [
        (r#"{"type": "status", "status": 500}"#, "server"),
        (r#"{"type": "status", "status": 503}"#, "server"),
        (r#"{"type": "malformed_json"}"#, "bad_response"),
        (r#"{"type": "html_401"}"#, "unauthorized"),
        (r#"{"type": "drop"}"#, "network"),
        (r#"{"type": "delay", "ms": 1500}"#, "timeout"),
        (r#"{"type": "throttle"}"#, "rate_limited"),
    ];
    for (scripted, kind) in faults {
        fault("getMessageAction", 1, scripted).await;
        let e = fails(cliq.get_message_action("1".into(), js(r#"{"timeoutMs": 300}"#))).await;
        assert_eq!(
            text(&e, "kind"),
            kind,
            "{scripted}: {}",
            text(&e, "message")
        );
    }
    let retry_after = r#"{"type": "retry_after", "status": 429, "retry_after_secs": 1}"#;
    fault("getMessageActionHandler", 1, retry_after).await;
    let e = fails(cliq.get_message_action_handler("1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 0.0);
    clear_faults().await;
    let page = ok(cliq.list_message_actions(js(r#"{"limit": 1}"#), JsValue::UNDEFINED)).await;
    assert!(
        get(&page, "data").is_object(),
        "the same instance still works"
    );
}

pub async fn ids_of_dots_or_control_characters_never_change_the_endpoint() {
    let cliq = client(&unique("t"));
    let (_, chat_id) = channel().await;
    clear_log().await;
    // fetch would resolve `…/messages/..` (and `%2E%2E`) to `…/chats/{id}/`.
    for id in [".", ".."] {
        let e =
            fails(cliq.delete_message(chat_id.clone().into(), id.into(), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "field"), "messageId", "{id}");
    }
    let log = control("GET", "/__sandbox/requests", None).await;
    assert_eq!(Array::from(&log).length(), 0, "nothing was sent");
    let e = fails(cliq.get_message(
        format!("{chat_id}\r\nX: 1").into(),
        "1".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "field"), "chatId");
}
