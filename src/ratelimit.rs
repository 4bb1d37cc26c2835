//! Per-operation budgets and lock tracking, with the clock injected.
//!
//! Cliq allows each user a number of calls per minute per operation and
//! locks the operation for 5–10 minutes once that is exceeded. The limiter
//! keeps every call inside a sliding window that is slightly longer than
//! Cliq's: a call counts from when it is sent until one window after its
//! answer arrived, so no jitter between client and server can put more than
//! `quota` calls into one server window.
//!
//! Waiting calls are served in order: [`RateLimiter::enqueue`] hands out a
//! ticket, [`RateLimiter::poll`] says when it may go, [`RateLimiter::finish`]
//! records the answer's arrival. All times are milliseconds on any
//! monotonic clock the caller chooses.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::endpoint::Operation;

/// How the client spends its budget (`rateLimit.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Calls wait for their slot, in order (the default).
    #[default]
    Queue,
    /// Calls over budget fail at once with `rate_limited`.
    Reject,
    /// No client-side budget. Locks reported by the server are still honoured.
    Off,
}

impl Mode {
    /// Parses the JS option value.
    pub fn parse(value: &str) -> Option<Mode> {
        match value {
            "queue" => Some(Mode::Queue),
            "reject" => Some(Mode::Reject),
            "off" => Some(Mode::Off),
            _ => None,
        }
    }
}

/// A place in an operation's queue.
pub type Ticket = u64;

/// A call admitted into the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    op: Operation,
    id: u64,
}

impl Slot {
    /// The slot `id` of `op`, as [`Slot::id`] gave it out (for callers that
    /// keep the id outside Rust, e.g. in JS).
    pub fn new(op: Operation, id: u64) -> Slot {
        Slot { op, id }
    }

    /// The slot's id, unique within one limiter.
    pub fn id(self) -> u64 {
        self.id
    }
}

/// What a waiting call should do now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Poll {
    /// Send now; report the answer with [`RateLimiter::finish`].
    Go(Slot),
    /// Poll again after this many milliseconds.
    Wait(f64),
    /// The place frees one window after calls still in flight are answered:
    /// at least this many milliseconds away; poll again soon.
    Pending(f64),
    /// The operation is locked for this many more milliseconds.
    Locked(f64),
}

/// Budget snapshot of one operation, for dashboards (`rateLimitStatus()`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Status {
    /// Calls that can start now without waiting.
    pub remaining: u32,
    /// Milliseconds until the next slot frees up (0 when `remaining > 0` or
    /// nothing is in the window).
    pub reset_in_ms: f64,
    /// Milliseconds left of a lock reported by the server (0 if none).
    pub locked_for_ms: f64,
}

/// How long to wait before looking again at a slot still in flight.
pub const IN_FLIGHT_POLL_MS: f64 = 20.0;

#[derive(Debug, Clone, Default)]
struct Budget {
    /// Admitted calls, oldest first: `None` while in flight, else when the answer arrived.
    window: Vec<(u64, Option<f64>)>,
    /// Waiting tickets, first in line first.
    queue: Vec<Ticket>,
    locked_until: f64,
}

/// Budgets of all operations of one user (one client).
#[derive(Debug, Clone)]
pub struct RateLimiter {
    mode: Mode,
    time_scale: f64,
    next_id: u64,
    /// One per operation, at [`Operation::index`].
    budgets: [Budget; Operation::COUNT],
}

impl RateLimiter {
    /// A limiter in `mode`; `time_scale` > 0 shrinks quota windows and lock
    /// periods (60 = a quota minute lasts one second).
    pub fn new(mode: Mode, time_scale: f64) -> RateLimiter {
        RateLimiter {
            mode,
            time_scale: if time_scale.is_finite() && time_scale > 0.0 {
                time_scale
            } else {
                1.0
            },
            next_id: 0,
            budgets: core::array::from_fn(|_| Budget::default()),
        }
    }

    /// The mode the limiter runs in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Length of one quota window. A call counts until one window after its
    /// answer arrived, which is already later than one window after the
    /// server counted it, so no margin is needed against network jitter.
    pub fn window_ms(&self) -> f64 {
        60_000.0 / self.time_scale
    }

    /// `op`'s lock period, scaled.
    pub fn lock_ms(&self, op: Operation) -> f64 {
        op.endpoint().lock_ms() as f64 / self.time_scale
    }

    fn budget(&mut self, op: Operation) -> &mut Budget {
        // In bounds by construction: `index` is the variant's position in
        // `Operation::ALL` (a test checks it), and there are `COUNT` budgets.
        #[allow(clippy::indexing_slicing)]
        &mut self.budgets[op.index()]
    }

