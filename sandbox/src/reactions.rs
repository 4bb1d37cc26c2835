//! Reactions v2: add, list and remove, stored per user.

use serde_json::{json, Value};

use crate::error::{ApiError, Reply};
use crate::ids::now_ms;
use crate::messages::{check_chat, Caller};
use crate::state::{Org, Reaction};
use crate::validate::{self, Query};

/// Longest emoji code accepted (a Zomoji name or a Unicode sequence).
pub const EMOJI_MAX: usize = 100;

fn emoji(code: Option<&str>) -> Result<String, ApiError> {
    match code {
        None => Err(ApiError::invalid("'emoji_code' is required.")),
        Some(code) if code.trim().is_empty() => {
            Err(ApiError::invalid("'emoji_code' must not be empty."))
        }
        Some(code) if validate::chars(code) > EMOJI_MAX => Err(ApiError::invalid(format!(
            "'emoji_code' is longer than {EMOJI_MAX} characters."
        ))),
        Some(code) => Ok(code.to_string()),
    }
}

fn message_mut<'a>(
    org: &'a mut Org,
    chat_id: &str,
    message_id: &str,
) -> Result<&'a mut crate::state::Message, ApiError> {
    org.chat_mut(chat_id)
        .ok_or_else(|| ApiError::chat_not_found(chat_id))?
        .messages
        .iter_mut()
        .find(|m| m.id == message_id)
        .ok_or_else(|| ApiError::message_not_found(message_id))
}

/// POST …/reactions `{"emoji_code": ...}` → 204 (adding twice is a no-op).
pub fn add(
    org: &mut Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    let code = match body.get("emoji_code") {
        None | Some(Value::Null) => emoji(None)?,
        Some(Value::String(s)) => emoji(Some(s))?,
        Some(_) => return Err(ApiError::invalid("'emoji_code' must be a string.")),
    };
    check_chat(org, caller, chat_id)?;
    let message = message_mut(org, chat_id, message_id)?;
    if !message
        .reactions
        .iter()
        .any(|r| r.emoji == code && r.zuid == caller.zuid)
    {
        message.reactions.push(Reaction {
            emoji: code,
            zuid: caller.zuid.clone(),
            name: caller.name.clone(),
            time: now_ms(),
        });
    }
    Ok(Reply::NoContent)
}

/// GET …/reactions → `{"data": {"😍": ["<ms>:<zuid>:<name>", ...]}}`.
pub fn list(
    org: &Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
) -> Result<Reply, ApiError> {
    check_chat(org, caller, chat_id)?;
    let message = org
        .chat(chat_id)
        .and_then(|c| c.messages.iter().find(|m| m.id == message_id))
        .ok_or_else(|| ApiError::message_not_found(message_id))?;
    Ok(Reply::Json(json!({ "data": Org::reactions_json(message) })))
}

/// DELETE …/reactions?emoji_code=… → 204. The code may also come in a JSON
/// body (Zoho's OpenAPI file declares one). Removing an absent reaction is a no-op.
pub fn remove(
    org: &mut Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
    query: &Query,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        validate::json_object(body).ok().and_then(|b| {
            b.get("emoji_code")
                .and_then(Value::as_str)
                .map(String::from)
        })
    };
    let code = emoji(query.get("emoji_code").or(from_body.as_deref()))?;
    check_chat(org, caller, chat_id)?;
    let message = message_mut(org, chat_id, message_id)?;
    message
        .reactions
        .retain(|r| !(r.emoji == code && r.zuid == caller.zuid));
    Ok(Reply::NoContent)
}
