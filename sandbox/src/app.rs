//! The server's shared state: the configuration plus everything requests
//! change (organisation, faults, quotas, log, credentials, settings).

use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::Config;
use crate::credentials::Credentials;
use crate::faults::Faults;
use crate::quota::Quotas;
use crate::reqlog::RequestLog;
use crate::state::Org;

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
    /// HTTP client for `--upstream` (never follows a redirect).
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
                // A 3xx goes back to the caller as it is: following it could
                // carry the Authorization header to another host.
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
