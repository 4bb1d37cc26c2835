//! The axum router: Cliq's API, Zoho's token endpoint, the control API, the
//! sandbox's own assets, static files, and CORS around all.

use std::sync::Arc;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{any, get, post};
use axum::Router;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

use crate::app::App;
use crate::config::Config;
use crate::{api, assets, control, oauth, static_files};

/// The CORS policy: `Retry-After` readable, preflights allowed; any origin
/// when emulating, else local origins and `--cors-origin` ones only
/// ([`Config::allows_origin`]).
pub fn cors(config: &Config) -> CorsLayer {
    let origins = if config.cors_any() {
        AllowOrigin::any()
    } else {
        let config = config.clone();
        AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| config.allows_origin(origin))
        })
    };
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods(AllowMethods::list([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ]))
        .allow_headers(AllowHeaders::list([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-requested-with"),
        ]))
        .expose_headers([header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// The router of a sandbox.
pub fn build_router(app: Arc<App>) -> Router {
    let cors = cors(&app.config);
    Router::new()
        .route("/api/{*rest}", any(api::handle))
        .route("/network/{*rest}", any(api::handle))
        .route("/oauth/v2/token", any(oauth::token))
        .route("/__sandbox/state", get(control::state))
        .route("/__sandbox/reset", post(control::reset))
        .route(
            "/__sandbox/requests",
            get(control::requests).delete(control::clear_requests),
        )
        .route(
            "/__sandbox/faults",
            get(control::list_faults)
                .post(control::add_fault)
                .delete(control::clear_faults),
        )
        .route(
            "/__sandbox/config",
            get(control::get_config).put(control::put_config),
        )
        .route("/__sandbox/users", post(control::add_user))
        .route(
            "/__sandbox/oauth/refresh-tokens",
            post(control::mint_refresh_token),
        )
        .route(
            "/__sandbox/webhook-tokens",
            post(control::mint_webhook_token),
        )
        .route("/__sandbox/revoke", post(control::revoke))
        .route("/__sandbox/assets/{name}", get(assets::serve))
        .route("/__sandbox/{*rest}", any(control::unknown))
        .fallback(static_files::handle)
        .with_state(app)
        .layer(cors)
}
