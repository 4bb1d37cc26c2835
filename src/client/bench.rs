//! Bench-only exports (cargo feature `bench`, never in the npm package):
//! the two roads JS values can take across the boundary, timed inside the
//! wasm so that bench/ can choose between them with numbers.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::to_value;
use super::timers::now;

/// Milliseconds to turn the JSON `text` into JS values `rounds` times, by
/// `road`: `"serde"` (serde-wasm-bindgen's serializer) or `"json"`
/// (serde_json text, then `JSON.parse`).
#[wasm_bindgen(js_name = benchResultToJs)]
pub fn bench_result_to_js(road: &str, text: &str, rounds: u32) -> f64 {
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let start = now();
    for _ in 0..rounds {
        let js = if road == "serde" {
            value.serialize(&serializer).unwrap_or(JsValue::NULL)
        } else {
            js_sys::JSON::parse(&serde_json::to_string(&value).unwrap_or_default())
                .unwrap_or(JsValue::NULL)
        };
        drop(js);
    }
    now() - start
}

/// Milliseconds to turn the JS `value` into the core's JSON form `rounds`
/// times, by `road`: `"serde"` (serde-wasm-bindgen's deserializer) or
/// `"json"` (`JSON.stringify`, then serde_json).
#[wasm_bindgen(js_name = benchInputToValue)]
pub fn bench_input_to_value(road: &str, value: JsValue, rounds: u32) -> f64 {
    let start = now();
    for _ in 0..rounds {
        let out = if road == "serde" {
            serde_wasm_bindgen::from_value::<Value>(value.clone()).unwrap_or(Value::Null)
        } else {
            to_value(&value, "value").unwrap_or(Value::Null)
        };
        drop(out);
    }
    now() - start
}
