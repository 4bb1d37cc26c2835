//! Quotas and lock periods per token and per operation: a sliding window of
//! one (scaled) minute; exceeding the quota locks the operation for the
//! (scaled) lock period from the first refused call; calls during the lock
//! are refused and do not extend it.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::route::Operation;

/// The decision of the limiter for one call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Go ahead.
    Allowed,
    /// Refused: the operation is locked for this much longer.
    Locked(Duration),
}

#[derive(Debug, Default)]
struct Budget {
    calls: VecDeque<Instant>,
    locked_at: Option<Instant>,
}

/// All windows and locks.
#[derive(Debug, Default)]
pub struct Quotas {
    budgets: HashMap<(String, Operation), Budget>,
}

/// One quota minute at this time scale.
pub fn window(time_scale: f64) -> Duration {
    Duration::try_from_secs_f64(60.0 / time_scale).unwrap_or(Duration::MAX)
}

/// The lock period of an operation at this time scale.
pub fn lock_period(op: Operation, time_scale: f64) -> Duration {
    Duration::try_from_secs_f64(f64::from(op.lock_minutes()) * 60.0 / time_scale)
        .unwrap_or(Duration::MAX)
}

impl Quotas {
    /// Counts a call at `now`, or refuses it.
    pub fn check(&mut self, token: &str, op: Operation, time_scale: f64, now: Instant) -> Verdict {
        let budget = self.budgets.entry((token.to_string(), op)).or_default();
        // The lock's end follows the current time scale, so a test may
        // shorten a running lock with `PUT /__sandbox/config`.
        if let Some(start) = budget.locked_at {
            let period = lock_period(op, time_scale);
            match start.checked_add(period) {
                None => return Verdict::Locked(period),
                Some(until) if now < until => return Verdict::Locked(until - now),
                Some(_) => {}
            }
            budget.locked_at = None;
        }
        let window = window(time_scale);
        while budget
            .calls
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            budget.calls.pop_front();
        }
        if budget.calls.len() >= op.quota() as usize {
            let period = lock_period(op, time_scale);
            budget.locked_at = Some(now);
            budget.calls.clear();
            return Verdict::Locked(period);
        }
        budget.calls.push_back(now);
        Verdict::Allowed
    }

    /// Forgets every window and lock.
    pub fn clear(&mut self) {
        self.budgets.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_then_lock_then_free() {
        let mut q = Quotas::default();
        let t0 = Instant::now();
        let op = Operation::GetMessageAction; // 10 per minute, 5 min lock
        for i in 0..10 {
            assert_eq!(
                q.check("t", op, 1.0, t0 + Duration::from_millis(i)),
                Verdict::Allowed
            );
        }
        let refused = q.check("t", op, 1.0, t0 + Duration::from_secs(1));
        assert_eq!(refused, Verdict::Locked(Duration::from_secs(300)));
        // During the lock: refused, not extended.
        let later = t0 + Duration::from_secs(101);
        assert_eq!(
            q.check("t", op, 1.0, later),
            Verdict::Locked(Duration::from_secs(200))
        );
        // Other tokens and operations have their own budgets.
        assert_eq!(q.check("u", op, 1.0, later), Verdict::Allowed);
        assert_eq!(
            q.check("t", Operation::GetMessage, 1.0, later),
            Verdict::Allowed
        );
        // After the lock.
        assert_eq!(
            q.check("t", op, 1.0, t0 + Duration::from_secs(302)),
            Verdict::Allowed
        );
    }

    #[test]
    fn window_slides() {
        let mut q = Quotas::default();
        let t0 = Instant::now();
        let op = Operation::GetMessages; // 15 per minute
        for _ in 0..15 {
            assert_eq!(q.check("t", op, 60.0, t0), Verdict::Allowed);
        }
        // One scaled minute (1 s) later the window is empty again.
        assert_eq!(
            q.check("t", op, 60.0, t0 + Duration::from_millis(1001)),
            Verdict::Allowed
        );
    }
}
