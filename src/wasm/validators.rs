//! `validateMessage` and `validateMessageAction`: the client's own rules,
//! exported for live validation in forms.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::convert::from_js;
use crate::validate::{self, ActionMode, Violation};

fn to_array(violations: Vec<Violation>) -> Array {
    violations
        .into_iter()
        .map(|v| {
            let o = Object::new();
            let _ = Reflect::set(&o, &"field".into(), &JsValue::from_str(&v.field));
            let _ = Reflect::set(&o, &"message".into(), &JsValue::from_str(&v.message));
            JsValue::from(o)
        })
        .collect()
}

fn one(field: &str, message: String) -> Array {
    to_array(vec![Violation {
        field: field.into(),
        message,
    }])
}

/// The rules a message breaks (`[]` when it can be sent).
#[wasm_bindgen(js_name = validateMessage, unchecked_return_type = "Violation[]")]
pub fn validate_message(
    #[wasm_bindgen(unchecked_param_type = "string | OutgoingMessage")] message: JsValue,
) -> Array {
    match from_js(&message, "message") {
        Ok(value) => to_array(validate::validate_message(&value)),
        Err(e) => one("message", e.message),
    }
}

/// The rules a message action (create) or patch (update) breaks.
#[wasm_bindgen(js_name = validateMessageAction, unchecked_return_type = "Violation[]")]
pub fn validate_message_action(
    #[wasm_bindgen(unchecked_param_type = "NewMessageAction | MessageActionPatch")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"create\" | \"update\"")] mode: JsValue,
) -> Array {
    let mode = match mode.as_string().as_deref() {
        Some("create") => ActionMode::Create,
        Some("update") => ActionMode::Update,
        _ => return one("mode", "must be \"create\" or \"update\"".into()),
    };
    match from_js(&input, "input") {
        Ok(value) => to_array(validate::validate_message_action(&value, mode)),
        Err(e) => one("input", e.message),
    }
}
