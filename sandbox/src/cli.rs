//! The command line (`cliq-sandbox --help`), turned into a [`Config`].

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::config::{Config, StaticMount};
use crate::seed::SeedKind;

/// A local server that behaves like Zoho Cliq: demo backend, test double and
/// CORS proxy. See docs/sandbox.md for the control API under `/__sandbox/`.
#[derive(Debug, Parser)]
#[command(name = "cliq-sandbox", version, about, long_about = None)]
pub struct Args {
    /// Address to listen on. Loopback by default; any other address prints
    /// a warning, since everyone who can reach it can use the sandbox (or the proxy).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on; 0 picks a free port.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,

    /// Serve static files: `DIR` at `/`, or `/PREFIX=DIR` at `/PREFIX/`. Repeatable.
    #[arg(long = "static", value_name = "[PREFIX=]DIR")]
    pub static_dirs: Vec<String>,

    /// Start-up organisation: `demo` (users, channels, messages, actions) or `empty`.
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    pub seed: SeedArg,

    /// Accept only these tokens (plus `as:<user>` tokens). Repeatable.
    #[arg(long = "token", value_name = "TOKEN")]
    pub tokens: Vec<String>,

    /// Make quota minutes and lock periods N times shorter (60: a minute lasts 1 s).
    #[arg(long, value_name = "N", default_value_t = 1.0)]
    pub time_scale: f64,

    /// Disable quotas and locks (benchmarks).
    #[arg(long)]
    pub no_limits: bool,

    /// Status of a quota refusal: 400 (`request_limit_exceeded`, like Cliq) or 429.
    #[arg(long, value_name = "400|429", default_value_t = 400)]
    pub throttle_status: u16,

    /// Forward `/api/*` and `/network/*` to this Cliq data centre, e.g. `https://cliq.zoho.eu`.
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,

    /// With --upstream: forward `POST /oauth/v2/token` to this accounts server,
    /// e.g. `https://accounts.zoho.eu` (otherwise that path is a 404).
    #[arg(long, value_name = "URL", requires = "upstream")]
    pub upstream_accounts: Option<String>,

    /// Let pages of this origin (e.g. `https://demo.example.com`) read answers,
    /// besides local ones. Repeatable. Without it a proxy answers CORS to
    /// `http://localhost:*`, `http://127.0.0.1:*` and `http://[::1]:*` only.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
}

/// The `--seed` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedArg {
    /// The demo organisation.
    Demo,
    /// Users, channels and bots only: no messages, threads or message actions.
    Empty,
}

impl Args {
    /// Checks the values clap cannot check and builds the server [`Config`].
    pub fn into_config(self) -> Result<Config, String> {
        if !(self.time_scale.is_finite() && self.time_scale > 0.0) {
            return Err(format!(
                "--time-scale must be a positive number, got {}",
                self.time_scale
            ));
        }
        if self.throttle_status != 400 && self.throttle_status != 429 {
            return Err(format!(
                "--throttle-status must be 400 or 429, got {}",
                self.throttle_status
            ));
        }
        let mut mounts = Vec::new();
        for spec in &self.static_dirs {
            mounts.push(parse_static(spec)?);
        }
        let upstream = match self.upstream {
            None => None,
            Some(url) => Some(parse_upstream(&url)?),
        };
        let upstream_accounts = match (&self.upstream_accounts, &upstream) {
            (None, _) => None,
            (Some(url), Some(upstream)) => Some(parse_accounts(url, upstream)?),
            (Some(_), None) => return Err("--upstream-accounts needs --upstream".into()),
        };
        let mut cors_origins = Vec::new();
        for origin in &self.cors_origins {
            cors_origins.push(parse_origin(origin)?);
        }
        if self.tokens.iter().any(|t| t.trim().is_empty()) {
            return Err("--token must not be empty".into());
        }
        Ok(Config {
            host: self.host,
            port: self.port,
            mounts,
            seed: match self.seed {
                SeedArg::Demo => SeedKind::Demo,
                SeedArg::Empty => SeedKind::Empty,
            },
            tokens: self.tokens,
            time_scale: self.time_scale,
            limits: !self.no_limits,
            throttle_status: self.throttle_status,
            upstream,
            upstream_accounts,
            cors_origins,
        })
    }
}

