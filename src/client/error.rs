//! `CliqError`, the only error the client throws or rejects with. The class
//! is JavaScript (`js/syntax.js`: only JS can extend `Error`); its fields
//! come from the core's [`Error`].

use js_sys::{Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{object, shape_to_js};

use crate::error::{Error, ErrorKind};

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

/// `value` as the core's error when it is a `CliqError` (a token provider
/// such as `zohoOAuth` rejected with one), so that the call rejects with the
/// same kind, code, status and `retryAfterMs`.
pub fn from_js(value: &JsValue) -> Option<Error> {
    if !value.is_instance_of::<CliqError>() {
        return None;
    }
    let get = |key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let kind = ErrorKind::from_name(&get("kind").as_string()?)?;
    let mut err = Error::new(kind, get("message").as_string().unwrap_or_default());
    err.code = get("code").as_string();
    err.status = get("status").as_f64().map(|s| s as u16);
    err.retry_after_ms = get("retryAfterMs").as_f64().map(|ms| ms as u64);
    Some(err)
}

/// The `CliqError` for `err`.
pub fn to_js(err: &Error) -> JsValue {
    let fields = shape_to_js(&object([
        ("kind", Some(err.kind.as_str().into())),
        (
            "operation",
            err.operation.filter(|o| !o.is_empty()).map(Value::from),
        ),
        ("status", err.status.map(Value::from)),
        ("code", err.code.as_deref().map(Value::from)),
        ("field", err.field.as_deref().map(Value::from)),
        ("retryAfterMs", err.retry_after_ms.map(Value::from)),
    ]));
    CliqError::new(&err.message, &fields.unchecked_into()).into()
}
