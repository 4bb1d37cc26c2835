//! `Engine`: the synchronous core behind one JS `CliqClient`.
//!
//! Every export takes and returns numbers and strings only (JSON text where
//! there is structure), so the JS side can use its engine's own `JSON` and
//! the wasm carries no futures, closures or per-method glue. The attempt
//! loop itself (timers, fetch, abort, the token provider, events) lives in
//! `js/client.js`; every decision about Cliq is taken here.
//!
//! Fallible exports answer `{"error": {...CliqError fields}}` instead of
//! throwing; the JS side turns that into a `CliqError`.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::convert::{error_json, object, text, Fields};
use crate::endpoint::Operation;
use crate::error::{Error, ErrorKind};
use crate::paging::{MessagePager, TokenPager};
use crate::ratelimit::{Mode, Poll, RateLimiter, Slot, IN_FLIGHT_POLL_MS};
use crate::region::ApiRoot;
use crate::request::{build, AuthScheme, Call, HttpRequest};
use crate::response::{decode, HttpResponse};
use crate::retry::RetryPolicy;
use crate::validate::{self, ActionMode, Violation};

/// A walk over pages (`messages()` / `messageActions()`).
enum Walk {
    Messages {
        chat_id: String,
        pager: MessagePager,
    },
    Actions(TokenPager),
}

/// The state of one client: where to send, how to authorise, its budget and
/// retry policy, and the walks of its iterators.
#[wasm_bindgen]
pub struct Engine {
    root: ApiRoot,
    scheme: AuthScheme,
    timeout_ms: f64,
    retry: RetryPolicy,
    limiter: RateLimiter,
    walks: Vec<Option<Walk>>,
}

/// `{"error": …}` for `err`, attributed to `op`.
fn failure(err: Error, op: &'static str) -> Value {
    object([("error", error_json(&err.in_operation(op)))])
}

fn operation(name: &str) -> Result<Operation, Error> {
    Operation::from_name(name).ok_or_else(|| Error::invalid_input("operation", "is unknown"))
}

/// Whole milliseconds, rounded up (`f64::ceil` is not in `core`).
fn ceil(ms: f64) -> u64 {
    let whole = ms.max(0.0) as u64; // saturating; NaN is 0
    if (whole as f64) < ms {
        whole + 1
    } else {
        whole
    }
}

fn violations_json(list: Vec<Violation>) -> String {
    let list = list
        .into_iter()
        .map(|v| {
            object([
                ("field", Value::String(v.field)),
                ("message", Value::String(v.message)),
            ])
        })
        .collect();
    text(&Value::Array(list))
}

/// The request for `op` from its arguments (JSON, in the method's order).
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

fn page_size(q: &Fields, default: i64) -> Result<i64, Error> {
    match q.int("pageSize")? {
        Some(n) if !(1..=100).contains(&n) => Err(Error::invalid_input(
            "query.pageSize",
            format!("must be between 1 and 100 (got {n})"),
        )),
        other => Ok(other.unwrap_or(default)),
    }
}

/// `args` (a JSON array) as a list of values.
fn arguments(args: &str) -> Result<Vec<Value>, Error> {
    match serde_json::from_str(args) {
        Ok(Value::Array(list)) => Ok(list),
        _ => Err(Error::invalid_input(
            "arguments",
            "must be JSON-serialisable data",
        )),
    }
}

