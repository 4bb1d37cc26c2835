//! Zoho OAuth's refresh grant, sans-IO (docs/cliq-api.md §14; the accounts
//! host of each data centre is in [`crate::region::DATA_CENTERS`]): the token
//! request, what its answer means, how long a token is kept, and the cap of
//! about 10 access tokens per refresh token in 10 minutes. The edge
//! (`zohoOAuth` in `src/client/`) sends the request and keeps one
//! [`Refresher`] per provider.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::fields::Fields;
use crate::options::token_problem;
use crate::region::{absolute_url, data_center};
use crate::url::encode_component;

/// Access tokens Zoho issues per refresh token in [`REFRESH_WINDOW_MS`].
pub const REFRESH_CAP: usize = 10;
/// The window of [`REFRESH_CAP`]: 10 minutes.
pub const REFRESH_WINDOW_MS: f64 = 600_000.0;
/// A token is refreshed this long before it expires (5 minutes), or at
/// 11/12 of its life when that is shorter.
pub const EXPIRY_MARGIN_MS: f64 = 300_000.0;
/// `expires_in` when Zoho's answer leaves it out: one hour.
pub const DEFAULT_EXPIRES_IN_S: f64 = 3600.0;

/// A `zohoOAuth(options)` provider's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// `{accounts}/oauth/v2/token`.
    pub token_url: String,
    client_id: String,
    client_secret: String,
    refresh_token: String,
}

/// The refresh request: `POST url` with a form body (secrets never go in
/// the query string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The accounts server's token endpoint.
    pub url: String,
    /// `application/x-www-form-urlencoded`.
    pub body: String,
}

/// The headers of a [`TokenRequest`].
pub const TOKEN_HEADERS: &[(&str, &str)] = &[
    ("Accept", "application/json"),
    ("Content-Type", "application/x-www-form-urlencoded"),
];

/// An access token and when it expires (ms, on the caller's clock).
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The access token.
    pub access_token: String,
    /// When it stops working.
    pub expires_at: f64,
    /// When to stop serving it from the cache.
    pub refresh_at: f64,
}

fn required<'a>(o: &Fields<'a>, key: &str) -> Result<&'a str, Error> {
    let value = o
        .str(key)?
        .ok_or_else(|| Error::invalid_input(key, "is required"))?;
    match token_problem(value) {
        Some(problem) => Err(Error::invalid_input(key, problem)),
        None => Ok(value),
    }
}

impl OAuthConfig {
    /// Reads and checks `ZohoOAuthOptions` (JSON form, functions marked).
    /// Errors name the field, never its value.
    pub fn from_json(options: &Value) -> Result<OAuthConfig, Error> {
        if !options.is_object() {
            return Err(Error::invalid_input(
                "options",
                "are required: give clientId, clientSecret and refreshToken",
            ));
        }
        let o = Fields::of(options, "")?;
        let (client_id, client_secret, refresh_token) = (
            required(&o, "clientId")?,
            required(&o, "clientSecret")?,
            required(&o, "refreshToken")?,
        );
        o.function("fetch")?;
        let accounts = match o.str("accountsUrl")? {
            Some(url) => absolute_url("accountsUrl", url)?,
            None => data_center(o.str("dataCenter")?)?.accounts.to_string(),
        };
        Ok(OAuthConfig {
            token_url: format!("{accounts}/oauth/v2/token"),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_token: refresh_token.into(),
        })
    }

    /// The refresh grant's request.
    pub fn request(&self) -> TokenRequest {
        let fields = [
            ("grant_type", "refresh_token"),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
            ("refresh_token", &self.refresh_token),
        ];
        let mut body = String::new();
        for (key, value) in fields {
            if !body.is_empty() {
                body.push('&');
            }
            body.push_str(key);
            body.push('=');
            body.push_str(&encode_component(value));
        }
        TokenRequest {
            url: self.token_url.clone(),
            body,
        }
    }

    /// The secrets, for checks that none leaks.
    pub fn secrets(&self) -> [&str; 2] {
        [&self.client_secret, &self.refresh_token]
    }
}

/// What the accounts server's answer at `now` means. Zoho answers a bad
/// refresh token or client with HTTP 200 and `{"error": …}`; a throttle
/// with `"Access Denied"`. Messages never quote the body (it may hold a
/// token).
pub fn decode_token(status: u16, body: &str, now: f64) -> Result<Grant, Error> {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |key: &str| json.get(key).and_then(Value::as_str);
    if let Some(code) = text("error") {
        let mut err = if code == "Access Denied" || status == 429 {
            Error::rate_limited(
                "Zoho's accounts server refused: too many token requests; try again later",
                REFRESH_WINDOW_MS as u64,
            )
        } else {
            Error::new(
                ErrorKind::Unauthorized,
                format!("Zoho's accounts server refused the refresh ({code})"),
            )
        };
        err.code = Some(code.into());
        err.status = Some(status);
        return Err(err);
    }
    match text("access_token") {
        Some(token) if (200..300).contains(&status) && token_problem(token).is_none() => {
            let life_s = json
                .get("expires_in")
                .and_then(Value::as_f64)
                .filter(|s| *s > 0.0)
                .unwrap_or(DEFAULT_EXPIRES_IN_S);
            let life = life_s * 1000.0;
            let margin = EXPIRY_MARGIN_MS.min(life / 12.0);
            Ok(Grant {
                access_token: token.into(),
                expires_at: now + life,
                refresh_at: now + life - margin,
            })
        }
        _ => Err(Error {
            status: Some(status),
            ..Error::new(
                if (200..300).contains(&status) {
                    ErrorKind::BadResponse
                } else {
                    ErrorKind::Http
                },
                format!("Zoho's accounts server answered HTTP {status} without an access token"),
            )
        }),
    }
}

