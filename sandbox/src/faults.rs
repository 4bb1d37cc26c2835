//! Scripted faults: `POST /__sandbox/faults` makes the next N matching
//! requests misbehave (see docs/sandbox.md). Most faults answer *instead of*
//! the operation (a POST is not applied); `delay` and `drop` run it first.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::error::{json as json_response, ApiError};
use crate::route::{Operation, OAUTH_TOKEN};

/// What a faulty answer looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// A JSON `internal_error` body with this status.
    Status(u16),
    /// This status with a `Retry-After` header.
    RetryAfter {
        /// Status (429 by default).
        status: u16,
        /// Seconds in `Retry-After`.
        secs: u64,
    },
    /// `400 request_limit_exceeded` without a lock.
    Throttle,
    /// Normal handling, answered after this many milliseconds.
    Delay(u64),
    /// Normal handling, then the answer breaks after a few body bytes.
    Drop,
    /// 200 `application/json` with the body `{"data": [`.
    MalformedJson,
    /// 401 with an HTML page.
    Html401,
    /// 200 `application/json` with an empty body.
    Empty,
    /// 200 `application/json` declaring more bytes than it sends, then the
    /// connection breaks.
    Truncated,
    /// 200 with a `text/html` page.
    Html200,
    /// 200 `application/json`, valid, of [`HUGE_BYTES`] bytes.
    Huge,
}

/// Length of the `huge` fault's `padding` string: 10 MiB of `x`.
pub const HUGE_PADDING: usize = 10 * 1024 * 1024;
/// The `huge` body starts with this, then the padding, then `"}`.
pub const HUGE_PREFIX: &str = r#"{"data":[],"padding":""#;
/// Total length of the `huge` body: 10,485,784 bytes.
pub const HUGE_BYTES: usize = HUGE_PREFIX.len() + HUGE_PADDING + 2;

/// The requests a fault entry applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `"*"`: every one of the 18 API operations (not `oauthToken`).
    Any,
    /// One API operation.
    Operation(Operation),
    /// `"oauthToken"`: `POST /oauth/v2/token`.
    OAuthToken,
}

impl Target {
    fn matches(self, request: Target) -> bool {
        match self {
            Target::Any => matches!(request, Target::Operation(_)),
            other => other == request,
        }
    }
}

/// A scripted fault with its remaining count.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultEntry {
    /// The requests it applies to.
    pub target: Target,
    /// How many more requests get it.
    pub remaining: u64,
    /// The fault.
    pub fault: Fault,
    /// The JSON it was created from (for `GET /__sandbox/faults`).
    pub spec: Value,
}

/// The scripted faults, first match wins.
#[derive(Debug, Default)]
pub struct Faults {
    entries: Vec<FaultEntry>,
}

fn status_of(value: Option<&Value>, default: u16) -> Result<u16, String> {
    match value {
        None => Ok(default),
        Some(v) => match v.as_u64() {
            Some(s) if (400..=599).contains(&s) => Ok(s as u16),
            _ => Err("'status' must be an HTTP error status (400-599)".into()),
        },
    }
}

/// Parses a fault `F` object.
pub fn parse_fault(value: &Value) -> Result<Fault, String> {
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or("the fault needs a 'type'")?;
    Ok(match kind {
        "status" => Fault::Status(status_of(value.get("status"), 500)?),
        "retry_after" => Fault::RetryAfter {
            status: status_of(value.get("status"), 429)?,
            secs: match value.get("retry_after_secs") {
                None => 1,
                Some(v) => v
                    .as_u64()
                    .ok_or("'retry_after_secs' must be a whole number")?,
            },
        },
        "throttle" => Fault::Throttle,
        "delay" => Fault::Delay(
            value
                .get("ms")
                .and_then(Value::as_u64)
                .filter(|ms| *ms <= 600_000)
                .ok_or("'ms' must be a whole number up to 600000")?,
        ),
        "drop" => Fault::Drop,
        "malformed_json" => Fault::MalformedJson,
        "html_401" => Fault::Html401,
        "empty" => Fault::Empty,
        "truncated" => Fault::Truncated,
        "html200" => Fault::Html200,
        "huge" => Fault::Huge,
        other => return Err(format!("unknown fault type '{other}'")),
    })
}

