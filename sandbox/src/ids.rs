//! Identifier generation: Cliq-looking message, chat and action ids.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, by the real clock.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A small deterministic pseudo-random generator (xorshift64*), enough to
/// make ids look like Cliq's without another dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdGen {
    state: u64,
}

impl IdGen {
    /// A generator seeded with `seed` (0 is replaced by a constant).
    pub fn new(seed: u64) -> Self {
        IdGen {
            state: if seed == 0 {
                0x9E37_79B9_7F4A_7C15
            } else {
                seed
            },
        }
    }

    /// The next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number with exactly `n` decimal digits (1..=19), no leading zero.
    pub fn digits(&mut self, n: u32) -> String {
        let n = n.clamp(1, 19);
        let low = 10u64.pow(n - 1);
        let span = 9 * low;
        (low + self.next_u64() % span).to_string()
    }

    /// A message id like `1542711601585_349430767610289` for a message sent at `time`.
    pub fn message_id(&mut self, time: i64) -> String {
        format!("{time}_{}", self.digits(15))
    }
}
