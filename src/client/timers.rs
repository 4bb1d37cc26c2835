//! The clock and timers of every JS runtime: the global `setTimeout`,
//! `clearTimeout` and `performance.now` (never `window`, which workers,
//! Node, Deno and Cloudflare Workers lack).

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::signal::Signal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    #[wasm_bindgen(js_namespace = performance, js_name = now, catch)]
    fn performance_now() -> Result<f64, JsValue>;
}

/// Milliseconds on a monotonic clock (`performance.now`, or `Date.now`
/// where a runtime has no `performance`).
pub fn now() -> f64 {
    performance_now().unwrap_or_else(|_| js_sys::Date::now())
}

/// A timer that calls `callback` after `ms`, cleared when dropped.
pub struct Timer(JsValue);

impl Timer {
    /// Starts the timer. `setTimeout` treats delays past 2^31-1 ms as 0;
    /// longer means "practically never".
    pub fn start(callback: &Function, ms: f64) -> Timer {
        Timer(set_timeout(callback, ms.clamp(0.0, 2_147_483_647.0)))
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.0);
    }
}

/// Sleeps `ms`; `false` if `signal` aborted first (at once if it already had).
pub async fn sleep(ms: f64, signal: &Signal) -> bool {
    if signal.aborted() {
        return false;
    }
    let mut timer = None;
    let mut listener = None;
    let woke = Promise::new(&mut |resolve, _reject| {
        timer = Some(Timer::start(&resolve, ms));
        listener = signal.on_abort(&resolve);
    });
    let _ = JsFuture::from(woke).await;
    drop(timer);
    drop(listener);
    !signal.aborted()
}