/// Parses a `POST /__sandbox/faults` body.
pub fn parse_entry(value: &Value) -> Result<FaultEntry, String> {
    let target = match value.get("operation").and_then(Value::as_str) {
        None => {
            return Err(
                "'operation' is required (an operation name, \"oauthToken\" or \"*\")".into(),
            )
        }
        Some("*") => Target::Any,
        Some(OAUTH_TOKEN) => Target::OAuthToken,
        Some(name) => Target::Operation(
            Operation::from_name(name).ok_or(format!("unknown operation '{name}'"))?,
        ),
    };
    let remaining = match value.get("count") {
        None => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .ok_or("'count' must be a whole number of at least 1")?,
    };
    let spec = value.get("fault").ok_or("'fault' is required")?;
    Ok(FaultEntry {
        target,
        remaining,
        fault: parse_fault(spec)?,
        spec: value.clone(),
    })
}

impl Faults {
    /// Adds an entry at the end.
    pub fn push(&mut self, entry: FaultEntry) {
        self.entries.push(entry);
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries still pending, as JSON.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.entries
                .iter()
                .map(|e| {
                    let mut spec = e.spec.clone();
                    if let Some(obj) = spec.as_object_mut() {
                        obj.insert("count".into(), json!(e.remaining));
                    }
                    spec
                })
                .collect(),
        )
    }

    /// Takes one use of the first entry matching this operation.
    pub fn take(&mut self, op: Operation) -> Option<Fault> {
        self.take_for(Target::Operation(op))
    }

    /// Takes one use of the first entry matching a request to `target`
    /// (`Target::Operation` or `Target::OAuthToken`).
    pub fn take_for(&mut self, target: Target) -> Option<Fault> {
        let index = self.entries.iter().position(|e| e.target.matches(target))?;
        let entry = &mut self.entries[index];
        let fault = entry.fault.clone();
        entry.remaining -= 1;
        if entry.remaining == 0 {
            self.entries.remove(index);
        }
        Some(fault)
    }
}