impl Engine {
    fn from_options(options: &str) -> Result<Engine, Error> {
        let json: Value = serde_json::from_str(options).unwrap_or(Value::Null);
        if !json.is_object() {
            return Err(Error::invalid_input(
                "options",
                "are required: give accessToken or getAccessToken",
            ));
        }
        let o = Fields::of(&json, "")?;
        match (o.str("accessToken")?, o.function("getAccessToken")?) {
            (Some(_), true) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "and getAccessToken are exclusive: give exactly one",
                ))
            }
            (Some(t), false) if t.trim().is_empty() => {
                return Err(Error::invalid_input("accessToken", "must not be empty"))
            }
            (None, false) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "or getAccessToken is required",
                ))
            }
            _ => {}
        }
        for key in ["fetch", "onRateLimit", "onRequest", "onResponse"] {
            o.function(key)?;
        }
        let scheme = o
            .str("authScheme")?
            .map(AuthScheme::parse)
            .transpose()?
            .unwrap_or_default();
        let root = ApiRoot::new(o.str("dataCenter")?, o.str("baseUrl")?, o.str("network")?)?;
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
        Ok(Engine {
            root,
            scheme,
            timeout_ms: o.millis("timeoutMs")?.unwrap_or(30_000.0),
            retry: RetryPolicy {
                max_retries,
                max_wait_ms: rl.millis("maxWaitMs")?.unwrap_or(60_000.0),
                ..RetryPolicy::default()
            },
            limiter: RateLimiter::new(mode, time_scale),
            walks: Vec::new(),
        })
    }

    /// What JS needs to send `req`: method, URL, headers (without the
    /// token), body, the `Authorization` prefix and the attempt timeout.
    fn request_json(&self, req: &HttpRequest, opts: &Value) -> Result<Value, Error> {
        let timeout = Fields::of(opts, "opts")?.millis("timeoutMs")?;
        let mut headers = Map::new();
        for (name, value) in req.headers() {
            headers.insert((*name).into(), Value::from(*value));
        }
        Ok(object([
            ("method", Value::from(req.method.as_str())),
            ("url", Value::from(req.url.as_str())),
            ("headers", Value::Object(headers)),
            ("body", req.body.as_deref().map_or(Value::Null, Value::from)),
            ("auth", Value::from(self.scheme.header_value(""))),
            ("timeoutMs", Value::from(timeout.unwrap_or(self.timeout_ms))),
        ]))
    }

    fn admit_op(&mut self, op: Operation, ticket: f64, now: f64) -> Value {
        let locked = |ms: f64| {
            let err = Error::rate_limited(
                format!(
                    "{} is locked by Cliq for another {} ms",
                    op.name(),
                    ceil(ms)
                ),
                ceil(ms),
            );
            object([
                ("locked", Value::from(ceil(ms))),
                ("error", error_json(&err.in_operation(op.name()))),
            ])
        };
        if self.limiter.mode() != Mode::Queue {
            return match self.limiter.try_acquire(op, now) {
                Poll::Go(slot) => object([("go", Value::from(slot.id()))]),
                Poll::Locked(ms) => locked(ms),
                Poll::Wait(ms) | Poll::Pending(ms) => failure(
                    Error::rate_limited(
                        format!(
                            "{} has used its quota of {} calls per minute; next place in {} ms",
                            op.name(),
                            op.endpoint().quota_per_minute,
                            ceil(ms)
                        ),
                        ceil(ms),
                    ),
                    op.name(),
                ),
            };
        }
        let ticket = if ticket > 0.0 {
            ticket as u64
        } else {
            self.limiter.enqueue(op)
        };
        // `wait` is the expected wait from now; `nap` how long to sleep
        // before looking again (sooner while answers are still to come).
        let (wait, nap) = match self.limiter.poll(op, ticket, now) {
            Poll::Go(slot) => return object([("go", Value::from(slot.id()))]),
            Poll::Locked(ms) => {
                self.limiter.cancel(op, ticket);
                return locked(ms);
            }
            Poll::Wait(ms) => (ms, ms),
            Poll::Pending(ms) => (ms, IN_FLIGHT_POLL_MS),
        };
        if wait > self.retry.max_wait_ms {
            self.limiter.cancel(op, ticket);
            return failure(
                Error::rate_limited(
                    format!(
                        "{} would wait more than maxWaitMs ({} ms) for its quota",
                        op.name(),
                        self.retry.max_wait_ms as u64
                    ),
                    ceil(wait),
                ),
                op.name(),
            );
        }
        object([
            ("wait", Value::from(ceil(wait))),
            ("nap", Value::from(nap)),
            ("ticket", Value::from(ticket)),
        ])
    }

    #[allow(clippy::too_many_arguments)]
    fn conclude_op(
        &mut self,
        op: Operation,
        slot: f64,
        status: u16,
        retry_after: Option<String>,
        body: &str,
        failed: &str,
        attempt: u32,
        now: f64,
        random: f64,
        walk: u32,
    ) -> Value {
        self.limiter.finish(Slot::new(op, slot as u64), now);
        let result = match failed {
            "" => decode(
                op,
                &HttpResponse {
                    status,
                    retry_after: retry_after.as_deref(),
                    body,
                },
            ),
            kind => {
                let kind = match kind {
                    "aborted" => ErrorKind::Aborted,
                    "timeout" => ErrorKind::Timeout,
                    _ => ErrorKind::Network,
                };
                Err(Error::new(kind, format!("{} failed: {body}", op.name())))
            }
        };
        let mut err = match result {
            Ok(page) if walk > 0 => return object([("ok", Value::Array(self.feed(walk, page)))]),
            Ok(value) => return object([("ok", value)]),
            Err(e) => e,
        };
        // Decided on what the server said (a 429 is retried only when it
        // sent Retry-After), before the lock is filled in below.
        let delay = self.retry.next_delay(op, attempt, &err, random);
        let mut throttle = None;
        if err.kind == ErrorKind::RateLimited {
            let lock = self.limiter.record_throttle(op, now, err.retry_after_ms);
            err.retry_after_ms = Some(ceil(lock).max(1));
            throttle = Some(ceil(lock));
        }
        let mut out = failure(err, op.name());
        if let Some(map) = out.as_object_mut() {
            if let Some(ms) = delay {
                map.insert("retryIn".into(), Value::from(ms));
            }
            if let Some(ms) = throttle {
                map.insert("throttle".into(), Value::from(ms));
            }
        }
        out
    }

    fn walk_mut(&mut self, id: u32) -> Option<&mut Walk> {
        self.walks.get_mut(id.checked_sub(1)? as usize)?.as_mut()
    }

    fn feed(&mut self, id: u32, page: Value) -> Vec<Value> {
        match self.walk_mut(id) {
            Some(Walk::Messages { pager, .. }) => match page {
                Value::Array(list) => pager.feed(list),
                _ => pager.feed(Vec::new()),
            },
            Some(Walk::Actions(pager)) => pager.feed(page),
            None => Vec::new(),
        }
    }

    fn start_walk(&mut self, op: Operation, args: &str) -> Result<u32, Error> {
        let args = arguments(args)?;
        let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
        let walk = match op {
            Operation::GetMessages => {
                let chat_id = arg(0)
                    .as_str()
                    .ok_or_else(|| Error::invalid_input("chatId", "must be a string"))?;
                let q = Fields::of(arg(1), "query")?;
                let pager =
                    MessagePager::new(q.int("fromTime")?, q.int("toTime")?, page_size(&q, 100)?);
                Walk::Messages {
                    chat_id: chat_id.to_string(),
                    pager,
                }
            }
            _ => {
                let q = Fields::of(arg(0), "query")?;
                Walk::Actions(TokenPager::new(Some(page_size(&q, 100)?)))
            }
        };
        // Validates the options the pages will be fetched with.
        Fields::of(args.last().unwrap_or(&Value::Null), "opts")?.millis("timeoutMs")?;
        let free = self.walks.iter().position(Option::is_none);
        let index = free.unwrap_or(self.walks.len());
        if index == self.walks.len() {
            self.walks.push(None);
        }
        if let Some(entry) = self.walks.get_mut(index) {
            *entry = Some(walk);
        }
        Ok(index as u32 + 1)
    }

    fn walk_request(&self, id: u32, opts: &Value) -> Result<Option<Value>, Error> {
        let Some(walk) = id
            .checked_sub(1)
            .and_then(|i| self.walks.get(i as usize))
            .and_then(Option::as_ref)
        else {
            return Ok(None);
        };
        let req = match walk {
            Walk::Messages { chat_id, pager } => match pager.next_query() {
                None => return Ok(None),
                Some((from, to, limit)) => build(
                    &Call::GetMessages {
                        chat_id,
                        from_time: Some(from),
                        to_time: to,
                        limit: Some(limit),
                    },
                    &self.root,
                )?,
            },
            Walk::Actions(pager) => match pager.next_query() {
                None => return Ok(None),
                Some((limit, next_token)) => build(
                    &Call::ListMessageActions {
                        limit,
                        next_token,
                        sync_token: None,
                    },
                    &self.root,
                )?,
            },
        };
        self.request_json(&req, opts).map(Some)
    }
}

