//! Request validation from the documents (docs/cliq-api.md, decision 7), on
//! `serde_json::Value`: a second opinion, independent of the library's types.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// Longest message text (the larger of the documented 5000 / 10000).
pub const TEXT_MAX: usize = 10_000;
/// Longest card title.
pub const CARD_TITLE_MAX: usize = 200;
/// Most buttons, top level or in a card.
pub const BUTTONS_MAX: usize = 5;
/// Longest button label (the larger of the documented 20 / 30).
pub const BUTTON_LABEL_MAX: usize = 30;
/// Most slides.
pub const SLIDES_MAX: usize = 20;

/// Length in characters (Cliq's limits count characters, not bytes).
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Parses a request body that must be a JSON object.
pub fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid("A JSON request body is required."));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::invalid("The request body must be a JSON object.")),
        Err(err) => Err(ApiError::invalid(format!(
            "The request body is not valid JSON: {err}"
        ))),
    }
}

/// Query parameters, decoded.
#[derive(Debug, Default, Clone)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    /// Parses a raw query string (`a=b&c=d`).
    pub fn parse(raw: &str) -> Result<Query, ApiError> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map(Query)
            .map_err(|_| ApiError::invalid("The query string is malformed."))
    }

    /// The first value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// An optional boolean parameter (`true`/`false`).
    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(format!(
                "'{name}' must be true or false."
            ))),
        }
    }

    /// An optional integer parameter.
    pub fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| ApiError::invalid(format!("'{name}' must be an integer."))),
        }
    }
}

/// A boolean body field, accepting `true`/`false` and the strings `"true"`/`"false"`
/// (older scripts send strings).
pub fn flag(body: &Map<String, Value>, key: &str) -> Result<bool, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(ApiError::invalid(format!("'{key}' must be a boolean."))),
    }
}

/// Checks the `text` field: required, a non-empty string of at most 10000 characters.
pub fn text(body: &Map<String, Value>) -> Result<&str, ApiError> {
    match body.get("text") {
        None | Some(Value::Null) => Err(ApiError::invalid("'text' is required.")),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(ApiError::invalid("'text' must not be empty."))
        }
        Some(Value::String(s)) if chars(s) > TEXT_MAX => Err(ApiError::invalid(format!(
            "'text' is longer than {TEXT_MAX} characters."
        ))),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::invalid("'text' must be a string.")),
    }
}

fn buttons(value: &Value, field: &str) -> Result<(), ApiError> {
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::invalid(format!("'{field}' must be an array.")))?;
    if list.len() > BUTTONS_MAX {
        return Err(ApiError::invalid(format!(
            "'{field}' has more than {BUTTONS_MAX} buttons."
        )));
    }
    for (i, button) in list.iter().enumerate() {
        let button = button
            .as_object()
            .ok_or_else(|| ApiError::invalid(format!("'{field}[{i}]' must be an object.")))?;
        match button.get("label") {
            Some(Value::String(label)) if !label.is_empty() && chars(label) <= BUTTON_LABEL_MAX => {
            }
            Some(Value::String(_)) => {
                return Err(ApiError::invalid(format!(
                    "'{field}[{i}].label' must have 1 to {BUTTON_LABEL_MAX} characters."
                )))
            }
            _ => {
                return Err(ApiError::invalid(format!(
                    "'{field}[{i}].label' is required."
                )))
            }
        }
        if let Some(action) = button.get("action") {
            if !action.is_object() {
                return Err(ApiError::invalid(format!(
                    "'{field}[{i}].action' must be an object."
                )));
            }
        }
    }
    Ok(())
}

fn card(value: &Value) -> Result<(), ApiError> {
    let card = value
        .as_object()
        .ok_or_else(|| ApiError::invalid("'card' must be an object."))?;
    match card.get("title") {
        Some(Value::String(t)) if chars(t) <= CARD_TITLE_MAX => {}
        Some(Value::String(_)) => {
            return Err(ApiError::invalid(format!(
                "'card.title' is longer than {CARD_TITLE_MAX} characters."
            )))
        }
        // docs/cliq-api.md §11.2: a poll and a prompt need their title;
        // other themes may go without.
        None if matches!(
            card.get("theme").and_then(Value::as_str),
            Some("poll" | "prompt")
        ) =>
        {
            return Err(ApiError::invalid("'card.title' is required."))
        }
        None => {}
        Some(_) => return Err(ApiError::invalid("'card.title' must be a string.")),
    }
    if let Some(theme) = card.get("theme") {
        if !theme.is_string() {
            return Err(ApiError::invalid("'card.theme' must be a string."));
        }
    }
    if let Some(b) = card.get("buttons") {
        buttons(b, "card.buttons")?;
    }
    if let Some(options) = card.get("options") {
        let n = options
            .as_array()
            .ok_or_else(|| ApiError::invalid("'card.options' must be an array."))?
            .len();
        if !(2..=10).contains(&n) {
            return Err(ApiError::invalid("'card.options' must have 2 to 10 items."));
        }
    }
    Ok(())
}

