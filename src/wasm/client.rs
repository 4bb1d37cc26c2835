//! `CliqClient`: options, the attempt loop (budget, token, fetch, decode,
//! retry) and the 18 methods.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{from_js, function, to_js, to_js_error, Fields};
use super::{js_send, js_sleep, now, until_aborted};
use crate::endpoint::Operation;
use crate::error::{Error, ErrorKind};
use crate::ratelimit::{Mode, Poll, RateLimiter, IN_FLIGHT_POLL_MS};
use crate::region::ApiRoot;
use crate::request::{build, AuthScheme, Call, HttpRequest};
use crate::response::{decode, HttpResponse};
use crate::retry::RetryPolicy;

/// Where the access token comes from.
enum TokenSource {
    Static(String),
    Provider(Function),
}

/// Per-call options (`CallOptions`).
pub(crate) struct CallOpts {
    pub signal: JsValue,
    pub timeout_ms: Option<f64>,
}

impl CallOpts {
    /// Reads `signal` (kept as the JS object) and `timeoutMs` from `opts`.
    pub(crate) fn parse(opts: &JsValue) -> Result<CallOpts, Error> {
        let json = from_js(opts, "opts")?;
        let timeout_ms = Fields::of(&json, "opts")?.millis("timeoutMs")?;
        let signal = if opts.is_object() {
            Reflect::get(opts, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        if !signal.is_undefined() && !signal.is_null() && !signal.is_object() {
            return Err(Error::invalid_input(
                "opts.signal",
                "must be an AbortSignal",
            ));
        }
        Ok(CallOpts { signal, timeout_ms })
    }

    fn aborted(&self) -> bool {
        self.signal.is_object()
            && Reflect::get(&self.signal, &JsValue::from_str("aborted"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
    }
}

pub(crate) struct Inner {
    root: ApiRoot,
    token_source: TokenSource,
    scheme: AuthScheme,
    fetch: JsValue,
    timeout_ms: f64,
    retry: RetryPolicy,
    limiter: RefCell<RateLimiter>,
    /// The token in use (from the provider), and a refresh in flight.
    token: RefCell<Option<String>>,
    refreshing: RefCell<Option<Promise>>,
    refresh_count: Cell<u32>,
    on_rate_limit: Option<Function>,
    on_request: Option<Function>,
    on_response: Option<Function>,
}

/// An event object from its fields.
fn event(fields: &[(&str, JsValue)]) -> Object {
    let event = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&event, &JsValue::from_str(key), value);
    }
    event
}

/// Calls an event callback; a throwing callback never breaks the call.
fn emit(callback: &Option<Function>, event: &Object) {
    if let Some(f) = callback {
        let _ = f.call1(&JsValue::UNDEFINED, event);
    }
}

async fn sleep(ms: f64, signal: &JsValue) -> bool {
    JsFuture::from(js_sleep(ms, signal))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn aborted() -> Error {
    Error::new(ErrorKind::Aborted, "aborted by the caller's signal")
}

impl Inner {
    fn new(options: &JsValue) -> Result<Inner, Error> {
        if !options.is_object() {
            return Err(Error::invalid_input(
                "options",
                "are required: give accessToken or getAccessToken",
            ));
        }
        // Functions are read from the object; everything else from its JSON.
        let json = from_js(options, "options")?;
        let o = Fields::of(&json, "")?;
        let func = |key: &str| function(options, key);
        let token_source = match (o.str("accessToken")?, func("getAccessToken")?) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "and getAccessToken are exclusive: give exactly one",
                ))
            }
            (Some(t), None) if t.trim().is_empty() => {
                return Err(Error::invalid_input("accessToken", "must not be empty"))
            }
            (Some(t), None) => TokenSource::Static(t.to_string()),
            (None, Some(f)) => TokenSource::Provider(f),
            (None, None) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "or getAccessToken is required",
                ))
            }
        };
        let scheme = o
            .str("authScheme")?
            .map(AuthScheme::parse)
            .transpose()?
            .unwrap_or_default();
        let root = ApiRoot::new(o.str("dataCenter")?, o.str("baseUrl")?, o.str("network")?)?;
        let fetch = func("fetch")?
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
        let max_retries = match o.int("maxRetries")? {
            Some(n) if !(0..=10).contains(&n) => {
                return Err(Error::invalid_input(
                    "maxRetries",
                    format!("must be between 0 and 10 (got {n})"),
                ))
            }
            Some(n) => n as u32,
            None => 2,
        };
        let rl = o.obj("rateLimit")?;
        let mode = match rl.str("mode")? {
            None => Mode::default(),
            Some(m) => Mode::parse(m).ok_or_else(|| {
                Error::invalid_input(
                    "rateLimit.mode",
                    format!("must be \"queue\", \"reject\" or \"off\" (got \"{m}\")"),
                )
            })?,
        };
        let time_scale = match rl.num("timeScale")? {
            Some(t) if t <= 0.0 => {
                return Err(Error::invalid_input(
                    "rateLimit.timeScale",
                    "must be positive",
                ))
            }
            other => other.unwrap_or(1.0),
        };
        let retry = RetryPolicy {
            max_retries,
            max_wait_ms: rl.millis("maxWaitMs")?.unwrap_or(60_000.0),
            ..RetryPolicy::default()
        };
        Ok(Inner {
            root,
            token_source,
            scheme,
            fetch,
            timeout_ms: o.millis("timeoutMs")?.unwrap_or(30_000.0),
            retry,
            limiter: RefCell::new(RateLimiter::new(mode, time_scale)),
            token: RefCell::new(None),
            refreshing: RefCell::new(None),
            refresh_count: Cell::new(0),
            on_rate_limit: func("onRateLimit")?,
            on_request: func("onRequest")?,
            on_response: func("onResponse")?,
        })
    }

    /// The token to send. With a provider, concurrent calls share one
    /// provider call (single flight); `stale` is the token a 401 refused.
    async fn token(&self, stale: Option<&str>, signal: &JsValue) -> Result<String, Error> {
        let provider = match &self.token_source {
            TokenSource::Static(t) => return Ok(t.clone()),
            TokenSource::Provider(f) => f,
        };
        if let Some(current) = self.token.borrow().as_deref() {
            if stale != Some(current) {
                return Ok(current.to_string());
            }
        }
        let pending = self.refreshing.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let reason = if stale.is_some() {
                    "expired"
                } else {
                    "initial"
                };
                let result = provider.call1(&JsValue::UNDEFINED, &JsValue::from_str(reason));
                let p = match result {
                    Ok(v) => Promise::resolve(&v),
                    Err(e) => Promise::reject(&e),
                };
                self.refresh_count.set(self.refresh_count.get() + 1);
                *self.refreshing.borrow_mut() = Some(p.clone());
                p
            }
        };
        let outcome = JsFuture::from(until_aborted(&promise, signal)).await;
        if outcome.as_ref().is_ok_and(|v| {
            v.is_object()
                && Reflect::get(v, &JsValue::from_str("aborted")).ok() == Some(JsValue::TRUE)
        }) {
            // The refresh goes on for the other callers.
            return Err(aborted());
        }
        // The first waiter to wake clears the shared refresh.
        let is_current = self
            .refreshing
            .borrow()
            .as_ref()
            .is_some_and(|p| JsValue::from(p.clone()) == JsValue::from(promise.clone()));
        if is_current {
            *self.refreshing.borrow_mut() = None;
        }
        match outcome.ok().and_then(|v| v.as_string()) {
            Some(t) if !t.trim().is_empty() => {
                *self.token.borrow_mut() = Some(t.clone());
                Ok(t)
            }
            _ => Err(Error::new(
                ErrorKind::Unauthorized,
                "getAccessToken did not return a non-empty token string",
            )),
        }
    }

    /// Waits for (or, in reject mode, checks) a place in `op`'s budget.
    async fn admit(&self, op: Operation, call: &CallOpts) -> Result<crate::ratelimit::Slot, Error> {
        let mode = self.limiter.borrow().mode();
        let locked = |ms: f64| {
            Error::rate_limited(
                format!(
                    "{} is locked by Cliq for another {} ms",
                    op.name(),
                    ms.ceil() as u64
                ),
                ms.ceil() as u64,
            )
        };
        if mode != Mode::Queue {
            let poll = self.limiter.borrow_mut().try_acquire(op, now());
            return match poll {
                Poll::Go(slot) => Ok(slot),
                Poll::Locked(ms) => {
                    self.emit_rate_limit(op, "locked", ms);
                    Err(locked(ms))
                }
                Poll::Wait(ms) | Poll::Pending(ms) => Err(Error::rate_limited(
                    format!(
                        "{} has used its quota of {} calls per minute; next place in {} ms",
                        op.name(),
                        op.endpoint().quota_per_minute,
                        ms.ceil() as u64
                    ),
                    ms.ceil() as u64,
                )),
            };
        }
        let ticket = self.limiter.borrow_mut().enqueue(op);
        let mut reported = false;
        loop {
            let poll = self.limiter.borrow_mut().poll(op, ticket, now());
            // `wait` is the expected wait from now; `nap` how long to sleep
            // before looking again (sooner while answers are still to come).
            let (wait, nap) = match poll {
                Poll::Go(slot) => return Ok(slot),
                Poll::Locked(ms) => {
                    self.limiter.borrow_mut().cancel(op, ticket);
                    self.emit_rate_limit(op, "locked", ms);
                    return Err(locked(ms));
                }
                Poll::Wait(ms) => (ms, ms),
                Poll::Pending(ms) => (ms, IN_FLIGHT_POLL_MS),
            };
            if wait > self.retry.max_wait_ms {
                self.limiter.borrow_mut().cancel(op, ticket);
                return Err(Error::rate_limited(
                    format!(
                        "{} would wait more than maxWaitMs ({} ms) for its quota",
                        op.name(),
                        self.retry.max_wait_ms as u64
                    ),
                    wait.ceil() as u64,
                ));
            }
            if !reported {
                reported = true;
                self.emit_rate_limit(op, "wait", wait);
            }
            if !sleep(nap, &call.signal).await {
                self.limiter.borrow_mut().cancel(op, ticket);
                return Err(aborted());
            }
        }
    }

    fn emit_rate_limit(&self, op: Operation, kind: &str, ms: f64) {
        if self.on_rate_limit.is_some() {
            let e = event(&[
                ("operation", JsValue::from_str(op.name())),
                ("type", JsValue::from_str(kind)),
                ("retryAfterMs", JsValue::from_f64(ms.ceil())),
            ]);
            emit(&self.on_rate_limit, &e);
        }
    }

    /// Headers for one attempt (with the token) and the event describing it,
    /// emitted to `onRequest`.
    #[inline(never)]
    fn prepare(&self, req: &HttpRequest, token: &str, attempt: u32) -> (Object, Object) {
        let headers = Object::new();
        for (name, value) in req.headers() {
            let _ = Reflect::set(
                &headers,
                &JsValue::from_str(name),
                &JsValue::from_str(value),
            );
        }
        let _ = Reflect::set(
            &headers,
            &JsValue::from_str("Authorization"),
            &JsValue::from_str(&self.scheme.header_value(token)),
        );
        let event = event(&[
            ("operation", JsValue::from_str(req.operation.name())),
            ("method", JsValue::from_str(req.method.as_str())),
            ("url", JsValue::from_str(&req.url)),
            ("attempt", JsValue::from_f64(f64::from(attempt))),
        ]);
        emit(&self.on_request, &event);
        (headers, event)
    }

    /// Turns what the transport returned into a result, and tells `onResponse`.
    #[inline(never)]
    fn conclude(
        &self,
        op: Operation,
        request_event: &Object,
        outcome: &JsValue,
    ) -> Result<Value, Error> {
        let field =
            |k: &str| Reflect::get(outcome, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let response_event = Object::assign(&Object::new(), request_event);
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&response_event, &JsValue::from_str(k), &v);
        };
        set("durationMs", field("ms"));
        if let Some(failure) = field("failure").as_string() {
            let kind = match failure.as_str() {
                "aborted" => ErrorKind::Aborted,
                "timeout" => ErrorKind::Timeout,
                _ => ErrorKind::Network,
            };
            set("error", JsValue::from_str(kind.as_str()));
            emit(&self.on_response, &response_event);
            let message = field("message").as_string().unwrap_or_default();
            return Err(Error::new(kind, format!("{} failed: {message}", op.name())));
        }
        let status = field("status").as_f64().unwrap_or(0.0) as u16;
        set("status", JsValue::from_f64(f64::from(status)));
        emit(&self.on_response, &response_event);
        let body = field("text").as_string().unwrap_or_default();
        let retry_after = field("retryAfter").as_string();
        decode(
            op,
            &HttpResponse {
                status,
                retry_after: retry_after.as_deref(),
                body: &body,
            },
        )
    }

    /// Runs one request to completion: budget, token, attempts, retries.
    pub(crate) async fn execute(&self, req: &HttpRequest, call: &CallOpts) -> Result<Value, Error> {
        let op = req.operation;
        let mut attempt: u32 = 0;
        let mut stale: Option<String> = None;
        let mut replayed_401 = false;
        loop {
            if call.aborted() {
                return Err(aborted());
            }
            let slot = self.admit(op, call).await?;
            let token = match self.token(stale.as_deref(), &call.signal).await {
                Ok(t) => t,
                Err(e) => {
                    self.limiter.borrow_mut().release(slot);
                    return Err(e);
                }
            };
            if call.aborted() {
                self.limiter.borrow_mut().release(slot);
                return Err(aborted());
            }
            attempt += 1;
            let (headers, event) = self.prepare(req, &token, attempt);
            let outcome = JsFuture::from(js_send(
                &self.fetch,
                req.method.as_str(),
                &req.url,
                &headers,
                req.body.clone(),
                &call.signal,
                call.timeout_ms.unwrap_or(self.timeout_ms),
            ))
            .await
            .unwrap_or(JsValue::UNDEFINED);
            self.limiter.borrow_mut().finish(slot, now());
            let result = self.conclude(op, &event, &outcome);
            let mut err = match result {
                Ok(value) => return Ok(value),
                Err(e) if e.kind == ErrorKind::Aborted => return Err(e),
                Err(e) => e,
            };
            if err.kind == ErrorKind::Unauthorized
                && matches!(self.token_source, TokenSource::Provider(_))
                && !replayed_401
            {
                // One fresh token and one replay; does not count as a retry.
                replayed_401 = true;
                stale = Some(token);
                attempt -= 1;
                continue;
            }
            // Decided on what the server said (a 429 is retried only when it
            // sent Retry-After), before the lock is filled in below.
            let delay = self
                .retry
                .next_delay(op, attempt, &err, js_sys::Math::random());
            if err.kind == ErrorKind::RateLimited {
                let lock = self
                    .limiter
                    .borrow_mut()
                    .record_throttle(op, now(), err.retry_after_ms);
                err.retry_after_ms = Some(lock.ceil().max(1.0) as u64);
                self.emit_rate_limit(op, "throttle", lock);
            }
            let Some(delay) = delay else {
                return Err(err);
            };
            if !sleep(delay, &call.signal).await {
                return Err(aborted());
            }
            // The clock and the timer may disagree by a millisecond at the end
            // of a Retry-After lock; a longer lock (another call's throttle)
            // is left to the budget, which refuses at once.
            let slop = self.limiter.borrow().locked_for(op, now());
            if slop > 0.0 && slop <= 50.0 && !sleep(slop + 1.0, &call.signal).await {
                return Err(aborted());
            }
        }
    }
}

