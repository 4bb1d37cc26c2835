//! `CliqError`, the only error the client throws or rejects with. The class
//! is JavaScript (`js/syntax.js`: only JS can extend `Error`); its fields
//! come from the core's [`Error`].

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(module = "/js/syntax.js")]
extern "C" {
    /// `class CliqError extends Error`, re-exported by the package.
    #[wasm_bindgen(reexport)]
    pub type CliqError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str, fields: &Object) -> CliqError;

    /// Makes the instances of a class `for await`-able.
    #[wasm_bindgen(js_name = asyncIterable)]
    pub(crate) fn async_iterable(proto: &Object);
}

fn put(target: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value);
}

/// The `CliqError` for `err`.
pub fn to_js(err: &Error) -> JsValue {
    let fields = Object::new();
    put(&fields, "kind", err.kind.as_str().into());
    if let Some(op) = err.operation.filter(|o| !o.is_empty()) {
        put(&fields, "operation", op.into());
    }
    if let Some(status) = err.status {
        put(&fields, "status", status.into());
    }
    if let Some(code) = &err.code {
        put(&fields, "code", code.as_str().into());
    }
    if let Some(field) = &err.field {
        put(&fields, "field", field.as_str().into());
    }
    if let Some(ms) = err.retry_after_ms {
        put(&fields, "retryAfterMs", (ms as f64).into());
    }
    CliqError::new(&err.message, &fields).into()
}
