//! Test control under `/__sandbox/` (docs/sandbox.md).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::app::App;
use crate::auth;
use crate::config::own_origin;
use crate::credentials;
use crate::error::{json as json_response, ApiError, Reply};
use crate::faults;

fn bad(message: impl Into<String>) -> Response {
    ApiError::invalid(message).into_response()
}

/// `GET /__sandbox/state`: the organisation, `me` being the caller's user,
/// plus the seed `credentials` (`null` in proxy mode).
pub async fn state(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let inner = app.lock();
    let keys = auth::Keys {
        allowed: &[],
        org: &inner.org,
        credentials: &inner.credentials,
        time_scale: inner.runtime.time_scale,
        now: Instant::now(),
    };
    let me = auth::token(&headers)
        .ok()
        .and_then(|t| auth::bearer(&t, &keys))
        .unwrap_or_else(|| inner.org.main_user.clone());
    let mut state = inner.org.state_json(&me);
    if let Some(object) = state.as_object_mut() {
        // Proxy mode does not emulate OAuth or webhook tokens.
        let credentials = if app.config.upstream.is_some() {
            Value::Null
        } else {
            json!({
                "accounts_url": own_origin(&headers),
                "client_id": credentials::CLIENT_ID,
                "client_secret": credentials::CLIENT_SECRET,
                "refresh_token": credentials::REFRESH_TOKEN,
                "webhook_token": credentials::WEBHOOK_TOKEN,
            })
        };
        object.insert("credentials".into(), credentials);
    }
    json_response(StatusCode::OK, &state)
}

/// A control body: empty or a JSON object whose keys are all in `allowed`.
fn object_body(body: &[u8], allowed: &[&str]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|err| ApiError::invalid(format!("The body is not valid JSON: {err}")))?;
    let Value::Object(object) = value else {
        return Err(ApiError::invalid("The body must be a JSON object."));
    };
    if let Some(extra) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::extra_key(extra));
    }
    Ok(object)
}

/// The ZUID of the body's optional `user` (ZUID or email; default: the main user).
fn user_of(app: &App, body: &Map<String, Value>) -> Result<String, ApiError> {
    let inner = app.lock();
    match body.get("user") {
        None | Some(Value::Null) => Ok(inner.org.main_user.clone()),
        Some(Value::String(who)) => inner
            .org
            .user(who.trim())
            .map(|u| u.zuid.clone())
            .ok_or_else(|| ApiError::invalid(format!("No seeded user '{who}'."))),
        Some(_) => Err(ApiError::invalid(
            "'user' must be a ZUID or an email address.",
        )),
    }
}

/// Longest name `POST /__sandbox/users` accepts, in characters.
pub const USER_NAME_MAX: usize = 200;

/// `POST /__sandbox/users` `{"name": any text, "email"?: address,
/// "channels"?: [unique names]}`: a new user (a sender whose name may carry
/// markup), member of the given channels (default: all). Lives until the
/// next reset; act as them with the token `as:<zuid or email>`.
pub async fn add_user(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match object_body(&body, &["name", "email", "channels"]) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let name = match body.get("name") {
        Some(Value::String(name))
            if !name.trim().is_empty() && name.chars().count() <= USER_NAME_MAX =>
        {
            name.clone()
        }
        _ => {
            return bad(format!(
                "'name' is required: a non-blank string of at most {USER_NAME_MAX} characters."
            ))
        }
    };
    let email = match body.get("email") {
        None | Some(Value::Null) => None,
        Some(Value::String(email)) => Some(email.trim().to_string()),
        Some(_) => return bad("'email' must be a string."),
    };
    let channels = match body.get("channels") {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => {
            let names: Option<Vec<String>> =
                list.iter().map(|v| v.as_str().map(String::from)).collect();
            match names {
                Some(names) => Some(names),
                None => return bad("'channels' must be a list of channel unique names."),
            }
        }
        Some(_) => return bad("'channels' must be a list of channel unique names."),
    };
    let mut inner = app.lock();
    let user = match inner
        .org
        .add_user(&name, email.as_deref(), channels.as_deref())
    {
        Ok(user) => user,
        Err(message) => return bad(message),
    };
    let member_of: Vec<&str> = inner
        .org
        .channels
        .iter()
        .filter(|c| inner.org.is_member(&c.chat_id, &user.zuid))
        .map(|c| c.unique_name.as_str())
        .collect();
    json_response(
        StatusCode::OK,
        &json!({"zuid": user.zuid, "email": user.email, "name": user.name,
                "channels": member_of}),
    )
}

/// `POST /__sandbox/oauth/refresh-tokens` with an optional
/// `{"user": zuid or email, "expires_in": seconds}`: a new refresh token of
/// the seed client, with its own refresh budget.
pub async fn mint_refresh_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match object_body(&body, &["user", "expires_in"]) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let zuid = match user_of(&app, &body) {
        Ok(zuid) => zuid,
        Err(error) => return error.into_response(),
    };
    let expires_in = match body.get("expires_in") {
        None | Some(Value::Null) => credentials::EXPIRES_IN,
        Some(value) => match value.as_u64() {
            Some(n) if (1..=credentials::EXPIRES_IN_MAX).contains(&n) => n,
            _ => {
                return bad(format!(
                    "'expires_in' must be a whole number of seconds from 1 to {}.",
                    credentials::EXPIRES_IN_MAX
                ))
            }
        },
    };
    let refresh_token = app.lock().credentials.mint_refresh(&zuid, expires_in);
    json_response(
        StatusCode::OK,
        &json!({
            "accounts_url": own_origin(&headers),
            "client_id": credentials::CLIENT_ID,
            "client_secret": credentials::CLIENT_SECRET,
            "refresh_token": refresh_token,
            "user": zuid,
            "expires_in": expires_in,
        }),
    )
}

/// `POST /__sandbox/webhook-tokens` with an optional `{"user": zuid or email}`.
pub async fn mint_webhook_token(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match object_body(&body, &["user"]) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let zuid = match user_of(&app, &body) {
        Ok(zuid) => zuid,
        Err(error) => return error.into_response(),
    };
    let webhook_token = app.lock().credentials.mint_webhook(&zuid);
    json_response(
        StatusCode::OK,
        &json!({"webhook_token": webhook_token, "user": zuid}),
    )
}

/// `POST /__sandbox/revoke` `{"token": T}`: T (a refresh token with its
/// access tokens, an issued access token, or a webhook token) stops working.
pub async fn revoke(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match object_body(&body, &["token"]) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let Some(token) = body.get("token").and_then(Value::as_str) else {
        return bad("'token' is required.");
    };
    if app.lock().credentials.revoke(token) {
        Reply::NoContent.into_response()
    } else {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "token_not_found",
            "The sandbox did not issue this token.",
        )
        .into_response()
    }
}

/// `POST /__sandbox/reset`: the start-up seed; clears log, faults, quotas,
/// locks and refresh windows, and revives the seed credentials. Settings
/// changed with `PUT /__sandbox/config` and minted or issued tokens stay.
pub async fn reset(State(app): State<Arc<App>>) -> Response {
    let mut inner = app.lock();
    inner.org = inner.initial.clone();
    inner.log.clear();
    inner.faults.clear();
    inner.quotas.clear();
    inner.credentials.reset();
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
