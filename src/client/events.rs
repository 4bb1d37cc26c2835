//! `onRequest`, `onResponse` and `onRateLimit`: plain event objects with no
//! token in them. A callback that throws never breaks the call.

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::convert::{function, object, shape_to_js};
use crate::attempt::Notice;
use crate::endpoint::Operation;
use crate::request::HttpRequest;

/// The caller's event callbacks.
pub struct Events {
    on_rate_limit: Option<Function>,
    on_request: Option<Function>,
    on_response: Option<Function>,
}

fn emit(callback: &Option<Function>, event: impl FnOnce() -> JsValue) {
    if let Some(f) = callback {
        // The caller's callback failed; the call goes on.
        let _ = f.call1(&JsValue::UNDEFINED, &event());
    }
}

/// How an attempt ended, for `onResponse`.
pub enum Ended {
    /// An answer with this status.
    Status(u16),
    /// No answer: `aborted`, `timeout` or `network`.
    Failed(&'static str),
}

/// `RequestEvent`, and `ResponseEvent` once `ended` (with `durationMs`).
fn attempt_event(
    req: &HttpRequest,
    url: &str,
    attempt: u32,
    ended: Option<(f64, Ended)>,
) -> JsValue {
    let (duration, status, error) = match ended {
        None => (None, None, None),
        Some((ms, Ended::Status(status))) => (Some(ms.into()), Some(status.into()), None),
        Some((ms, Ended::Failed(why))) => (Some(ms.into()), None, Some(why.into())),
    };
    shape_to_js(&object([
        ("operation", Some(req.operation.name().into())),
        ("method", Some(req.method.as_str().into())),
        ("url", Some(url.into())),
        ("attempt", Some(attempt.into())),
        ("status", status),
        ("error", error),
        ("durationMs", duration),
    ]))
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
        emit(&self.on_rate_limit, || {
            shape_to_js(&object([
                ("operation", Some(op.name().into())),
                ("type", Some(notice.kind().into())),
                ("retryAfterMs", Some(notice.retry_after_ms().into())),
            ]))
        });
    }

    /// `onRequest({operation, method, url, attempt})`, just before sending;
    /// `url` is the one to show (no secret in it).
    pub fn request(&self, req: &HttpRequest, url: &str, attempt: u32) {
        emit(&self.on_request, || attempt_event(req, url, attempt, None));
    }

    /// `onResponse({…, durationMs, status | error})`, when the attempt ended.
    pub fn response(
        &self,
        req: &HttpRequest,
        url: &str,
        attempt: u32,
        duration_ms: f64,
        ended: Ended,
    ) {
        emit(&self.on_response, || {
            attempt_event(req, url, attempt, Some((duration_ms, ended)))
        });
    }
}