    /// Drops answers older than a window; they no longer count.
    fn prune(&mut self, op: Operation, now: f64) {
        let window = self.window_ms();
        let budget = self.budget(op);
        budget
            .window
            .retain(|(_, done)| done.is_none_or(|t| t + window > now));
    }

    /// Takes a place in `op`'s queue.
    pub fn enqueue(&mut self, op: Operation) -> Ticket {
        self.next_id += 1;
        let id = self.next_id;
        self.budget(op).queue.push(id);
        id
    }

    /// Leaves the queue without sending (an aborted call).
    pub fn cancel(&mut self, op: Operation, ticket: Ticket) {
        self.budget(op).queue.retain(|t| *t != ticket);
    }

    /// When may `ticket` go? Admits it (removing it from the queue) when it may.
    pub fn poll(&mut self, op: Operation, ticket: Ticket, now: f64) -> Poll {
        let locked = self.locked_for(op, now);
        if locked > 0.0 {
            return Poll::Locked(locked);
        }
        self.prune(op, now);
        let quota = op.endpoint().quota_per_minute as usize;
        let window = self.window_ms();
        let mode = self.mode;
        let budget = self.budget(op);
        let Some(position) = budget.queue.iter().position(|t| *t == ticket) else {
            return Poll::Wait(0.0);
        };
        // Calls ahead in the queue go first; this one needs `position + 1` free places.
        let needed = budget.window.len() + position + 1;
        if mode == Mode::Off || needed <= quota {
            budget.queue.remove(position);
            return admit(self, op);
        }
        // The place frees when `needed - quota` calls have left the window,
        // each one window after its answer; unknown while calls are in flight.
        let mut answered: Vec<f64> = budget.window.iter().filter_map(|(_, done)| *done).collect();
        match nth_smallest(&mut answered, needed - quota - 1) {
            Some(done) => Poll::Wait((done + window - now).max(1.0)),
            // Waiting on answers still to come (or on calls queued ahead):
            // at least a window away.
            None => Poll::Pending(window),
        }
    }

    /// Admits a call at once or says how long it would have to wait, without
    /// queueing (`reject` mode, and a retry that must not jump the queue).
    pub fn try_acquire(&mut self, op: Operation, now: f64) -> Poll {
        let ticket = self.enqueue(op);
        // Joining at the back: anyone already waiting keeps their turn.
        let poll = self.poll(op, ticket, now);
        if !matches!(poll, Poll::Go(_)) {
            self.cancel(op, ticket);
        }
        poll
    }

    /// The answer of `slot` arrived at `now` (or the call failed without one).
    pub fn finish(&mut self, slot: Slot, now: f64) {
        if let Some(entry) = self
            .budget(slot.op)
            .window
            .iter_mut()
            .find(|(id, _)| *id == slot.id)
        {
            entry.1 = Some(now);
        }
    }

    /// The slot was never used (aborted before sending): give its place back.
    pub fn release(&mut self, slot: Slot) {
        self.budget(slot.op).window.retain(|(id, _)| *id != slot.id);
    }

    /// The server throttled `op` at `now`: lock it for `retry_after_ms` when
    /// the server said, else for the documented (scaled) lock period.
    /// Returns the lock's length in milliseconds.
    pub fn record_throttle(&mut self, op: Operation, now: f64, retry_after_ms: Option<u64>) -> f64 {
        let lock = retry_after_ms
            .map(|ms| ms as f64)
            .unwrap_or_else(|| self.lock_ms(op));
        let budget = self.budget(op);
        budget.locked_until = budget.locked_until.max(now + lock);
        budget.locked_until - now
    }

    /// Milliseconds left of `op`'s lock (0 if none).
    pub fn locked_for(&self, op: Operation, now: f64) -> f64 {
        self.budgets
            .get(op.index())
            .map_or(0.0, |b| (b.locked_until - now).max(0.0))
    }

    /// Budget left for `op` at `now`.
    pub fn status(&mut self, op: Operation, now: f64) -> Status {
        self.prune(op, now);
        let quota = op.endpoint().quota_per_minute;
        let window = self.window_ms();
        let locked_for_ms = self.locked_for(op, now);
        let budget = self.budget(op);
        let used = (budget.window.len() + budget.queue.len()) as u32;
        let remaining = quota.saturating_sub(used);
        let reset_in_ms = if remaining > 0 {
            0.0
        } else {
            budget.window.first().map_or(window, |(_, done)| {
                done.map_or(window, |t| (t + window - now).max(0.0))
            })
        };
        Status {
            remaining: if locked_for_ms > 0.0 { 0 } else { remaining },
            reset_in_ms,
            locked_for_ms,
        }
    }
}

