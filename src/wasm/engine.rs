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
    /// Live walks by id; ids are never reused, so an answer that arrives
    /// for a closed walk cannot feed a newer one.
    walks: Vec<(u32, Walk)>,
    last_walk: u32,
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
        whole.saturating_add(1)
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
            // Such a token breaks the Authorization header, and the runtime's
            // error would quote it.
            (Some(t), false) if t.chars().any(char::is_control) => {
                return Err(Error::invalid_input(
                    "accessToken",
                    "must not contain control characters",
                ))
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
            last_walk: 0,
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

    fn admit_op(&mut self, op: Operation, ticket: f64, since: f64, now: f64) -> Value {
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
        // The whole wait counts: a place that keeps receding (answers still
        // to come) cannot stretch it past `maxWaitMs`.
        if (now - since).max(0.0) + wait > self.retry.max_wait_ms {
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

    fn walk_mut(&mut self, id: u32) -> Option<&mut Walk> {
        self.walks
            .iter_mut()
            .find(|(walk, _)| *walk == id)
            .map(|(_, walk)| walk)
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
        self.last_walk = self.last_walk.wrapping_add(1).max(1);
        self.walks.push((self.last_walk, walk));
        Ok(self.last_walk)
    }

    fn walk_request(&self, walk: &Walk, opts: &Value) -> Result<Option<Value>, Error> {
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
    /// yet) that started waiting at `since`. Answers `{"go": slot}`,
    /// `{"wait", "nap", "ticket"}` (sleep `nap` ms, then ask again with the
    /// ticket) or `{"error", "locked"?}`; in queue mode, the error when the
    /// whole wait would exceed `maxWaitMs`.
    pub fn admit(&mut self, op: &str, ticket: f64, since: f64, now: f64) -> String {
        match operation(op) {
            Ok(op) => text(&self.admit_op(op, ticket, since, now)),
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
        let op = match operation(op) {
            Ok(op) => op,
            Err(e) => return text(&failure(e, "")),
        };
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
            Ok(page) if walk > 0 => {
                return text(&object([("ok", Value::Array(self.feed(walk, page)))]))
            }
            Ok(value) => return text(&object([("ok", value)])),
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
        text(&out)
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
        let Some((_, walk)) = self.walks.iter().find(|(walk, _)| *walk == id) else {
            return "null".into();
        };
        let op = match walk {
            Walk::Messages { .. } => Operation::GetMessages,
            Walk::Actions(_) => Operation::ListMessageActions,
        };
        let opts = serde_json::from_str(opts).unwrap_or(Value::Null);
        match self.walk_request(walk, &opts) {
            Ok(Some(v)) => text(&v),
            Ok(None) => "null".into(),
            Err(e) => text(&failure(e, op.name())),
        }
    }

    /// Ends walk `id` (finished, failed, `break`, or garbage-collected).
    #[wasm_bindgen(js_name = walkClose)]
    pub fn walk_close(&mut self, id: u32) {
        self.walks.retain(|(walk, _)| *walk != id);
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

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;

    /// `FUNCTION` as `JSON.stringify` writes it.
    const FUNCTION: &str = r"\u0000function";

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn engine(extra: &str) -> Engine {
        let options = format!(
            r#"{{"accessToken": "t", "baseUrl": "http://sandbox.test/cliq", "rateLimit": {{"timeScale": 60}}{extra}}}"#
        );
        Engine::new(&options).unwrap()
    }

    fn constructor_error(options: &str) -> Value {
        parse(&Engine::new(options).err().expect(options))["error"].clone()
    }

    #[test]
    fn options_are_checked_with_field_names() {
        let e = constructor_error("null");
        assert_eq!(e["kind"], "invalid_input");
        assert_eq!(e["operation"], "constructor");
        let both = format!(r#"{{"accessToken": "a", "getAccessToken": "{FUNCTION}"}}"#);
        assert_eq!(constructor_error(&both)["field"], "accessToken");
        let provider = format!(r#"{{"getAccessToken": "{FUNCTION}", "onRequest": "{FUNCTION}"}}"#);
        assert!(Engine::new(&provider).is_ok());
        let not_fn = r#"{"accessToken": "a", "fetch": "window.fetch"}"#;
        assert_eq!(
            constructor_error(not_fn)["message"],
            "fetch must be a function"
        );
        let e = constructor_error(r#"{"accessToken": "a", "maxRetries": 11}"#);
        assert_eq!(e["message"], "maxRetries must be between 0 and 10 (got 11)");
        let e = constructor_error(r#"{"accessToken": "a", "rateLimit": {"mode": "fast"}}"#);
        assert_eq!(e["field"], "rateLimit.mode");
        let e = constructor_error(r#"{"accessToken": "1000.secret\nX"}"#);
        assert_eq!(
            e["message"],
            "accessToken must not contain control characters"
        );
        assert!(!e.to_string().contains("secret"), "the token is not quoted");
    }

    #[test]
    fn max_wait_bounds_the_whole_wait_not_each_look() {
        let mut e = engine(r#", "rateLimit": {"timeScale": 60, "maxWaitMs": 1500}"#);
        let slots: Vec<f64> = (0..15)
            .map(|_| {
                parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
                    .as_f64()
                    .unwrap()
            })
            .collect();
        // Answers still to come: at least a window (1 s) away.
        let out = parse(&e.admit("getMessages", 0.0, 0.0, 0.0));
        assert_eq!(out["wait"], 1000);
        let ticket = out["ticket"].as_f64().unwrap();
        let out = parse(&e.admit("getMessages", ticket, 0.0, 800.0));
        assert_eq!(
            out["error"]["kind"], "rate_limited",
            "800 ms waited + 1 s more > 1.5 s"
        );
        // The ticket left the queue: once answers arrive (at 10, 20, … ms), a
        // new call waits for the first place (1010 ms), not the second.
        for (i, slot) in slots.iter().enumerate() {
            let at = 10.0 * (i + 1) as f64;
            e.conclude("getMessages", *slot, 200, None, "[]", "", 1, at, 0.5, 0);
        }
        assert_eq!(
            parse(&e.admit("getMessages", 0.0, 900.0, 900.0))["wait"],
            110
        );
    }

    #[test]
    fn a_request_carries_everything_js_needs_but_the_token() {
        let e = engine(r#", "timeoutMs": 5000"#);
        let req = parse(&e.request(
            "postToChannel",
            r#"["general", {"text": "hi"}, {"botUniqueName": "ops", "timeoutMs": 250}]"#,
        ));
        assert_eq!(req["method"], "POST");
        assert_eq!(
            req["url"],
            "http://sandbox.test/cliq/api/v2/channelsbyname/general/message?bot_unique_name=ops"
        );
        assert_eq!(req["headers"]["Content-Type"], "application/json");
        assert_eq!(
            parse(req["body"].as_str().unwrap()),
            parse(r#"{"text": "hi"}"#)
        );
        assert_eq!(req["auth"], "Zoho-oauthtoken ");
        assert_eq!(req["timeoutMs"], 250.0);
        let req = parse(&e.request("getMessage", r#"["c", "m", null]"#));
        assert_eq!(req["timeoutMs"], 5000.0);
        assert!(req["body"].is_null());
    }

    #[test]
    fn bad_arguments_are_errors_of_the_operation() {
        let e = engine("");
        let out = parse(&e.request("getMessage", r#"[1, "m", null]"#));
        assert_eq!(out["error"]["field"], "chatId");
        assert_eq!(out["error"]["operation"], "getMessage");
        let out = parse(&e.request("postToChat", r#"["c", {"text": ""}, null]"#));
        assert_eq!(out["error"]["kind"], "invalid_input");
        let out = parse(&e.request("getMessage", r#"["c", "m", {"timeoutMs": -1}]"#));
        assert_eq!(out["error"]["field"], "opts.timeoutMs");
        let out = parse(&e.request("sendFax", "[]"));
        assert_eq!(out["error"]["field"], "operation");
    }

    #[test]
    fn reject_mode_admits_the_quota_then_refuses() {
        let mut e = engine(r#", "rateLimit": {"mode": "reject"}"#);
        for _ in 0..15 {
            assert!(parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"].is_u64());
        }
        let out = parse(&e.admit("getMessages", 0.0, 0.0, 0.0));
        assert_eq!(out["error"]["kind"], "rate_limited");
        assert!(out["error"]["retryAfterMs"].as_u64().unwrap() > 0);
        // Other operations have budgets of their own.
        assert!(parse(&e.admit("getMessage", 0.0, 0.0, 0.0))["go"].is_u64());
    }

    #[test]
    fn queue_mode_hands_out_a_ticket_and_honours_max_wait() {
        let mut e = engine(r#", "rateLimit": {"timeScale": 60, "maxWaitMs": 5000}"#);
        for _ in 0..15 {
            let slot = parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
                .as_f64()
                .unwrap();
            let done = e.conclude("getMessages", slot, 200, None, "[]", "", 1, 10.0, 0.5, 0);
            assert_eq!(parse(&done)["ok"], parse("[]"));
        }
        // One window (1 s at x60) after the answers at 10 ms.
        let out = parse(&e.admit("getMessages", 0.0, 20.0, 20.0));
        assert_eq!(out["wait"], 990);
        let ticket = out["ticket"].as_f64().unwrap();
        assert!(parse(&e.admit("getMessages", ticket, 20.0, 1010.0))["go"].is_u64());
        let mut slow = engine(r#", "rateLimit": {"timeScale": 1, "maxWaitMs": 5000}"#);
        for _ in 0..15 {
            let slot = parse(&slow.admit("getMessages", 0.0, 0.0, 0.0))["go"]
                .as_f64()
                .unwrap();
            slow.conclude("getMessages", slot, 200, None, "[]", "", 1, 0.0, 0.5, 0);
        }
        let out = parse(&slow.admit("getMessages", 0.0, 1.0, 1.0));
        assert_eq!(out["error"]["kind"], "rate_limited");
        assert!(out["error"]["message"]
            .as_str()
            .unwrap()
            .contains("maxWaitMs"));
    }

    #[test]
    fn a_throttle_locks_the_operation_and_is_retried_only_with_retry_after() {
        let mut e = engine("");
        let slot = parse(&e.admit("getMessage", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let body = r#"{"code": "too_many_requests", "message": "slow down"}"#;
        let out = parse(&e.conclude(
            "getMessage",
            slot,
            429,
            Some("2".into()),
            body,
            "",
            1,
            0.0,
            0.5,
            0,
        ));
        assert_eq!(out["error"]["kind"], "rate_limited");
        assert_eq!(out["retryIn"], 2000.0);
        assert_eq!(out["throttle"], 2000);
        let locked = parse(&e.admit("getMessage", 0.0, 500.0, 500.0));
        assert_eq!(locked["locked"], 1500);
        assert_eq!(locked["error"]["kind"], "rate_limited");
        assert_eq!(e.locked_for("getMessage", 1999.5), 0.5);
        // Without Retry-After: locked for the scaled lock period, no retry.
        let slot = parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let out = parse(&e.conclude("getMessages", slot, 429, None, body, "", 1, 0.0, 0.5, 0));
        assert!(out.get("retryIn").is_none());
        assert_eq!(out["throttle"], 10_000);
    }

    #[test]
    fn failures_are_retried_only_where_safe() {
        let mut e = engine("");
        let slot = parse(&e.admit("getMessage", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let out = parse(&e.conclude(
            "getMessage",
            slot,
            0,
            None,
            "reset",
            "network",
            1,
            1.0,
            0.0,
            0,
        ));
        assert_eq!(out["error"]["kind"], "network");
        assert_eq!(out["error"]["message"], "getMessage failed: reset");
        assert_eq!(out["retryIn"], 150.0);
        let slot = parse(&e.admit("postToChat", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let out = parse(&e.conclude(
            "postToChat",
            slot,
            0,
            None,
            "no answer",
            "timeout",
            1,
            1.0,
            0.0,
            0,
        ));
        assert_eq!(out["error"]["kind"], "timeout");
        assert!(
            out.get("retryIn").is_none(),
            "a POST that may have arrived is never resent"
        );
        let slot = parse(&e.admit("getMessage", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let out = parse(&e.conclude("getMessage", slot, 0, None, "x", "aborted", 1, 1.0, 0.0, 0));
        assert_eq!(out["error"]["kind"], "aborted");
    }

    #[test]
    fn a_message_walk_pages_forward_and_ends_on_a_short_page() {
        let mut e = engine("");
        let walk = parse(&e.walk(
            "getMessages",
            r#"["c1", {"fromTime": 5, "pageSize": 2}, null]"#,
        ))["walk"]
            .as_u64()
            .unwrap() as u32;
        let req = parse(&e.walk_request_json(walk, "null"));
        assert!(req["url"]
            .as_str()
            .unwrap()
            .ends_with("/chats/c1/messages?fromtime=5&limit=2"));
        let page = r#"[{"id": "b", "time": 7}, {"id": "a", "time": 6}]"#;
        let slot = parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let out = parse(&e.conclude("getMessages", slot, 200, None, page, "", 1, 1.0, 0.5, walk));
        let ids: Vec<_> = out["ok"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].clone())
            .collect();
        assert_eq!(ids, ["a", "b"], "oldest first");
        let req = parse(&e.walk_request_json(walk, "null"));
        assert!(
            req["url"].as_str().unwrap().contains("fromtime=7&limit=3"),
            "{req}"
        );
        let slot = parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        let page = r#"[{"id": "b", "time": 7}]"#;
        let out = parse(&e.conclude("getMessages", slot, 200, None, page, "", 1, 1.0, 0.5, walk));
        assert_eq!(
            out["ok"],
            parse("[]"),
            "the boundary message is not repeated"
        );
        assert_eq!(e.walk_request_json(walk, "null"), "null");
        e.walk_close(walk);
        assert_eq!(e.walk_request_json(walk, "null"), "null");
        let bad = parse(&e.walk("listMessageActions", r#"[{"pageSize": 500}, null]"#));
        assert_eq!(bad["error"]["field"], "query.pageSize");
    }

    #[test]
    fn a_closed_walks_late_answer_feeds_no_other_walk() {
        let mut e = engine("");
        let start = |e: &mut Engine, chat: &str| {
            let args = format!(r#"["{chat}", {{"fromTime": 5, "pageSize": 2}}, null]"#);
            parse(&e.walk("getMessages", &args))["walk"]
                .as_u64()
                .unwrap() as u32
        };
        let a = start(&mut e, "a");
        let slot = parse(&e.admit("getMessages", 0.0, 0.0, 0.0))["go"]
            .as_f64()
            .unwrap();
        e.walk_close(a); // `return()` while the page is in flight
        let b = start(&mut e, "b");
        assert_ne!(a, b, "walk ids are never reused");
        let page = r#"[{"id": "x", "time": 9}, {"id": "y", "time": 9}]"#;
        let out = parse(&e.conclude("getMessages", slot, 200, None, page, "", 1, 1.0, 0.5, a));
        assert_eq!(out["ok"], parse("[]"));
        let req = parse(&e.walk_request_json(b, "null"));
        assert!(req["url"]
            .as_str()
            .unwrap()
            .ends_with("/chats/b/messages?fromtime=5&limit=2"));
        // A page request that cannot be built names its operation.
        let c = start(&mut e, "");
        let out = parse(&e.walk_request_json(c, "null"));
        assert_eq!(out["error"]["operation"], "getMessages");
        assert_eq!(out["error"]["field"], "chatId");
    }

    #[test]
    fn validators_answer_violations_as_json() {
        assert_eq!(Engine::validate_message(r#""hello""#), "[]");
        let out = parse(&Engine::validate_message(r#"{"text": ""}"#));
        assert_eq!(out[0]["field"], "text");
        let out = parse(&Engine::validate_message_action("{}", "create"));
        assert!(out.as_array().unwrap().iter().any(|v| v["field"] == "name"));
        let out = parse(&Engine::validate_message_action("{}", "upsert"));
        assert_eq!(out[0]["field"], "mode");
    }

    #[test]
    fn rate_limit_status_covers_every_operation() {
        let mut e = engine("");
        let status = parse(&e.status(0.0));
        assert_eq!(status.as_object().unwrap().len(), 18);
        assert_eq!(status["getMessages"]["remaining"], 15);
    }
}