#[wasm_bindgen]
impl Engine {
    /// Reads `ClientOptions` as JSON, with functions replaced by a marker.
    /// Throws the error JSON (a string) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<Engine, String> {
        Engine::from_options(options).map_err(|e| text(&failure(e, "constructor")))
    }

    /// The request for `op` from the method's arguments (a JSON array whose
    /// last item is the call options).
    pub fn request(&self, op: &str, args: &str) -> String {
        let out = operation(op).and_then(|operation| {
            let args = arguments(args)?;
            let req = request_of(operation, &args, &self.root)?;
            self.request_json(&req, args.last().unwrap_or(&Value::Null))
                .map_err(|e| e.in_operation(operation.name()))
        });
        match out {
            Ok(v) => text(&v),
            Err(e) => text(&failure(
                e,
                Operation::from_name(op).map_or("", Operation::name),
            )),
        }
    }

    /// One look at `op`'s budget for the call holding `ticket` (0: none
    /// yet). Answers `{"go": slot}`, `{"wait", "nap", "ticket"}` (sleep
    /// `nap` ms, then ask again with the ticket) or `{"error", "locked"?}`.
    pub fn admit(&mut self, op: &str, ticket: f64, now: f64) -> String {
        match operation(op) {
            Ok(op) => text(&self.admit_op(op, ticket, now)),
            Err(e) => text(&failure(e, "")),
        }
    }

    /// A queued call gave up (aborted) before its turn.
    pub fn cancel(&mut self, op: &str, ticket: f64) {
        if let Ok(op) = operation(op) {
            self.limiter.cancel(op, ticket as u64);
        }
    }

    /// An admitted call was never sent: its place goes back to the budget.
    pub fn release(&mut self, op: &str, slot: f64) {
        if let Ok(op) = operation(op) {
            self.limiter.release(Slot::new(op, slot as u64));
        }
    }

    /// The attempt in `slot` ended at `now`: with an answer (`status`,
    /// `retryAfter`, `body`), or, when `failed` names a failure
    /// (`aborted`, `timeout`, `network`), without one (`body` is the
    /// detail). Answers `{"ok": result}` (a walk's new items when `walk` is
    /// not 0) or `{"error", "retryIn"?, "throttle"?}`.
    #[allow(clippy::too_many_arguments)]
    pub fn conclude(
        &mut self,
        op: &str,
        slot: f64,
        status: u16,
        retry_after: Option<String>,
        body: &str,
        failed: &str,
        attempt: u32,
        now: f64,
        random: f64,
        walk: u32,
    ) -> String {
        match operation(op) {
            Ok(op) => text(&self.conclude_op(
                op,
                slot,
                status,
                retry_after,
                body,
                failed,
                attempt,
                now,
                random,
                walk,
            )),
            Err(e) => text(&failure(e, "")),
        }
    }

    /// Milliseconds left of a lock on `op` (0 if none).
    #[wasm_bindgen(js_name = lockedFor)]
    pub fn locked_for(&self, op: &str, now: f64) -> f64 {
        operation(op).map_or(0.0, |op| self.limiter.locked_for(op, now))
    }

    /// `rateLimitStatus()` as JSON.
    pub fn status(&mut self, now: f64) -> String {
        let mut out = Map::new();
        for op in Operation::ALL {
            let s = self.limiter.status(*op, now);
            out.insert(
                op.name().into(),
                object([
                    ("remaining", Value::from(s.remaining)),
                    ("resetInMs", Value::from(ceil(s.reset_in_ms))),
                    ("lockedForMs", Value::from(ceil(s.locked_for_ms))),
                ]),
            );
        }
        text(&Value::Object(out))
    }

    /// Starts a walk for `messages()` (`op` = `getMessages`) or
    /// `messageActions()` (`listMessageActions`): `{"walk": id}` or `{"error"}`.
    pub fn walk(&mut self, op: &str, args: &str) -> String {
        let out = operation(op).and_then(|operation| {
            self.start_walk(operation, args)
                .map_err(|e| e.in_operation(operation.name()))
        });
        match out {
            Ok(id) => text(&object([("walk", Value::from(id))])),
            Err(e) => text(&failure(
                e,
                Operation::from_name(op).map_or("", Operation::name),
            )),
        }
    }

    /// The next page's request of walk `id` (as `request`), or `null` when
    /// the walk is over. `opts` is the call options as JSON.
    #[wasm_bindgen(js_name = walkRequest)]
    pub fn walk_request_json(&self, id: u32, opts: &str) -> String {
        let opts = serde_json::from_str(opts).unwrap_or(Value::Null);
        match self.walk_request(id, &opts) {
            Ok(Some(v)) => text(&v),
            Ok(None) => "null".into(),
            Err(e) => text(&failure(e, "")),
        }
    }

    /// Ends walk `id` (finished, failed, `break`, or garbage-collected).
    #[wasm_bindgen(js_name = walkClose)]
    pub fn walk_close(&mut self, id: u32) {
        if let Some(entry) = id
            .checked_sub(1)
            .and_then(|i| self.walks.get_mut(i as usize))
        {
            *entry = None;
        }
    }

    /// `validateMessage` on JSON text: the violations as JSON.
    #[wasm_bindgen(js_name = validateMessage)]
    pub fn validate_message(message: &str) -> String {
        match serde_json::from_str(message) {
            Ok(value) => violations_json(validate::validate_message(&value)),
            Err(_) => violations_json(vec![Violation::new(
                "message",
                "must be JSON-serialisable data",
            )]),
        }
    }

    /// `validateMessageAction` on JSON text: the violations as JSON.
    #[wasm_bindgen(js_name = validateMessageAction)]
    pub fn validate_message_action(input: &str, mode: &str) -> String {
        let mode = match mode {
            "create" => ActionMode::Create,
            "update" => ActionMode::Update,
            _ => {
                return violations_json(vec![Violation::new(
                    "mode",
                    "must be \"create\" or \"update\"",
                )])
            }
        };
        match serde_json::from_str(input) {
            Ok(value) => violations_json(validate::validate_message_action(&value, mode)),
            Err(_) => violations_json(vec![Violation::new(
                "input",
                "must be JSON-serialisable data",
            )]),
        }
    }

    /// The library version.
    pub fn version() -> String {
        crate::VERSION.to_string()
    }
}
