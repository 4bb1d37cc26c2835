//! Test control under `/__sandbox/` (docs/sandbox.md).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::app::App;
use crate::auth;
use crate::error::{json as json_response, ApiError, Reply};
use crate::faults;

fn bad(message: impl Into<String>) -> Response {
    ApiError::invalid(message).into_response()
}

/// `GET /__sandbox/state`: the organisation, `me` being the caller's user.
pub async fn state(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let inner = app.lock();
    let me = auth::token(&headers)
        .ok()
        .and_then(|t| auth::acting_user(&inner.org, &t))
        .unwrap_or_else(|| inner.org.main_user.clone());
    json_response(StatusCode::OK, &inner.org.state_json(&me))
}

/// `POST /__sandbox/reset`: the start-up seed; clears log, faults, quotas and
/// locks. Settings changed with `PUT /__sandbox/config` stay.
pub async fn reset(State(app): State<Arc<App>>) -> Response {
    let mut inner = app.lock();
    inner.org = inner.initial.clone();
    inner.log.clear();
    inner.faults.clear();
    inner.quotas.clear();
    Reply::NoContent.into_response()
}

/// `GET /__sandbox/requests`: the request log, oldest first.
pub async fn requests(State(app): State<Arc<App>>) -> Response {
    json_response(StatusCode::OK, &app.lock().log.to_json())
}

/// `DELETE /__sandbox/requests`.
pub async fn clear_requests(State(app): State<Arc<App>>) -> Response {
    app.lock().log.clear();
    Reply::NoContent.into_response()
}

/// `GET /__sandbox/faults`: the pending faults.
pub async fn list_faults(State(app): State<Arc<App>>) -> Response {
    json_response(StatusCode::OK, &app.lock().faults.to_json())
}

/// `POST /__sandbox/faults` `{"operation", "count", "fault"}`.
pub async fn add_fault(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(err) => return bad(format!("The body is not valid JSON: {err}")),
    };
    match faults::parse_entry(&value) {
        Ok(entry) => {
            app.lock().faults.push(entry);
            Reply::NoContent.into_response()
        }
        Err(message) => bad(message),
    }
}

/// `DELETE /__sandbox/faults`.
pub async fn clear_faults(State(app): State<Arc<App>>) -> Response {
    app.lock().faults.clear();
    Reply::NoContent.into_response()
}

/// `GET /__sandbox/config`: the run-time settings.
pub async fn get_config(State(app): State<Arc<App>>) -> Response {
    let runtime = app.lock().runtime;
    json_response(
        StatusCode::OK,
        &json!({"time_scale": runtime.time_scale, "limits": runtime.limits,
                "throttle_status": runtime.throttle_status,
                "upstream": app.config.upstream}),
    )
}

/// `PUT /__sandbox/config` with any of `time_scale`, `limits`, `throttle_status`.
pub async fn put_config(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(err) => return bad(format!("The body is not valid JSON: {err}")),
    };
    let Some(object) = value.as_object() else {
        return bad("The body must be a JSON object.");
    };
    let mut runtime = app.lock().runtime;
    for (key, value) in object {
        match key.as_str() {
            "time_scale" => match value.as_f64() {
                Some(n) if n.is_finite() && n > 0.0 => runtime.time_scale = n,
                _ => return bad("'time_scale' must be a positive number."),
            },
            "limits" => match value.as_bool() {
                Some(b) => runtime.limits = b,
                None => return bad("'limits' must be a boolean."),
            },
            "throttle_status" => match value.as_u64() {
                Some(s @ (400 | 429)) => runtime.throttle_status = s as u16,
                _ => return bad("'throttle_status' must be 400 or 429."),
            },
            other => return ApiError::extra_key(other).into_response(),
        }
    }
    app.lock().runtime = runtime;
    Reply::NoContent.into_response()
}

/// Any other `/__sandbox/` path.
pub async fn unknown() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invalid_url",
        "No such control endpoint; see docs/sandbox.md.",
    )
    .into_response()
}
