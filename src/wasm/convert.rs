//! Conversions between JS values and the core's types. Every conversion
//! returns a `Result`; nothing here can throw into JS or panic.

use js_sys::{Function, Reflect, JSON};
use serde_json::{json, Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

/// The `CliqError` instance for `err`.
pub fn to_js_error(err: &Error) -> JsValue {
    let mut fields = Map::new();
    fields.insert("message".into(), json!(err.message));
    fields.insert("kind".into(), json!(err.kind.as_str()));
    let optional = [
        ("operation", err.operation.map(Value::from)),
        ("status", err.status.map(Value::from)),
        ("code", err.code.clone().map(Value::from)),
        ("field", err.field.clone().map(Value::from)),
        ("retryAfterMs", err.retry_after_ms.map(Value::from)),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            fields.insert(key.into(), value);
        }
    }
    super::make_error(&Value::Object(fields).to_string())
}

/// A JSON value as a JS value (`null` becomes `undefined`, for `void` results).
pub fn to_js(value: &Value) -> JsValue {
    if value.is_null() {
        return JsValue::UNDEFINED;
    }
    JSON::parse(&value.to_string()).unwrap_or(JsValue::UNDEFINED)
}

/// A JS value as JSON, as `JSON.stringify` sees it (`undefined` is `null`).
pub fn from_js(value: &JsValue, field: &str) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_input(field, "must be JSON-serialisable data"))?;
    // `JSON.stringify` output always parses; the message stays short on purpose
    // (formatting serde's errors would ship their Debug machinery to every user).
    serde_json::from_str(&text).map_err(|_| Error::invalid_input(field, "must be JSON data"))
}

/// The function at `options[key]`, if any (functions do not survive JSON).
pub fn function(options: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    let v = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|_| Error::invalid_input(key, "must be a function"))
}

/// An optional options object already in JSON form, read field by field with
/// typed errors that name the field path (`opts.botUniqueName`).
pub struct Fields<'a> {
    map: Option<&'a Map<String, Value>>,
    path: &'static str,
}

impl<'a> Fields<'a> {
    /// `null` (absent) reads as an empty object; anything else must be an object.
    pub fn of(value: &'a Value, path: &'static str) -> Result<Fields<'a>, Error> {
        match value {
            Value::Null => Ok(Fields { map: None, path }),
            Value::Object(map) => Ok(Fields {
                map: Some(map),
                path,
            }),
            _ => Err(Error::invalid_input(path, "must be an object")),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map?.get(key).filter(|v| !v.is_null())
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn wrong(&self, key: &str, what: &str) -> Error {
        Error::invalid_input(self.path_of(key), what)
    }

    /// An optional finite number.
    pub fn num(&self, key: &str) -> Result<Option<f64>, Error> {
        self.get(key)
            .map(|v| {
                v.as_f64()
                    .ok_or_else(|| self.wrong(key, "must be a number"))
            })
            .transpose()
    }

    /// An optional non-negative duration in milliseconds.
    pub fn millis(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.num(key)? {
            Some(n) if n < 0.0 => Err(self.wrong(key, "must not be negative")),
            other => Ok(other),
        }
    }

    /// An optional nested object (`rateLimit`).
    pub fn obj(&self, key: &'static str) -> Result<Fields<'a>, Error> {
        match self.get(key) {
            None => Ok(Fields {
                map: None,
                path: key,
            }),
            Some(Value::Object(map)) => Ok(Fields {
                map: Some(map),
                path: key,
            }),
            Some(_) => Err(self.wrong(key, "must be an object")),
        }
    }

    /// An optional string.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| self.wrong(key, "must be a string"))
            })
            .transpose()
    }

    /// An optional integer (`1e3` counts; `1.5` does not).
    pub fn int(&self, key: &str) -> Result<Option<i64>, Error> {
        self.get(key)
            .map(|v| {
                v.as_i64()
                    .or_else(|| {
                        v.as_f64()
                            .filter(|n| n.fract() == 0.0 && n.abs() < 9.1e15)
                            .map(|n| n as i64)
                    })
                    .ok_or_else(|| self.wrong(key, "must be an integer"))
            })
            .transpose()
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, Error> {
        self.get(key)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| self.wrong(key, "must be a boolean"))
            })
            .transpose()
    }

    /// An optional array of strings.
    pub fn str_list(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let list = v
            .as_array()
            .ok_or_else(|| self.wrong(key, "must be an array of strings"))?;
        list.iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    Error::invalid_input(format!("{}[{i}]", self.path_of(key)), "must be a string")
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}
