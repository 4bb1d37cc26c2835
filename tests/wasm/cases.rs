//! End-to-end behaviours of the client against the live sandbox. Each suite
//! (browser, worker, Node) runs every case through `wasm_cases!`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::support::*;

fn arr(v: &JsValue) -> Array {
    Array::from(v)
}

pub async fn post_to_channel_then_read_it_back() {
    let cliq = client(&unique("t"));
    let (name, chat_id) = channel().await;
    let body = unique("hello from wasm");
    let msg = js(&format!(r#"{{"text": "{body}", "sync_message": true}}"#));
    let posted = ok(cliq.post_to_channel(name.into(), msg, JsValue::UNDEFINED)).await;
    let id = text(&posted, "messageId");
    assert!(
        !id.is_empty(),
        "sync_message returns the id: {}",
        json(&posted)
    );
    let one = ok(cliq.get_message(
        chat_id.clone().into(),
        id.clone().into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&one, "content.text"), body);
    assert!(num(&one, "time") > 0.0, "time is a number");
    let list = ok(cliq.get_messages(
        chat_id.into(),
        js(r#"{"limit": 100, "fromTime": 0}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let _ = list;
}

pub async fn a_post_without_sync_resolves_to_an_empty_result() {
    let cliq = client(&unique("t"));
    let (name, _) = channel().await;
    let r = ok(cliq.post_to_channel(name.into(), "plain text".into(), JsValue::UNDEFINED)).await;
    assert_eq!(json(&r), "{}");
}

pub async fn post_to_bot_user_and_thread() {
    let cliq = client(&unique("t"));
    let st = state().await;
    let bot = arr(&get(&st, "bots")).get(0);
    let subscriber = arr(&get(&bot, "subscribers")).get(0).as_string().unwrap();
    let opts = js(&format!(r#"{{"userIds": ["{subscriber}"]}}"#));
    let r = ok(cliq.post_to_bot(
        text(&bot, "unique_name").into(),
        js(r#"{"text": "deploy done", "sync_message": true}"#),
        opts,
    ))
    .await;
    assert!(
        !text(
            &get(&r, "messageDetails"),
            &format!("{subscriber}.messageId")
        )
        .is_empty(),
        "{}",
        json(&r)
    );

    let user = arr(&get(&st, "users")).get(1);
    let r = ok(cliq.post_to_user(
        text(&user, "email").into(),
        js(r#"{"text": "hi", "sync_message": true}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert!(!text(&r, "messageId").is_empty());

    let thread = arr(&get(&st, "threads")).get(0);
    let thread_chat = text(&thread, "chat_id");
    let body = unique("in thread");
    let r = ok(cliq.post_to_chat(
        thread_chat.clone().into(),
        js(&format!(r#"{{"text": "{body}", "sync_message": true}}"#)),
        JsValue::UNDEFINED,
    ))
    .await;
    let one =
        ok(cliq.get_message(thread_chat.into(), get(&r, "messageId"), JsValue::UNDEFINED)).await;
    assert_eq!(text(&one, "content.text"), body);
}

pub async fn edit_then_delete_a_message() {
    let cliq = client(&unique("t"));
    let (name, chat_id) = channel().await;
    let r = ok(cliq.post_to_channel(
        name.into(),
        js(r#"{"text": "typo", "sync_message": true}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let id = get(&r, "messageId");
    let edited = ok(cliq.edit_message(
        chat_id.clone().into(),
        id.clone(),
        "fixed".into(),
        js(r#"{"notifyEdit": true}"#),
    ))
    .await;
    assert!(edited.is_undefined(), "edit resolves to nothing");
    let one = ok(cliq.get_message(chat_id.clone().into(), id.clone(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&one, "content.text"), "fixed");
    ok(cliq.delete_message(chat_id.clone().into(), id.clone(), JsValue::UNDEFINED)).await;
    let e = fails(cliq.get_message(chat_id.into(), id, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "not_found", "{}", json(&e));
    assert_eq!(text(&e, "operation"), "getMessage");
}

pub async fn react_list_and_unreact() {
    let cliq = client(&unique("t"));
    let (name, chat_id) = channel().await;
    let r = ok(cliq.post_to_channel(
        name.into(),
        js(r#"{"text": "react to me", "sync_message": true}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let id = get(&r, "messageId");
    ok(cliq.add_reaction(
        chat_id.clone().into(),
        id.clone(),
        "😍".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    let reactions =
        ok(cliq.get_reactions(chat_id.clone().into(), id.clone(), JsValue::UNDEFINED)).await;
    let entries = arr(&get(&reactions, "😍"));
    assert_eq!(entries.length(), 1, "{}", json(&reactions));
    let me = get(&state().await, "me");
    assert_eq!(text(&entries.get(0), "userId"), text(&me, "zuid"));
    assert_eq!(text(&entries.get(0), "userName"), text(&me, "name"));
    assert!(num(&entries.get(0), "time") > 0.0);
    ok(cliq.remove_reaction(
        chat_id.clone().into(),
        id.clone(),
        "😍".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    let reactions = ok(cliq.get_reactions(chat_id.into(), id, JsValue::UNDEFINED)).await;
    let left = get(&reactions, "😍");
    assert!(
        left.is_undefined() || arr(&left).length() == 0,
        "{}",
        json(&reactions)
    );
}

pub async fn message_action_lifecycle_with_handler() {
    let cliq = client(&unique("t"));
    let name = unique("Task").chars().take(30).collect::<String>();
    let input = js(&format!(
        r#"{{"name": "{name}", "hint": "Create a task", "execution_type": "webhook",
            "execution_url": "https://example.com/hook", "scope": "personal", "message_types": ["text"]}}"#
    ));
    let created = ok(cliq.create_message_action(input, JsValue::UNDEFINED)).await;
    let id = get(&created, "id");
    assert_eq!(text(&created, "name"), name);
    let got = ok(cliq.get_message_action(id.clone(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&got, "hint"), "Create a task");
    let updated = ok(cliq.update_message_action(
        id.clone(),
        js(r#"{"hint": "Make it a task"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&updated, "hint"), "Make it a task");
    let handler = ok(cliq.update_message_action_handler(
        id.clone(),
        js(r#"{"permissions": ["chat", "message"]}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(json(&get(&handler, "permissions")), r#"["chat","message"]"#);
    let read = ok(cliq.get_message_action_handler(id.clone(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&read, "name"), "execution_handler");
    let page = ok(cliq.list_message_actions(js(r#"{"limit": 100}"#), JsValue::UNDEFINED)).await;
    let found = arr(&get(&page, "data"))
        .iter()
        .any(|a| text(&a, "id") == id.as_string().unwrap());
    assert!(found, "the new action is listed");
    ok(cliq.delete_message_action(id.clone(), JsValue::UNDEFINED)).await;
    let e = fails(cliq.get_message_action(id, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "not_found");
    assert_eq!(text(&e, "code"), "msgaction_not_found");
}

pub async fn invalid_input_is_refused_before_any_request() {
    clear_log().await;
    let cliq = client(&unique("t"));
    let (name, _) = channel().await;
    let card = js(
        r#"{"text": "x", "card": {"theme": "modern-inline", "title": "t", "buttons": [
        {"label": "1"}, {"label": "2"}, {"label": "3"}, {"label": "4"}, {"label": "5"}, {"label": "6"}]}}"#,
    );
    let e = fails(cliq.post_to_channel(name.into(), card, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "invalid_input");
    assert_eq!(text(&e, "field"), "card.buttons");
    assert!(
        text(&e, "message").contains('5'),
        "names the limit: {}",
        text(&e, "message")
    );
    let e =
        fails(cliq.get_messages(JsValue::from(42), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "chatId");
    let e =
        fails(cliq.create_message_action(js(r#"{"name": "", "hint": "h"}"#), JsValue::UNDEFINED))
            .await;
    assert_eq!(text(&e, "field"), "name");
    assert_eq!(
        logged("postToChannel").await
            + logged("getMessages").await
            + logged("createMessageAction").await,
        0
    );
}

pub async fn constructor_misuse_throws_invalid_input() {
    for bad in [
        r#"{}"#,
        r#"{"accessToken": "a", "dataCenter": "mars"}"#,
        r#"{"accessToken": "a", "rateLimit": {"mode": "fast"}}"#,
        r#"{"accessToken": "a", "rateLimit": {"timeScale": 0}}"#,
    ] {
        let e = CliqClient::new(js(bad)).err().expect(bad);
        assert_eq!(text(&e, "kind"), "invalid_input", "{bad}");
        assert_eq!(text(&e, "name"), "CliqError");
    }
    let both = js(r#"{"accessToken": "a"}"#);
    set(&both, "getAccessToken", &function("", "return 'b'").into());
    let e = CliqClient::new(both).err().expect("both tokens");
    assert_eq!(text(&e, "field"), "accessToken");
}

pub async fn error_kinds_from_the_server() {
    let cliq = client(&unique("t"));
    // unauthorized: a dead token, and the token never shows in the error.
    let dead = client("expired-token-123");
    let e = fails(dead.get_message_action("1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "unauthorized");
    assert_eq!(num(&e, "status"), 401.0);
    assert!(
        !json(&e).contains("expired-token-123")
            && !text(&e, "message").contains("expired-token-123")
    );
    // not_found: an unknown chat.
    let e =
        fails(cliq.get_messages("CT_nope".into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "not_found");
    // forbidden: posting to a channel one is not a member of.
    let st = state().await;
    let me = text(&st, "me.zuid");
    let foreign = arr(&get(&st, "channels"))
        .iter()
        .find(|ch| {
            !arr(&get(ch, "members"))
                .iter()
                .any(|m| m.as_string().as_deref() == Some(me.as_str()))
        })
        .expect("the seed has a channel the main user is not in");
    let e = fails(cliq.post_to_channel(
        get(&foreign, "unique_name"),
        "hi".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "forbidden", "{}", json(&e));
    // http: a 400 that is not a throttle, with the server's code and message.
    let action = js(&format!(
        r#"{{"name": "{}", "hint": "h"}}"#,
        unique("Dup").chars().take(30).collect::<String>()
    ));
    ok(cliq.create_message_action(action.clone(), JsValue::UNDEFINED)).await;
    let e = fails(cliq.create_message_action(action, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "http");
    assert_eq!(text(&e, "code"), "msgaction_name_already_exists");
}

pub async fn scripted_faults_map_to_error_kinds() {
    clear_faults().await;
    let cliq = client_with(&unique("t"), r#"{"maxRetries": 0}"#);
    let (name, chat_id) = channel().await;
    let cases = [
        (r#"{"type": "malformed_json"}"#, "bad_response", Some(200.0)),
        (
            r#"{"type": "status", "status": 500}"#,
            "server",
            Some(500.0),
        ),
        (r#"{"type": "html_401"}"#, "unauthorized", Some(401.0)),
        (r#"{"type": "drop"}"#, "network", None),
    ];
    for (scripted, kind, status) in cases {
        fault("getMessages", 1, scripted).await;
        let none = JsValue::UNDEFINED;
        let e = fails(cliq.get_messages(chat_id.clone().into(), none.clone(), none)).await;
        assert_eq!(text(&e, "kind"), kind, "{scripted}");
        assert_eq!(get(&e, "status").as_f64(), status, "{scripted}");
    }
    fault("postToChannel", 1, r#"{"type": "delay", "ms": 1500}"#).await;
    let e =
        fails(cliq.post_to_channel(name.into(), "slow".into(), js(r#"{"timeoutMs": 100}"#))).await;
    assert_eq!(text(&e, "kind"), "timeout");
    clear_faults().await;
}

pub async fn a_server_throttle_locks_only_that_operation() {
    clear_faults().await;
    let cliq = client(&unique("t"));
    let (_, chat_id) = channel().await;
    fault("getMessages", 1, r#"{"type": "throttle"}"#).await;
    let e = fails(cliq.get_messages(
        chat_id.clone().into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert_eq!(text(&e, "code"), "request_limit_exceeded");
    assert!(num(&e, "retryAfterMs") > 0.0);
    clear_log().await;
    // During the lock the client refuses at once, without sending.
    let e = fails(cliq.get_messages(
        chat_id.clone().into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 0.0 && num(&e, "retryAfterMs") <= 10_000.0);
    assert_eq!(logged("getMessages").await, 0);
    // Another operation goes on.
    ok(cliq.list_message_actions(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let status = cliq.rate_limit_status();
    assert!(num(&status, "getMessages.lockedForMs") > 0.0);
    assert_eq!(num(&status, "listMessageActions.lockedForMs"), 0.0);
    clear_faults().await;
}

pub async fn reject_mode_fails_the_call_over_quota_without_sending() {
    let cliq = client_with(
        &unique("t"),
        // Real-time windows: a slow machine cannot let the first calls age out.
        r#"{"rateLimit": {"mode": "reject", "timeScale": 1}}"#,
    );
    let (_, chat_id) = channel().await;
    for _ in 0..15 {
        ok(cliq.get_messages(
            chat_id.clone().into(),
            js(r#"{"limit": 1}"#),
            JsValue::UNDEFINED,
        ))
        .await;
    }
    clear_log().await;
    let e =
        fails(cliq.get_messages(chat_id.into(), js(r#"{"limit": 1}"#), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 0.0);
    assert_eq!(logged("getMessages").await, 0, "the 16th call was not sent");
    assert_eq!(num(&cliq.rate_limit_status(), "getMessages.remaining"), 0.0);
}

pub async fn idempotent_calls_are_retried_and_posts_never_twice() {
    clear_faults().await;
    let cliq = client(&unique("t"));
    let (name, chat_id) = channel().await;
    clear_log().await;
    fault("getMessages", 2, r#"{"type": "status", "status": 503}"#).await;
    ok(cliq.get_messages(
        chat_id.clone().into(),
        js(r#"{"limit": 1}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(logged("getMessages").await, 3, "two retries after two 503s");
    // A dropped connection after the server applied the post: never resent.
    fault("postToChannel", 1, r#"{"type": "drop"}"#).await;
    let body = unique("once");
    let e = fails(cliq.post_to_channel(
        name.clone().into(),
        JsValue::from_str(&body),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "network");
    assert_eq!(logged("postToChannel").await, 1);
    // A 500 on a post is not retried either.
    fault("postToChannel", 1, r#"{"type": "status", "status": 500}"#).await;
    fails(cliq.post_to_channel(name.clone().into(), "x".into(), JsValue::UNDEFINED)).await;
    assert_eq!(logged("postToChannel").await, 2);
    // A 429 without Retry-After is not retried, and locks the operation.
    let cliq429 = client(&unique("t"));
    fault("getMessages", 1, r#"{"type": "status", "status": 429}"#).await;
    let e = fails(cliq429.get_messages(
        chat_id.clone().into(),
        js(r#"{"limit": 1}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 0.0);
    assert_eq!(
        logged("getMessages").await,
        4,
        "3 before, 1 now: not retried"
    );
    // A 429 with Retry-After is retried, for posts too.
    fault(
        "postToChannel",
        1,
        r#"{"type": "retry_after", "status": 429, "retry_after_secs": 1}"#,
    )
    .await;
    ok(cliq.post_to_channel(name.into(), "after 429".into(), JsValue::UNDEFINED)).await;
    assert_eq!(logged("postToChannel").await, 4);
    clear_faults().await;
}

pub async fn abort_before_and_during_a_request() {
    clear_faults().await;
    let cliq = client(&unique("t"));
    let (name, chat_id) = channel().await;
    clear_log().await;
    // Before: nothing is sent.
    let controller = web_abort_controller();
    abort(&controller);
    let opts = js("{}");
    set(&opts, "signal", &get(&controller, "signal"));
    let e = fails(cliq.post_to_channel(name.clone().into(), "never".into(), opts)).await;
    assert_eq!(text(&e, "kind"), "aborted");
    assert_eq!(logged("postToChannel").await, 0);
    // During: the request is in flight (delayed by the sandbox).
    fault("getMessages", 1, r#"{"type": "delay", "ms": 2000}"#).await;
    let controller = web_abort_controller();
    let opts = js("{}");
    set(&opts, "signal", &get(&controller, "signal"));
    let pending = cliq.get_messages(chat_id.into(), JsValue::UNDEFINED, opts);
    sleep(100).await;
    abort(&controller);
    let e = fails(pending).await;
    assert_eq!(text(&e, "kind"), "aborted");
    clear_faults().await;
}

/// A client on real-time quota windows that has spent getMessageAction's
/// 10 calls of this minute: its next call would wait ~60 s.
async fn spent_get_message_action(max_wait_ms: u32) -> CliqClient {
    let cliq = client_with(
        &unique("t"),
        &format!(r#"{{"rateLimit": {{"timeScale": 1, "maxWaitMs": {max_wait_ms}}}}}"#),
    );
    for _ in 0..10 {
        let _ = wasm_bindgen_futures::JsFuture::from(
            cliq.get_message_action("404".into(), JsValue::UNDEFINED),
        )
        .await;
    }
    cliq
}

pub async fn queued_calls_can_be_aborted_or_bounded_by_max_wait() {
    let cliq = spent_get_message_action(120_000).await;
    clear_log().await;
    let controller = web_abort_controller();
    let opts = js("{}");
    set(&opts, "signal", &get(&controller, "signal"));
    let queued = cliq.get_message_action("404".into(), opts);
    sleep(50).await;
    let status = cliq.rate_limit_status();
    assert!(num(&status, "getMessageAction.resetInMs") > 1_000.0);
    assert_eq!(num(&status, "getMessageAction.limit"), 10.0, "the quota");
    assert_eq!(num(&status, "getMessageAction.remaining"), 0.0);
    abort(&controller);
    let e = fails(queued).await;
    assert_eq!(text(&e, "kind"), "aborted");
    assert_eq!(
        logged("getMessageAction").await,
        0,
        "an aborted queued call is never sent"
    );

    // A caller that cannot wait that long is refused at once.
    let impatient = spent_get_message_action(100).await;
    let e = fails(impatient.get_message_action("404".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "rate_limited");
    assert!(num(&e, "retryAfterMs") > 100.0, "{}", json(&e));

    // Aborting after the answer changes nothing.
    let controller = web_abort_controller();
    let opts = js("{}");
    set(&opts, "signal", &get(&controller, "signal"));
    let other = client(&unique("t"));
    ok(other.list_message_actions(JsValue::UNDEFINED, opts)).await;
    abort(&controller);
    ok(other.list_message_actions(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
}

fn web_abort_controller() -> JsValue {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"AbortController".into()).unwrap();
    js_sys::Reflect::construct(&ctor.into(), &Array::new()).unwrap()
}

fn abort(controller: &JsValue) {
    let f: js_sys::Function = get(controller, "abort").into();
    f.call0(controller).unwrap();
}

pub async fn token_provider_refreshes_once_for_concurrent_calls() {
    let tag = unique("tok");
    // First token is dead ("expired…" tokens get 401); the refresh gives a live one.
    let cliq = provider_client(&format!("return new Promise(r => setTimeout(() => r(reason === 'initial' ? 'expired-{tag}' : 'fresh-{tag}'), 30));"));
    let calls: Vec<_> = (0..5)
        .map(|_| cliq.list_message_actions(JsValue::UNDEFINED, JsValue::UNDEFINED))
        .collect();
    for p in calls {
        ok(p).await;
    }
    assert_eq!(
        cliq.token_refresh_count(),
        2,
        "one initial token, then exactly one refresh"
    );
}

pub async fn a_refreshed_token_that_is_refused_again_is_replayed_only_once() {
    let tag = unique("dead");
    // Every token this provider gives is dead.
    let cliq = provider_client(&format!("(globalThis.__reasons = globalThis.__reasons || {{}})['{tag}'] = [...(globalThis.__reasons['{tag}'] || []), reason]; return 'expired-{tag}-' + reason;"));
    clear_log().await;
    let e = fails(cliq.get_message_action("1".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "unauthorized");
    assert!(!json(&e).contains(&tag), "the token is not in the error");
    let reasons = get(&get(&js_sys::global(), "__reasons"), &tag);
    assert_eq!(json(&reasons), r#"["initial","expired"]"#);
    assert_eq!(
        logged("getMessageAction").await,
        2,
        "the first attempt and one replay"
    );
}

pub async fn iterators_yield_every_item_once_across_pages() {
    let cliq = client(&unique("t"));
    let thread = arr(&get(&state().await, "threads")).get(0);
    let chat_id = text(&thread, "chat_id");
    let all = ok(cliq.get_messages(
        chat_id.clone().into(),
        js(r#"{"fromTime": 0, "limit": 100}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let expected: Vec<String> = arr(&all).iter().map(|m| text(&m, "id")).collect();
    assert!(
        expected.len() > 3 && expected.len() < 100,
        "a thread of a few pages: {}",
        expected.len()
    );
    for page_size in [1, 2] {
        let query = js(&format!(r#"{{"pageSize": {page_size}}}"#));
        let iter = cliq.messages(chat_id.clone().into(), query, JsValue::UNDEFINED);
        let got = collect(&iter).await;
        let got: Vec<String> = got.iter().map(|m| text(m, "id")).collect();
        assert_eq!(got, expected, "pageSize {page_size}");
    }
    clear_log().await;

    let page = ok(cliq.list_message_actions(js(r#"{"limit": 100}"#), JsValue::UNDEFINED)).await;
    let expected: Vec<String> = arr(&get(&page, "data"))
        .iter()
        .map(|a| text(&a, "id"))
        .collect();
    let iter = cliq.message_actions(js(r#"{"pageSize": 1}"#), JsValue::UNDEFINED);
    let got: Vec<String> = collect(&iter).await.iter().map(|a| text(a, "id")).collect();
    assert_eq!(got, expected);
    let log = control("GET", "/__sandbox/requests", None).await;
    let pages: Vec<JsValue> = arr(&log)
        .iter()
        .filter(|r| text(r, "operation") == "listMessageActions")
        .collect();
    assert!(pages.len() >= expected.len(), "one action per page");
    let every = pages.iter().all(|r| text(r, "query").contains("limit=1"));
    assert!(every, "limit is sent on every page");
}

async fn collect(iterable: &JsValue) -> Vec<JsValue> {
    let sym = js_sys::Symbol::async_iterator();
    let make: js_sys::Function = js_sys::Reflect::get(iterable, &sym).unwrap().into();
    let iter = make.call0(iterable).unwrap();
    let next: js_sys::Function = get(&iter, "next").into();
    let mut out = Vec::new();
    loop {
        let step = ok(next.call0(&iter).unwrap().into()).await;
        if get(&step, "done").as_bool() == Some(true) {
            return out;
        }
        out.push(get(&step, "value"));
    }
}

pub async fn queue_mode_sends_120_concurrent_posts_without_a_throttle() {
    let (name, _) = channel().await;
    let token = unique("queue");
    let opts = options(&token, "{}");
    let events = Array::new();
    let record = function("events", "return (e) => events.push(e.type);")
        .call1(&JsValue::UNDEFINED, &events)
        .unwrap();
    set(&opts, "onRateLimit", &record);
    let cliq = CliqClient::new(opts).unwrap();
    clear_log().await;
    let posts: Vec<_> = (0..120)
        .map(|i| {
            cliq.post_to_channel(
                name.clone().into(),
                JsValue::from_str(&format!("queued {i}")),
                JsValue::UNDEFINED,
            )
        })
        .collect();
    for p in posts {
        ok(p).await;
    }
    let kinds: Vec<String> = events.iter().filter_map(|e| e.as_string()).collect();
    assert!(
        kinds.iter().all(|k| k == "wait"),
        "no throttle or lock: {kinds:?}"
    );
    assert!(
        !kinds.is_empty(),
        "the queue waited for the next quota window"
    );
    let log = control("GET", "/__sandbox/requests", None).await;
    let mine: Vec<JsValue> = Array::from(&log)
        .iter()
        .filter(|r| text(r, "operation") == "postToChannel")
        .collect();
    assert_eq!(mine.len(), 120, "each post sent exactly once");
    assert!(
        mine.iter().all(|r| num(r, "status") == 204.0),
        "the server accepted every post"
    );
}