/// Parses `DIR` or `/PREFIX=DIR`; the directory must exist.
pub fn parse_static(spec: &str) -> Result<StaticMount, String> {
    let (prefix, dir) = match spec.split_once('=') {
        Some((prefix, dir)) if prefix.starts_with('/') => (prefix.trim_end_matches('/'), dir),
        _ => ("", spec),
    };
    let dir = PathBuf::from(dir);
    if !dir.is_dir() {
        return Err(format!(
            "--static {spec}: {} is not a directory",
            dir.display()
        ));
    }
    Ok(StaticMount {
        prefix: prefix.to_string(),
        dir,
    })
}

/// Checks an `--upstream` URL (http or https, no query) and drops a trailing `/`.
pub fn parse_upstream(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|err| format!("--upstream {url}: {err}"))?;
    if parsed.scheme() != "https" && parsed.scheme() != "http" {
        return Err(format!("--upstream {url}: use an http or https URL"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("--upstream {url}: no query or fragment allowed"));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// Checks an `--upstream-accounts` URL: like `--upstream`, and for a Zoho
/// data centre (`https://cliq.<domain>`) it must be `https://accounts.<domain>`.
pub fn parse_accounts(url: &str, upstream: &str) -> Result<String, String> {
    let accounts =
        parse_upstream(url).map_err(|e| e.replace("--upstream", "--upstream-accounts"))?;
    let host = |u: &str| {
        reqwest::Url::parse(u)
            .ok()
            .and_then(|p| p.host_str().map(str::to_ascii_lowercase))
    };
    if let Some(domain) = host(upstream)
        .as_deref()
        .and_then(|h| h.strip_prefix("cliq."))
    {
        let expected = format!("accounts.{domain}");
        if host(&accounts).as_deref() != Some(expected.as_str()) {
            return Err(format!(
                "--upstream-accounts {url}: the accounts server of {upstream} is https://{expected}"
            ));
        }
    }
    Ok(accounts)
}

/// Checks a `--cors-origin`: `scheme://host[:port]`, nothing else.
pub fn parse_origin(origin: &str) -> Result<String, String> {
    let bad = || format!("--cors-origin {origin}: give an origin like https://demo.example.com");
    let parsed = reqwest::Url::parse(origin).map_err(|_| bad())?;
    let serialized = parsed.origin().ascii_serialization();
    if !matches!(parsed.scheme(), "http" | "https") || serialized != origin.trim_end_matches('/') {
        return Err(bad());
    }
    Ok(serialized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_must_match_a_zoho_data_centre() {
        assert_eq!(
            parse_accounts("https://accounts.zoho.eu/", "https://cliq.zoho.eu"),
            Ok("https://accounts.zoho.eu".to_string())
        );
        assert!(parse_accounts("https://accounts.zoho.com", "https://cliq.zoho.eu").is_err());
        assert!(parse_accounts("https://evil.example", "https://cliq.zoho.eu").is_err());
        // Local test servers are not Zoho hosts: no pairing rule.
        assert!(parse_accounts("http://127.0.0.1:9", "http://127.0.0.1:8").is_ok());
    }

    #[test]
    fn cors_origins_are_bare_origins() {
        assert_eq!(
            parse_origin("https://demo.example.com"),
            Ok("https://demo.example.com".to_string())
        );
        assert_eq!(
            parse_origin("http://localhost:5173/"),
            Ok("http://localhost:5173".to_string())
        );
        for bad in [
            "*",
            "demo.example.com",
            "https://demo.example.com/app",
            "null",
            "ftp://x.example",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}
