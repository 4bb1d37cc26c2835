//! Helpers shared by the validation tests: payload builders and a JSON
//! pointer setter.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{json, Value};

use super::Violation;

/// Sets the value at a JSON pointer, creating objects (and array slots) on the way.
pub(super) fn set(root: &mut Value, pointer: &str, x: Value) {
    let mut cur = root;
    for part in pointer.trim_start_matches('/').split('/') {
        cur = match (cur, part.parse::<usize>()) {
            (Value::Array(a), Ok(i)) => {
                while a.len() <= i {
                    a.push(json!({}));
                }
                &mut a[i]
            }
            (c, _) => {
                if !c.is_object() {
                    *c = json!({});
                }
                c.as_object_mut()
                    .unwrap()
                    .entry(part)
                    .or_insert(Value::Null)
            }
        };
    }
    *cur = x;
}

/// `base` with `x` at `pointer`.
pub(super) fn with(mut base: Value, pointer: &str, x: Value) -> Value {
    set(&mut base, pointer, x);
    base
}

/// The field of each violation.
pub(super) fn fields(v: &[Violation]) -> Vec<&str> {
    v.iter().map(|v| v.field.as_str()).collect()
}

/// A valid button.
pub(super) fn button() -> Value {
    json!({"label": "Go", "action": {"type": "invoke.function", "data": {"name": "f"}}})
}

/// A text message with the fields of `extra`.
pub(super) fn msg(extra: Value) -> Value {
    let mut m = json!({"text": "hi"});
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    m
}

/// A message with one button whose action is `kind` with `data`.
pub(super) fn action_msg(kind: &str, data: Value) -> Value {
    msg(json!({"buttons": [{"label": "Go", "action": {"type": kind, "data": data}}]}))
}

/// Asserts that `field`, written at `pointer` of `base`, passes with `max`
/// characters and fails with `max + 1`, naming the limit.
pub(super) fn assert_string_limit(
    base: Value,
    pointer: &str,
    max: usize,
    field: &str,
    validate: &dyn Fn(&Value) -> Vec<Violation>,
) {
    // 'é' is two bytes: counting characters, not bytes, lets `max` of them pass.
    let at = with(base.clone(), pointer, json!("é".repeat(max)));
    assert!(
        !fields(&validate(&at)).contains(&field),
        "{field} at {max} should pass: {:?}",
        validate(&at)
    );
    let over = with(base, pointer, json!("é".repeat(max + 1)));
    let v = validate(&over);
    let hit = v
        .iter()
        .find(|v| v.field == field)
        .unwrap_or_else(|| panic!("{field} over {max} should fail: {v:?}"));
    assert_eq!(
        hit.message,
        format!("must be at most {max} characters (got {})", max + 1)
    );
}
