//! `--upstream`: forward `/api/*` and `/network/*` to a real Cliq data
//! centre with method, query, body and the Authorization header, and answer
//! with the upstream response plus CORS. Tokens are never logged.

use axum::body::{Body, Bytes};
use axum::http::{header, request::Parts, HeaderName, StatusCode};
use axum::response::Response;

use crate::app::App;
use crate::error::ApiError;

/// Request headers passed upstream.
const FORWARDED: [HeaderName; 4] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
];

/// Response headers not copied back (hop-by-hop, length, upstream CORS).
fn skipped(name: &HeaderName) -> bool {
    let n = name.as_str();
    matches!(
        n,
        "connection"
            | "keep-alive"
            | "transfer-encoding"
            | "content-length"
            | "upgrade"
            | "proxy-authenticate"
            | "proxy-connection"
            | "te"
            | "trailer"
    ) || n.starts_with("access-control-")
}

/// Whether a raw path tries to climb out (`..`, `.`, also percent-encoded).
pub fn is_traversal(path: &str) -> bool {
    path.split('/').any(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        decoded == ".." || decoded == "." || decoded.contains('\\')
    })
}

/// Forwards one request.
pub async fn forward(app: &App, upstream: &str, parts: &Parts, body: Bytes) -> Response {
    let path = parts.uri.path();
    if is_traversal(path) {
        return ApiError::invalid("The path is not allowed.").into_response();
    }
    let Some(client) = &app.http else {
        return bad_gateway();
    };
    let mut url = format!("{upstream}{path}");
    if let Some(query) = parts.uri.query() {
        url.push('?');
        url.push_str(query);
    }
    let mut request = client.request(parts.method.clone(), url);
    for name in FORWARDED {
        if let Some(value) = parts.headers.get(&name) {
            request = request.header(name, value.clone());
        }
    }
    if !body.is_empty() {
        request = request.body(body);
    }
    let upstream_response = match request.send().await {
        Ok(response) => response,
        Err(_) => return bad_gateway(),
    };
    let status = upstream_response.status();
    let headers = upstream_response.headers().clone();
    let bytes = match upstream_response.bytes().await {
        Ok(bytes) => bytes,
        Err(_) => return bad_gateway(),
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if !skipped(name) {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    response
}

fn bad_gateway() -> Response {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "upstream_unreachable",
        "The upstream Cliq server could not be reached.",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::is_traversal;

    #[test]
    fn traversal_is_detected() {
        assert!(is_traversal("/api/v2/../../etc"));
        assert!(is_traversal("/api/%2e%2e/x"));
        assert!(!is_traversal("/api/v2/chats/CT_1/messages"));
    }
}
