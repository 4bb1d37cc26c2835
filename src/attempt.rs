//! One call's life as a sans-IO state machine: admit (the budget), token,
//! send, conclude (decode, retry, throttle lock), the one replay after a
//! 401, and the end. The async edge (`src/client/`) performs what each
//! [`Step`] asks — sleep, get a token, send — and feeds back what happened
//! as an [`Input`]; every decision is taken here, with the clock and the
//! randomness passed in, so it is tested natively.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

use crate::endpoint::{Method, Operation};
use crate::error::{Error, ErrorKind};
use crate::ratelimit::{Mode, Poll, RateLimiter, Slot, Ticket, IN_FLIGHT_POLL_MS};
use crate::response::{decode, HttpResponse};
use crate::retry::RetryPolicy;

/// A retry that wakes this close before a lock ends waits for the lock
/// (the clock and the timer may disagree by a millisecond); a longer lock
/// (another call's throttle) is left to the budget, which refuses at once.
const LOCK_SLOP_MS: f64 = 50.0;

/// Whole milliseconds, rounded up (`f64::ceil` is not in `core`).
pub fn ceil_ms(ms: f64) -> u64 {
    let whole = ms.max(0.0) as u64; // saturating; NaN is 0
    if (whole as f64) < ms {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// What the client shares between its calls.
pub struct Context<'a> {
    /// The client's budget.
    pub limiter: &'a mut RateLimiter,
    /// The client's retry settings.
    pub retry: &'a RetryPolicy,
    /// Whether a fresh token can be had (a provider): a 401 is then replayed once.
    pub refreshable: bool,
}

/// How an attempt ended without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The caller's signal fired.
    Aborted,
    /// No answer within the attempt's timeout.
    Timeout,
    /// The transport failed (connection refused, reset, DNS, …).
    Network,
}

/// What happened since the last step.
#[derive(Debug, Clone, PartialEq)]
pub enum Input<'a> {
    /// The call begins.
    Start,
    /// A [`Step::Sleep`] ended.
    Woke,
    /// The token asked for by [`Step::Token`] is at hand.
    Token,
    /// No token could be had.
    TokenFailed(Error),
    /// The server answered the attempt.
    Answer(HttpResponse<'a>),
    /// The attempt ended without an answer; the text says why.
    Failed(Failure, &'a str),
    /// The caller's signal fired while the call waited (queued, for a
    /// token, or between attempts).
    Aborted,
}

/// What the edge must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Sleep this many milliseconds, then [`Input::Woke`] (or
    /// [`Input::Aborted`] if the signal fires first).
    Sleep(f64),
    /// Get the token; `refresh` when the last one sent was refused. Then
    /// [`Input::Token`] or [`Input::TokenFailed`].
    Token {
        /// The token this call last sent was refused (401).
        refresh: bool,
    },
    /// Send the request; `attempt` counts every request of this call (for
    /// events). Then [`Input::Answer`] or [`Input::Failed`].
    Send {
        /// 1 for the first request sent, 2 for the next, …
        attempt: u32,
    },
    /// The call is over.
    Done(Result<Value, Error>),
}

/// Why the client reports to `onRateLimit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The call waits for its place in the budget (reported once).
    Wait(u64),
    /// The operation is locked by an earlier throttle: the call is refused.
    Locked(u64),
    /// The server throttled this call; the operation is locked this long.
    Throttle(u64),
}

impl Notice {
    /// The event's `type`.
    pub fn kind(self) -> &'static str {
        match self {
            Notice::Wait(_) => "wait",
            Notice::Locked(_) => "locked",
            Notice::Throttle(_) => "throttle",
        }
    }

    /// The event's `retryAfterMs`.
    pub fn retry_after_ms(self) -> u64 {
        match self {
            Notice::Wait(ms) | Notice::Locked(ms) | Notice::Throttle(ms) => ms,
        }
    }
}

/// A step, and a rate-limit notice to report before performing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// What to do.
    pub step: Step,
    /// What to tell `onRateLimit` first.
    pub notice: Option<Notice>,
}

