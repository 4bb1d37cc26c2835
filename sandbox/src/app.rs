//! The server's configuration, its shared state and the axum router.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{header, HeaderName, Method};
use axum::routing::{any, get, post};
use axum::Router;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

use crate::credentials::Credentials;
use crate::faults::Faults;
use crate::quota::Quotas;
use crate::reqlog::RequestLog;
use crate::state::Org;

/// Which organisation the sandbox starts with (and returns to on reset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedKind {
    /// Users, channels, a DM, a thread, bots, messages with reactions, message actions.
    Demo,
    /// The same users, channels, DM and bots, without messages, threads or actions.
    Empty,
}

/// A directory served at a URL prefix (`""` is the root).
#[derive(Debug, Clone)]
pub struct StaticMount {
    /// URL prefix without a trailing slash, `""` for `/`.
    pub prefix: String,
    /// Directory on disk.
    pub dir: PathBuf,
}

/// Everything the command line sets.
#[derive(Debug, Clone)]
pub struct Config {
    /// Listen address.
    pub host: String,
    /// Listen port (0: any free port).
    pub port: u16,
    /// Static directories.
    pub mounts: Vec<StaticMount>,
    /// Start-up organisation.
    pub seed: SeedKind,
    /// Accepted tokens; empty accepts every token not starting with `expired`/`invalid`.
    pub tokens: Vec<String>,
    /// Quota minutes and lock periods are divided by this.
    pub time_scale: f64,
    /// Quotas and locks enabled.
    pub limits: bool,
    /// Status of quota refusals: 400 or 429.
    pub throttle_status: u16,
    /// Proxy mode: base URL of a Cliq data centre.
    pub upstream: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            mounts: Vec::new(),
            seed: SeedKind::Demo,
            tokens: Vec::new(),
            time_scale: 1.0,
            limits: true,
            throttle_status: 400,
            upstream: None,
        }
    }
}

/// Settings that `PUT /__sandbox/config` may change at run time.
#[derive(Debug, Clone, Copy)]
pub struct Runtime {
    /// Quota minutes and lock periods are divided by this.
    pub time_scale: f64,
    /// Quotas and locks enabled.
    pub limits: bool,
    /// 400 or 429.
    pub throttle_status: u16,
}

/// Mutable state, behind one mutex (never held across an await).
#[derive(Debug)]
pub struct Inner {
    /// The organisation as it is now.
    pub org: Org,
    /// The start-up organisation, restored by `POST /__sandbox/reset`.
    pub initial: Org,
    /// Scripted faults.
    pub faults: Faults,
    /// Quota windows and locks.
    pub quotas: Quotas,
    /// The request log.
    pub log: RequestLog,
    /// OAuth clients, refresh, access and webhook tokens.
    pub credentials: Credentials,
    /// Run-time settings.
    pub runtime: Runtime,
}

/// The whole server: configuration plus shared state.
#[derive(Debug)]
pub struct App {
    /// Start-up configuration.
    pub config: Config,
    inner: Mutex<Inner>,
    /// HTTP client for `--upstream`.
    pub http: Option<reqwest::Client>,
}

impl App {
    /// Builds the server state from a configuration (seeding the organisation).
    pub fn new(config: Config) -> Arc<App> {
        let org = crate::seed::build(config.seed);
        let runtime = Runtime {
            time_scale: config.time_scale,
            limits: config.limits,
            throttle_status: config.throttle_status,
        };
        let http = config.upstream.as_ref().and_then(|_| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(120))
                .build()
                .ok()
        });
        Arc::new(App {
            config,
            inner: Mutex::new(Inner {
                initial: org.clone(),
                org,
                faults: Faults::default(),
                quotas: Quotas::default(),
                log: RequestLog::default(),
                credentials: Credentials::seeded(crate::seed::MAIN_USER),
                runtime,
            }),
            http,
        })
    }

    /// Locks the shared state (a poisoned lock is taken over: state stays usable).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// The CORS policy: any origin, `Retry-After` readable, preflights allowed.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
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

/// The router: Cliq's API, Zoho's token endpoint, the control API, static
/// files, CORS around all.
pub fn build_router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/{*rest}", any(crate::api::handle))
        .route("/network/{*rest}", any(crate::api::handle))
        .route("/oauth/v2/token", any(crate::oauth::token))
        .route("/__sandbox/state", get(crate::control::state))
        .route("/__sandbox/reset", post(crate::control::reset))
        .route(
            "/__sandbox/requests",
            get(crate::control::requests).delete(crate::control::clear_requests),
        )
        .route(
            "/__sandbox/faults",
            get(crate::control::list_faults)
                .post(crate::control::add_fault)
                .delete(crate::control::clear_faults),
        )
        .route(
            "/__sandbox/config",
            get(crate::control::get_config).put(crate::control::put_config),
        )
        .route(
            "/__sandbox/oauth/refresh-tokens",
            post(crate::control::mint_refresh_token),
        )
        .route(
            "/__sandbox/webhook-tokens",
            post(crate::control::mint_webhook_token),
        )
        .route("/__sandbox/revoke", post(crate::control::revoke))
        .route("/__sandbox/{*rest}", any(crate::control::unknown))
        .fallback(crate::static_files::handle)
        .with_state(app)
        .layer(cors())
}
