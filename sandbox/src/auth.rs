//! Tokens: `Authorization: Zoho-oauthtoken <t>` or `Bearer <t>`, the
//! `as:<user>` identities, `--token` allow-lists, access tokens issued by
//! `/oauth/v2/token`, and webhook tokens (`?zapikey=`) on posting operations.

use std::time::Instant;

use axum::http::{header, HeaderMap};

use crate::credentials::{AccessCheck, Credentials};
use crate::route::Operation;
use crate::state::Org;

/// Why a request is not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No `Authorization` header: Cliq answers a bare HTML 401.
    Missing,
    /// A header with a dead, unknown or malformed token: 401 `oauthtoken_invalid`.
    Invalid,
}

/// An authenticated request: its token and the user it acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The token (only used as a quota key, never logged).
    pub token: String,
    /// ZUID of the user the token acts as.
    pub zuid: String,
}

/// The token of an `Authorization` header, if it has one of the two schemes.
pub fn token(headers: &HeaderMap) -> Result<String, AuthFailure> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(AuthFailure::Missing)?;
    let value = value.to_str().map_err(|_| AuthFailure::Invalid)?.trim();
    let (scheme, token) = value.split_once(' ').ok_or(AuthFailure::Invalid)?;
    let token = token.trim();
    let known =
        scheme.eq_ignore_ascii_case("Zoho-oauthtoken") || scheme.eq_ignore_ascii_case("Bearer");
    if !known || token.is_empty() {
        return Err(AuthFailure::Invalid);
    }
    Ok(token.to_string())
}

/// The ZUID a token acts as: `as:<zuid or email>` is that seeded user, any
/// other token the organisation's main user.
pub fn acting_user(org: &Org, token: &str) -> Option<String> {
    match token.strip_prefix("as:") {
        Some(who) => org.user(who.trim()).map(|u| u.zuid.clone()),
        None => Some(org.main_user.clone()),
    }
}

/// What a request is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    /// `--token` allow-list (empty: any token not starting with `expired`/`invalid`).
    pub allowed: &'a [String],
    /// The organisation (for `as:` tokens and the main user).
    pub org: &'a Org,
    /// Issued access tokens and webhook tokens.
    pub credentials: &'a Credentials,
    /// Current time scale (issued tokens' lifetimes follow it).
    pub time_scale: f64,
    /// Now.
    pub now: Instant,
}

/// The ZUID a bearer token acts as, if it is accepted: an access token
/// issued by `/oauth/v2/token` while it lives (never once expired or
/// revoked); otherwise the allow-list rules and `as:` identities.
pub fn bearer(token: &str, keys: &Keys<'_>) -> Option<String> {
    match keys.credentials.access(token, keys.time_scale, keys.now) {
        AccessCheck::Valid(zuid) => return Some(zuid),
        AccessCheck::Dead => return None,
        AccessCheck::Unknown => {}
    }
    let accepted = if token.starts_with("as:") {
        true
    } else if keys.allowed.is_empty() {
        !(token.starts_with("expired") || token.starts_with("invalid"))
    } else {
        keys.allowed.iter().any(|t| t == token)
    };
    if accepted {
        acting_user(keys.org, token)
    } else {
        None
    }
}

/// The first `zapikey` parameter of a raw query string.
pub fn zapikey(raw_query: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw_query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "zapikey")
        .map(|(_, v)| v)
}

/// Authenticates a request to `op`. An `Authorization` header decides when
/// present; without one, a posting operation accepts a known webhook token
/// in `?zapikey=` (an unknown one is `Invalid`); anything else is `Missing`.
pub fn authenticate(
    headers: &HeaderMap,
    raw_query: &str,
    op: Operation,
    keys: &Keys<'_>,
) -> Result<Identity, AuthFailure> {
    if !headers.contains_key(header::AUTHORIZATION) && op.is_posting() {
        if let Some(key) = zapikey(raw_query) {
            let zuid = keys.credentials.webhook(&key).ok_or(AuthFailure::Invalid)?;
            return Ok(Identity {
                // Own quota key per webhook token, apart from OAuth tokens.
                token: format!("zapikey:{key}"),
                zuid: zuid.to_string(),
            });
        }
    }
    let token = token(headers)?;
    let zuid = bearer(&token, keys).ok_or(AuthFailure::Invalid)?;
    Ok(Identity { token, zuid })
}
