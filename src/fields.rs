//! Reading the JSON form of JS arguments and options field by field, with
//! typed errors that name the field path (`opts.botUniqueName`).

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

use crate::error::Error;

/// What the JS edge puts in place of a function when it turns an options
/// object into JSON (functions have no JSON form).
pub const FUNCTION: &str = "\u{0}function";

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
                            .filter(|n| (-9.1e15..9.1e15).contains(n) && *n == (*n as i64) as f64)
                            .map(|n| n as i64)
                    })
                    .ok_or_else(|| self.wrong(key, "must be an integer"))
            })
            .transpose()
    }

    /// Whether a function was given at `key` (the edge replaced it by [`FUNCTION`]).
    pub fn function(&self, key: &str) -> Result<bool, Error> {
        match self.get(key) {
            None => Ok(false),
            Some(v) if v.as_str() == Some(FUNCTION) => Ok(true),
            Some(_) => Err(self.wrong(key, "must be a function")),
        }
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