impl From<Step> for Output {
    fn from(step: Step) -> Output {
        Output { step, notice: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Idle,
    /// Waiting in the queue since `since`.
    Queued {
        ticket: Ticket,
        since: f64,
    },
    /// Admitted, waiting for the token.
    Admitted(Slot),
    InFlight(Slot),
    /// Waiting before a retry.
    Backoff,
    /// Waiting for the last milliseconds of a lock before a retry.
    Settling,
    Done,
}

/// One call of one operation, from admission to its result.
#[derive(Debug, Clone)]
pub struct Attempt {
    op: Operation,
    state: State,
    /// Attempts counted by the retry policy (a 401 replay is not a retry).
    tries: u32,
    /// Requests sent, replays included (for events).
    sent: u32,
    replayed: bool,
    wait_reported: bool,
    /// An earlier attempt ended without an answer: it may have been applied.
    unanswered: bool,
}

impl Attempt {
    /// A call of `op`, not started yet (feed [`Input::Start`]).
    pub fn new(op: Operation) -> Attempt {
        Attempt {
            op,
            state: State::Idle,
            tries: 0,
            sent: 0,
            replayed: false,
            wait_reported: false,
            unanswered: false,
        }
    }

    /// The operation of this call.
    pub fn operation(&self) -> Operation {
        self.op
    }

    /// Advances the call with what happened at `now` (ms, any monotonic
    /// clock); `random` is uniform in `[0, 1)` (retry jitter).
    pub fn resume(
        &mut self,
        input: Input<'_>,
        ctx: &mut Context<'_>,
        now: f64,
        random: f64,
    ) -> Output {
        match (input, self.state) {
            (Input::Start, State::Idle) | (Input::Woke, State::Settling) => self.admit(ctx, now),
            (Input::Woke, State::Queued { .. }) => self.admit(ctx, now),
            (Input::Woke, State::Backoff) => {
                let slop = ctx.limiter.locked_for(self.op, now);
                if slop > 0.0 && slop <= LOCK_SLOP_MS {
                    self.state = State::Settling;
                    Step::Sleep(slop + 1.0).into()
                } else {
                    self.admit(ctx, now)
                }
            }
            (Input::Token, State::Admitted(slot)) => {
                self.tries += 1;
                self.sent += 1;
                self.state = State::InFlight(slot);
                Step::Send { attempt: self.sent }.into()
            }
            (Input::TokenFailed(err), State::Admitted(slot)) => {
                ctx.limiter.release(slot);
                self.done(Err(err))
            }
            (Input::Answer(resp), State::InFlight(slot)) => {
                ctx.limiter.finish(slot, now);
                self.conclude(decode(self.op, &resp), ctx, now, random)
            }
            (Input::Failed(failure, detail), State::InFlight(slot)) => {
                ctx.limiter.finish(slot, now);
                let kind = match failure {
                    Failure::Aborted => ErrorKind::Aborted,
                    Failure::Timeout => ErrorKind::Timeout,
                    Failure::Network => ErrorKind::Network,
                };
                let err = Error::new(kind, format!("{} failed: {detail}", self.op.name()));
                self.unanswered = true;
                self.conclude(Err(err), ctx, now, random)
            }
            (Input::Aborted, state) => {
                match state {
                    State::Queued { ticket, .. } => ctx.limiter.cancel(self.op, ticket),
                    State::Admitted(slot) => ctx.limiter.release(slot),
                    State::InFlight(slot) => ctx.limiter.finish(slot, now),
                    _ => {}
                }
                self.done(Err(aborted()))
            }
            // An input the current state does not expect: a bug of the
            // edge. End the call rather than trap.
            (_, State::Done) => Step::Done(Err(Error::new(
                ErrorKind::Aborted,
                "the call is already over",
            )))
            .into(),
            _ => self.done(Err(Error::new(
                ErrorKind::Network,
                "the client lost track of this call",
            ))),
        }
    }

    fn done(&mut self, result: Result<Value, Error>) -> Output {
        self.state = State::Done;
        Step::Done(result.map_err(|e| e.in_operation(self.op.name()))).into()
    }

    fn refused(&mut self, err: Error, notice: Option<Notice>) -> Output {
        Output {
            notice,
            ..self.done(Err(err))
        }
    }

    fn admitted(&mut self, slot: Slot) -> Output {
        self.state = State::Admitted(slot);
        Step::Token {
            refresh: self.replayed,
        }
        .into()
    }

    /// Looks at the budget: go, wait (queue mode), or refuse.
    fn admit(&mut self, ctx: &mut Context<'_>, now: f64) -> Output {
        let op = self.op;
        let locked = |ms: f64| {
            Error::rate_limited(
                format!(
                    "{} is locked by Cliq for another {} ms",
                    op.name(),
                    ceil_ms(ms)
                ),
                ceil_ms(ms),
            )
        };
        if ctx.limiter.mode() != Mode::Queue {
            return match ctx.limiter.try_acquire(op, now) {
                Poll::Go(slot) => self.admitted(slot),
                Poll::Locked(ms) => self.refused(locked(ms), Some(Notice::Locked(ceil_ms(ms)))),
                Poll::Wait(ms) | Poll::Pending(ms) => {
                    let err = Error::rate_limited(
                        format!(
                            "{} has used its quota of {} calls per minute; next place in {} ms",
                            op.name(),
                            op.endpoint().quota_per_minute,
                            ceil_ms(ms)
                        ),
                        ceil_ms(ms),
                    );
                    self.refused(err, None)
                }
            };
        }
        let (ticket, since) = match self.state {
            State::Queued { ticket, since } => (ticket, since),
            _ => (ctx.limiter.enqueue(op), now),
        };
        // `wait` is the expected wait from now; `nap` how long to sleep
        // before looking again (sooner while answers are still to come).
        let (wait, nap) = match ctx.limiter.poll(op, ticket, now) {
            Poll::Go(slot) => return self.admitted(slot),
            Poll::Locked(ms) => {
                ctx.limiter.cancel(op, ticket);
                return self.refused(locked(ms), Some(Notice::Locked(ceil_ms(ms))));
            }
            Poll::Wait(ms) => (ms, ms),
            Poll::Pending(ms) => (ms, IN_FLIGHT_POLL_MS),
        };
        // The whole wait counts: a place that keeps receding (answers still
        // to come) cannot stretch it past `maxWaitMs`.
        if (now - since).max(0.0) + wait > ctx.retry.max_wait_ms {
            ctx.limiter.cancel(op, ticket);
            let err = Error::rate_limited(
                format!(
                    "{} would wait more than maxWaitMs ({} ms) for its quota",
                    op.name(),
                    ctx.retry.max_wait_ms as u64
                ),
                ceil_ms(wait),
            );
            return self.refused(err, None);
        }
        self.state = State::Queued { ticket, since };
        let notice = (!self.wait_reported).then_some(Notice::Wait(ceil_ms(wait)));
        self.wait_reported = true;
        Output {
            step: Step::Sleep(nap),
            notice,
        }
    }

    /// What an attempt's outcome means: the result, a replay, a retry, or
    /// the error (with the throttle lock recorded).
    fn conclude(
        &mut self,
        result: Result<Value, Error>,
        ctx: &mut Context<'_>,
        now: f64,
        random: f64,
    ) -> Output {
        let mut err = match result {
            Ok(value) => return self.done(Ok(value)),
            Err(err) => err,
        };
        if err.kind == ErrorKind::NotFound
            && self.unanswered
            && self.op.endpoint().method == Method::Delete
        {
            // The unanswered attempt deleted it: what the caller asked for
            // is done, and a delete resolves to nothing.
            return self.done(Ok(Value::Null));
        }
        if err.kind == ErrorKind::Unauthorized && ctx.refreshable && !self.replayed {
            // One fresh token and one replay; it does not count as a retry.
            self.replayed = true;
            self.tries -= 1;
            self.state = State::Idle;
            return self.admit(ctx, now);
        }
        // Decided on what the server said (a 429 is retried only when it
        // sent Retry-After), before the lock is filled in below.
        let delay = ctx.retry.next_delay(self.op, self.tries, &err, random);
        let mut notice = None;
        if err.kind == ErrorKind::RateLimited {
            let lock = ctx
                .limiter
                .record_throttle(self.op, now, err.retry_after_ms);
            err.retry_after_ms = Some(ceil_ms(lock).max(1));
            notice = Some(Notice::Throttle(ceil_ms(lock)));
        }
        match delay {
            Some(ms) if err.kind != ErrorKind::Aborted => {
                self.state = State::Backoff;
                Output {
                    step: Step::Sleep(ms),
                    notice,
                }
            }
            _ => self.refused(err, notice),
        }
    }
}

/// The error of a call the caller's signal aborted.
pub fn aborted() -> Error {
    Error::new(ErrorKind::Aborted, "aborted by the caller's signal")
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use super::*;

    /// A client's shared state for the tests.
    struct Client {
        limiter: RateLimiter,
        retry: RetryPolicy,
        refreshable: bool,
    }

    impl Client {
        fn new(mode: Mode, time_scale: f64, max_wait_ms: f64) -> Client {
            Client {
                limiter: RateLimiter::new(mode, time_scale),
                retry: RetryPolicy {
                    max_wait_ms,
                    ..RetryPolicy::default()
                },
                refreshable: false,
            }
        }

        fn step(&mut self, call: &mut Attempt, input: Input<'_>, now: f64) -> Output {
            let mut ctx = Context {
                limiter: &mut self.limiter,
                retry: &self.retry,
                refreshable: self.refreshable,
            };
            call.resume(input, &mut ctx, now, 0.0)
        }

        /// Starts a call and brings it to `Send` (admitted, token at hand).
        fn send(&mut self, op: Operation, now: f64) -> Attempt {
            let mut call = Attempt::new(op);
            assert_eq!(
                self.step(&mut call, Input::Start, now).step,
                Step::Token { refresh: false }
            );
            assert!(matches!(
                self.step(&mut call, Input::Token, now).step,
                Step::Send { .. }
            ));
            call
        }
    }

    fn answer<'a>(status: u16, retry_after: Option<&'a str>, body: &'a str) -> Input<'a> {
        Input::Answer(HttpResponse {
            status,
            retry_after,
            body,
        })
    }

    fn error_of(out: Output) -> Error {
        match out.step {
            Step::Done(Err(e)) => e,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn a_call_goes_admit_token_send_done() {
        let mut client = Client::new(Mode::Queue, 60.0, 60_000.0);
        let mut call = client.send(Operation::GetMessages, 0.0);
        let out = client.step(&mut call, answer(200, None, r#"{"data": []}"#), 5.0);
        assert_eq!(out.step, Step::Done(Ok(Value::Array(Vec::new()))));
        assert_eq!(
            client.limiter.status(Operation::GetMessages, 5.0).remaining,
            14
        );
    }

    #[test]
    fn queue_mode_waits_reports_once_and_honours_max_wait() {
        let mut client = Client::new(Mode::Queue, 60.0, 5_000.0);
        for _ in 0..15 {
            let mut call = client.send(Operation::GetMessages, 0.0);
            client.step(&mut call, answer(200, None, "[]"), 10.0);
        }
        // One window (1 s at x60) after the answers at 10 ms.
        let mut call = Attempt::new(Operation::GetMessages);
        let out = client.step(&mut call, Input::Start, 20.0);
        assert_eq!(out.step, Step::Sleep(990.0));
        assert_eq!(out.notice, Some(Notice::Wait(990)));
        let out = client.step(&mut call, Input::Woke, 500.0);
        assert_eq!(out.notice, None, "a wait is reported once");
        let out = client.step(&mut call, Input::Woke, 1010.0);
        assert_eq!(out.step, Step::Token { refresh: false });

        let mut slow = Client::new(Mode::Queue, 1.0, 5_000.0);
        for _ in 0..15 {
            let mut call = slow.send(Operation::GetMessages, 0.0);
            slow.step(&mut call, answer(200, None, "[]"), 0.0);
        }
        let err = error_of(slow.step(&mut Attempt::new(Operation::GetMessages), Input::Start, 1.0));
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert!(err.message.contains("maxWaitMs"), "{}", err.message);
        assert_eq!(err.operation, Some("getMessages"));
    }

    #[test]
    fn max_wait_bounds_the_whole_wait_not_each_look() {
        let mut client = Client::new(Mode::Queue, 60.0, 1_500.0);
        let calls: Vec<Attempt> = (0..15)
            .map(|_| client.send(Operation::GetMessages, 0.0))
            .collect();
        // Answers still to come: at least a window (1 s) away; look again soon.
        let mut call = Attempt::new(Operation::GetMessages);
        let out = client.step(&mut call, Input::Start, 0.0);
        assert_eq!(out.step, Step::Sleep(IN_FLIGHT_POLL_MS));
        assert_eq!(out.notice, Some(Notice::Wait(1000)));
        let err = error_of(client.step(&mut call, Input::Woke, 800.0));
        assert_eq!(
            err.kind,
            ErrorKind::RateLimited,
            "800 ms waited + 1 s more > 1.5 s"
        );
        // The ticket left the queue: once answers arrive, a new call waits
        // for the first place, not the second.
        for (i, mut call) in calls.into_iter().enumerate() {
            client.step(&mut call, answer(200, None, "[]"), 10.0 * (i + 1) as f64);
        }
        let out = client.step(
            &mut Attempt::new(Operation::GetMessages),
            Input::Start,
            900.0,
        );
        assert_eq!(out.step, Step::Sleep(110.0));
    }

    #[test]
    fn reject_mode_admits_the_quota_then_refuses() {
        let mut client = Client::new(Mode::Reject, 1.0, 60_000.0);
        for _ in 0..15 {
            client.send(Operation::GetMessages, 0.0);
        }
        let err =
            error_of(client.step(&mut Attempt::new(Operation::GetMessages), Input::Start, 0.0));
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert!(err.retry_after_ms.unwrap() > 0);
        // Other operations have budgets of their own.
        client.send(Operation::GetMessage, 0.0);
    }

    #[test]
    fn a_throttle_locks_the_operation_and_is_retried_only_with_retry_after() {
        let mut client = Client::new(Mode::Queue, 1.0, 60_000.0);
        let body = r#"{"code": "too_many_requests", "message": "slow down"}"#;
        let mut call = client.send(Operation::GetMessage, 0.0);
        let out = client.step(&mut call, answer(429, Some("2"), body), 0.0);
        assert_eq!(out.step, Step::Sleep(2000.0));
        assert_eq!(out.notice, Some(Notice::Throttle(2000)));
        // Meanwhile another call of the operation is refused at once.
        let other = client.step(
            &mut Attempt::new(Operation::GetMessage),
            Input::Start,
            500.0,
        );
        assert_eq!(other.notice, Some(Notice::Locked(1500)));
        assert_eq!(error_of(other).retry_after_ms, Some(1500));
        // Woken a hair early: wait out the lock, then go.
        let out = client.step(&mut call, Input::Woke, 1999.5);
        assert_eq!(out.step, Step::Sleep(1.5));
        let out = client.step(&mut call, Input::Woke, 2001.0);
        assert_eq!(out.step, Step::Token { refresh: false });
        // Without Retry-After: locked for the lock period, no retry.
        let mut call = client.send(Operation::GetMessages, 0.0);
        let out = client.step(&mut call, answer(429, None, body), 0.0);
        assert_eq!(out.notice, Some(Notice::Throttle(600_000)));
        let err = error_of(out);
        assert_eq!(err.retry_after_ms, Some(600_000));
        assert_eq!(err.status, Some(429));
    }

    #[test]
    fn failures_are_retried_only_where_safe() {
        let mut client = Client::new(Mode::Queue, 60.0, 60_000.0);
        let mut call = client.send(Operation::GetMessage, 0.0);
        let out = client.step(&mut call, Input::Failed(Failure::Network, "reset"), 1.0);
        assert_eq!(out.step, Step::Sleep(150.0));
        let out = client.step(&mut call, Input::Woke, 200.0);
        assert_eq!(out.step, Step::Token { refresh: false });
        client.step(&mut call, Input::Token, 200.0);
        let out = client.step(&mut call, answer(503, None, ""), 201.0);
        assert!(matches!(out.step, Step::Sleep(_)), "second retry");
        client.step(&mut call, Input::Woke, 900.0);
        client.step(&mut call, Input::Token, 900.0);
        let err = error_of(client.step(&mut call, answer(503, None, ""), 901.0));
        assert_eq!(err.kind, ErrorKind::Server, "maxRetries (2) spent");

        let mut post = client.send(Operation::PostToChat, 0.0);
        let err =
            error_of(client.step(&mut post, Input::Failed(Failure::Timeout, "no answer"), 1.0));
        assert_eq!(
            err.kind,
            ErrorKind::Timeout,
            "a POST that may have arrived is never resent"
        );
        assert_eq!(err.message, "postToChat failed: no answer");

        let mut call = client.send(Operation::GetMessage, 0.0);
        let err = error_of(client.step(&mut call, Input::Failed(Failure::Aborted, "x"), 1.0));
        assert_eq!(err.kind, ErrorKind::Aborted);
    }

    #[test]
    fn a_delete_whose_unanswered_attempt_went_through_resolves() {
        let mut client = Client::new(Mode::Queue, 60.0, 60_000.0);
        let not_found = r#"{"code": "message_not_found", "message": "gone"}"#;
        let mut call = client.send(Operation::DeleteMessage, 0.0);
        let out = client.step(&mut call, Input::Failed(Failure::Network, "reset"), 1.0);
        assert!(matches!(out.step, Step::Sleep(_)), "a DELETE is retried");
        client.step(&mut call, Input::Woke, 400.0);
        client.step(&mut call, Input::Token, 400.0);
        let out = client.step(&mut call, answer(404, None, not_found), 401.0);
        assert_eq!(out.step, Step::Done(Ok(Value::Null)));

        // Without an unanswered attempt, a 404 is the caller's to know.
        let mut call = client.send(Operation::DeleteMessage, 0.0);
        let err = error_of(client.step(&mut call, answer(404, None, not_found), 1.0));
        assert_eq!(err.kind, ErrorKind::NotFound);
        // And only a DELETE: a read retried after a timeout reports it.
        let mut call = client.send(Operation::GetMessage, 0.0);
        client.step(&mut call, Input::Failed(Failure::Timeout, "slow"), 1.0);
        client.step(&mut call, Input::Woke, 400.0);
        client.step(&mut call, Input::Token, 400.0);
        let err = error_of(client.step(&mut call, answer(404, None, not_found), 401.0));
        assert_eq!(err.kind, ErrorKind::NotFound);
    }

    #[test]
    fn a_401_with_a_provider_is_replayed_once_with_a_fresh_token() {
        let mut client = Client::new(Mode::Queue, 60.0, 60_000.0);
        client.refreshable = true;
        let mut call = client.send(Operation::GetMessage, 0.0);
        let out = client.step(&mut call, answer(401, None, ""), 1.0);
        assert_eq!(out.step, Step::Token { refresh: true });
        assert_eq!(
            client.step(&mut call, Input::Token, 1.0).step,
            Step::Send { attempt: 2 }
        );
        let err = error_of(client.step(&mut call, answer(401, None, "<html>"), 2.0));
        assert_eq!(err.kind, ErrorKind::Unauthorized, "replayed only once");

        client.refreshable = false;
        let mut call = client.send(Operation::GetMessage, 0.0);
        let err = error_of(client.step(&mut call, answer(401, None, ""), 1.0));
        assert_eq!(
            err.kind,
            ErrorKind::Unauthorized,
            "a static token is not replayed"
        );
    }

    #[test]
    fn an_abort_gives_back_the_place_it_held() {
        let mut client = Client::new(Mode::Reject, 1.0, 60_000.0);
        let mut call = Attempt::new(Operation::GetMessages);
        client.step(&mut call, Input::Start, 0.0);
        let err = error_of(client.step(&mut call, Input::Aborted, 0.0));
        assert_eq!(err.kind, ErrorKind::Aborted);
        assert_eq!(
            client.limiter.status(Operation::GetMessages, 0.0).remaining,
            15
        );
        let mut call = Attempt::new(Operation::GetMessages);
        client.step(&mut call, Input::Start, 0.0);
        let err = error_of(client.step(&mut call, Input::TokenFailed(aborted()), 0.0));
        assert_eq!(err.operation, Some("getMessages"));
        assert_eq!(
            client.limiter.status(Operation::GetMessages, 0.0).remaining,
            15
        );
    }

    #[test]
    fn an_unexpected_input_ends_the_call_instead_of_trapping() {
        let mut client = Client::new(Mode::Queue, 1.0, 60_000.0);
        let mut call = Attempt::new(Operation::GetMessages);
        assert!(matches!(
            client.step(&mut call, Input::Token, 0.0).step,
            Step::Done(Err(_))
        ));
        assert!(matches!(
            client.step(&mut call, Input::Woke, 0.0).step,
            Step::Done(Err(_))
        ));
    }
}
