//! The request log behind `GET /__sandbox/requests`. Tokens are never
//! stored: the entry says `"<redacted>"` when an Authorization header came.

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

/// Replaces the value of secret-bearing query parameters (`zapikey`).
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("zapikey") => format!("{key}=<redacted>"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
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
