//! `POST /oauth/v2/token`: Zoho's accounts server as the library meets it,
//! the refresh grant only. Parameters come from a form body
//! (`application/x-www-form-urlencoded`) or the query string, the client
//! credentials also from `Authorization: Basic`. Zoho answers its errors
//! with HTTP 200 and `{"error": ...}`, except the refresh throttle (400).
//! The request log gets `oauthToken` entries without any secret. In proxy
//! mode the endpoint is forwarded to `--upstream-accounts`, or is a 404.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, request::Parts, HeaderMap, Method, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::app::App;
use crate::config::own_origin;
use crate::credentials::RefreshError;
use crate::error::{json as json_response, ApiError};
use crate::faults::{after_answer, Fault, Target};
use crate::ids::now_ms;
use crate::proxy;
use crate::reqlog::{decode_key, redact_query_by, Entry};
use crate::route::OAUTH_TOKEN;

/// Largest body accepted (a form with four parameters is far smaller).
pub const BODY_MAX: usize = 64 * 1024;

/// Parameters logged as they are; every other value is `<redacted>`.
pub const PUBLIC_PARAMS: [&str; 5] = [
    "grant_type",
    "client_id",
    "scope",
    "redirect_uri",
    "access_type",
];

/// The grant's parameters: form body first, then the query string.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The first non-empty value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

/// Whether the request declares a form body.
pub fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

fn pairs(raw: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw).unwrap_or_default()
}

/// Reads the parameters of a token request (a body that is not declared as
/// a form is ignored, as a servlet container does).
pub fn params(parts: &Parts, body: &[u8]) -> Params {
    let mut all = Vec::new();
    if is_form(&parts.headers) {
        all.extend(pairs(body));
    }
    all.extend(pairs(parts.uri.query().unwrap_or("").as_bytes()));
    Params(all)
}

/// `client_id` and `client_secret` of an `Authorization: Basic` header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

fn zoho_error(error: &str) -> Response {
    json_response(StatusCode::OK, &json!({ "error": error }))
}

/// Zoho's answer to too many refreshes: 400 `Access Denied`.
pub fn access_denied() -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "error_description": "You have made too many requests continuously. Please try again after some time.",
            "error": "Access Denied",
            "status": "failure",
        }),
    )
}

/// Handles one request to `/oauth/v2/token`.
pub async fn token(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let arrived = now_ms();
    let Ok(bytes) = to_bytes(body, BODY_MAX).await else {
        let response = json_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            &json!({"error": "invalid_request"}),
        );
        log(&app, &parts, arrived, response.status(), &Bytes::new());
        proxy::access_log(&app, &parts, &response);
        return response;
    };
    let accounts = match &app.config.upstream {
        Some(_) => app.config.upstream_accounts.as_deref(),
        None => None,
    };
    let served = app.config.upstream.is_none() || accounts.is_some();
    let fault = if served && parts.method == Method::POST {
        app.lock().faults.take_for(Target::OAuthToken)
    } else {
        None
    };
    let immediate = fault.as_ref().and_then(|fault| match fault {
        Fault::Throttle => Some(access_denied()),
        other => other.immediate_response(),
    });
    let response = match (immediate, accounts) {
        (Some(response), _) => response,
        (None, Some(accounts)) => proxy::forward_token(&app, accounts, &parts, bytes.clone()).await,
        (None, None) => answer(&app, &parts, &bytes),
    };
    log(&app, &parts, arrived, response.status(), &bytes);
    proxy::access_log(&app, &parts, &response);
    after_answer(fault, response).await
}

fn answer(app: &App, parts: &Parts, body: &[u8]) -> Response {
    if app.config.upstream.is_some() {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "invalid_url",
            "Proxy mode does not emulate /oauth/v2/token; start the sandbox with --upstream-accounts to forward it.",
        )
        .into_response();
    }
    if parts.method != Method::POST {
        return json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"error": "method_not_allowed"}),
        );
    }
    let params = params(parts, body);
    if params.get("grant_type") != Some("refresh_token") {
        return zoho_error("unsupported_grant_type");
    }
    let from_header = basic(&parts.headers);
    let client_id = params
        .get("client_id")
        .or(from_header.as_ref().map(|(id, _)| id.as_str()))
        .unwrap_or("");
    let client_secret = params
        .get("client_secret")
        .or(from_header.as_ref().map(|(_, secret)| secret.as_str()))
        .unwrap_or("");
    let refresh_token = params.get("refresh_token").unwrap_or("");
    let result = {
        let mut guard = app.lock();
        let inner = &mut *guard;
        inner.credentials.refresh(
            client_id,
            client_secret,
            refresh_token,
            inner.runtime.limits,
            inner.runtime.time_scale,
            Instant::now(),
        )
    };
    match result {
        Ok(issued) => json_response(
            StatusCode::OK,
            &json!({
                "access_token": issued.access_token,
                "api_domain": own_origin(&parts.headers),
                "token_type": "Bearer",
                "expires_in": issued.expires_in,
            }),
        ),
        Err(RefreshError::InvalidClient) => zoho_error("invalid_client"),
        Err(RefreshError::InvalidCode) => zoho_error("invalid_code"),
        Err(RefreshError::TooMany) => access_denied(),
    }
}

/// The body as logged: the form's (or a JSON object's) parameters with every
/// value outside [`PUBLIC_PARAMS`] redacted; anything else is `null`.
pub fn logged_body(headers: &HeaderMap, body: &[u8]) -> Value {
    let redact = |key: &str, value: Value| {
        if PUBLIC_PARAMS.contains(&decode_key(key).as_str()) {
            value
        } else {
            json!("<redacted>")
        }
    };
    if is_form(headers) {
        let mut out = Map::new();
        for (key, value) in pairs(body) {
            let value = redact(&key, json!(value));
            out.entry(key).or_insert(value);
        }
        return Value::Object(out);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| {
                    let value = redact(&key, value);
                    (key, value)
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn log(app: &App, parts: &Parts, arrived: i64, status: StatusCode, body: &[u8]) {
    let query = redact_query_by(parts.uri.query().unwrap_or(""), |key| {
        !PUBLIC_PARAMS.contains(&key)
    });
    let body = logged_body(&parts.headers, body);
    app.lock().log.push(Entry {
        time: arrived,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query,
        operation: Some(OAUTH_TOKEN),
        status: status.as_u16(),
        had_token: parts.headers.contains_key(header::AUTHORIZATION),
        body,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_logged_body_keeps_only_public_parameters() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded"
                .parse()
                .expect("header value"),
        );
        let body = b"grant_type=refresh_token&client_id=1000.A&client_secret=s3&refresh_token=r3";
        assert_eq!(
            logged_body(&headers, body),
            json!({"grant_type": "refresh_token", "client_id": "1000.A",
                   "client_secret": "<redacted>", "refresh_token": "<redacted>"})
        );
        let json_body = br#"{"client_secret": "s3", "grant_type": "refresh_token"}"#;
        assert_eq!(
            logged_body(&HeaderMap::new(), json_body),
            json!({"grant_type": "refresh_token", "client_secret": "<redacted>"})
        );
        assert_eq!(logged_body(&HeaderMap::new(), body), Value::Null);
    }
}
