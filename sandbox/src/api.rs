//! The entry point of every `/api/*` and `/network/*` request: route,
//! scripted faults, authentication, quota, the operation, the request log.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::app::App;
use crate::auth::{self, AuthFailure};
use crate::error::{bare_401, ApiError, Reply};
use crate::faults::{throttle_error, Fault};
use crate::ids::now_ms;
use crate::messages::{self, Caller};
use crate::quota::Verdict;
use crate::reqlog::Entry;
use crate::route::{self, Miss, Operation, Route};
use crate::state::Org;
use crate::validate::Query;
use crate::{actions, proxy, reactions};

/// Largest request body accepted (a 250 KB script, JSON-escaped, fits).
pub const BODY_MAX: usize = 4 * 1024 * 1024;

/// Marks a response whose connection must be closed without answering
/// (the `drop` fault); the server loop honours it.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// Handles one API request.
pub async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let arrived = now_ms();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let had_token = parts.headers.contains_key(header::AUTHORIZATION);
    let bytes = match to_bytes(body, BODY_MAX).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let response = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("The request body is larger than {BODY_MAX} bytes."),
            )
            .into_response();
            log(
                &app,
                &parts,
                arrived,
                None,
                response.status(),
                had_token,
                &Bytes::new(),
            );
            return response;
        }
    };
    let resolved = route::resolve(&parts.method, &path);
    let op = resolved.as_ref().ok().map(|(_, op)| *op);
    let fault = op.and_then(|op| app.lock().faults.take(op));
    let response = match fault.as_ref().and_then(Fault::immediate_response) {
        Some(response) => response,
        None => match &app.config.upstream {
            Some(upstream) => proxy::forward(&app, upstream, &parts, bytes.clone()).await,
            None => local(&app, &parts, resolved, &raw_query, &bytes),
        },
    };
    log(
        &app,
        &parts,
        arrived,
        op,
        response.status(),
        had_token,
        &bytes,
    );
    if app.config.upstream.is_some() {
        // Proxy access log: method, path, status; never the token or the
        // query (where a webhook token travels as `zapikey`).
        eprintln!(
            "cliq-sandbox: {} {} -> {}",
            parts.method,
            path,
            response.status().as_u16()
        );
    }
    after_answer(fault, response).await
}

/// What a fault does once the answer is made: delays it, or marks the
/// connection to be broken after the status line.
pub async fn after_answer(fault: Option<Fault>, mut response: Response) -> Response {
    match fault {
        Some(Fault::Delay(ms)) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Drop) => {
            response.extensions_mut().insert(DropConnection);
        }
        _ => {}
    }
    response
}

fn log(
    app: &App,
    parts: &Parts,
    arrived: i64,
    op: Option<Operation>,
    status: StatusCode,
    had_token: bool,
    body: &Bytes,
) {
    let body = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    app.lock().log.push(Entry {
        time: arrived,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        operation: op.map(Operation::name),
        status: status.as_u16(),
        had_token,
        body,
    });
}

/// The answer to a refused call: 400 `request_limit_exceeded`, or 429 with
/// `Retry-After` (whole seconds, rounded up) when so configured.
pub fn throttled(status: u16, remaining: Duration) -> Response {
    let mut error = throttle_error();
    if status == 429 {
        error.status = StatusCode::TOO_MANY_REQUESTS;
    }
    let mut response = error.into_response();
    if status == 429 {
        let secs = remaining.as_secs_f64().ceil().max(1.0) as u64;
        if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

fn local(
    app: &App,
    parts: &Parts,
    resolved: Result<(Route, Operation), Miss>,
    raw_query: &str,
    body: &[u8],
) -> Response {
    let (route, op) = match resolved {
        Ok(found) => found,
        Err(Miss::NotFound) => {
            return ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_url",
                "The URL you've sent is wrong. It's possible that the resource you've requested has been moved to another URL.",
            )
            .into_response()
        }
        Err(Miss::MethodNotAllowed) => {
            return ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "The requested resource does not support the HTTP method used.",
            )
            .into_response()
        }
    };
    let mut guard = app.lock();
    let inner = &mut *guard;
    let keys = auth::Keys {
        allowed: &app.config.tokens,
        org: &inner.org,
        credentials: &inner.credentials,
        time_scale: inner.runtime.time_scale,
        now: Instant::now(),
    };
    let identity = match auth::authenticate(&parts.headers, raw_query, op, &keys) {
        Ok(identity) => identity,
        Err(AuthFailure::Missing) => return bare_401(),
        Err(AuthFailure::Invalid) => return ApiError::token_invalid().into_response(),
    };
    if inner.runtime.limits {
        let verdict = inner.quotas.check(
            &identity.token,
            op,
            inner.runtime.time_scale,
            Instant::now(),
        );
        if let Verdict::Locked(remaining) = verdict {
            return throttled(inner.runtime.throttle_status, remaining);
        }
    }
    let caller = Caller {
        name: inner
            .org
            .user(&identity.zuid)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        zuid: identity.zuid,
    };
    let result = Query::parse(raw_query)
        .and_then(|query| dispatch(&mut inner.org, &caller, route, op, &query, body));
    match result {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}

/// Runs the operation of a route.
pub fn dispatch(
    org: &mut Org,
    caller: &Caller,
    route: Route,
    op: Operation,
    query: &Query,
    body: &[u8],
) -> Result<Reply, ApiError> {
    use Operation as O;
    match (route, op) {
        (Route::ChatMessages { chat }, _) => messages::get_messages(org, caller, &chat, query),
        (Route::ChatMessage { chat, message }, O::GetMessage) => {
            messages::get_message(org, caller, &chat, &message)
        }
        (Route::ChatMessage { chat, message }, O::EditMessage) => {
            messages::edit_message(org, caller, &chat, &message, body)
        }
        (Route::ChatMessage { chat, message }, _) => {
            messages::delete_message(org, caller, &chat, &message)
        }
        (Route::Reactions { chat, message }, O::AddReaction) => {
            reactions::add(org, caller, &chat, &message, body)
        }
        (Route::Reactions { chat, message }, O::GetReactions) => {
            reactions::list(org, caller, &chat, &message)
        }
        (Route::Reactions { chat, message }, _) => {
            reactions::remove(org, caller, &chat, &message, query, body)
        }
        (Route::PostChat { chat }, _) => messages::post_to_chat(org, caller, &chat, query, body),
        (Route::PostChannel { name }, _) => {
            messages::post_to_channel(org, caller, &name, query, body)
        }
        (Route::PostBot { name }, _) => messages::post_to_bot(org, caller, &name, body),
        (Route::PostUser { user }, _) => messages::post_to_user(org, caller, &user, body),
        (Route::Actions, O::CreateMessageAction) => actions::create(org, caller, body),
        (Route::Actions, _) => actions::list(org, query),
        (Route::Action { id }, O::GetMessageAction) => actions::get(org, &id),
        (Route::Action { id }, O::UpdateMessageAction) => actions::update(org, &id, body),
        (Route::Action { id }, _) => actions::delete(org, &id),
        (Route::Handler { id, handler }, O::GetMessageActionHandler) => {
            actions::get_handler(org, &id, &handler)
        }
        (Route::Handler { id, handler }, _) => actions::update_handler(org, &id, &handler, body),
    }
}
