//! Any answer of Zoho's accounts server through the token decoder
//! (`oauth::decode_token`). Nothing may panic; a grant is usable (a token
//! that can go in a header, now ≤ refresh time ≤ expiry), and an
//! error never quotes a token from the body.
//!
//! Input layout (what `arbitrary` reads, in order; the seeds in
//! `corpus/decode_oauth/` are written in it): status `u16` LE, the clock
//! `u64` LE (milliseconds, its top 11 bits dropped so that it stays an
//! exact `f64` as `Date.now()` is), then the body: every remaining byte.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use zoho_cliq_wasm::oauth::decode_token;
use zoho_cliq_wasm::options::token_problem;

#[derive(Arbitrary)]
struct TokenAnswer<'a> {
    status: u16,
    now: u64,
    body: &'a [u8],
}

/// `cargo fuzz fmt` shows the clock as used and the body as text.
impl core::fmt::Debug for TokenAnswer<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TokenAnswer")
            .field("status", &self.status)
            .field("now_ms", &(self.now >> 11))
            .field("body", &String::from_utf8_lossy(self.body))
            .finish()
    }
}

fuzz_target!(|answer: TokenAnswer<'_>| {
    let text = String::from_utf8_lossy(answer.body);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let now = (answer.now >> 11) as f64;
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    match decode_token(answer.status, body, now) {
        Ok(grant) => {
            assert!(
                (200..300).contains(&answer.status),
                "HTTP {} gave a grant",
                answer.status
            );
            assert_eq!(
                json["access_token"].as_str(),
                Some(grant.access_token.as_str())
            );
            assert_eq!(token_problem(&grant.access_token), None, "{grant:?}");
            assert!(
                now <= grant.refresh_at && grant.refresh_at <= grant.expires_at,
                "{grant:?} at {now}"
            );
        }
        Err(err) => {
            assert_eq!(err.status, Some(answer.status), "{err:?}");
            // The error code is quoted on purpose; nothing else from the body is.
            let code = err.code.as_deref().unwrap_or("");
            for key in ["access_token", "refresh_token"] {
                if let Some(token) = json[key].as_str() {
                    if token.len() >= 8 && token.contains('.') && !code.contains(token) {
                        assert!(!err.message.contains(token), "{key} quoted in {err:?}");
                    }
                }
            }
        }
    }
});
