//! Files shipped inside the binary and served at `/__sandbox/assets/NAME`,
//! so the seeded organisation refers to nothing outside the sandbox (the
//! demo works offline).

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use crate::error::ApiError;

/// URL prefix of the assets.
pub const PREFIX: &str = "/__sandbox/assets/";

/// Every asset: name, content type, bytes.
pub static ASSETS: [(&str, &str, &[u8]); 2] = [
    (
        "release.svg",
        "image/svg+xml",
        include_bytes!("../assets/release.svg"),
    ),
    (
        "release-notes.html",
        "text/html; charset=utf-8",
        include_bytes!("../assets/release-notes.html"),
    ),
];

/// The same-origin URL of an asset, e.g. `/__sandbox/assets/release.svg`.
pub fn url(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// `GET /__sandbox/assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    let Some(&(_, mime, bytes)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "invalid_url",
            "No such sandbox asset.",
        )
        .into_response();
    };
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
