//! The one error type of the client, mirrored in JS as `CliqError`.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// What went wrong, as JS sees it in `CliqError.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input broke a documented limit; nothing was sent.
    InvalidInput,
    /// 401: the access token is missing, invalid or expired.
    Unauthorized,
    /// 403: not allowed (not a member, missing scope).
    Forbidden,
    /// 404: no such chat, message or action.
    NotFound,
    /// Cliq's quota or lock, or the client's own budget, refuses the call.
    RateLimited,
    /// 5xx from Cliq.
    Server,
    /// The request did not complete (connection refused, dropped, DNS).
    Network,
    /// No answer within `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A success status with a body that cannot be understood.
    BadResponse,
    /// Any other HTTP error status (e.g. a 400 that is not a throttle).
    Http,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::InvalidInput,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
        ErrorKind::BadResponse,
        ErrorKind::Http,
    ];

    /// The kind named `name` (as [`ErrorKind::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind as the snake_case string JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Server => "server",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::BadResponse => "bad_response",
            ErrorKind::Http => "http",
        }
    }
}

/// An error of one operation. Never carries the access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Human-readable explanation, including Cliq's own message when there is one.
    pub message: String,
    /// The operation (JS method name), when known.
    pub operation: Option<&'static str>,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Cliq's error code, e.g. `msgaction_not_found`.
    pub code: Option<String>,
    /// For `InvalidInput`: the offending field path, e.g. `card.buttons[5].label`.
    pub field: Option<String>,
    /// For `RateLimited`: milliseconds until a new attempt can succeed.
    pub retry_after_ms: Option<u64>,
}

impl Error {
    /// A bare error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            operation: None,
            status: None,
            code: None,
            field: None,
            retry_after_ms: None,
        }
    }

    /// Bad input at `field`; `message` names the limit.
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Error {
        let field = field.into();
        let message = message.into();
        Error {
            message: format!("{field} {message}"),
            field: Some(field),
            ..Error::new(ErrorKind::InvalidInput, "")
        }
    }

    /// Refused by a rate limit; a new attempt can succeed in `retry_after_ms`.
    pub fn rate_limited(message: impl Into<String>, retry_after_ms: u64) -> Error {
        Error {
            retry_after_ms: Some(retry_after_ms.max(1)),
            ..Error::new(ErrorKind::RateLimited, message)
        }
    }

    /// The same error, attributed to `operation`.
    pub fn in_operation(mut self, operation: &'static str) -> Error {
        self.operation = Some(operation);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl core::error::Error for Error {}
/// `a, b, c`: the lists in error messages. By hand: `[&str]::join` pulls
/// ~1 KB of generic code into the wasm.
pub(crate) fn comma_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(item);
    }
    out
}
