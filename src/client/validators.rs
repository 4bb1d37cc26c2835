//! The free functions: live form validation (the same rules the client
//! applies before sending), the data-centre table and the version.

use wasm_bindgen::prelude::*;

use js_sys::{Array, Object, Reflect};

use super::convert::{to_value, violations_to_js};
use crate::region::DATA_CENTERS;
use crate::validate::{self, ActionMode, Violation};

/// The rules a message breaks (`[]` when it can be sent).
#[wasm_bindgen(js_name = validateMessage)]
pub fn validate_message(message: JsValue) -> JsValue {
    violations_to_js(match to_value(&message, "message") {
        Ok(value) => validate::validate_message(&value),
        Err(_) => vec![Violation::new("message", "must be JSON-serialisable data")],
    })
}

/// The rules a message action (`"create"`) or a patch (`"update"`) breaks.
#[wasm_bindgen(js_name = validateMessageAction)]
pub fn validate_message_action(input: JsValue, mode: JsValue) -> JsValue {
    let mode = match mode.as_string().as_deref() {
        Some("create") => ActionMode::Create,
        Some("update") => ActionMode::Update,
        _ => {
            return violations_to_js(vec![Violation::new(
                "mode",
                "must be \"create\" or \"update\"",
            )])
        }
    };
    violations_to_js(match to_value(&input, "input") {
        Ok(value) => validate::validate_message_action(&value, mode),
        Err(_) => vec![Violation::new("input", "must be JSON-serialisable data")],
    })
}

/// Zoho's data centres that serve Cliq, in the order of the `dataCenter`
/// option's documentation: `[{name, label, cliq, accounts}]`.
#[wasm_bindgen(js_name = dataCenters)]
pub fn data_centers() -> Array {
    // Set field by field: the smallest code for a constant table.
    DATA_CENTERS
        .iter()
        .map(|d| {
            let entry = Object::new();
            for (key, value) in [
                ("name", d.name),
                ("label", d.label),
                ("cliq", d.cliq),
                ("accounts", d.accounts),
            ] {
                let _ = Reflect::set(&entry, &key.into(), &value.into());
            }
            JsValue::from(entry)
        })
        .collect()
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
