//! `ClientOptions` and `CallOptions`: every option, its check and its
//! default, in one place. The JS edge hands them over in JSON form, with
//! functions replaced by [`FUNCTION`](crate::fields::FUNCTION).

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

use crate::endpoint::Operation;
use crate::error::Error;
use crate::fields::Fields;
use crate::ratelimit::{Mode, RateLimiter};
use crate::region::ApiRoot;
use crate::request::AuthScheme;
use crate::retry::RetryPolicy;

/// Per-attempt timeout when neither the client nor the call sets one.
pub const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;
/// Retries after the first attempt (`maxRetries`).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The most retries a client may ask for.
pub const MAX_RETRIES_LIMIT: i64 = 10;
/// Longest wait for a quota place or a `Retry-After` (`rateLimit.maxWaitMs`).
pub const DEFAULT_MAX_WAIT_MS: f64 = 60_000.0;

/// Where a client's access token comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `accessToken`: sent as it is on every request.
    AccessToken(String),
    /// `getAccessToken`: a provider the edge calls (lazily, once more after a 401).
    Provider,
    /// `webhookToken`: Cliq's webhook token, sent as `?zapikey=` on the
    /// posting operations only, with no `Authorization` header.
    Webhook(String),
}

impl Credential {
    /// Whether this credential can authorise `op`: a webhook token only
    /// posts messages.
    pub fn authorizes(&self, op: Operation) -> Result<(), Error> {
        use Operation::*;
        match (self, op) {
            (Credential::Webhook(_), PostToChannel | PostToBot | PostToChat | PostToUser) => Ok(()),
            (Credential::Webhook(_), op) => Err(Error::invalid_input(
                "webhookToken",
                format!(
                    "only posts messages: {} needs an OAuth token (accessToken or getAccessToken)",
                    op.name()
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// A client's settings, read from `ClientOptions`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where requests go.
    pub root: ApiRoot,
    /// The `Authorization` scheme.
    pub scheme: AuthScheme,
    /// The token, or that a provider gives it.
    pub credential: Credential,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: f64,
    /// When failed attempts are sent again.
    pub retry: RetryPolicy,
    /// How the budget is spent.
    pub mode: Mode,
    /// Quota windows and lock periods shrink by this factor (tests).
    pub time_scale: f64,
}

/// Whether `token` can go in a header: not blank, no control characters
/// (they would break the header, and a runtime's error would quote it), and
/// ASCII only (a `Headers` object refuses anything past Latin-1 by throwing).
pub fn token_problem(token: &str) -> Option<&'static str> {
    if token.trim().is_empty() {
        Some("must not be empty")
    } else if token.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else if !token.is_ascii() {
        Some("must contain only ASCII characters")
    } else {
        None
    }
}

/// `token` if it can go in a header or a URL, else an error naming `field`.
fn checked(field: &str, token: &str) -> Result<String, Error> {
    match token_problem(token) {
        Some(problem) => Err(Error::invalid_input(field, problem)),
        None => Ok(token.into()),
    }
}

impl ClientConfig {
    /// Reads and checks `ClientOptions` (JSON form). Errors name the field.
    pub fn from_json(options: &Value) -> Result<ClientConfig, Error> {
        if !options.is_object() {
            return Err(Error::invalid_input(
                "options",
                "are required: give accessToken, getAccessToken or webhookToken",
            ));
        }
        let o = Fields::of(options, "")?;
        let given = (
            o.str("accessToken")?,
            o.function("getAccessToken")?,
            o.str("webhookToken")?,
        );
        let credential = match given {
            (Some(t), false, None) => Credential::AccessToken(checked("accessToken", t)?),
            (None, true, None) => Credential::Provider,
            (None, false, Some(t)) => Credential::Webhook(checked("webhookToken", t)?),
            (None, false, None) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "or getAccessToken or webhookToken is required",
                ))
            }
            (access, _, _) => {
                return Err(Error::invalid_input(
                    if access.is_some() {
                        "accessToken"
                    } else {
                        "getAccessToken"
                    },
                    "and getAccessToken and webhookToken are exclusive: give exactly one",
                ))
            }
        };
        for key in ["fetch", "onRateLimit", "onRequest", "onResponse"] {
            o.function(key)?;
        }
        let scheme = o
            .str("authScheme")?
            .map(AuthScheme::parse)
            .transpose()?
            .unwrap_or_default();
        let root = ApiRoot::new(o.str("dataCenter")?, o.str("baseUrl")?, o.str("network")?)?;
        let max_retries = match o.int("maxRetries")? {
            Some(n) if !(0..=MAX_RETRIES_LIMIT).contains(&n) => {
                return Err(Error::invalid_input(
                    "maxRetries",
                    format!("must be between 0 and {MAX_RETRIES_LIMIT} (got {n})"),
                ))
            }
            Some(n) => n as u32,
            None => DEFAULT_MAX_RETRIES,
        };
        let rl = o.obj("rateLimit")?;
        let mode = match rl.str("mode")? {
            None => Mode::default(),
            Some(m) => Mode::parse(m).ok_or_else(|| {
                Error::invalid_input(
                    "rateLimit.mode",
                    format!("must be \"queue\", \"reject\" or \"off\" (got \"{m}\")"),
                )
            })?,
        };
        let time_scale = match rl.num("timeScale")? {
            Some(t) if t <= 0.0 => {
                return Err(Error::invalid_input(
                    "rateLimit.timeScale",
                    "must be positive",
                ))
            }
            other => other.unwrap_or(1.0),
        };
        Ok(ClientConfig {
            root,
            scheme,
            credential,
            timeout_ms: o.millis("timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS),
            retry: RetryPolicy {
                max_retries,
                max_wait_ms: rl.millis("maxWaitMs")?.unwrap_or(DEFAULT_MAX_WAIT_MS),
                ..RetryPolicy::default()
            },
            mode,
            time_scale,
        })
    }

    /// A fresh budget for this client.
    pub fn limiter(&self) -> RateLimiter {
        RateLimiter::new(self.mode, self.time_scale)
    }

    /// The attempt timeout of a call: its `opts.timeoutMs`, else the client's.
    pub fn call_timeout(&self, opts: &Value) -> Result<f64, Error> {
        Ok(Fields::of(opts, "opts")?
            .millis("timeoutMs")?
            .unwrap_or(self.timeout_ms))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;
    use crate::fields::FUNCTION;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn error(options: &str) -> Error {
        ClientConfig::from_json(&parse(options)).expect_err(options)
    }

    #[test]
    fn options_are_checked_with_field_names() {
        assert_eq!(error("null").field.as_deref(), Some("options"));
        let both = format!(r#"{{"accessToken": "a", "getAccessToken": "{FUNCTION}"}}"#)
            .replace('\u{0}', "\\u0000");
        assert_eq!(error(&both).field.as_deref(), Some("accessToken"));
        let provider = format!(r#"{{"getAccessToken": "{FUNCTION}", "onRequest": "{FUNCTION}"}}"#)
            .replace('\u{0}', "\\u0000");
        let config = ClientConfig::from_json(&parse(&provider)).unwrap();
        assert_eq!(config.credential, Credential::Provider);
        let e = error(r#"{"accessToken": "a", "fetch": "window.fetch"}"#);
        assert_eq!(e.message, "fetch must be a function");
        let e = error(r#"{"accessToken": "a", "maxRetries": 11}"#);
        assert_eq!(e.message, "maxRetries must be between 0 and 10 (got 11)");
        let e = error(r#"{"accessToken": "a", "rateLimit": {"mode": "fast"}}"#);
        assert_eq!(e.field.as_deref(), Some("rateLimit.mode"));
        let e = error(r#"{"accessToken": "a", "rateLimit": {"timeScale": 0}}"#);
        assert_eq!(e.field.as_deref(), Some("rateLimit.timeScale"));
        let e = error(r#"{"accessToken": "a", "dataCenter": "mars"}"#);
        assert_eq!(e.field.as_deref(), Some("dataCenter"));
    }

    #[test]
    fn a_token_with_control_characters_is_refused_without_quoting_it() {
        let e = error(r#"{"accessToken": "1000.secret\nX"}"#);
        assert_eq!(e.message, "accessToken must not contain control characters");
        assert!(!e.message.contains("secret"));
        assert_eq!(
            error(r#"{"accessToken": "  "}"#).message,
            "accessToken must not be empty"
        );
    }

    #[test]
    fn a_webhook_token_is_exclusive_and_authorises_posting_only() {
        let config = ClientConfig::from_json(&parse(r#"{"webhookToken": "1001.w"}"#)).unwrap();
        assert_eq!(config.credential, Credential::Webhook("1001.w".into()));
        assert!(config.credential.authorizes(Operation::PostToBot).is_ok());
        let e = config
            .credential
            .authorizes(Operation::GetMessages)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("webhookToken"));
        assert!(
            e.message.contains("getMessages needs an OAuth token"),
            "{}",
            e.message
        );
        let both = error(r#"{"webhookToken": "w", "accessToken": "a"}"#);
        assert_eq!(both.field.as_deref(), Some("accessToken"));
        let both = format!(r#"{{"webhookToken": "w", "getAccessToken": "{FUNCTION}"}}"#)
            .replace('\u{0}', "\\u0000");
        assert_eq!(error(&both).field.as_deref(), Some("getAccessToken"));
        assert!(!error(r#"{"webhookToken": "w\nx"}"#)
            .message
            .contains("w\nx"));
    }

    #[test]
    fn defaults_fill_what_is_not_given() {
        let config = ClientConfig::from_json(&parse(r#"{"accessToken": "t"}"#)).unwrap();
        assert_eq!(config.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(config.retry.max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(config.retry.max_wait_ms, DEFAULT_MAX_WAIT_MS);
        assert_eq!(config.mode, Mode::Queue);
        assert_eq!(config.time_scale, 1.0);
        assert_eq!(
            config.call_timeout(&Value::Null).unwrap(),
            DEFAULT_TIMEOUT_MS
        );
        let opts = parse(r#"{"timeoutMs": 250}"#);
        assert_eq!(config.call_timeout(&opts).unwrap(), 250.0);
        let opts = parse(r#"{"timeoutMs": -1}"#);
        assert_eq!(
            config.call_timeout(&opts).unwrap_err().field.as_deref(),
            Some("opts.timeoutMs")
        );
    }
}