/// A Zoho Cliq client: every method returns a Promise that rejects only
/// with a `CliqError`.
#[wasm_bindgen]
pub struct CliqClient {
    inner: Rc<Inner>,
}

/// Wraps a call: input errors and results both settle the Promise.
fn settle(
    inner: &Rc<Inner>,
    op: Operation,
    request: Result<HttpRequest, Error>,
    opts: &JsValue,
) -> Promise {
    let inner = inner.clone();
    let call = CallOpts::parse(opts);
    future_to_promise(async move {
        let outcome = async {
            let call = call?;
            let req = request?;
            inner.execute(&req, &call).await
        }
        .await;
        outcome
            .map(|v| to_js(&v))
            .map_err(|e| to_js_error(&e.in_operation(op.name())))
    })
}

/// The request for `op` from its arguments (as JSON, in the method's order).
#[inline(never)]
fn request_of(op: Operation, args: &[Value], root: &ApiRoot) -> Result<HttpRequest, Error> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let string = |i: usize, field: &str| {
        arg(i)
            .as_str()
            .ok_or_else(|| Error::invalid_input(field, "must be a string"))
    };
    use Operation::*;
    let call = match op {
        GetMessages => {
            let q = Fields::of(arg(1), "query")?;
            Call::GetMessages {
                chat_id: string(0, "chatId")?,
                from_time: q.int("fromTime")?,
                to_time: q.int("toTime")?,
                limit: q.int("limit")?,
            }
        }
        GetMessage | DeleteMessage | GetReactions => {
            let (chat_id, message_id) = (string(0, "chatId")?, string(1, "messageId")?);
            match op {
                GetMessage => Call::GetMessage {
                    chat_id,
                    message_id,
                },
                DeleteMessage => Call::DeleteMessage {
                    chat_id,
                    message_id,
                },
                _ => Call::GetReactions {
                    chat_id,
                    message_id,
                },
            }
        }
        PostToChannel => {
            let o = Fields::of(arg(2), "opts")?;
            Call::PostToChannel {
                channel: string(0, "channelUniqueName")?,
                message: arg(1),
                bot_unique_name: o.str("botUniqueName")?,
                mark_as_read: o.bool("markAsRead")?,
            }
        }
        PostToBot => {
            let o = Fields::of(arg(2), "opts")?;
            // Built here: the call borrows the user ids owned in this arm.
            return build(
                &Call::PostToBot {
                    bot: string(0, "botUniqueName")?,
                    message: arg(1),
                    user_ids: o.str_list("userIds")?.as_deref(),
                    broadcast: o.bool("broadcast")?,
                },
                root,
            );
        }
        PostToChat => Call::PostToChat {
            chat_id: string(0, "chatId")?,
            message: arg(1),
        },
        PostToUser => Call::PostToUser {
            user: string(0, "emailOrZuid")?,
            message: arg(1),
        },
        EditMessage => Call::EditMessage {
            chat_id: string(0, "chatId")?,
            message_id: string(1, "messageId")?,
            text: string(2, "text")?,
            notify_edit: Fields::of(arg(3), "opts")?.bool("notifyEdit")?,
        },
        AddReaction | RemoveReaction => {
            let (chat_id, message_id) = (string(0, "chatId")?, string(1, "messageId")?);
            let emoji_code = string(2, "emojiCode")?;
            match op {
                AddReaction => Call::AddReaction {
                    chat_id,
                    message_id,
                    emoji_code,
                },
                _ => Call::RemoveReaction {
                    chat_id,
                    message_id,
                    emoji_code,
                },
            }
        }
        CreateMessageAction => Call::CreateMessageAction { input: arg(0) },
        ListMessageActions => {
            let q = Fields::of(arg(0), "query")?;
            Call::ListMessageActions {
                limit: q.int("limit")?,
                next_token: q.str("nextToken")?,
                sync_token: q.str("syncToken")?,
            }
        }
        GetMessageAction => Call::GetMessageAction {
            id: string(0, "id")?,
        },
        DeleteMessageAction => Call::DeleteMessageAction {
            id: string(0, "id")?,
        },
        GetMessageActionHandler => Call::GetMessageActionHandler {
            id: string(0, "id")?,
        },
        UpdateMessageAction => Call::UpdateMessageAction {
            id: string(0, "id")?,
            patch: arg(1),
        },
        UpdateMessageActionHandler => Call::UpdateMessageActionHandler {
            id: string(0, "id")?,
            patch: arg(1),
        },
    };
    build(&call, root)
}

