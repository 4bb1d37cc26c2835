//! Messages v2: list, retrieve, the four posts, edit and delete.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, Reply};
use crate::ids::now_ms;
use crate::state::{ChatKind, Message, Org, Thread};
use crate::validate::{self, Query};

/// The user a request acts as.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    /// ZUID.
    pub zuid: String,
    /// Display name.
    pub name: String,
}

/// Most messages one `getMessages` call returns.
pub const LIMIT_MAX: i64 = 100;

/// 404 for an unknown chat, 403 when the caller is not a member.
pub fn check_chat(org: &Org, caller: &Caller, chat_id: &str) -> Result<(), ApiError> {
    if org.chat(chat_id).is_none() {
        return Err(ApiError::chat_not_found(chat_id));
    }
    if !org.is_member(chat_id, &caller.zuid) {
        return Err(ApiError::forbidden(
            "You are not a participant of this chat.",
        ));
    }
    Ok(())
}

/// GET /chats/{chat}/messages: oldest first; `fromtime`/`totime` inclusive;
/// with more matches than `limit`, the oldest `limit` from `fromtime` on.
pub fn get_messages(
    org: &Org,
    caller: &Caller,
    chat_id: &str,
    query: &Query,
) -> Result<Reply, ApiError> {
    let from = query.int("fromtime")?;
    let to = query.int("totime")?;
    let limit = query.int("limit")?.unwrap_or(LIMIT_MAX);
    if !(1..=LIMIT_MAX).contains(&limit) {
        return Err(ApiError::invalid(format!(
            "'limit' must be between 1 and {LIMIT_MAX}."
        )));
    }
    check_chat(org, caller, chat_id)?;
    let chat = org
        .chat(chat_id)
        .ok_or_else(|| ApiError::chat_not_found(chat_id))?;
    let data: Vec<Value> = chat
        .messages
        .iter()
        .filter(|m| from.is_none_or(|f| m.time >= f) && to.is_none_or(|t| m.time <= t))
        .take(limit as usize)
        .map(|m| org.message_json(m))
        .collect();
    Ok(Reply::Json(json!({ "data": data })))
}

/// GET /chats/{chat}/messages/{id}: the bare message object.
pub fn get_message(
    org: &Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
) -> Result<Reply, ApiError> {
    check_chat(org, caller, chat_id)?;
    let message = find(org, chat_id, message_id)?;
    Ok(Reply::Json(org.message_json(message)))
}

fn find<'a>(org: &'a Org, chat_id: &str, message_id: &str) -> Result<&'a Message, ApiError> {
    org.chat(chat_id)
        .and_then(|c| c.messages.iter().find(|m| m.id == message_id))
        .ok_or_else(|| ApiError::message_not_found(message_id))
}

