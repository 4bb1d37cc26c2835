//! `--static [PREFIX=]DIR`: files on the same origin as the API, with the
//! MIME types browsers insist on (`application/wasm`, `text/javascript`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::app::App;
use crate::config::StaticMount;
use crate::error::ApiError;

/// The MIME type to force for an extension, where guessing is not enough.
pub fn forced_mime(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "ts" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// Which mount serves a path, and the path inside it.
fn mount_for<'a>(mounts: &'a [StaticMount], path: &str) -> Option<(&'a StaticMount, String)> {
    let mut best: Option<(&StaticMount, String)> = None;
    for mount in mounts {
        let rest = if mount.prefix.is_empty() {
            Some(path.to_string())
        } else if path == mount.prefix {
            Some("/".to_string())
        } else {
            path.strip_prefix(&mount.prefix)
                .filter(|r| r.starts_with('/'))
                .map(String::from)
        };
        if let Some(rest) = rest {
            if best
                .as_ref()
                .is_none_or(|(b, _)| b.prefix.len() < mount.prefix.len())
            {
                best = Some((mount, rest));
            }
        }
    }
    best
}

fn not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invalid_url",
        "The URL you've sent is wrong.",
    )
    .into_response()
}

/// The router's fallback: a static file, or 404.
pub async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let Some((mount, rest)) = mount_for(&app.config.mounts, &path) else {
        return not_found();
    };
    let (mut parts, body) = request.into_parts();
    let rewritten = match parts.uri.query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.clone(),
    };
    parts.uri = match rewritten.parse::<Uri>() {
        Ok(uri) => uri,
        Err(_) => return not_found(),
    };
    let service = ServeDir::new(&mount.dir).append_index_html_on_directories(true);
    let mut response = match service.oneshot(Request::from_parts(parts, body)).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status().is_redirection() {
        // ServeDir redirects `dir` to `dir/` relative to the rewritten path.
        if let Some(location) = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
        {
            let fixed = format!("{}{}", mount.prefix, location);
            if let Ok(value) = HeaderValue::from_str(&fixed) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
    } else if response.status().is_success() {
        let file = if rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest
        };
        if let Some(mime) = forced_mime(&file) {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
        }
    } else if response.status() == StatusCode::NOT_FOUND {
        return not_found();
    }
    response
}
