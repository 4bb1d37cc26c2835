//! `--upstream`: forward `/api/*` and `/network/{name}/api/*` to a real Cliq
//! data centre (and, with `--upstream-accounts`, `POST /oauth/v2/token` to
//! its accounts server) with method, query, body and a few headers, and
//! answer with the upstream response plus the sandbox's own CORS headers.
//! Redirects are passed back, never followed. Requests from origins the
//! CORS policy does not allow are refused before anything is forwarded.
//! Nothing here logs a token, a query string or a body.

use axum::body::{Body, Bytes};
use axum::http::{header, request::Parts, HeaderMap, HeaderName, Method, StatusCode};
use axum::response::Response;

use crate::app::App;
use crate::config::own_origin;
use crate::error::ApiError;
use crate::route::strip_network;

/// Request headers passed upstream; everything else (cookies included) stays here.
const FORWARDED: [HeaderName; 4] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
];

/// Methods forwarded; others are answered 405 here.
const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Response headers not copied back (hop-by-hop, length, cookies, upstream CORS).
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
            | "set-cookie"
    ) || n.starts_with("access-control-")
}

/// Whether a raw path tries to climb out (`..`, `.`, also percent-encoded).
pub fn is_traversal(path: &str) -> bool {
    path.split('/').any(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        decoded == ".." || decoded == "." || decoded.contains('\\')
    })
}

/// Whether a path is one the proxy forwards to the data centre:
/// `/api/...` or `/network/{name}/api/...`, without `.`/`..` segments.
pub fn is_forwardable(path: &str) -> bool {
    strip_network(path).is_some_and(|rest| rest.starts_with("/api/")) && !is_traversal(path)
}

/// 403 `origin_not_allowed` when the request comes from a page whose origin
/// the CORS policy does not allow (and that is not the sandbox's own
/// origin): such a page could not read the answer, but a simple POST would
/// still reach the data centre.
fn refused_origin(app: &App, headers: &HeaderMap) -> Option<Response> {
    let origin = headers.get(header::ORIGIN)?.to_str().unwrap_or("null");
    if app.config.allows_origin(origin) || origin.eq_ignore_ascii_case(&own_origin(headers)) {
        return None;
    }
    Some(
        ApiError::new(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "This proxy answers pages served from this machine only; see --cors-origin.",
        )
        .into_response(),
    )
}

/// Forwards an API request to `upstream` (the data centre).
pub async fn forward_api(app: &App, upstream: &str, parts: &Parts, body: Bytes) -> Response {
    if let Some(refused) = refused_origin(app, &parts.headers) {
        return refused;
    }
    if !is_forwardable(parts.uri.path()) {
        return ApiError::invalid_url().into_response();
    }
    forward(app, upstream, parts, body).await
}

/// Forwards `POST /oauth/v2/token` to `accounts` (the accounts server).
pub async fn forward_token(app: &App, accounts: &str, parts: &Parts, body: Bytes) -> Response {
    if let Some(refused) = refused_origin(app, &parts.headers) {
        return refused;
    }
    if parts.method != Method::POST {
        return method_not_allowed();
    }
    forward(app, accounts, parts, body).await
}

fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "The requested resource does not support the HTTP method used.",
    )
    .into_response()
}

/// Forwards one request to `base` + its path and query.
async fn forward(app: &App, base: &str, parts: &Parts, body: Bytes) -> Response {
    if !METHODS.contains(&parts.method) {
        return method_not_allowed();
    }
    let Some(client) = &app.http else {
        return bad_gateway("no HTTP client");
    };
    let mut url = format!("{base}{}", parts.uri.path());
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
        Err(err) => return bad_gateway(failure(&err)),
    };
    let status = upstream_response.status();
    let headers = upstream_response.headers().clone();
    let bytes = match upstream_response.bytes().await {
        Ok(bytes) => bytes,
        Err(err) => return bad_gateway(failure(&err)),
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

/// What went wrong, without the URL (whose query may hold a `zapikey`).
fn failure(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "the upstream timed out"
    } else if err.is_connect() {
        "the upstream could not be reached"
    } else {
        "the upstream answer broke off"
    }
}

fn bad_gateway(reason: &'static str) -> Response {
    eprintln!("cliq-sandbox: upstream error: {reason}");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "upstream_unreachable",
        "The upstream Cliq server could not be reached.",
    )
    .into_response()
}

/// Proxy mode's access log on stderr: `METHOD path -> status`, never the
/// query (a webhook token travels there as `zapikey`), a header or a body.
pub fn access_log(app: &App, parts: &Parts, response: &Response) {
    if app.config.upstream.is_some() {
        eprintln!(
            "cliq-sandbox: {} {} -> {}",
            parts.method,
            parts.uri.path(),
            response.status().as_u16()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_detected() {
        assert!(is_traversal("/api/v2/../../etc"));
        assert!(is_traversal("/api/%2e%2e/x"));
        assert!(!is_traversal("/api/v2/chats/CT_1/messages"));
    }

    #[test]
    fn only_api_paths_are_forwardable() {
        for path in [
            "/api/v2/chats/CT_1/messages",
            "/network/zylker/api/v3/messageactions",
        ] {
            assert!(is_forwardable(path), "{path}");
        }
        for path in [
            "/network/zylker/oauth/v2/token",
            "/network/zylker",
            "/network//api/v2/x",
            "/api/../oauth/v2/token",
            "/apix/v2",
        ] {
            assert!(!is_forwardable(path), "{path}");
        }
    }
}