#[wasm_bindgen]
impl CliqClient {
    /// Creates a client; throws a `CliqError` of kind `invalid_input` for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<CliqClient, JsValue> {
        Inner::new(&options)
            .map(|inner| CliqClient {
                inner: Rc::new(inner),
            })
            .map_err(|e| to_js_error(&e.in_operation("constructor")))
    }

    /// Every method goes through here. Its arguments become JSON in one
    /// `JSON.stringify` (the last one, the options, also carries the
    /// `AbortSignal`), the core builds and validates the request, and
    /// `settle` runs it.
    fn call(&self, op: Operation, args: &[&JsValue]) -> Promise {
        let list: js_sys::Array = args.iter().copied().collect();
        let request = from_js(&list, "arguments").and_then(|json| {
            let values = json.as_array().map(Vec::as_slice).unwrap_or(&[]);
            request_of(op, values, self.root())
        });
        let opts = args.last().copied().cloned().unwrap_or(JsValue::UNDEFINED);
        settle(&self.inner, op, request, &opts)
    }

    pub(crate) fn inner(&self) -> Rc<Inner> {
        self.inner.clone()
    }

    pub(crate) fn root(&self) -> &ApiRoot {
        &self.inner.root
    }

    /// `GET /api/v2/chats/{chatId}/messages`: a conversation's messages.
    #[wasm_bindgen(js_name = getMessages, unchecked_return_type = "Promise<Message[]>")]
    pub fn get_messages(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GetMessagesQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::GetMessages, &[&chat_id, &query, &opts])
    }

    /// `GET /api/v2/chats/{chatId}/messages/{messageId}`: one message.
    #[wasm_bindgen(js_name = getMessage, unchecked_return_type = "Promise<Message>")]
    pub fn get_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::GetMessage, &[&chat_id, &message_id, &opts])
    }

    /// `POST /api/v2/channelsbyname/{name}/message`: post to a channel, optionally as a bot.
    #[wasm_bindgen(js_name = postToChannel, unchecked_return_type = "Promise<PostResult>")]
    pub fn post_to_channel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] channel_unique_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | OutgoingMessage")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PostToChannelOptions")] opts: JsValue,
    ) -> Promise {
        self.call(
            Operation::PostToChannel,
            &[&channel_unique_name, &message, &opts],
        )
    }

    /// `POST /api/v2/bots/{name}/message`: message a bot's subscribers, or broadcast.
    #[wasm_bindgen(js_name = postToBot, unchecked_return_type = "Promise<PostResult>")]
    pub fn post_to_bot(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] bot_unique_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | OutgoingMessage")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PostToBotOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::PostToBot, &[&bot_unique_name, &message, &opts])
    }

    /// `POST /api/v2/chats/{chatId}/message`: post to a chat, or to a thread by its chat id.
    #[wasm_bindgen(js_name = postToChat, unchecked_return_type = "Promise<PostResult>")]
    pub fn post_to_chat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | OutgoingMessage")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::PostToChat, &[&chat_id, &message, &opts])
    }

    /// `POST /api/v2/buddies/{emailOrZuid}/message`: a direct message to a user.
    #[wasm_bindgen(js_name = postToUser, unchecked_return_type = "Promise<PostResult>")]
    pub fn post_to_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] email_or_zuid: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | OutgoingMessage")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::PostToUser, &[&email_or_zuid, &message, &opts])
    }

    /// `PUT /api/v2/chats/{chatId}/messages/{messageId}`: edit a message's text.
    #[wasm_bindgen(js_name = editMessage, unchecked_return_type = "Promise<void>")]
    pub fn edit_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EditMessageOptions")] opts: JsValue,
    ) -> Promise {
        self.call(
            Operation::EditMessage,
            &[&chat_id, &message_id, &text, &opts],
        )
    }

    /// `DELETE /api/v2/chats/{chatId}/messages/{messageId}`: delete a message.
    #[wasm_bindgen(js_name = deleteMessage, unchecked_return_type = "Promise<void>")]
    pub fn delete_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::DeleteMessage, &[&chat_id, &message_id, &opts])
    }

    /// `POST …/messages/{messageId}/reactions`: react with an emoji.
    #[wasm_bindgen(js_name = addReaction, unchecked_return_type = "Promise<void>")]
    pub fn add_reaction(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] emoji_code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(
            Operation::AddReaction,
            &[&chat_id, &message_id, &emoji_code, &opts],
        )
    }

    /// `GET …/messages/{messageId}/reactions`: reactions by emoji.
    #[wasm_bindgen(js_name = getReactions, unchecked_return_type = "Promise<Reactions>")]
    pub fn get_reactions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::GetReactions, &[&chat_id, &message_id, &opts])
    }

    /// `DELETE …/messages/{messageId}/reactions?emoji_code=…`: remove a reaction.
    #[wasm_bindgen(js_name = removeReaction, unchecked_return_type = "Promise<void>")]
    pub fn remove_reaction(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] emoji_code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(
            Operation::RemoveReaction,
            &[&chat_id, &message_id, &emoji_code, &opts],
        )
    }

    /// `POST /api/v3/messageactions`: create a message action.
    #[wasm_bindgen(js_name = createMessageAction, unchecked_return_type = "Promise<MessageAction>")]
    pub fn create_message_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewMessageAction")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::CreateMessageAction, &[&input, &opts])
    }

    /// `GET /api/v3/messageactions`: one page of message actions.
    #[wasm_bindgen(js_name = listMessageActions, unchecked_return_type = "Promise<MessageActionPage>")]
    pub fn list_message_actions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListMessageActionsQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::ListMessageActions, &[&query, &opts])
    }

    /// `GET /api/v3/messageactions/{id}`: one message action.
    #[wasm_bindgen(js_name = getMessageAction, unchecked_return_type = "Promise<MessageAction>")]
    pub fn get_message_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::GetMessageAction, &[&id, &opts])
    }

    /// `PATCH /api/v3/messageactions/{id}`: change some fields of a message action.
    #[wasm_bindgen(js_name = updateMessageAction, unchecked_return_type = "Promise<MessageAction>")]
    pub fn update_message_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MessageActionPatch")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::UpdateMessageAction, &[&id, &patch, &opts])
    }

    /// `DELETE /api/v3/messageactions/{id}`: delete a message action and its handler.
    #[wasm_bindgen(js_name = deleteMessageAction, unchecked_return_type = "Promise<void>")]
    pub fn delete_message_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::DeleteMessageAction, &[&id, &opts])
    }

    /// `GET /api/v3/messageactions/{id}/handlers/execution_handler`.
    #[wasm_bindgen(js_name = getMessageActionHandler, unchecked_return_type = "Promise<Handler>")]
    pub fn get_message_action_handler(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::GetMessageActionHandler, &[&id, &opts])
    }

    /// `PATCH /api/v3/messageactions/{id}/handlers/execution_handler`: the Deluge
    /// script or the webhook permissions.
    #[wasm_bindgen(js_name = updateMessageActionHandler, unchecked_return_type = "Promise<Handler>")]
    pub fn update_message_action_handler(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HandlerPatch")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> Promise {
        self.call(Operation::UpdateMessageActionHandler, &[&id, &patch, &opts])
    }

    /// Budget left per operation: `{remaining, resetInMs, lockedForMs}`.
    #[wasm_bindgen(js_name = rateLimitStatus, unchecked_return_type = "Record<Operation, RateLimitStatus>")]
    pub fn rate_limit_status(&self) -> JsValue {
        let out = Object::new();
        let t = now();
        let mut limiter = self.inner.limiter.borrow_mut();
        for op in Operation::ALL {
            let s = limiter.status(*op, t);
            let entry = Object::new();
            let _ = Reflect::set(&entry, &"remaining".into(), &JsValue::from(s.remaining));
            let _ = Reflect::set(
                &entry,
                &"resetInMs".into(),
                &JsValue::from_f64(s.reset_in_ms.ceil()),
            );
            let _ = Reflect::set(
                &entry,
                &"lockedForMs".into(),
                &JsValue::from_f64(s.locked_for_ms.ceil()),
            );
            let _ = Reflect::set(&out, &JsValue::from_str(op.name()), &entry);
        }
        out.into()
    }

    /// How many times the token provider has been called (for diagnostics and tests).
    #[wasm_bindgen(getter, js_name = tokenRefreshCount)]
    pub fn token_refresh_count(&self) -> u32 {
        self.inner.refresh_count.get()
    }
}
