//! Cliq-style answers: `{code, message}` errors, 204s and JSON bodies.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// An error answered as `{"code": ..., "message": ...}` with a status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Cliq's error code, e.g. `msgaction_not_found`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl ApiError {
    /// Any error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `invalid_inputs`: a request that fails validation.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_inputs", message)
    }

    /// 400 `extra_key_found`, worded like Cliq's own answer.
    pub fn extra_key(key: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "extra_key_found",
            format!("'{key}' is an extra key in the JSON Object."),
        )
    }

    /// 404 `chat_not_found`.
    pub fn chat_not_found(chat_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "chat_not_found",
            format!("No chat with the id '{chat_id}' was found."),
        )
    }

    /// 404 `message_not_found`.
    pub fn message_not_found(message_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "message_not_found",
            format!("No message with the id '{message_id}' was found in this chat."),
        )
    }

    /// 404 `invalid_url`, Cliq's answer to a path it does not know.
    pub fn invalid_url() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "invalid_url",
            "The URL you've sent is wrong. It's possible that the resource you've requested has been moved to another URL.",
        )
    }

    /// 403 `access_denied`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "access_denied", message)
    }

    /// 401 `oauthtoken_invalid`, Cliq's answer to a dead token.
    pub fn token_invalid() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "oauthtoken_invalid",
            "Invalid OAuth token passed.",
        )
    }

    /// The HTTP response.
    pub fn into_response(self) -> Response {
        json(
            self.status,
            &serde_json::json!({"code": self.code, "message": self.message}),
        )
    }
}

/// What an operation answers on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// 204 with no body.
    NoContent,
    /// 200 with a JSON body.
    Json(Value),
}

impl Reply {
    /// The HTTP response.
    pub fn into_response(self) -> Response {
        match self {
            Reply::NoContent => {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::NO_CONTENT;
                response
            }
            Reply::Json(value) => json(StatusCode::OK, &value),
        }
    }
}

/// A JSON response.
pub fn json(status: StatusCode, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Cliq's answer to a request without an `Authorization` header: 401 with an
/// empty `text/html` body (no JSON to parse).
pub fn bare_401() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html;charset=UTF-8"),
    );
    response
}