/// Builds a stored message from a validated post body.
pub fn new_message(
    org: &mut Org,
    sender_id: &str,
    sender_name: &str,
    body: &Map<String, Value>,
    time: i64,
) -> Message {
    let content: Map<String, Value> = body
        .iter()
        .filter(|(k, _)| !validate::DELIVERY_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let kind = if content.contains_key("card") {
        "card"
    } else {
        "text"
    };
    Message {
        id: org.ids.message_id(time),
        time,
        kind: kind.into(),
        sender_id: sender_id.into(),
        sender_name: sender_name.into(),
        content,
        reply_to: body
            .get("reply_to")
            .and_then(Value::as_str)
            .map(String::from),
        edited: false,
        reactions: Vec::new(),
    }
}

/// Posts into a chat, honouring `thread_message_id` (start or continue a
/// thread on that message) and `post_in_parent`. Returns the message id.
fn deliver(
    org: &mut Org,
    chat_id: &str,
    sender: (&str, &str),
    body: &Map<String, Value>,
) -> Result<String, ApiError> {
    let now = now_ms();
    let mut target = chat_id.to_string();
    if let Some(parent_id) = body.get("thread_message_id").and_then(Value::as_str) {
        target = thread_for(org, chat_id, parent_id, body)?;
    }
    let message = new_message(org, sender.0, sender.1, body, now);
    let id = message.id.clone();
    if validate::flag(body, "post_in_parent")? {
        if let Some(parent) = org.thread(&target).map(|t| t.parent_chat_id.clone()) {
            let mut copy = new_message(org, sender.0, sender.1, body, now);
            copy.content.insert("thread_chat_id".into(), json!(target));
            org.push_message(&parent, copy);
        }
    }
    org.push_message(&target, message);
    Ok(id)
}

/// The thread chat on `parent_id` in `chat_id`, created when missing.
fn thread_for(
    org: &mut Org,
    chat_id: &str,
    parent_id: &str,
    body: &Map<String, Value>,
) -> Result<String, ApiError> {
    if let Some(thread) = org
        .threads
        .iter()
        .find(|t| t.thread_message_id == parent_id)
    {
        return Ok(thread.chat_id.clone());
    }
    if org.thread(chat_id).is_some() {
        return Err(ApiError::invalid(
            "A thread cannot be started inside a thread.",
        ));
    }
    let parent = find(org, chat_id, parent_id)?;
    let title = match body.get("thread_title").and_then(Value::as_str) {
        Some(title) => title.to_string(),
        None => parent
            .content
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("Thread")
            .chars()
            .take(50)
            .collect(),
    };
    let thread_chat = format!("{chat_id}-T-{}", org.ids.digits(19));
    org.threads.push(Thread {
        chat_id: thread_chat.clone(),
        parent_chat_id: chat_id.to_string(),
        thread_message_id: parent_id.to_string(),
        title: title.clone(),
    });
    org.chats.push(crate::state::Chat {
        chat_id: thread_chat.clone(),
        title,
        kind: ChatKind::Thread,
        members: Vec::new(),
        messages: Vec::new(),
    });
    Ok(thread_chat)
}

fn posted(body: &Map<String, Value>, id: String, as_bot: bool) -> Result<Reply, ApiError> {
    if validate::flag(body, "sync_message")? && !as_bot {
        Ok(Reply::Json(json!({ "message_id": id })))
    } else {
        Ok(Reply::NoContent)
    }
}

/// The bot named by `bot_unique_name`, as a sender, checked against `allowed` participants.
fn bot_sender(
    org: &Org,
    query: &Query,
    allowed: Option<&[String]>,
) -> Result<Option<(String, String)>, ApiError> {
    let Some(name) = query.get("bot_unique_name") else {
        return Ok(None);
    };
    let bot = org.bot(name).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "bot_not_found",
            format!("No bot named '{name}'."),
        )
    })?;
    if let Some(allowed) = allowed {
        if !allowed
            .iter()
            .any(|b| b.eq_ignore_ascii_case(&bot.unique_name))
        {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "bot_unauthorized_message_access",
                format!("The bot '{name}' is not a participant of this channel."),
            ));
        }
    }
    Ok(Some((bot.id.clone(), bot.name.clone())))
}

/// POST /channelsbyname/{name}/message[?bot_unique_name&mark_as_read].
pub fn post_to_channel(
    org: &mut Org,
    caller: &Caller,
    name: &str,
    query: &Query,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    validate::message(&body)?;
    query.bool("mark_as_read")?;
    let channel = org.channel(name).cloned().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "chat_not_found",
            format!("No channel with the unique name '{name}'."),
        )
    })?;
    let bot = bot_sender(org, query, Some(&channel.bots))?;
    if bot.is_none() && !org.is_member(&channel.chat_id, &caller.zuid) {
        return Err(ApiError::forbidden(format!(
            "You are not a member of the channel '{name}'."
        )));
    }
    let (sender_id, sender_name) = bot
        .clone()
        .unwrap_or_else(|| (caller.zuid.clone(), caller.name.clone()));
    let id = deliver(org, &channel.chat_id, (&sender_id, &sender_name), &body)?;
    posted(&body, id, bot.is_some())
}

/// POST /chats/{chat}/message (a thread's chat id posts in the thread).
pub fn post_to_chat(
    org: &mut Org,
    caller: &Caller,
    chat_id: &str,
    query: &Query,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    validate::message(&body)?;
    check_chat(org, caller, chat_id)?;
    let bot = bot_sender(org, query, None)?;
    let (sender_id, sender_name) = bot
        .clone()
        .unwrap_or_else(|| (caller.zuid.clone(), caller.name.clone()));
    let id = deliver(org, chat_id, (&sender_id, &sender_name), &body)?;
    posted(&body, id, bot.is_some())
}

