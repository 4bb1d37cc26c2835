//! What the command line sets: [`Config`], static mounts, and the origin
//! policy derived from them (which pages' origins may read answers).

use std::path::PathBuf;

use axum::http::{header, HeaderMap};

use crate::seed::SeedKind;

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
    /// Proxy mode: base URL of the data centre's accounts server, where
    /// `POST /oauth/v2/token` is forwarded (not forwarded when `None`).
    pub upstream_accounts: Option<String>,
    /// Origins allowed by CORS besides the local ones (`--cors-origin`).
    pub cors_origins: Vec<String>,
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
            upstream_accounts: None,
            cors_origins: Vec::new(),
        }
    }
}

/// Whether an `Origin` value is a page served from this machine:
/// `http(s)://localhost`, `127.0.0.1` or `[::1]`, on any port.
pub fn is_local_origin(origin: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(origin) else {
        return false;
    };
    let plain = url.path() == "/" && url.query().is_none() && url.username().is_empty();
    let scheme = matches!(url.scheme(), "http" | "https");
    let host = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    plain && scheme && host
}

/// `http://<Host>`: the sandbox's own origin as the caller reached it.
pub fn own_origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("127.0.0.1:8787");
    format!("http://{host}")
}

impl Config {
    /// Whether CORS answers any origin (`*`): only when emulating Cliq with
    /// no `--cors-origin`. A proxy to a real data centre, or a configured
    /// list, allows local origins and the configured ones only.
    pub fn cors_any(&self) -> bool {
        self.upstream.is_none() && self.cors_origins.is_empty()
    }

    /// Whether CORS lets a page of `origin` read answers.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.cors_any()
            || is_local_origin(origin)
            || self
                .cors_origins
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_origins_are_loopback_pages_on_any_port() {
        for origin in [
            "http://localhost:5173",
            "http://127.0.0.1:8787",
            "http://[::1]:3000",
            "http://localhost",
            "https://localhost:8443",
        ] {
            assert!(is_local_origin(origin), "{origin}");
        }
        for origin in [
            "http://evil.example",
            "http://localhost.evil.example:80",
            "http://127.0.0.2:8787",
            "http://192.168.1.5:8787",
            "file://",
            "null",
            "http://user@localhost:80",
        ] {
            assert!(!is_local_origin(origin), "{origin}");
        }
    }

    #[test]
    fn the_policy_is_open_only_when_emulating_without_a_list() {
        let emulating = Config::default();
        assert!(emulating.allows_origin("https://anywhere.example"));
        let proxy = Config {
            upstream: Some("https://cliq.zoho.eu".into()),
            cors_origins: vec!["https://demo.zylker.example".into()],
            ..Config::default()
        };
        assert!(!proxy.cors_any());
        assert!(proxy.allows_origin("http://localhost:5173"));
        assert!(proxy.allows_origin("https://demo.zylker.example"));
        assert!(!proxy.allows_origin("https://anywhere.example"));
        let listed = Config {
            cors_origins: vec!["https://demo.zylker.example".into()],
            ..Config::default()
        };
        assert!(!listed.allows_origin("https://anywhere.example"));
    }
}