fn with_type(mut response: Response, content_type: &'static str) -> Response {
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

const JSON: &str = "application/json;charset=UTF-8";
const HTML: &str = "text/html;charset=UTF-8";

/// The `huge` body, built once and shared.
fn huge_body() -> Bytes {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    BODY.get_or_init(|| {
        let mut body = Vec::with_capacity(HUGE_BYTES);
        body.extend_from_slice(HUGE_PREFIX.as_bytes());
        body.resize(HUGE_PREFIX.len() + HUGE_PADDING, b'x');
        body.extend_from_slice(b"\"}");
        Bytes::from(body)
    })
    .clone()
}

impl Fault {
    /// Whether the operation runs before the faulty answer (so a POST is
    /// applied): `delay` and `drop`. Every other fault answers instead.
    pub fn runs_operation(&self) -> bool {
        matches!(self, Fault::Delay(_) | Fault::Drop)
    }

    /// The answer of a fault that replaces normal handling (`None` for
    /// `Delay` and `Drop`, which handle the request first).
    pub fn immediate_response(&self) -> Option<Response> {
        Some(match self {
            Fault::Status(status) => {
                let status =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                json_response(
                    status,
                    &json!({"code": "internal_error",
                            "message": "Cliq server encountered an error which prevents it from fulfilling the request."}),
                )
            }
            Fault::RetryAfter { status, secs } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
                let mut response = json_response(
                    status,
                    &json!({"code": "too_many_requests",
                            "message": "Too many requests within a certain time frame."}),
                );
                if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            Fault::Throttle => throttle_error().into_response(),
            Fault::MalformedJson => with_type(Response::new(Body::from("{\"data\": [")), JSON),
            Fault::Html401 => {
                let mut response = with_type(
                    Response::new(Body::from(
                        "<!DOCTYPE html>\n<html><head><title>401 Unauthorized</title></head>\
                         <body><h1>Unauthorized</h1><p>Request was rejected because of invalid AuthToken.</p></body></html>\n",
                    )),
                    HTML,
                );
                *response.status_mut() = StatusCode::UNAUTHORIZED;
                response
            }
            Fault::Empty => with_type(Response::new(Body::empty()), JSON),
            Fault::Truncated => with_type(
                broken_response(br#"{"data":[{"id":"1709000000000_100000000000001","type":"text","content":{"text":"cut"#),
                JSON,
            ),
            Fault::Html200 => with_type(
                Response::new(Body::from(
                    "<!DOCTYPE html>\n<html><head><title>Zoho Cliq</title></head>\
                     <body><h1>Zoho Cliq</h1><p>Please sign in to continue.</p></body></html>\n",
                )),
                HTML,
            ),
            Fault::Huge => with_type(Response::new(Body::from(huge_body())), JSON),
            Fault::Delay(_) | Fault::Drop => return None,
        })
    }
}

/// What a fault does once the operation has answered: `delay` holds the
/// answer back, `drop` replaces it with a broken one.
pub async fn after_answer(fault: Option<Fault>, response: Response) -> Response {
    match fault {
        Some(Fault::Delay(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            response
        }
        Some(Fault::Drop) => broken_response(b"{\"dat"),
        _ => response,
    }
}

/// A 200 that declares 1024 body bytes, sends `sent`, then breaks the
/// connection. Breaking before any body byte would let browsers silently
/// resend the request on a fresh connection (Chromium does for reused
/// sockets), which is not what a broken answer looks like to a client.
fn broken_response(sent: &'static [u8]) -> Response {
    let mut response = Response::new(Body::new(BrokenBody {
        sent: Some(Bytes::from_static(sent)),
        wait: None,
    }));
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("1024"));
    response
}

/// A body that sends a little, waits so the bytes go out, then fails.
struct BrokenBody {
    sent: Option<Bytes>,
    wait: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if let Some(bytes) = self.sent.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(bytes))));
        }
        let wait = self
            .wait
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(30))));
        match wait.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other(
                "connection broken by a scripted fault",
            )))),
        }
    }
}

/// Cliq's throttle answer: `400 request_limit_exceeded`.
pub fn throttle_error() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "request_limit_exceeded",
        "You have exceeded the URL throttle limits.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_delay_and_drop_run_the_operation() {
        for spec in [
            json!({"type": "status", "status": 503}),
            json!({"type": "retry_after"}),
            json!({"type": "throttle"}),
            json!({"type": "malformed_json"}),
            json!({"type": "html_401"}),
            json!({"type": "empty"}),
            json!({"type": "truncated"}),
            json!({"type": "html200"}),
            json!({"type": "huge"}),
        ] {
            let fault = parse_fault(&spec).expect("a known fault");
            assert!(!fault.runs_operation(), "{spec}");
            assert!(fault.immediate_response().is_some(), "{spec}");
        }
        for spec in [json!({"type": "delay", "ms": 1}), json!({"type": "drop"})] {
            let fault = parse_fault(&spec).expect("a known fault");
            assert!(fault.runs_operation(), "{spec}");
            assert!(fault.immediate_response().is_none(), "{spec}");
        }
    }

    #[test]
    fn the_huge_body_is_valid_json_of_the_documented_size() {
        let body = huge_body();
        assert_eq!(body.len(), HUGE_BYTES);
        assert_eq!(HUGE_BYTES, 10_485_784);
        let value: Value = serde_json::from_slice(&body).expect("valid JSON");
        assert_eq!(value["data"], json!([]));
        assert_eq!(value["padding"].as_str().map(str::len), Some(HUGE_PADDING));
    }
}