/// POST /buddies/{email or zuid}/message: the DM with that user.
pub fn post_to_user(
    org: &mut Org,
    caller: &Caller,
    who: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    validate::message(&body)?;
    let target = org.user(who).cloned().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "user_not_found",
            format!("'{who}' is not a member of the organisation or a contact."),
        )
    })?;
    let me = org
        .user(&caller.zuid)
        .cloned()
        .ok_or_else(ApiError::token_invalid)?;
    let chat_id = org.dm_chat(&me, &target);
    let id = deliver(org, &chat_id, (&caller.zuid, &caller.name), &body)?;
    posted(&body, id, false)
}

/// The `userids` field: a comma-separated string (or, leniently, an array).
fn user_ids(body: &Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    let raw = body.get("userids").or_else(|| body.get("user_ids"));
    match raw {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        )),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.trim().to_string()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(ApiError::invalid("'userids' must hold ZUIDs or emails.")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(ApiError::invalid(
            "'userids' must be a comma-separated string of ZUIDs or emails.",
        )),
    }
}

/// POST /bots/{name}/message: to the caller's bot chat, to `userids`, or to
/// every subscriber with `broadcast`.
pub fn post_to_bot(
    org: &mut Org,
    caller: &Caller,
    name: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    validate::message(&body)?;
    let broadcast = validate::flag(&body, "broadcast")?;
    let ids = user_ids(&body)?;
    let index = org
        .bots
        .iter()
        .position(|b| b.unique_name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "bot_not_found",
                format!("No bot named '{name}'."),
            )
        })?;
    let bot = org.bots[index].clone();
    let (targets, from_bot): (Vec<String>, bool) = if broadcast {
        (bot.subscribers.clone(), true)
    } else if let Some(ids) = ids {
        let mut targets = Vec::new();
        for id in ids {
            if let Some(user) = org.user(&id) {
                if bot.subscribers.contains(&user.zuid) && !targets.contains(&user.zuid) {
                    targets.push(user.zuid.clone());
                }
            }
        }
        (targets, true)
    } else {
        (vec![caller.zuid.clone()], false)
    };
    if targets.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "botmessage_no_valid_users",
            "None of the users given is a subscriber of this bot.",
        ));
    }
    let (sender_id, sender_name) = if from_bot {
        (bot.id.clone(), bot.name.clone())
    } else {
        (caller.zuid.clone(), caller.name.clone())
    };
    let mut details = Map::new();
    for zuid in &targets {
        let chat_id = org
            .bot_chat(index, zuid)
            .ok_or_else(|| ApiError::invalid("The bot chat could not be opened."))?;
        let message_id = deliver(org, &chat_id, (&sender_id, &sender_name), &body)?;
        details.insert(
            zuid.clone(),
            json!({"chat_id": chat_id, "message_id": message_id}),
        );
    }
    if validate::flag(&body, "sync_message")? {
        Ok(Reply::Json(
            json!({"user_ids": targets, "message_details": details}),
        ))
    } else {
        Ok(Reply::NoContent)
    }
}

/// PUT /chats/{chat}/messages/{id} `{text, notify_edit?}`: only the sender may edit.
pub fn edit_message(
    org: &mut Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    let text = validate::text(&body)?.to_string();
    validate::flag(&body, "notify_edit")?;
    check_chat(org, caller, chat_id)?;
    let sender = find(org, chat_id, message_id)?.sender_id.clone();
    if sender != caller.zuid {
        return Err(ApiError::forbidden(
            "Only the sender can edit this message.",
        ));
    }
    let chat = org
        .chat_mut(chat_id)
        .ok_or_else(|| ApiError::chat_not_found(chat_id))?;
    if let Some(message) = chat.messages.iter_mut().find(|m| m.id == message_id) {
        message.content.insert("text".into(), json!(text));
        message.edited = true;
    }
    Ok(Reply::NoContent)
}

/// DELETE /chats/{chat}/messages/{id}: only the sender may delete.
pub fn delete_message(
    org: &mut Org,
    caller: &Caller,
    chat_id: &str,
    message_id: &str,
) -> Result<Reply, ApiError> {
    check_chat(org, caller, chat_id)?;
    let sender = find(org, chat_id, message_id)?.sender_id.clone();
    if sender != caller.zuid {
        return Err(ApiError::forbidden(
            "Only the sender can delete this message.",
        ));
    }
    if let Some(chat) = org.chat_mut(chat_id) {
        chat.messages.retain(|m| m.id != message_id);
    }
    Ok(Reply::NoContent)
}
