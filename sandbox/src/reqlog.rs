//! The request log behind `GET /__sandbox/requests`. Tokens are never
//! stored: the entry says `"<redacted>"` when an Authorization header came,
//! a webhook token is `zapikey=<redacted>`, and `/oauth/v2/token` entries
//! carry only the non-secret parameters (see `oauth.rs`).

use std::collections::VecDeque;

use serde_json::{json, Value};

/// Most entries kept; older ones are dropped (sequence numbers go on).
pub const LOG_MAX: usize = 10_000;

/// One logged request.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Epoch ms when it arrived.
    pub time: i64,
    /// HTTP method.
    pub method: String,
    /// Path as received.
    pub path: String,
    /// Query string as received (webhook `zapikey` values redacted).
    pub query: String,
    /// Operation name, if the route is one.
    pub operation: Option<&'static str>,
    /// Answer status (0 when the connection was dropped before one).
    pub status: u16,
    /// Whether an Authorization header came.
    pub had_token: bool,
    /// The body as JSON, or null.
    pub body: Value,
}

/// The log, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<Value>,
    seq: u64,
}

/// Query parameters whose values are secrets on an API path: the webhook
/// token and anything that looks like a credential sent by mistake.
pub const SECRET_PARAMS: [&str; 7] = [
    "zapikey",
    "authtoken",
    "access_token",
    "refresh_token",
    "client_secret",
    "code",
    "token",
];

/// A query key as a server reads it: `+` is a space, percent-decoded, and
/// compared case-insensitively.
pub fn decode_key(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .trim()
        .to_ascii_lowercase()
}

/// Replaces the value of every parameter whose (decoded, lower-case) key
/// `is_secret` says is one with `<redacted>`.
pub fn redact_query_by(query: &str, is_secret: impl Fn(&str) -> bool) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_secret(&decode_key(key)) => format!("{key}=<redacted>"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Replaces the values of secret-bearing query parameters ([`SECRET_PARAMS`]).
pub fn redact_query(query: &str) -> String {
    redact_query_by(query, |key| SECRET_PARAMS.contains(&key))
}

impl RequestLog {
    /// Appends an entry.
    pub fn push(&mut self, entry: Entry) {
        self.seq += 1;
        self.entries.push_back(json!({
            "seq": self.seq,
            "time": entry.time,
            "method": entry.method,
            "path": entry.path,
            "query": redact_query(&entry.query),
            "operation": entry.operation,
            "status": entry.status,
            "token": if entry.had_token { json!("<redacted>") } else { Value::Null },
            "body": entry.body,
        }));
        while self.entries.len() > LOG_MAX {
            self.entries.pop_front();
        }
    }

    /// Empties the log (sequence numbers restart).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.seq = 0;
    }

    /// The log as a JSON array.
    pub fn to_json(&self) -> Value {
        Value::Array(self.entries.iter().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_the_query_are_redacted_however_the_key_is_spelled() {
        assert_eq!(
            redact_query("a=1&zapikey=s3cret&b=2"),
            "a=1&zapikey=<redacted>&b=2"
        );
        for query in ["ZapiKey=s3cret", "zap%69key=s3cret", "zapikey+=s3cret"] {
            let out = redact_query(query);
            assert!(!out.contains("s3cret"), "{query}: {out}");
        }
        assert_eq!(redact_query("sync_token=abc"), "sync_token=abc");
        assert_eq!(redact_query(""), "");
    }
}
