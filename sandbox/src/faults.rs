//! Scripted faults: `POST /__sandbox/faults` makes the next N matching
//! requests misbehave (see docs/sandbox.md).

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::error::{json as json_response, ApiError};
use crate::route::Operation;

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
    /// Normal handling, then the connection is closed without an answer.
    Drop,
    /// 200 `application/json` with the body `{"data": [`.
    MalformedJson,
    /// 401 with an HTML page.
    Html401,
}

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
        Some(crate::oauth::OPERATION) => Target::OAuthToken,
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

impl Fault {
    /// The answer of a fault that replaces normal handling (`None` for
    /// `Delay` and `Drop`, which handle the request first).
    pub fn immediate_response(&self) -> Option<Response> {
        match self {
            Fault::Status(status) => {
                let status =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                Some(json_response(
                    status,
                    &json!({"code": "internal_error",
                            "message": "Cliq server encountered an error which prevents it from fulfilling the request."}),
                ))
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
                Some(response)
            }
            Fault::Throttle => Some(throttle_error().into_response()),
            Fault::MalformedJson => {
                let mut response = Response::new(Body::from("{\"data\": ["));
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json;charset=UTF-8"),
                );
                Some(response)
            }
            Fault::Html401 => {
                let mut response = Response::new(Body::from(
                    "<!DOCTYPE html>\n<html><head><title>401 Unauthorized</title></head>\
                     <body><h1>Unauthorized</h1><p>Request was rejected because of invalid AuthToken.</p></body></html>\n",
                ));
                *response.status_mut() = StatusCode::UNAUTHORIZED;
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html;charset=UTF-8"),
                );
                Some(response)
            }
            Fault::Delay(_) | Fault::Drop => None,
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
