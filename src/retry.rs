//! When a failed attempt is sent again, and after how long.
//!
//! Randomness (for jitter) is passed in, so the policy is deterministic in
//! tests.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::endpoint::Operation;
use crate::error::{Error, ErrorKind};

/// Retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (`maxRetries`, default 2).
    pub max_retries: u32,
    /// Longest wait the caller accepts (`rateLimit.maxWaitMs`).
    pub max_wait_ms: f64,
    /// First backoff step in milliseconds.
    pub base_delay_ms: f64,
    /// Backoff ceiling in milliseconds.
    pub max_delay_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            max_wait_ms: 60_000.0,
            base_delay_ms: 300.0,
            max_delay_ms: 10_000.0,
        }
    }
}

impl RetryPolicy {
    /// After failed attempt number `attempt` (1 for the first) of `op` with
    /// `error`, the delay before the next attempt, or `None` to give up.
    ///
    /// `random` is uniform in `[0, 1)`. Rules: never beyond `max_retries`;
    /// `GET`, `PUT`, `PATCH` and `DELETE` are retried on network errors,
    /// timeouts and 5xx; any method on a 429 whose `Retry-After` is within
    /// `max_wait_ms`; a `POST` that may have reached the server never.
    pub fn next_delay(
        &self,
        op: Operation,
        attempt: u32,
        error: &Error,
        random: f64,
    ) -> Option<f64> {
        if attempt > self.max_retries {
            return None;
        }
        match error.kind {
            ErrorKind::RateLimited => {
                let after = error.retry_after_ms? as f64;
                (error.status == Some(429) && after <= self.max_wait_ms).then_some(after)
            }
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server
                if op.endpoint().is_idempotent() =>
            {
                let exp = self.base_delay_ms * (1u32 << attempt.saturating_sub(1).min(16)) as f64;
                let capped = exp.min(self.max_delay_ms);
                // "Equal jitter": half fixed, half random, so retries of many
                // clients spread out but never come back at once.
                Some(capped / 2.0 + capped / 2.0 * random.clamp(0.0, 1.0))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    fn err(kind: ErrorKind, status: Option<u16>, retry_after_ms: Option<u64>) -> Error {
        Error {
            status,
            retry_after_ms,
            ..Error::new(kind, "x")
        }
    }

    #[test]
    fn idempotent_calls_are_retried_on_network_errors_timeouts_and_5xx() {
        let p = RetryPolicy::default();
        for kind in [ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Server] {
            for op in [
                Operation::GetMessages,
                Operation::EditMessage,
                Operation::UpdateMessageAction,
                Operation::DeleteMessage,
            ] {
                assert!(
                    p.next_delay(op, 1, &err(kind, None, None), 0.5).is_some(),
                    "{op:?} {kind:?}"
                );
            }
        }
    }

    #[test]
    fn a_post_that_may_have_reached_the_server_is_never_retried() {
        let p = RetryPolicy::default();
        for kind in [ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Server] {
            for op in [
                Operation::PostToChannel,
                Operation::AddReaction,
                Operation::CreateMessageAction,
            ] {
                assert_eq!(p.next_delay(op, 1, &err(kind, Some(500), None), 0.5), None);
            }
        }
    }

    #[test]
    fn any_method_is_retried_on_429_with_retry_after_within_max_wait() {
        let p = RetryPolicy::default();
        let e = err(ErrorKind::RateLimited, Some(429), Some(2_000));
        assert_eq!(
            p.next_delay(Operation::PostToChannel, 1, &e, 0.9),
            Some(2_000.0)
        );
        let too_long = err(ErrorKind::RateLimited, Some(429), Some(61_000));
        assert_eq!(
            p.next_delay(Operation::PostToChannel, 1, &too_long, 0.9),
            None
        );
        let no_header = err(ErrorKind::RateLimited, Some(429), None);
        assert_eq!(
            p.next_delay(Operation::GetMessages, 1, &no_header, 0.9),
            None
        );
    }

    #[test]
    fn a_400_throttle_is_never_retried() {
        let p = RetryPolicy::default();
        let e = err(ErrorKind::RateLimited, Some(400), Some(1_000));
        assert_eq!(p.next_delay(Operation::GetMessages, 1, &e, 0.5), None);
    }

    #[test]
    fn client_errors_are_not_retried() {
        let p = RetryPolicy::default();
        for kind in [
            ErrorKind::InvalidInput,
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::NotFound,
            ErrorKind::Http,
            ErrorKind::BadResponse,
            ErrorKind::Aborted,
        ] {
            assert_eq!(
                p.next_delay(Operation::GetMessages, 1, &err(kind, None, None), 0.5),
                None
            );
        }
    }

    #[test]
    fn retries_stop_after_max_retries() {
        let p = RetryPolicy {
            max_retries: 2,
            ..RetryPolicy::default()
        };
        let e = err(ErrorKind::Server, Some(503), None);
        assert!(p.next_delay(Operation::GetMessages, 2, &e, 0.0).is_some());
        assert_eq!(p.next_delay(Operation::GetMessages, 3, &e, 0.0), None);
        let none = RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(none.next_delay(Operation::GetMessages, 1, &e, 0.0), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::default()
        };
        let e = err(ErrorKind::Network, None, None);
        let d = |attempt, r| {
            p.next_delay(Operation::GetMessages, attempt, &e, r)
                .unwrap()
        };
        assert_eq!(d(1, 0.0), 150.0);
        assert_eq!(d(1, 1.0), 300.0);
        assert_eq!(d(2, 0.0), 300.0);
        assert_eq!(d(3, 1.0), 1_200.0);
        assert_eq!(d(10, 1.0), 10_000.0);
    }
}
