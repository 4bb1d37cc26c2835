//! `onRequest`, `onResponse` and `onRateLimit`: plain event objects with no
//! token in them. A callback that throws never breaks the call.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

use super::convert::function;
use crate::attempt::Notice;
use crate::endpoint::Operation;
use crate::request::HttpRequest;

/// The caller's event callbacks.
pub struct Events {
    on_rate_limit: Option<Function>,
    on_request: Option<Function>,
    on_response: Option<Function>,
}

fn put(event: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(event, &JsValue::from_str(key), &value);
}

fn emit(callback: &Option<Function>, event: &Object) {
    if let Some(f) = callback {
        // The caller's callback failed; the call goes on.
        let _ = f.call1(&JsValue::UNDEFINED, event);
    }
}

/// How an attempt ended, for `onResponse`.
pub enum Ended {
    /// An answer with this status.
    Status(u16),
    /// No answer: `aborted`, `timeout` or `network`.
    Failed(&'static str),
}

impl Events {
    /// The callbacks of a `ClientOptions` object (already checked by the core).
    pub fn from_options(options: &JsValue) -> Events {
        Events {
            on_rate_limit: function(options, "onRateLimit"),
            on_request: function(options, "onRequest"),
            on_response: function(options, "onResponse"),
        }
    }

    /// `onRateLimit({operation, type, retryAfterMs})`.
    pub fn rate_limit(&self, op: Operation, notice: Notice) {
        if self.on_rate_limit.is_some() {
            let event = Object::new();
            put(&event, "operation", op.name().into());
            put(&event, "type", notice.kind().into());
            put(
                &event,
                "retryAfterMs",
                (notice.retry_after_ms() as f64).into(),
            );
            emit(&self.on_rate_limit, &event);
        }
    }

    fn attempt(req: &HttpRequest, attempt: u32) -> Object {
        let event = Object::new();
        put(&event, "operation", req.operation.name().into());
        put(&event, "method", req.method.as_str().into());
        put(&event, "url", req.url.as_str().into());
        put(&event, "attempt", attempt.into());
        event
    }

    /// `onRequest({operation, method, url, attempt})`, just before sending.
    pub fn request(&self, req: &HttpRequest, attempt: u32) {
        if self.on_request.is_some() {
            emit(&self.on_request, &Events::attempt(req, attempt));
        }
    }

    /// `onResponse({…, durationMs, status | error})`, when the attempt ended.
    pub fn response(&self, req: &HttpRequest, attempt: u32, duration_ms: f64, ended: Ended) {
        if self.on_response.is_some() {
            let event = Events::attempt(req, attempt);
            put(&event, "durationMs", duration_ms.into());
            match ended {
                Ended::Status(status) => put(&event, "status", status.into()),
                Ended::Failed(why) => put(&event, "error", why.into()),
            }
            emit(&self.on_response, &event);
        }
    }
}
