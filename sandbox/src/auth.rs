//! Tokens: `Authorization: Zoho-oauthtoken <t>` or `Bearer <t>`, the
//! `as:<user>` identities, and `--token` allow-lists.

use axum::http::{header, HeaderMap};

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

/// Authenticates a request against the allow-list (`--token`; empty: any
/// token not starting with `expired` or `invalid`).
pub fn authenticate(
    headers: &HeaderMap,
    allowed: &[String],
    org: &Org,
) -> Result<Identity, AuthFailure> {
    let token = token(headers)?;
    let is_as = token.starts_with("as:");
    let accepted = if is_as {
        true
    } else if allowed.is_empty() {
        !(token.starts_with("expired") || token.starts_with("invalid"))
    } else {
        allowed.iter().any(|t| t == &token)
    };
    if !accepted {
        return Err(AuthFailure::Invalid);
    }
    let zuid = acting_user(org, &token).ok_or(AuthFailure::Invalid)?;
    Ok(Identity { token, zuid })
}