fn slides(value: &Value) -> Result<(), ApiError> {
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::invalid("'slides' must be an array."))?;
    if list.len() > SLIDES_MAX {
        return Err(ApiError::invalid(format!(
            "'slides' has more than {SLIDES_MAX} slides."
        )));
    }
    for (i, slide) in list.iter().enumerate() {
        let slide = slide
            .as_object()
            .ok_or_else(|| ApiError::invalid(format!("'slides[{i}]' must be an object.")))?;
        if !slide.get("type").is_some_and(Value::is_string) {
            return Err(ApiError::invalid(format!(
                "'slides[{i}].type' is required."
            )));
        }
        if !slide.contains_key("data") {
            return Err(ApiError::invalid(format!(
                "'slides[{i}].data' is required."
            )));
        }
    }
    Ok(())
}

/// Validates a message object for the four post endpoints. Unknown fields
/// are accepted (real payloads carry many); known ones are checked.
pub fn message(body: &Map<String, Value>) -> Result<(), ApiError> {
    text(body)?;
    if let Some(c) = body.get("card") {
        card(c)?;
    }
    if let Some(b) = body.get("buttons") {
        buttons(b, "buttons")?;
    }
    if let Some(s) = body.get("slides") {
        slides(s)?;
    }
    for key in [
        "reply_to",
        "thread_message_id",
        "thread_title",
        "thread_chat_id",
    ] {
        if let Some(v) = body.get(key) {
            if !v.is_string() {
                return Err(ApiError::invalid(format!("'{key}' must be a string.")));
            }
        }
    }
    if let Some(Value::String(title)) = body.get("thread_title") {
        if chars(title) > 100 {
            return Err(ApiError::invalid(
                "'thread_title' is longer than 100 characters.",
            ));
        }
    }
    for key in [
        "sync_message",
        "mark_as_read",
        "post_in_parent",
        "notify_edit",
    ] {
        flag(body, key)?;
    }
    if let Some(bot) = body.get("bot") {
        if !bot.is_object() {
            return Err(ApiError::invalid("'bot' must be an object."));
        }
    }
    Ok(())
}

/// Delivery options that are not part of the stored message's content.
pub const DELIVERY_KEYS: [&str; 12] = [
    "sync_message",
    "mark_as_read",
    "reply_to",
    "post_in_parent",
    "thread_message_id",
    "thread_title",
    "thread_chat_id",
    "userids",
    "user_ids",
    "broadcast",
    "notify_edit",
    "message_topic",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn text_limits() {
        assert!(message(&obj(json!({"text": "hi"}))).is_ok());
        assert!(message(&obj(json!({"text": "x".repeat(10_000)}))).is_ok());
        assert!(message(&obj(json!({"text": "x".repeat(10_001)}))).is_err());
        assert!(message(&obj(json!({"card": {"title": "t"}}))).is_err());
        assert!(message(&obj(json!({"text": 5}))).is_err());
    }

    #[test]
    fn card_limits() {
        let ok = json!({"text": "t", "card": {"title": "x".repeat(200), "theme": "poll",
                        "options": [{"text": "a"}, {"text": "b"}]}});
        assert!(message(&obj(ok)).is_ok());
        let long = json!({"text": "t", "card": {"title": "x".repeat(201)}});
        assert!(message(&obj(long)).is_err());
        let six = json!({"text": "t", "buttons": vec![json!({"label": "b"}); 6]});
        assert!(message(&obj(six)).is_err());
        let poll = json!({"text": "t", "card": {"title": "p", "options": [{"text": "a"}]}});
        assert!(message(&obj(poll)).is_err());
        let old_poll = json!({"text": "t", "card": {"title": "p", "theme": "poll"}});
        assert!(message(&obj(old_poll)).is_ok());
    }
}
