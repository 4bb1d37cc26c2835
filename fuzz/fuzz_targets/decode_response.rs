//! Any answer from Cliq (status, `Retry-After`, body bytes) through every
//! operation's response decoding, the typed models, one call's attempt loop
//! and the two walks. Nothing may panic, and the few documented promises
//! checked below must hold.
//!
//! Input layout (what `arbitrary` reads, in order; the seeds in
//! `corpus/decode_response/` are written in it): status `u16` LE, `op` byte,
//! `refreshable` byte (bit 0), `mode` byte, `page_size` byte, the
//! `Retry-After` header (a `u32` LE tag: below `0x5555_5556` absent, below
//! `0xAAAA_AAAB` seconds as a `u32` LE, above that raw text whose length
//! `arbitrary` takes from the input's last byte), then the body: every
//! remaining byte.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use zoho_cliq_wasm::attempt::{Attempt, Context, Input, Step};
use zoho_cliq_wasm::endpoint::Operation;
use zoho_cliq_wasm::error::Error;
use zoho_cliq_wasm::model::{Handler, Message, MessageAction, Reactions};
use zoho_cliq_wasm::ratelimit::{Mode, RateLimiter};
use zoho_cliq_wasm::response::{decode, parse_retry_after_ms, HttpResponse};
use zoho_cliq_wasm::retry::RetryPolicy;
use zoho_cliq_wasm::walk::Walk;

/// The `Retry-After` header as the transport reads it (`Headers.get`, which
/// joins repeated headers with ", ").
#[derive(Debug, Arbitrary)]
enum RetryAfter<'a> {
    Absent,
    Seconds(u32),
    Text(&'a str),
}

#[derive(Arbitrary)]
struct Answer<'a> {
    status: u16,
    /// The operation driven through the attempt loop (index into `Operation::ALL`).
    op: u8,
    /// Whether the client has a token provider (a 401 is replayed once).
    refreshable: bool,
    /// The rate limiter's mode (queue, reject, off).
    mode: u8,
    /// `query.pageSize` of the walks (1–100).
    page_size: u8,
    retry_after: RetryAfter<'a>,
    body: &'a [u8],
}

/// `cargo fuzz fmt` shows the body as text.
impl core::fmt::Debug for Answer<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("op", &op_of(self.op))
            .field("refreshable", &self.refreshable)
            .field("mode", &mode_of(self.mode))
            .field("page_size", &(self.page_size % 100 + 1))
            .field("retry_after", &self.retry_after)
            .field("body", &String::from_utf8_lossy(self.body))
            .finish()
    }
}

/// The operation an `op` byte names.
fn op_of(byte: u8) -> Operation {
    Operation::ALL
        .get(usize::from(byte) % Operation::COUNT)
        .copied()
        .unwrap_or(Operation::GetMessages)
}

/// The rate-limit mode a `mode` byte names.
fn mode_of(byte: u8) -> Mode {
    [Mode::Queue, Mode::Reject, Mode::Off][usize::from(byte % 3)]
}

/// More resumes than any call can take: (1 + `max_retries` + one 401
/// replay) attempts of four steps each, with a few waits.
const MAX_STEPS: usize = 64;

/// Drives one call of `op` to its end, the server giving `resp` every time.
fn call(
    op: Operation,
    resp: HttpResponse<'_>,
    refreshable: bool,
    mode: Mode,
) -> Result<Value, Error> {
    let mut limiter = RateLimiter::new(mode, 1.0);
    let retry = RetryPolicy::default();
    let mut ctx = Context {
        limiter: &mut limiter,
        retry: &retry,
        refreshable,
    };
    let mut attempt = Attempt::new(op);
    let mut now = 1_000.0;
    let mut input = Input::Start;
    for _ in 0..MAX_STEPS {
        let out = attempt.resume(input, &mut ctx, now, 0.5);
        input = match out.step {
            Step::Sleep(ms) => {
                assert!(
                    ms.is_finite() && ms >= 0.0,
                    "{}: sleep of {ms} ms",
                    op.name()
                );
                now += ms;
                Input::Woke
            }
            Step::Token { .. } => Input::Token,
            Step::Send { .. } => Input::Answer(resp),
            Step::Done(result) => return result,
        };
    }
    panic!("{} did not end within {MAX_STEPS} steps", op.name());
}

