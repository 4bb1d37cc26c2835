//! JS values in and out: arguments and options to the core's JSON form
//! and results through the JS engine's `JSON` (measured faster for these
//! shapes), the library's own small shapes through serde-wasm-bindgen.

use js_sys::{Array, Function, Object, Reflect, JSON};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;
use crate::fields::FUNCTION;
use crate::validate::Violation;

/// `value` in JSON form, through the JS engine's own `JSON` (faster than
/// serde-wasm-bindgen's deserializer for these shapes, and without its
/// error formatting in the wasm: see bench/README.md). What JSON cannot
/// carry (a function, a symbol, a BigInt, a cycle) is an input error at
/// `field`; `undefined` is absent (`null`).
pub fn to_value(value: &JsValue, field: &str) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    // Ids, names and plain-text messages: no road needed.
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| Error::invalid_input(field, "must be JSON-serialisable data"))
}

/// An options object in JSON form, each function replaced by [`FUNCTION`]
/// so that the core checks which are given; `null` when not an object.
pub fn options_to_value(options: &JsValue) -> Result<Value, Error> {
    if !options.is_object() || Array::is_array(options) {
        return Ok(Value::Null);
    }
    let mut map = Map::new();
    for entry in Object::entries(options.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let Some(key) = entry.get(0).as_string() else {
            continue;
        };
        let value = entry.get(1);
        let json = if value.is_function() {
            Value::String(FUNCTION.into())
        } else {
            to_value(&value, &key)?
        };
        map.insert(key, json);
    }
    Ok(Value::Object(map))
}

/// The function at `key` of `object`, if it is one.
pub fn function(object: &JsValue, key: &str) -> Option<Function> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

/// A result (Cliq's records, pages) as plain JS values, through `JSON`:
/// 2–3.5× faster than serde-wasm-bindgen's serializer for pages and
/// records (bench/README.md).
pub fn to_js(value: &Value) -> JsValue {
    JSON::parse(&serde_json::to_string(value).unwrap_or_default()).unwrap_or(JsValue::NULL)
}

/// One of the library's own small shapes (events, budget status,
/// violations, error fields) as a plain JS object, through
/// serde-wasm-bindgen: no JSON text for a handful of fields. Built as a
/// `Value` first, so that one serializer instance serves every shape
/// (a derived `Serialize` per shape costs ~1 KB of wasm each).
pub fn shape_to_js(value: &Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A JSON object from its entries, absent (`None`) ones left out.
pub fn object<const N: usize>(entries: [(&str, Option<Value>); N]) -> Value {
    let mut map = Map::new();
    for (key, value) in entries {
        if let Some(value) = value {
            map.insert(key.into(), value);
        }
    }
    Value::Object(map)
}

/// Violations as `[{field, message}]`.
pub fn violations_to_js(list: Vec<Violation>) -> JsValue {
    let list = list
        .into_iter()
        .map(|v| {
            object([
                ("field", Some(v.field.into())),
                ("message", Some(v.message.into())),
            ])
        })
        .collect();
    shape_to_js(&Value::Array(list))
}
