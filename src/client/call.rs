//! The one driver behind all 18 methods and both iterators: it performs
//! what the core's [`Attempt`] asks (sleep, get a token, send) and feeds
//! back what happened. Not generic: one copy in the wasm serves every
//! operation.

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsValue;

use super::convert::{to_js, to_value};
use super::error;
use super::events::Ended;
use super::signal::Signal;
use super::timers::{now, sleep};
use super::transport::{send, Outcome, Wire};
use super::Inner;
use crate::arguments::request_of;
use crate::attempt::{Attempt, Context, Failure, Input, Step};
use crate::endpoint::Operation;
use crate::error::Error;
use crate::options::{ClientConfig, Credential};
use crate::request::HttpRequest;
use crate::response::HttpResponse;
use crate::url::{encode_component, with_query};

/// What the driver feeds the machine next (owned, so that an answer's body
/// outlives the step that reads it).
enum Next {
    Start,
    Woke,
    Token,
    TokenFailed(Error),
    Sent(Outcome),
    Aborted,
}

impl Next {
    fn input(&self) -> Input<'_> {
        match self {
            Next::Start => Input::Start,
            Next::Woke => Input::Woke,
            Next::Token => Input::Token,
            Next::TokenFailed(e) => Input::TokenFailed(e.clone()),
            Next::Sent(Outcome::Answer {
                status,
                retry_after,
                body,
            }) => Input::Answer(HttpResponse {
                status: *status,
                retry_after: retry_after.as_deref(),
                body,
            }),
            Next::Sent(Outcome::Failed(failure, detail)) => Input::Failed(*failure, detail),
            Next::Aborted => Input::Aborted,
        }
    }
}

fn failure_name(failure: Failure) -> &'static str {
    match failure {
        Failure::Aborted => "aborted",
        Failure::Timeout => "timeout",
        Failure::Network => "network",
    }
}

/// Where the credential goes for one attempt.
struct Placed {
    /// The URL sent (a webhook token in its query).
    url: String,
    /// The URL events show (`zapikey=<redacted>`).
    shown_url: String,
    /// `Authorization`, for OAuth tokens.
    authorization: Option<String>,
    /// The token as it appears on the wire (a failure text that quotes it
    /// is replaced).
    secret: String,
}

/// An OAuth token goes in `Authorization`; a webhook token in the query,
/// as Cliq requires, and only on the wire.
fn place(config: &ClientConfig, req: &HttpRequest, token: &str) -> Placed {
    match config.credential {
        Credential::Webhook(_) => {
            let secret = encode_component(token);
            Placed {
                url: with_query(&req.url, "zapikey", &secret),
                shown_url: with_query(&req.url, "zapikey", "<redacted>"),
                authorization: None,
                secret,
            }
        }
        _ => Placed {
            url: req.url.clone(),
            shown_url: req.url.clone(),
            authorization: Some(config.scheme.header_value(token)),
            secret: token.into(),
        },
    }
}

/// Runs `req` to its end: budget, token, attempts, retries, replay.
pub async fn perform(
    inner: &Inner,
    req: &HttpRequest,
    signal: &Signal,
    timeout_ms: f64,
) -> Result<Value, Error> {
    let op = req.operation;
    let mut call = Attempt::new(op);
    let mut next = if signal.aborted() {
        Next::Aborted
    } else {
        Next::Start
    };
    // The token this call sent last, refused or not.
    let mut token: Option<String> = None;
    loop {
        let out = {
            let mut limiter = inner.limiter.borrow_mut();
            let mut ctx = Context {
                limiter: &mut limiter,
                retry: &inner.config.retry,
                refreshable: inner.auth.refreshable(),
            };
            call.resume(next.input(), &mut ctx, now(), js_sys::Math::random())
        };
        if let Some(notice) = out.notice {
            inner.events.rate_limit(op, notice);
        }
        next = match out.step {
            Step::Done(result) => return result,
            Step::Sleep(ms) => {
                if sleep(ms, signal).await {
                    Next::Woke
                } else {
                    Next::Aborted
                }
            }
            Step::Token { refresh } => {
                let refused = token.as_deref().filter(|_| refresh);
                match inner.auth.token(refused, signal).await {
                    Ok(_) if signal.aborted() => Next::Aborted,
                    Ok(fresh) => {
                        token = Some(fresh);
                        Next::Token
                    }
                    Err(e) => Next::TokenFailed(e),
                }
            }
            Step::Send { attempt } => {
                let secret = token.as_deref().unwrap_or_default();
                let placed = place(&inner.config, req, secret);
                inner.events.request(req, &placed.shown_url, attempt);
                let wire = Wire::of(
                    req,
                    &placed.url,
                    placed.authorization.as_deref(),
                    Some(&placed.secret),
                );
                let started = now();
                let outcome = send(inner.fetch.as_ref(), &wire, signal, timeout_ms).await;
                let ended = match &outcome {
                    Outcome::Answer { status, .. } => Ended::Status(*status),
                    Outcome::Failed(failure, _) => Ended::Failed(failure_name(*failure)),
                };
                inner
                    .events
                    .response(req, &placed.shown_url, attempt, now() - started, ended);
                Next::Sent(outcome)
            }
        };
    }
}

/// The arguments in JSON form, the call options last.
fn arguments(args: &[JsValue]) -> Result<Vec<Value>, Error> {
    args.iter().map(|arg| to_value(arg, "arguments")).collect()
}

/// One method call: arguments checked and converted, the request built,
/// performed, and its result converted (`undefined` for void operations).
pub async fn method(
    inner: Rc<Inner>,
    op: Operation,
    args: Vec<JsValue>,
) -> Result<JsValue, JsValue> {
    let run = async {
        inner.config.credential.authorizes(op)?;
        let values = arguments(&args)?;
        let opts_at = args.len().saturating_sub(1);
        let opts = values.get(opts_at).unwrap_or(&Value::Null);
        let req = request_of(op, &values, &inner.config.root)?;
        let timeout_ms = inner.config.call_timeout(opts)?;
        let signal = Signal::from_opts(args.get(opts_at).unwrap_or(&JsValue::UNDEFINED))?;
        perform(&inner, &req, &signal, timeout_ms).await
    };
    match run.await {
        Ok(Value::Null) => Ok(JsValue::UNDEFINED),
        Ok(value) => Ok(to_js(&value)),
        Err(e) => Err(error::to_js(&e.in_operation(op.name()))),
    }
}