/// A typed model read from a decoded record survives a round trip.
fn typed<T>(value: &Value)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + core::fmt::Debug,
{
    if let Ok(first) = serde_json::from_value::<T>(value.clone()) {
        let again = serde_json::to_value(&first).and_then(serde_json::from_value::<T>);
        assert_eq!(again.as_ref().ok(), Some(&first), "round trip of {value}");
    }
}

fn check_typed(op: Operation, value: &Value) {
    use Operation::*;
    match op {
        GetMessages => value
            .as_array()
            .into_iter()
            .flatten()
            .for_each(typed::<Message>),
        GetMessage => typed::<Message>(value),
        CreateMessageAction | GetMessageAction | UpdateMessageAction => {
            typed::<MessageAction>(value)
        }
        ListMessageActions => value["data"]
            .as_array()
            .into_iter()
            .flatten()
            .for_each(typed::<MessageAction>),
        GetMessageActionHandler | UpdateMessageActionHandler => typed::<Handler>(value),
        GetReactions => {
            // The decoder's own shape: always the typed `Reactions`.
            let reactions = serde_json::from_value::<Reactions>(value.clone());
            assert!(reactions.is_ok(), "reactions {value}: {reactions:?}");
        }
        _ => {}
    }
}

/// Walks take the decoded page (twice, as a server repeating itself would
/// send it).
fn walk(op: Operation, page: &Value, page_size: u8) {
    let query = json!({ "pageSize": i64::from(page_size % 100) + 1 });
    let walk = match op {
        Operation::GetMessages => Walk::messages(&json!("CT_1"), &query),
        Operation::ListMessageActions => Walk::actions(&query),
        _ => return,
    };
    let Ok(mut walk) = walk else {
        panic!("a valid walk query was refused: {query}");
    };
    let first = walk.feed(page.clone());
    let again = walk.feed(page.clone());
    if op == Operation::ListMessageActions {
        // Each action is yielded once: a repeated page yields no item with an id.
        let has_id =
            |item: &Value| matches!(item.get("id"), Some(Value::String(_) | Value::Number(_)));
        assert!(
            !again.iter().any(has_id),
            "a repeated page yielded {again:?} again (first {first:?})"
        );
    }
}

fuzz_target!(|answer: Answer<'_>| {
    // The transport reads the body with `Response.text()`: UTF-8 with
    // replacement characters, a leading byte-order mark dropped.
    let text = String::from_utf8_lossy(answer.body);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let seconds;
    let retry_after = match answer.retry_after {
        RetryAfter::Absent => None,
        RetryAfter::Seconds(s) => {
            seconds = s.to_string();
            Some(seconds.as_str())
        }
        RetryAfter::Text(t) => Some(t),
    };
    if let Some(value) = retry_after {
        let _ = parse_retry_after_ms(value);
    }
    let resp = HttpResponse {
        status: answer.status,
        retry_after,
        body,
    };
    let success = (200..300).contains(&answer.status);
    for &op in Operation::ALL {
        match decode(op, &resp) {
            Ok(value) => {
                assert!(
                    success,
                    "{}: HTTP {} decoded to {value}",
                    op.name(),
                    resp.status
                );
                check_typed(op, &value);
                walk(op, &value, answer.page_size);
            }
            Err(err) => {
                assert_eq!(err.status, Some(resp.status), "{}: {err:?}", op.name());
            }
        }
    }

    let op = op_of(answer.op);
    let result = call(op, resp, answer.refreshable, mode_of(answer.mode));
    // A fresh client admits the first call, so the call ends as its
    // answer decodes (retries and a replay get the same answer).
    match (&result, decode(op, &resp)) {
        (Ok(got), Ok(want)) => assert_eq!(got, &want, "{}", op.name()),
        (Err(_), Err(_)) => {}
        (got, want) => panic!(
            "{}: the call gave {got:?}, the answer decodes to {want:?}",
            op.name()
        ),
    }
});