/// The `n`-th smallest value (0-based), or `None` when there are not that
/// many. `values` is at most a quota long, so a partial selection is enough.
fn nth_smallest(values: &mut [f64], n: usize) -> Option<f64> {
    for i in 0..=n {
        // Moves the smallest of `values[i..]` to the front of that tail.
        let rest = values.get_mut(i..).filter(|rest| !rest.is_empty())?;
        let mut min = 0;
        for (j, value) in rest.iter().enumerate() {
            if rest.get(min).is_some_and(|m| value < m) {
                min = j;
            }
        }
        rest.swap(0, min);
    }
    values.get(n).copied()
}

fn admit(limiter: &mut RateLimiter, op: Operation) -> Poll {
    limiter.next_id += 1;
    let id = limiter.next_id;
    let quota = op.endpoint().quota_per_minute as usize;
    let off = limiter.mode == Mode::Off;
    let window = &mut limiter.budget(op).window;
    // With no budget to keep, only the status needs the window, and it
    // counts no further than the quota: memory stays flat however fast
    // the calls come.
    if off && window.len() >= quota {
        if let Some(oldest) = window.iter().position(|(_, done)| done.is_some()) {
            window.remove(oldest);
        }
    }
    window.push((id, None));
    Poll::Go(Slot { op, id })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    const OP: Operation = Operation::PostToChannel; // 50 per minute, 10 min lock

    #[test]
    fn off_mode_keeps_no_more_than_the_quota_of_answered_calls() {
        let mut rl = RateLimiter::new(Mode::Off, 1.0);
        for i in 0..1000 {
            let Poll::Go(slot) = rl.try_acquire(OP, i as f64) else {
                panic!("off mode admits every call");
            };
            rl.finish(slot, i as f64);
        }
        assert!(rl.budgets[OP.index()].window.len() <= 50);
        assert_eq!(
            rl.status(OP, 1000.0).remaining,
            0,
            "the minute's use still shows"
        );
    }

    fn waits(poll: Poll) -> bool {
        matches!(poll, Poll::Wait(_) | Poll::Pending(_))
    }

    fn go(poll: Poll) -> Slot {
        match poll {
            Poll::Go(slot) => slot,
            other => panic!("expected Go, got {other:?}"),
        }
    }

    #[test]
    fn the_quota_is_available_at_once() {
        let mut rl = RateLimiter::new(Mode::Queue, 1.0);
        for _ in 0..50 {
            let t = rl.enqueue(OP);
            go(rl.poll(OP, t, 0.0));
        }
        let t = rl.enqueue(OP);
        assert!(waits(rl.poll(OP, t, 0.0)));
    }

    #[test]
    fn a_place_frees_one_window_after_the_answer_arrived() {
        let mut rl = RateLimiter::new(Mode::Queue, 60.0); // window 1000 ms
        let slots: Vec<Slot> = (0..50)
            .map(|_| {
                let t = rl.enqueue(OP);
                go(rl.poll(OP, t, 0.0))
            })
            .collect();
        for s in &slots {
            rl.finish(*s, 30.0);
        }
        let t = rl.enqueue(OP);
        match rl.poll(OP, t, 100.0) {
            Poll::Wait(ms) => assert!((ms - 930.0).abs() < 1e-6, "{ms}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(rl.poll(OP, t, 1029.0), Poll::Wait(_)));
        go(rl.poll(OP, t, 1030.0));
    }

    #[test]
    fn calls_still_in_flight_keep_their_place() {
        let mut rl = RateLimiter::new(Mode::Queue, 60.0);
        for _ in 0..50 {
            let t = rl.enqueue(OP);
            go(rl.poll(OP, t, 0.0));
        }
        let t = rl.enqueue(OP);
        // Long after a window, but no answer has arrived: still no place.
        assert_eq!(rl.poll(OP, t, 5_000.0), Poll::Pending(1_000.0));
    }

    #[test]
    fn waiting_calls_go_in_order() {
        let mut rl = RateLimiter::new(Mode::Queue, 60.0);
        for _ in 0..49 {
            go(rl.try_acquire(OP, 0.0));
        }
        let a = rl.enqueue(OP);
        let b = rl.enqueue(OP);
        // One place is left: it is a's, even when b asks first.
        assert!(waits(rl.poll(OP, b, 1.0)));
        go(rl.poll(OP, a, 1.0));
        assert!(waits(rl.poll(OP, b, 1.0)));
    }

    #[test]
    fn a_cancelled_ticket_gives_its_turn_to_the_next() {
        let mut rl = RateLimiter::new(Mode::Queue, 1.0);
        let a = rl.enqueue(OP);
        let b = rl.enqueue(OP);
        rl.cancel(OP, a);
        go(rl.poll(OP, b, 0.0));
    }

    #[test]
    fn a_released_slot_is_not_counted() {
        let mut rl = RateLimiter::new(Mode::Reject, 1.0);
        let slots: Vec<Slot> = (0..50).map(|_| go(rl.try_acquire(OP, 0.0))).collect();
        assert!(waits(rl.try_acquire(OP, 0.0)));
        rl.release(slots[0]);
        go(rl.try_acquire(OP, 0.0));
    }

    #[test]
    fn reject_mode_refuses_the_51st_call_of_a_window_without_queueing_it() {
        let mut rl = RateLimiter::new(Mode::Reject, 1.0);
        for _ in 0..50 {
            let slot = go(rl.try_acquire(OP, 0.0));
            rl.finish(slot, 5.0);
        }
        match rl.try_acquire(OP, 1_000.0) {
            Poll::Wait(ms) => assert!((ms - (5.0 + 60_000.0 - 1_000.0)).abs() < 1e-6, "{ms}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(rl.status(OP, 1_000.0).remaining, 0);
    }

    #[test]
    fn off_mode_never_waits() {
        let mut rl = RateLimiter::new(Mode::Off, 1.0);
        for _ in 0..500 {
            go(rl.try_acquire(OP, 0.0));
        }
    }

    #[test]
    fn each_operation_has_its_own_budget() {
        let mut rl = RateLimiter::new(Mode::Reject, 1.0);
        for _ in 0..15 {
            go(rl.try_acquire(Operation::GetMessages, 0.0));
        }
        assert!(waits(rl.try_acquire(Operation::GetMessages, 0.0)));
        go(rl.try_acquire(Operation::GetMessage, 0.0));
    }

    #[test]
    fn a_throttle_locks_only_that_operation_for_the_scaled_lock_period() {
        let mut rl = RateLimiter::new(Mode::Queue, 60.0);
        let lock = rl.record_throttle(OP, 1_000.0, None);
        assert!((lock - 10_000.0).abs() < 1e-6, "10 min / 60 = 10 s");
        let t = rl.enqueue(OP);
        assert_eq!(rl.poll(OP, t, 4_000.0), Poll::Locked(7_000.0));
        go(rl.try_acquire(Operation::GetMessages, 4_000.0));
        go(rl.poll(OP, t, 11_000.0));
    }

    #[test]
    fn a_throttle_with_retry_after_locks_for_that_long() {
        let mut rl = RateLimiter::new(Mode::Queue, 1.0);
        assert_eq!(rl.record_throttle(OP, 0.0, Some(2_000)), 2_000.0);
        assert_eq!(rl.status(OP, 500.0).locked_for_ms, 1_500.0);
        assert_eq!(rl.status(OP, 500.0).remaining, 0);
    }

    #[test]
    fn status_reports_remaining_budget_and_reset() {
        let mut rl = RateLimiter::new(Mode::Queue, 60.0);
        assert_eq!(rl.status(Operation::GetMessages, 0.0).remaining, 15);
        let s = go(rl.try_acquire(Operation::GetMessages, 0.0));
        rl.finish(s, 10.0);
        let status = rl.status(Operation::GetMessages, 20.0);
        assert_eq!(status.remaining, 14);
        assert_eq!(status.reset_in_ms, 0.0);
        // After a window the call no longer counts.
        assert_eq!(rl.status(Operation::GetMessages, 1_100.0).remaining, 15);
    }

    #[test]
    fn a_schedule_of_120_calls_takes_two_windows() {
        // Simulates the queue: every call answered 5 ms after it is sent.
        let mut rl = RateLimiter::new(Mode::Queue, 60.0);
        let mut pending: Vec<Ticket> = (0..120).map(|_| rl.enqueue(OP)).collect();
        let mut now = 0.0;
        let mut last_sent = 0.0;
        let mut sent = 0;
        while !pending.is_empty() {
            let mut next_wake = f64::INFINITY;
            pending.retain(|t| match rl.poll(OP, *t, now) {
                Poll::Go(slot) => {
                    rl.finish(slot, now + 5.0);
                    last_sent = now;
                    sent += 1;
                    false
                }
                Poll::Wait(ms) => {
                    next_wake = next_wake.min(ms.max(1.0));
                    true
                }
                Poll::Pending(_) => {
                    next_wake = next_wake.min(IN_FLIGHT_POLL_MS);
                    true
                }
                Poll::Locked(_) => panic!("never locked"),
            });
            now += if next_wake.is_finite() {
                next_wake
            } else {
                0.0
            };
        }
        assert_eq!(sent, 120);
        // Fastest possible: third burst at 2 windows of 1000 ms.
        assert!((2_000.0..=2_100.0).contains(&last_sent), "{last_sent}");
    }
}