/// One provider's cache and refresh budget.
#[derive(Debug, Clone, Default)]
pub struct Refresher {
    grant: Option<Grant>,
    /// When the last refreshes were asked for, oldest first.
    recent: Vec<f64>,
}

impl Refresher {
    /// The cached token, while it is fresh at `now`.
    pub fn cached(&self, now: f64) -> Option<&str> {
        self.grant
            .as_ref()
            .filter(|g| now < g.refresh_at)
            .map(|g| g.access_token.as_str())
    }

    /// Takes a place for a refresh at `now`, or refuses the 11th in 10
    /// minutes with `rate_limited` and when a place frees.
    pub fn admit(&mut self, now: f64) -> Result<(), Error> {
        self.recent.retain(|t| now - t < REFRESH_WINDOW_MS);
        if self.recent.len() >= REFRESH_CAP {
            let oldest = self.recent.first().copied().unwrap_or(now);
            let wait = (oldest + REFRESH_WINDOW_MS - now).max(1.0);
            return Err(Error::rate_limited(
                format!(
                    "zohoOAuth has asked for {REFRESH_CAP} access tokens in 10 minutes, Zoho's cap; \
                     the next in {} ms",
                    crate::attempt::ceil_ms(wait)
                ),
                crate::attempt::ceil_ms(wait),
            ));
        }
        self.recent.push(now);
        Ok(())
    }

    /// Keeps a new grant.
    pub fn store(&mut self, grant: Grant) {
        self.grant = Some(grant);
    }

    /// Drops the cached token (it was refused).
    pub fn forget(&mut self) {
        self.grant = None;
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;

    fn config(extra: &str) -> Result<OAuthConfig, Error> {
        let json = format!(
            r#"{{"clientId": "1000.ID", "clientSecret": "s3cr3t", "refreshToken": "1000.r/+t"{extra}}}"#
        );
        OAuthConfig::from_json(&serde_json::from_str(&json).unwrap())
    }

    #[test]
    fn the_refresh_is_a_form_post_to_the_data_centres_accounts_server() {
        let req = config(r#", "dataCenter": "eu""#).unwrap().request();
        assert_eq!(req.url, "https://accounts.zoho.eu/oauth/v2/token");
        assert_eq!(
            req.body,
            "grant_type=refresh_token&client_id=1000.ID&client_secret=s3cr3t&refresh_token=1000.r%2F%2Bt"
        );
        let req = config(r#", "accountsUrl": "http://127.0.0.1:8787/""#)
            .unwrap()
            .request();
        assert_eq!(req.url, "http://127.0.0.1:8787/oauth/v2/token");
        assert!(!req.url.contains("s3cr3t"), "secrets stay out of the URL");
    }

    #[test]
    fn bad_options_name_the_field_but_not_the_secret() {
        let e = OAuthConfig::from_json(&serde_json::from_str(r#"{"clientId": "x"}"#).unwrap())
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("clientSecret"));
        let e = config(r#", "dataCenter": "mars""#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("dataCenter"));
        let e = config(r#", "accountsUrl": "accounts.zoho.com""#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("accountsUrl"));
        let bad = r#"{"clientId": "x", "clientSecret": "s3cr3t\n", "refreshToken": "r"}"#;
        let e = OAuthConfig::from_json(&serde_json::from_str(bad).unwrap()).unwrap_err();
        assert!(!e.message.contains("s3cr3t"));
    }

    #[test]
    fn zohos_answers_map_to_error_kinds() {
        let ok = decode_token(
            200,
            r#"{"access_token": "1000.a", "expires_in": 3600}"#,
            0.0,
        )
        .unwrap();
        assert_eq!(ok.access_token, "1000.a");
        assert_eq!(ok.expires_at, 3_600_000.0);
        assert_eq!(ok.refresh_at, 3_300_000.0, "five minutes early");
        let short = decode_token(200, r#"{"access_token": "a", "expires_in": 60}"#, 0.0).unwrap();
        assert_eq!(short.refresh_at, 55_000.0, "a twelfth of a short life");
        let e = decode_token(200, r#"{"error": "invalid_code"}"#, 0.0).unwrap_err();
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Unauthorized, Some("invalid_code"))
        );
        let e = decode_token(200, r#"{"error": "invalid_client"}"#, 0.0).unwrap_err();
        assert_eq!(e.code.as_deref(), Some("invalid_client"));
        let denied = r#"{"error_description": "You have made too many requests continuously.", "error": "Access Denied", "status": "failure"}"#;
        let e = decode_token(400, denied, 0.0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert!(e.retry_after_ms.unwrap() > 0);
        let e = decode_token(500, "<html>oops 1000.secret</html>", 0.0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Http);
        assert!(!e.message.contains("secret"));
        let e = decode_token(200, r#"{"access_token": "bad\ntoken"}"#, 0.0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadResponse);
    }

    #[test]
    fn the_cache_serves_until_the_margin_and_the_eleventh_refresh_waits() {
        let mut r = Refresher::default();
        assert_eq!(r.cached(0.0), None);
        r.store(decode_token(200, r#"{"access_token": "a"}"#, 0.0).unwrap());
        assert_eq!(r.cached(3_299_999.0), Some("a"));
        assert_eq!(r.cached(3_300_000.0), None);
        r.forget();
        assert_eq!(r.cached(0.0), None);
        for i in 0..10 {
            r.admit(i as f64 * 1000.0).unwrap();
        }
        let e = r.admit(30_000.0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.retry_after_ms, Some(570_000));
        r.admit(600_001.0).expect("the oldest left the window");
    }
}
