//! Validation of outgoing payloads against Cliq's documented limits.
//!
//! Rules run on the wire form (`serde_json::Value`), so exactly what is sent
//! is checked. A payload is refused only for breaking a limit that Zoho's
//! documents state (`docs/cliq-api.md`); where they disagree the larger
//! limit applies, and a rule that would be a guess is not made: unknown
//! fields, cards without a theme, prompt cards without buttons, `"true"`
//! strings for booleans and `""` images all pass. Message actions are the
//! exception for unknown keys, which Cliq itself refuses (`extra_key_found`).
//!
//! Lengths count Unicode scalar values (`char`s), except a handler `script`,
//! whose 250 KB limit counts bytes of UTF-8. No input makes a validator panic.
//!
//! The files: `check.rs` is the rule engine (lengths, counts, enumerations,
//! field paths); [`message`] holds the message rules and [`action`] the
//! message-action rules, each limit a named constant citing its source.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::Value;

pub mod action;
mod check;
pub mod message;

// The typed records check themselves with the same rules. These methods
// live here, not in `model/`, so that `model` (whose vocabularies the rules
// use) never imports `validate` back.

impl crate::model::OutgoingMessage {
    /// Checks the message against Cliq's limits; empty when valid.
    pub fn validate(&self) -> Vec<Violation> {
        validate_message(&self.to_value())
    }
}

impl crate::model::NewMessageAction {
    /// Checks the input against Cliq's limits; empty when valid.
    pub fn validate(&self) -> Vec<Violation> {
        validate_message_action(
            &serde_json::to_value(self).unwrap_or_default(),
            ActionMode::Create,
        )
    }
}

impl crate::model::MessageActionPatch {
    /// Checks the patch against Cliq's limits; empty when valid.
    pub fn validate(&self) -> Vec<Violation> {
        validate_message_action(
            &serde_json::to_value(self).unwrap_or_default(),
            ActionMode::Update,
        )
    }
}

impl crate::model::HandlerPatch {
    /// Checks the patch against Cliq's limits; empty when valid.
    pub fn validate(&self) -> Vec<Violation> {
        validate_handler_patch(&serde_json::to_value(self).unwrap_or_default())
    }
}

#[cfg(test)]
mod testing;

pub use action::ActionMode;
pub use check::Violation;

use check::Check;

/// Validates a message: a non-empty string (plain text, i.e. `{"text": s}`)
/// or an `OutgoingMessage` object in Cliq's wire shape.
pub fn validate_message(message: &Value) -> Vec<Violation> {
    let mut c = Check::default();
    match message {
        Value::String(text) => c.text(message::TEXT, "text", text),
        Value::Object(m) => c.message(m),
        _ => c.add("message", "must be a string or an object"),
    }
    c.out
}

/// Validates the new text of `editMessage` (field `text`).
pub fn validate_edit_text(text: &str) -> Vec<Violation> {
    let mut c = Check::default();
    c.text(message::TEXT, "text", text);
    c.out
}

/// Validates a `NewMessageAction` (create) or `MessageActionPatch` (update).
pub fn validate_message_action(input: &Value, mode: ActionMode) -> Vec<Violation> {
    let mut c = Check::default();
    match input.as_object() {
        Some(m) => c.message_action(m, mode),
        None => c.add("input", "must be an object"),
    }
    c.out
}

/// Validates a handler patch `{script?, permissions?}`.
pub fn validate_handler_patch(patch: &Value) -> Vec<Violation> {
    let mut c = Check::default();
    match patch.as_object() {
        Some(m) => c.handler_patch(m),
        None => c.add("patch", "must be an object"),
    }
    c.out
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod tests {
    use super::testing::*;
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn odd_values() -> Vec<Value> {
        let mut deep = json!("bottom");
        for i in 0..1000 {
            deep = if i % 2 == 0 {
                json!([deep])
            } else {
                json!({ "card": deep })
            };
        }
        vec![
            Value::Null,
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5e308),
            json!(u64::MAX),
            json!(""),
            json!("x"),
            json!("é".repeat(300_000)),
            json!([]),
            json!([[[]]]),
            json!([null, 1, "a", {}]),
            json!({}),
            json!({"": null, "type": [], "data": {"data": {}}}),
            deep,
        ]
    }

    #[test]
    fn validators_never_panic_on_odd_values_anywhere() {
        let pointers = [
            "",
            "/text",
            "/card",
            "/card/theme",
            "/card/title",
            "/card/options",
            "/card/options/0",
            "/card/options/0/text",
            "/card/sections",
            "/card/sections/0/fields",
            "/card/sections/0/fields/0",
            "/card/buttons",
            "/buttons",
            "/buttons/0",
            "/buttons/0/label",
            "/buttons/0/type",
            "/buttons/0/action",
            "/buttons/0/action/type",
            "/buttons/0/action/data",
            "/buttons/0/action/confirm",
            "/buttons/0/action/confirm/emotion",
            "/slides",
            "/slides/0",
            "/slides/0/type",
            "/slides/0/data",
            "/slides/0/styles",
            "/references",
            "/references/1",
            "/references/1/object",
            "/bot",
            "/bot/image",
            "/styles",
            "/sync_message",
            "/name",
            "/scope",
            "/team_ids",
            "/team_ids/0",
            "/message_types",
            "/message_types/0",
            "/script",
            "/permissions",
            "/permissions/0",
        ];
        let bases = [
            json!({"text": "t", "card": {"theme": "prompt", "title": "x"}, "buttons": [button()]}),
            json!({"text": "t", "card": {"theme": "poll"}, "slides": [{"type": "graph", "data": [{"values": [{}]}]}, {"type": "percentage_chart"}]}),
            action_msg("preview.url", json!({})),
            json!({"name": "n", "hint": "h", "scope": "team", "team_ids": [1]}),
        ];
        for odd in odd_values() {
            for base in &bases {
                for p in pointers {
                    let v = if p.is_empty() {
                        odd.clone()
                    } else {
                        with(base.clone(), p, odd.clone())
                    };
                    let _ = validate_message(&v);
                    let _ = validate_message_action(&v, ActionMode::Create);
                    let _ = validate_message_action(&v, ActionMode::Update);
                    let _ = validate_handler_patch(&v);
                }
            }
            if let Some(s) = odd.as_str() {
                let _ = validate_edit_text(s);
            }
        }
    }

    #[test]
    fn huge_arrays_are_reported_once_per_limit_without_panicking() {
        let m = msg(
            json!({"buttons": vec![json!({"label": "x"}); 100_000], "slides": vec![json!(null); 100_000]}),
        );
        let v = validate_message(&m);
        assert_eq!(v.len(), 2 + 100_000, "the two counts plus each null slide");
        assert_eq!(fields(&v)[..2], ["buttons", "slides"]);
    }
}
