//! Helpers shared by the wasm suites: a client against the live sandbox,
//! sandbox control, and JS value access.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The client users get: the wasm's exported `CliqClient`, called here
/// exactly as JS calls it (arguments as JS values, Promises back).
pub use zoho_cliq_wasm::client::CliqClient;

/// Every method and how many arguments it takes (the call options last).
pub const METHODS: [(&str, usize); 18] = [
    ("getMessages", 3),
    ("getMessage", 3),
    ("postToChannel", 3),
    ("postToBot", 3),
    ("postToChat", 3),
    ("postToUser", 3),
    ("editMessage", 4),
    ("deleteMessage", 3),
    ("addReaction", 4),
    ("getReactions", 3),
    ("removeReaction", 4),
    ("createMessageAction", 2),
    ("listMessageActions", 2),
    ("getMessageAction", 2),
    ("updateMessageAction", 3),
    ("deleteMessageAction", 2),
    ("getMessageActionHandler", 2),
    ("updateMessageActionHandler", 3),
];

/// Calls `method` on `client` (a `CliqClient` as a JS value) as JS does;
/// a synchronous throw fails the test.
pub fn call(client: &JsValue, method: &str, args: &[JsValue]) -> Promise {
    let f: Function = Reflect::get(client, &method.into()).unwrap().into();
    let args: js_sys::Array = args.iter().collect();
    f.apply(client, &args)
        .unwrap_or_else(|e| panic!("{method} threw synchronously: {}", json(&e)))
        .into()
}

/// What a token provider (`getAccessToken`, `zohoOAuth(...)`) gives for `reason`.
pub async fn token_of(provider: &Function, reason: &str) -> Result<JsValue, JsValue> {
    let p: Promise = provider
        .call1(&JsValue::UNDEFINED, &reason.into())
        .unwrap()
        .into();
    JsFuture::from(p).await
}

/// The sandbox the test command started (`--time-scale 60`).
pub const SANDBOX: &str = match option_env!("CLIQ_SANDBOX_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// Parses JSON text into a JS value.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON in test")
}

/// `v.a.b.c`, `undefined` when absent.
pub fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, key| {
        if acc.is_object() {
            Reflect::get(&acc, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    })
}

pub fn text(v: &JsValue, path: &str) -> String {
    get(v, path).as_string().unwrap_or_default()
}

pub fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or(f64::NAN)
}

pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(obj, &JsValue::from_str(key), value).unwrap();
}

pub fn json(v: &JsValue) -> String {
    JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "undefined".into())
}

pub fn len(v: &JsValue) -> u32 {
    js_sys::Array::from(v).length()
}

/// A unique suffix, so tests never collide on names or quotas.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e12) as u64)
}

/// A JS function from source (test-only).
pub fn function(args: &str, body: &str) -> Function {
    Function::new_with_args(args, body)
}

/// Client options against the sandbox for `token`, with `extra` JSON merged in.
pub fn options(token: &str, extra: &str) -> JsValue {
    let base = js(&format!(
        r#"{{"accessToken": "{token}", "baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    let extra = js(extra);
    let target: Object = base.unchecked_into();
    let source: Object = extra.unchecked_into();
    Object::assign(&target, &source).into()
}

pub fn client(token: &str) -> CliqClient {
    client_with(token, "{}")
}

pub fn client_with(token: &str, extra: &str) -> CliqClient {
    CliqClient::new(options(token, extra))
        .map_err(|e| json(&e))
        .expect("client options are valid")
}

/// A client against the sandbox whose token comes from a JS provider
/// `(reason) => …` with `body` as its source.
pub fn provider_client(body: &str) -> CliqClient {
    let opts = js(&format!(
        r#"{{"baseUrl": "{SANDBOX}", "rateLimit": {{"timeScale": 60}}}}"#
    ));
    set(&opts, "getAccessToken", &function("reason", body).into());
    CliqClient::new(opts)
        .map_err(|e| json(&e))
        .expect("client options are valid")
}

/// Awaits a call that must succeed.
pub async fn ok(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!(
            "expected success, got {} ({})",
            json(&e),
            text(&e, "message")
        ),
    }
}

/// Awaits a call that must fail; returns the CliqError after checking its class.
pub async fn fails(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a CliqError, got {}", json(&v)),
        Err(e) => {
            assert!(
                e.is_instance_of::<js_sys::Error>(),
                "rejections are Error instances"
            );
            assert_eq!(text(&e, "name"), "CliqError");
            e
        }
    }
}

/// A sandbox control call (`/__sandbox/...`).
pub async fn control(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let init = Object::new();
    set(&init, "method", &JsValue::from_str(method));
    if let Some(b) = body {
        set(&init, "body", &JsValue::from_str(b));
        let headers = js(r#"{"Content-Type": "application/json"}"#);
        set(&init, "headers", &headers);
    }
    let fetch: Function = Reflect::get(&js_sys::global(), &"fetch".into())
        .unwrap()
        .unchecked_into();
    let url = format!("{SANDBOX}{path}");
    let resp = JsFuture::from(
        fetch
            .call2(&JsValue::UNDEFINED, &url.into(), &init)
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .expect("sandbox reachable");
    let status = num(&resp, "status");
    assert!(status < 300.0, "{method} {path} answered {status}");
    if status == 204.0 {
        return JsValue::UNDEFINED;
    }
    let text_fn: Function = Reflect::get(&resp, &"json".into())
        .unwrap()
        .unchecked_into();
    JsFuture::from(text_fn.call0(&resp).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap()
}

/// The organisation as the sandbox sees it, from `token`'s point of view.
pub async fn state() -> JsValue {
    control("GET", "/__sandbox/state", None).await
}

/// Scripts `count` faults of `fault` (JSON) for `operation`.
pub async fn fault(operation: &str, count: u32, fault: &str) {
    let body = format!(r#"{{"operation": "{operation}", "count": {count}, "fault": {fault}}}"#);
    control("POST", "/__sandbox/faults", Some(&body)).await;
}

pub async fn clear_faults() {
    control("DELETE", "/__sandbox/faults", None).await;
}

/// Requests the sandbox logged for `operation` since the log was cleared.
pub async fn logged(operation: &str) -> u32 {
    let log = control("GET", "/__sandbox/requests", None).await;
    js_sys::Array::from(&log)
        .iter()
        .filter(|r| text(r, "operation") == operation)
        .count() as u32
}

pub async fn clear_log() {
    control("DELETE", "/__sandbox/requests", None).await;
}

/// The first channel the main user belongs to: (unique name, chat id).
pub async fn channel() -> (String, String) {
    let st = state().await;
    let ch = js_sys::Array::from(&get(&st, "channels")).get(0);
    (text(&ch, "unique_name"), text(&ch, "chat_id"))
}

/// Sleeps `ms` real milliseconds.
pub async fn sleep(ms: u32) {
    let p = Promise::new(&mut |resolve, _| {
        let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
            .unwrap()
            .unchecked_into();
        set_timeout
            .call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms))
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}
