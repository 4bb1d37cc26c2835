//! One HTTP attempt: the request the core built, sent through gloo-net's
//! `RequestBuilder` over web-sys's fetch types (or the caller's `fetch`,
//! called as `fetch(url, init)`), with the caller's signal and the
//! attempt's timeout. Never fails: every way an attempt can end is an
//! [`Outcome`].
//!
//! gloo-net traps (a panic, which poisons the instance) when `fetch`
//! rejects with something that is not an `Error`, when `fetch` resolves to
//! something that is not a native `Response`, and when a request cannot be
//! built from its URL. None of that is reachable here: the URL is checked
//! first, `fetch` is called through a binding that catches, and the answer
//! is read duck-typed unless it is a real `Response`.

use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::convert::function;
use super::signal::Signal;
use super::timers::Timer;
use crate::attempt::{ceil_ms, Failure};
use crate::endpoint::Method;
use crate::request::HttpRequest;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, whatever it throws caught.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The abort reason of every abandoned attempt (an `Error`, so that any
    /// fetch rejects with one; made once: each `Error` captures a stack).
    static ABANDONED: js_sys::Error = js_sys::Error::new("the attempt was abandoned");
}

/// A request as it goes on the wire: the core's request with the
/// credential placed (an `Authorization` header, or a URL that carries a
/// webhook token).
pub struct Wire<'a> {
    /// HTTP method.
    pub method: Method,
    /// The URL to send to (a webhook token in it, if any).
    pub url: &'a str,
    /// Headers besides `Authorization`.
    pub headers: &'a [(&'a str, &'a str)],
    /// `Authorization`, when the credential goes in a header.
    pub authorization: Option<&'a str>,
    /// The body.
    pub body: Option<&'a str>,
    /// The secret in `authorization` or `url`: a failure text that quotes
    /// it is replaced.
    pub secret: Option<&'a str>,
}

impl<'a> Wire<'a> {
    /// The core's request, authorised by `authorization` (header) and sent to `url`.
    pub fn of(
        req: &'a HttpRequest,
        url: &'a str,
        authorization: Option<&'a str>,
        secret: Option<&'a str>,
    ) -> Wire<'a> {
        Wire {
            method: req.method,
            url,
            headers: req.headers(),
            authorization,
            body: req.body.as_deref(),
            secret,
        }
    }
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The server answered.
    Answer {
        /// HTTP status.
        status: u16,
        /// The `Retry-After` header.
        retry_after: Option<String>,
        /// The body as text.
        body: String,
    },
    /// No answer; the text says why (never with the token in it).
    Failed(Failure, String),
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// The request as gloo-net builds it, for the global `fetch`.
fn build(req: &Wire<'_>, signal: &AbortSignal) -> Result<web_sys::Request, JsValue> {
    // gloo-net would trap if parsing the URL threw something that is not
    // an Error; parse it first through a binding that catches.
    web_sys::Url::new(req.url)?;
    let mut builder = RequestBuilder::new(req.url)
        .method(http_method(req.method))
        .abort_signal(Some(signal));
    for (name, value) in req.headers {
        builder = builder.header(name, value);
    }
    if let Some(value) = req.authorization {
        builder = builder.header("Authorization", value);
    }
    let request = match req.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    request
        .map(web_sys::Request::from)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// `init` for a caller's `fetch(url, init)`: method, headers (a plain
/// object), body, signal.
fn init(req: &Wire<'_>, signal: &AbortSignal) -> Object {
    let put = |target: &Object, key: &str, value: &JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(key), value);
    };
    let headers = Object::new();
    for (name, value) in req.headers {
        put(&headers, name, &(*value).into());
    }
    if let Some(value) = req.authorization {
        put(&headers, "Authorization", &value.into());
    }
    let init = Object::new();
    put(&init, "method", &req.method.as_str().into());
    put(&init, "headers", &headers);
    if let Some(body) = req.body {
        put(&init, "body", &body.into());
    }
    put(&init, "signal", signal);
    init
}

/// Settles like `promise`, or rejects once the attempt is abandoned (even
/// with a custom fetch that ignores its signal).
async fn until(promise: &JsValue, abandoned: &Promise) -> Result<JsValue, JsValue> {
    let promise = Promise::resolve(promise);
    JsFuture::from(Promise::race(&Array::of2(&promise, abandoned))).await
}

