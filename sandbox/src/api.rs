//! The entry point of every `/api/*` and `/network/*` request: route,
//! scripted faults, then the operation (authentication, quota, the table's
//! code) or, in proxy mode, the data centre; then the request log.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::app::App;
use crate::auth::{self, AuthFailure};
use crate::error::{bare_401, ApiError};
use crate::faults::{after_answer, throttle_error};
use crate::ids::now_ms;
use crate::messages::Caller;
use crate::proxy;
use crate::quota::Verdict;
use crate::reqlog::Entry;
use crate::route::{self, Call, Miss, Operation};
use crate::validate::Query;

/// Largest request body accepted, emulating or forwarding: 2 MiB. The
/// largest legitimate body is a 256,000-byte Deluge script, which JSON
/// escaping can grow to 1.5 MB (`\u00XX` for control characters).
pub const BODY_MAX: usize = 2 * 1024 * 1024;

/// The answer to a body over [`BODY_MAX`]: 413 `payload_too_large`.
pub fn too_large() -> Response {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("The request body is larger than {BODY_MAX} bytes."),
    )
    .into_response()
}

/// Handles one API request.
pub async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let arrived = now_ms();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let resolved = route::resolve(&parts.method, &path);
    let op = resolved.as_ref().ok().map(|(op, _)| *op);
    let Ok(bytes) = to_bytes(body, BODY_MAX).await else {
        let response = too_large();
        log(&app, &parts, arrived, op, response.status(), &Bytes::new());
        proxy::access_log(&app, &parts, &response);
        return response;
    };
    let fault = op.and_then(|op| app.lock().faults.take(op));
    let response = match fault.as_ref().and_then(|f| f.immediate_response()) {
        Some(response) => response,
        None => match &app.config.upstream {
            Some(upstream) => proxy::forward_api(&app, upstream, &parts, bytes.clone()).await,
            None => local(&app, &parts, resolved, &raw_query, &bytes),
        },
    };
    log(&app, &parts, arrived, op, response.status(), &bytes);
    proxy::access_log(&app, &parts, &response);
    after_answer(fault, response).await
}

fn log(
    app: &App,
    parts: &Parts,
    arrived: i64,
    op: Option<Operation>,
    status: StatusCode,
    body: &Bytes,
) {
    let body = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    app.lock().log.push(Entry {
        time: arrived,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        operation: op.map(Operation::name),
        status: status.as_u16(),
        had_token: parts.headers.contains_key(header::AUTHORIZATION),
        body,
    });
}

/// The answer to a refused call: 400 `request_limit_exceeded`, or 429 with
/// `Retry-After` (whole seconds, rounded up) when so configured.
pub fn throttled(status: u16, remaining: Duration) -> Response {
    let mut error = throttle_error();
    if status == 429 {
        error.status = StatusCode::TOO_MANY_REQUESTS;
    }
    let mut response = error.into_response();
    if status == 429 {
        let secs = remaining.as_secs_f64().ceil().max(1.0) as u64;
        if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

fn local(
    app: &App,
    parts: &Parts,
    resolved: Result<(Operation, Vec<String>), Miss>,
    raw_query: &str,
    body: &[u8],
) -> Response {
    let (op, params) = match resolved {
        Ok(found) => found,
        Err(Miss::NotFound) => return ApiError::invalid_url().into_response(),
        Err(Miss::MethodNotAllowed) => {
            return ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "The requested resource does not support the HTTP method used.",
            )
            .into_response()
        }
    };
    let mut guard = app.lock();
    let inner = &mut *guard;
    let keys = auth::Keys {
        allowed: &app.config.tokens,
        org: &inner.org,
        credentials: &inner.credentials,
        time_scale: inner.runtime.time_scale,
        now: Instant::now(),
    };
    let identity = match auth::authenticate(&parts.headers, raw_query, op, &keys) {
        Ok(identity) => identity,
        Err(AuthFailure::Missing) => return bare_401(),
        Err(AuthFailure::Invalid) => return ApiError::token_invalid().into_response(),
    };
    if inner.runtime.limits {
        let verdict = inner.quotas.check(
            &identity.token,
            op,
            inner.runtime.time_scale,
            Instant::now(),
        );
        if let Verdict::Locked(remaining) = verdict {
            return throttled(inner.runtime.throttle_status, remaining);
        }
    }
    let caller = Caller {
        name: inner
            .org
            .user(&identity.zuid)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        zuid: identity.zuid,
    };
    let result = Query::parse(raw_query).and_then(|query| {
        let call = Call {
            caller: &caller,
            params: &params,
            query: &query,
            body,
        };
        (op.spec().run)(&mut inner.org, &call)
    });
    match result {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}
