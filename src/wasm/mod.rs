//! The thin JavaScript edge (wasm32 only): `CliqClient`, `CliqError`, the
//! fetch transport, timers and the exported validators. It converts JS
//! values to core input and core results back to JS; all API knowledge
//! stays in the core.

mod client;
mod convert;
mod pager;
mod validators;

use wasm_bindgen::prelude::*;

// Single-threaded wasm: talc's dynamic heap, much smaller than dlmalloc.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use client::CliqClient;
pub use pager::Pager;
pub use validators::{validate_message, validate_message_action};

#[wasm_bindgen(typescript_custom_section)]
const TS_MODELS: &'static str = include_str!("../../ts/models.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = include_str!("../../ts/api.d.ts");

#[wasm_bindgen(module = "/js/cliq.js")]
extern "C" {
    /// The error class every rejection is an instance of (defined in JS so
    /// that it extends `Error`).
    #[wasm_bindgen(reexport)]
    pub type CliqError;

    #[wasm_bindgen(js_name = makeError)]
    fn make_error(fields_json: &str) -> JsValue;

    #[wasm_bindgen(js_name = now)]
    fn now() -> f64;

    #[wasm_bindgen(js_name = send)]
    fn js_send(
        fetch: &JsValue,
        method: &str,
        url: &str,
        headers: &JsValue,
        body: Option<String>,
        signal: &JsValue,
        timeout_ms: f64,
    ) -> js_sys::Promise;

    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: f64, signal: &JsValue) -> js_sys::Promise;

    #[wasm_bindgen(js_name = untilAborted)]
    fn until_aborted(promise: &js_sys::Promise, signal: &JsValue) -> js_sys::Promise;

    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(pager: Pager) -> JsValue;
}

/// The library version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_string()
}