fn not_a_response() -> JsValue {
    JsValue::from_str("fetch did not resolve to a Response")
}

/// Reads status, `Retry-After` and body from a native `Response` (through
/// gloo-net) or from anything shaped like one (a mock).
async fn read(answer: JsValue, abandoned: &Promise) -> Result<Outcome, JsValue> {
    let (status, retry_after, text) = match answer.dyn_ref::<web_sys::Response>() {
        Some(raw) => {
            // Reading a used body would fail; gloo-net would trap on it.
            if raw.body_used() {
                return Err(JsValue::from_str("the response body was already read"));
            }
            let response = Response::from(Clone::clone(raw));
            let retry_after = raw.headers().get("retry-after").ok().flatten();
            (response.status(), retry_after, raw.text()?.into())
        }
        None => {
            let status = Reflect::get(&answer, &"status".into())?
                .as_f64()
                .filter(|s| (100.0..=599.0).contains(s))
                .ok_or_else(not_a_response)?;
            let headers = Reflect::get(&answer, &"headers".into())?;
            let retry_after = match function(&headers, "get") {
                Some(get) => get.call1(&headers, &"retry-after".into())?.as_string(),
                None => None,
            };
            let text = function(&answer, "text").ok_or_else(not_a_response)?;
            (status as u16, retry_after, text.call0(&answer)?)
        }
    };
    let body = until(&text, abandoned)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok(Outcome::Answer {
        status,
        retry_after,
        body,
    })
}

async fn exchange(
    custom: Option<&Function>,
    req: &Wire<'_>,
    signal: &AbortSignal,
    abandoned: &Promise,
) -> Result<Outcome, JsValue> {
    let pending = match custom {
        None => global_fetch(&build(req, signal)?)?,
        Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &req.url.into(), &init(req, signal))?,
    };
    let answer = until(&pending, abandoned).await?;
    read(answer, abandoned).await
}

/// What a failure says. A runtime may quote the request's headers or URL
/// in it: then it says only that the request failed, so no secret leaves.
fn describe(error: &JsValue, secret: Option<&str>) -> String {
    let text = Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_default();
    let quotes = |secret: &[u8]| {
        !secret.is_empty() && text.as_bytes().windows(secret.len()).any(|w| w == secret)
    };
    if text.is_empty() || secret.is_some_and(|a| quotes(a.as_bytes())) {
        "the request failed".into()
    } else {
        text
    }
}

/// Sends `req` once; `custom` is the caller's `fetch`, if any.
pub async fn send(
    custom: Option<&Function>,
    req: &Wire<'_>,
    signal: &Signal,
    timeout_ms: f64,
) -> Outcome {
    let Ok(controller) = AbortController::new() else {
        return Outcome::Failed(Failure::Network, "AbortController is not available".into());
    };
    let abort = Reflect::get(&controller, &"abort".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .map(|f| {
            let bound = ABANDONED.with(|reason| f.bind1(&controller, reason));
            JsValue::from(bound).unchecked_into::<Function>()
        });
    let Some(abort) = abort else {
        return Outcome::Failed(Failure::Network, "AbortController is not available".into());
    };
    let ours = controller.signal();
    let _listener = signal.on_abort(&abort);
    if signal.aborted() {
        // Aborted just now (by an onRequest callback, say).
        controller.abort();
    }
    let _timer = (timeout_ms > 0.0).then(|| Timer::start(&abort, timeout_ms));
    let abandoned = Promise::new(&mut |_, reject| {
        let _ = ours.add_event_listener_with_callback("abort", &reject);
    });
    let result = if ours.aborted() {
        Err(JsValue::UNDEFINED)
    } else {
        exchange(custom, req, &ours, &abandoned).await
    };
    match result {
        Ok(outcome) => outcome,
        Err(_) if signal.aborted() => {
            Outcome::Failed(Failure::Aborted, "aborted by the caller's signal".into())
        }
        Err(_) if ours.aborted() => Outcome::Failed(
            Failure::Timeout,
            format!("no answer within {} ms", ceil_ms(timeout_ms)),
        ),
        Err(e) => Outcome::Failed(Failure::Network, describe(&e, req.secret)),
    }
}
