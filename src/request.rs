//! Sans-IO request building: typed input to `{method, url, headers, body}`.
//!
//! Every input is checked against the documented limits here, before a
//! request exists, so bad input never reaches the network.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

use crate::endpoint::{Method, Operation};
use crate::error::Error;
use crate::region::ApiRoot;
use crate::url::{encode_component, encode_segment};
use crate::validate::{self, ActionMode, Violation};

/// Which scheme the `Authorization` header uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthScheme {
    /// `Authorization: Zoho-oauthtoken <token>` (Zoho's documented form; the default).
    #[default]
    ZohoOauthtoken,
    /// `Authorization: Bearer <token>`.
    Bearer,
}

impl AuthScheme {
    /// Parses the JS option value.
    pub fn parse(value: &str) -> Result<AuthScheme, Error> {
        match value {
            "Zoho-oauthtoken" => Ok(AuthScheme::ZohoOauthtoken),
            "Bearer" => Ok(AuthScheme::Bearer),
            other => Err(Error::invalid_input(
                "authScheme",
                format!("must be \"Zoho-oauthtoken\" or \"Bearer\" (got \"{other}\")"),
            )),
        }
    }

    /// The `Authorization` header value for `token`.
    pub fn header_value(self, token: &str) -> String {
        match self {
            AuthScheme::ZohoOauthtoken => format!("Zoho-oauthtoken {token}"),
            AuthScheme::Bearer => format!("Bearer {token}"),
        }
    }
}

/// A built request, ready for any HTTP transport. The `Authorization`
/// header is added by the transport at send time (see
/// [`AuthScheme::header_value`]), so a request never holds the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The operation this request performs.
    pub operation: Operation,
    /// HTTP method.
    pub method: Method,
    /// Absolute URL, path and query percent-encoded.
    pub url: String,
    /// JSON body, when the operation has one.
    pub body: Option<String>,
}

impl HttpRequest {
    /// Headers to send besides `Authorization`.
    pub fn headers(&self) -> &'static [(&'static str, &'static str)] {
        if self.body.is_some() {
            &[
                ("Accept", "application/json"),
                ("Content-Type", "application/json"),
            ]
        } else {
            &[("Accept", "application/json")]
        }
    }
}

/// A call of one operation with its typed input.
#[derive(Debug, Clone, PartialEq)]
pub enum Call<'a> {
    /// `getMessages(chatId, {fromTime, toTime, limit})`.
    GetMessages {
        /// Chat id.
        chat_id: &'a str,
        /// Epoch ms, inclusive lower bound.
        from_time: Option<i64>,
        /// Epoch ms, inclusive upper bound.
        to_time: Option<i64>,
        /// 1 to 100.
        limit: Option<i64>,
    },
    /// `getMessage(chatId, messageId)`.
    GetMessage {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
    },
    /// `postToChannel(channelUniqueName, message, {botUniqueName, markAsRead})`.
    PostToChannel {
        /// Channel unique name.
        channel: &'a str,
        /// The wire message (a JSON string means plain text).
        message: &'a Value,
        /// Post as this bot.
        bot_unique_name: Option<&'a str>,
        /// Mark the post as read for the sender.
        mark_as_read: Option<bool>,
    },
    /// `postToBot(botUniqueName, message, {userIds, broadcast})`.
    PostToBot {
        /// Bot unique name.
        bot: &'a str,
        /// The wire message.
        message: &'a Value,
        /// Subscribers to deliver to (sent as `"userids": "1,2"`).
        user_ids: Option<&'a [String]>,
        /// Deliver to every subscriber.
        broadcast: Option<bool>,
    },
    /// `postToChat(chatId, message)`.
    PostToChat {
        /// Chat id, or a thread's chat id.
        chat_id: &'a str,
        /// The wire message.
        message: &'a Value,
    },
    /// `postToUser(emailOrZuid, message)`.
    PostToUser {
        /// Email address or ZUID.
        user: &'a str,
        /// The wire message.
        message: &'a Value,
    },
    /// `editMessage(chatId, messageId, text, {notifyEdit})`.
    EditMessage {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
        /// New text.
        text: &'a str,
        /// Tell participants the message was edited.
        notify_edit: Option<bool>,
    },
    /// `deleteMessage(chatId, messageId)`.
    DeleteMessage {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
    },
    /// `addReaction(chatId, messageId, emojiCode)`.
    AddReaction {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
        /// A Zomoji code (`:smile:`) or a Unicode emoji.
        emoji_code: &'a str,
    },
    /// `getReactions(chatId, messageId)`.
    GetReactions {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
    },
    /// `removeReaction(chatId, messageId, emojiCode)`.
    RemoveReaction {
        /// Chat id.
        chat_id: &'a str,
        /// Message id.
        message_id: &'a str,
        /// The reaction to remove.
        emoji_code: &'a str,
    },
    /// `createMessageAction(input)`.
    CreateMessageAction {
        /// `NewMessageAction` in Cliq's wire form.
        input: &'a Value,
    },
    /// `listMessageActions({limit, nextToken, syncToken})`.
    ListMessageActions {
        /// 1 to 100.
        limit: Option<i64>,
        /// Cursor from the previous page.
        next_token: Option<&'a str>,
        /// Only actions changed since this token.
        sync_token: Option<&'a str>,
    },
    /// `getMessageAction(id)`.
    GetMessageAction {
        /// Message action id.
        id: &'a str,
    },
    /// `updateMessageAction(id, patch)`.
    UpdateMessageAction {
        /// Message action id.
        id: &'a str,
        /// `MessageActionPatch` in Cliq's wire form.
        patch: &'a Value,
    },
    /// `deleteMessageAction(id)`.
    DeleteMessageAction {
        /// Message action id.
        id: &'a str,
    },
    /// `getMessageActionHandler(id)`.
    GetMessageActionHandler {
        /// Message action id.
        id: &'a str,
    },
    /// `updateMessageActionHandler(id, patch)`.
    UpdateMessageActionHandler {
        /// Message action id.
        id: &'a str,
        /// `HandlerPatch`: `{script}` or `{permissions}`.
        patch: &'a Value,
    },
}

impl Call<'_> {
    /// The operation this call performs.
    pub fn operation(&self) -> Operation {
        match self {
            Call::GetMessages { .. } => Operation::GetMessages,
            Call::GetMessage { .. } => Operation::GetMessage,
            Call::PostToChannel { .. } => Operation::PostToChannel,
            Call::PostToBot { .. } => Operation::PostToBot,
            Call::PostToChat { .. } => Operation::PostToChat,
            Call::PostToUser { .. } => Operation::PostToUser,
            Call::EditMessage { .. } => Operation::EditMessage,
            Call::DeleteMessage { .. } => Operation::DeleteMessage,
            Call::AddReaction { .. } => Operation::AddReaction,
            Call::GetReactions { .. } => Operation::GetReactions,
            Call::RemoveReaction { .. } => Operation::RemoveReaction,
            Call::CreateMessageAction { .. } => Operation::CreateMessageAction,
            Call::ListMessageActions { .. } => Operation::ListMessageActions,
            Call::GetMessageAction { .. } => Operation::GetMessageAction,
            Call::UpdateMessageAction { .. } => Operation::UpdateMessageAction,
            Call::DeleteMessageAction { .. } => Operation::DeleteMessageAction,
            Call::GetMessageActionHandler { .. } => Operation::GetMessageActionHandler,
            Call::UpdateMessageActionHandler { .. } => Operation::UpdateMessageActionHandler,
        }
    }
}

/// Turns the first violation into an `InvalidInput` error that also lists the others.
fn reject(violations: Vec<Violation>) -> Result<(), Error> {
    let mut rest = violations.into_iter();
    let Some(first) = rest.next() else {
        return Ok(());
    };
    let mut err = Error::invalid_input(first.field, first.message);
    for more in rest {
        err.message.push_str("; ");
        err.message.push_str(&more.field);
        err.message.push(' ');
        err.message.push_str(&more.message);
    }
    Err(err)
}

fn require_id<'a>(field: &str, value: &'a str) -> Result<&'a str, Error> {
    if value.trim().is_empty() {
        Err(Error::invalid_input(field, "must be a non-empty string"))
    } else if value.chars().any(char::is_control) {
        // Never a Cliq id; sent, it would reach a path nobody meant.
        Err(Error::invalid_input(
            field,
            "must not contain control characters",
        ))
    } else if is_dot_segment(value) {
        // URL normalisation removes such a segment, encoded (`%2E%2E`) or
        // not: `chats/c/messages/..` would reach `chats/c/`. Escapes in an
        // id are kept as they are (`encode_segment`), so `%2e` counts too.
        Err(Error::invalid_input(
            field,
            "must not be \".\" or \"..\" (nor %2E spellings of them)",
        ))
    } else {
        Ok(value)
    }
}

/// `.` or `..`, with any dot spelled `%2E`: what URL parsers remove.
fn is_dot_segment(value: &str) -> bool {
    let mut rest = value.as_bytes();
    let mut dots = 0;
    loop {
        rest = match rest {
            [] => return dots == 1 || dots == 2,
            [b'.', tail @ ..] | [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
}

fn check_range(field: &str, value: Option<i64>, min: i64, max: i64) -> Result<(), Error> {
    match value {
        Some(v) if v < min || v > max => Err(Error::invalid_input(
            field,
            format!("must be between {min} and {max} (got {v})"),
        )),
        _ => Ok(()),
    }
}

/// The message as it goes on the wire: a string is `{"text": …}`.
fn message_body(message: &Value) -> Result<Map<String, Value>, Error> {
    reject(validate::validate_message(message))?;
    match message {
        Value::String(text) => {
            let mut map = Map::new();
            map.insert("text".into(), Value::String(text.clone()));
            Ok(map)
        }
        Value::Object(map) => Ok(map.clone()),
        _ => Err(Error::invalid_input(
            "message",
            "must be a string or a message object",
        )),
    }
}

fn json(body: &Map<String, Value>) -> Result<String, Error> {
    // Cannot fail for a map with string keys; no serde error text ships.
    serde_json::to_string(body)
        .map_err(|_| Error::invalid_input("body", "must be JSON-serialisable data"))
}

/// Builds the request for `call` under `root`, after validating its input.
pub fn build(call: &Call<'_>, root: &ApiRoot) -> Result<HttpRequest, Error> {
    let op = call.operation();
    let endpoint = op.endpoint();
    let mut path = String::new();
    let mut query: Vec<(&str, String)> = Vec::new();
    let mut body: Option<Map<String, Value>> = None;

    // Fills the path template from (placeholder, field name, value) triples,
    // segment by segment (a whole `{name}` segment is a placeholder).
    // Each `{field}` of the endpoint's path gets its value, checked and
    // percent-encoded.
    let mut fill = |params: &[(&str, &str)]| -> Result<(), Error> {
        for segment in endpoint.path.split('/').skip(1) {
            path.push('/');
            let field = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            match params.iter().find(|(name, _)| Some(*name) == field) {
                Some((name, value)) => path.push_str(&encode_segment(require_id(name, value)?)),
                None => path.push_str(segment),
            }
        }
        Ok(())
    };

    match call {
        Call::GetMessages {
            chat_id,
            from_time,
            to_time,
            limit,
        } => {
            fill(&[("chatId", chat_id)])?;
            check_range("fromTime", *from_time, 0, i64::MAX)?;
            check_range("toTime", *to_time, 0, i64::MAX)?;
            if let (Some(from), Some(to)) = (from_time, to_time) {
                if from > to {
                    return Err(Error::invalid_input(
                        "fromTime",
                        format!("must not be after toTime ({from} > {to})"),
                    ));
                }
            }
            check_range("limit", *limit, 1, 100)?;
            if let Some(v) = from_time {
                query.push(("fromtime", v.to_string()));
            }
            if let Some(v) = to_time {
                query.push(("totime", v.to_string()));
            }
            if let Some(v) = limit {
                query.push(("limit", v.to_string()));
            }
        }
        Call::GetMessage {
            chat_id,
            message_id,
        }
        | Call::DeleteMessage {
            chat_id,
            message_id,
        }
        | Call::GetReactions {
            chat_id,
            message_id,
        } => fill(&[("chatId", chat_id), ("messageId", message_id)])?,
        Call::PostToChannel {
            channel,
            message,
            bot_unique_name,
            mark_as_read,
        } => {
            fill(&[("channelUniqueName", channel)])?;
            body = Some(message_body(message)?);
            if let Some(bot) = bot_unique_name {
                query.push(("bot_unique_name", require_id("botUniqueName", bot)?.into()));
            }
            if let Some(read) = mark_as_read {
                query.push(("mark_as_read", read.to_string()));
            }
        }
        Call::PostToBot {
            bot,
            message,
            user_ids,
            broadcast,
        } => {
            fill(&[("botUniqueName", bot)])?;
            let mut map = message_body(message)?;
            if let Some(ids) = user_ids {
                for (i, id) in ids.iter().enumerate() {
                    if id.trim().is_empty() || id.contains(',') {
                        return Err(Error::invalid_input(
                            format!("userIds[{i}]"),
                            "must be a non-empty ZUID or email without commas",
                        ));
                    }
                }
                // By hand: `join` here would be a second copy of its generic code.
                let mut joined = String::new();
                for id in ids.iter() {
                    if !joined.is_empty() {
                        joined.push(',');
                    }
                    joined.push_str(id);
                }
                map.insert("userids".into(), Value::String(joined));
            }
            if let Some(b) = broadcast {
                map.insert("broadcast".into(), Value::Bool(*b));
            }
            body = Some(map);
        }
        Call::PostToChat { chat_id, message } => {
            fill(&[("chatId", chat_id)])?;
            body = Some(message_body(message)?);
        }
        Call::PostToUser { user, message } => {
            fill(&[("emailOrZuid", user)])?;
            body = Some(message_body(message)?);
        }
        Call::EditMessage {
            chat_id,
            message_id,
            text,
            notify_edit,
        } => {
            fill(&[("chatId", chat_id), ("messageId", message_id)])?;
            reject(validate::validate_edit_text(text))?;
            let mut map = Map::new();
            map.insert("text".into(), Value::String((*text).to_string()));
            if let Some(n) = notify_edit {
                map.insert("notify_edit".into(), Value::Bool(*n));
            }
            body = Some(map);
        }
        Call::AddReaction {
            chat_id,
            message_id,
            emoji_code,
        }
        | Call::RemoveReaction {
            chat_id,
            message_id,
            emoji_code,
        } => {
            fill(&[("chatId", chat_id), ("messageId", message_id)])?;
            let emoji = require_id("emojiCode", emoji_code)?;
            if op == Operation::AddReaction {
                let mut map = Map::new();
                map.insert("emoji_code".into(), Value::String(emoji.to_string()));
                body = Some(map);
            } else {
                query.push(("emoji_code", emoji.into()));
            }
        }
        Call::CreateMessageAction { input } => {
            path = endpoint.path.to_string();
            body = Some(action_body(input, ActionMode::Create)?);
        }
        Call::ListMessageActions {
            limit,
            next_token,
            sync_token,
        } => {
            path = endpoint.path.to_string();
            check_range("limit", *limit, 1, 100)?;
            if let Some(v) = limit {
                query.push(("limit", v.to_string()));
            }
            if let Some(t) = next_token {
                query.push(("next_token", require_id("nextToken", t)?.into()));
            }
            if let Some(t) = sync_token {
                query.push(("sync_token", require_id("syncToken", t)?.into()));
            }
        }
        Call::GetMessageAction { id }
        | Call::DeleteMessageAction { id }
        | Call::GetMessageActionHandler { id } => fill(&[("id", id)])?,
        Call::UpdateMessageAction { id, patch } => {
            fill(&[("id", id)])?;
            body = Some(action_body(patch, ActionMode::Update)?);
        }
        Call::UpdateMessageActionHandler { id, patch } => {
            fill(&[("id", id)])?;
            reject(validate::validate_handler_patch(patch))?;
            body = Some(object_of(patch)?);
        }
    }

    let mut url = root.url(endpoint.version, &path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        url.push_str(&encode_component(value));
    }
    Ok(HttpRequest {
        operation: op,
        method: endpoint.method,
        url,
        body: body.as_ref().map(json).transpose()?,
    })
}

fn object_of(value: &Value) -> Result<Map<String, Value>, Error> {
    match value {
        Value::Object(map) => Ok(map.clone()),
        _ => Err(Error::invalid_input("input", "must be an object")),
    }
}

fn action_body(input: &Value, mode: ActionMode) -> Result<Map<String, Value>, Error> {
    reject(validate::validate_message_action(input, mode))?;
    object_of(input)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn root() -> ApiRoot {
        ApiRoot::new(None, None, None).unwrap()
    }

    fn built(call: Call<'_>) -> HttpRequest {
        build(&call, &root()).unwrap()
    }

    fn body(req: &HttpRequest) -> Value {
        serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn an_id_of_dots_is_refused_because_urls_drop_such_segments() {
        for id in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            let err = build(
                &Call::DeleteMessage {
                    chat_id: "CT_1",
                    message_id: id,
                },
                &root(),
            )
            .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("messageId"), "{id}");
        }
        let req = built(Call::DeleteMessage {
            chat_id: "CT_1",
            message_id: "...",
        });
        assert!(
            req.url.ends_with("/chats/CT_1/messages/..."),
            "not a dot segment"
        );
        let req = built(Call::DeleteMessage {
            chat_id: "CT_1",
            message_id: "%2e%2e%2e",
        });
        assert!(req.url.ends_with("/messages/%2e%2e%2e"), "not one either");
    }

    #[test]
    fn ids_with_control_characters_are_refused_naming_the_field() {
        let err = build(
            &Call::GetMessage {
                chat_id: "CT_1\r\nX-Injected: 1",
                message_id: "1",
            },
            &root(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("chatId"));
        assert_eq!(err.message, "chatId must not contain control characters");
    }

    #[test]
    fn get_messages_documented_example() {
        let req = built(Call::GetMessages {
            chat_id: "CT_1203304812000146098_55622663-B2",
            from_time: Some(1542711601585),
            to_time: Some(1542798001273),
            limit: Some(50),
        });
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.url, "https://cliq.zoho.com/api/v2/chats/CT_1203304812000146098_55622663-B2/messages?fromtime=1542711601585&totime=1542798001273&limit=50");
        assert_eq!(req.body, None);
    }

    #[test]
    fn get_messages_limit_is_between_1_and_100() {
        let call = |limit| Call::GetMessages {
            chat_id: "c",
            from_time: None,
            to_time: None,
            limit: Some(limit),
        };
        assert!(build(&call(1), &root()).is_ok());
        assert!(build(&call(100), &root()).is_ok());
        for bad in [0, 101] {
            let err = build(&call(bad), &root()).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("limit"));
            assert!(err.message.contains("between 1 and 100"), "{}", err.message);
        }
    }

    #[test]
    fn get_messages_refuses_a_reversed_time_range() {
        let err = build(
            &Call::GetMessages {
                chat_id: "c",
                from_time: Some(10),
                to_time: Some(5),
                limit: None,
            },
            &root(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("fromTime"));
    }

    #[test]
    fn get_message_uses_the_single_message_path_and_keeps_encoded_ids() {
        let req = built(Call::GetMessage {
            chat_id: "CT_1",
            message_id: "1709038327622%2029706114886",
        });
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/chats/CT_1/messages/1709038327622%2029706114886"
        );
    }

    #[test]
    fn an_empty_path_parameter_is_invalid_input_naming_it() {
        let err = build(
            &Call::GetMessage {
                chat_id: "CT_1",
                message_id: " ",
            },
            &root(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("messageId"));
    }

    #[test]
    fn post_to_channel_sends_text_and_query_options() {
        let msg = json!({"text": "Release 2.1 is out", "sync_message": true});
        let req = built(Call::PostToChannel {
            channel: "announcements",
            message: &msg,
            bot_unique_name: Some("deploybot"),
            mark_as_read: Some(true),
        });
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://cliq.zoho.com/api/v2/channelsbyname/announcements/message?bot_unique_name=deploybot&mark_as_read=true");
        assert_eq!(body(&req), msg);
    }

    #[test]
    fn a_plain_string_message_is_sent_as_text() {
        let msg = json!("hello *world*");
        let req = built(Call::PostToChat {
            chat_id: "CT_1",
            message: &msg,
        });
        assert_eq!(req.url, "https://cliq.zoho.com/api/v2/chats/CT_1/message");
        assert_eq!(body(&req), json!({"text": "hello *world*"}));
    }

    #[test]
    fn unknown_message_fields_pass_through_untouched() {
        let msg = json!({"text": "x", "card": {"title": "T", "theme": "modern-inline", "future_field": [1, 2]}, "whatever": {"a": null}});
        let req = built(Call::PostToUser {
            user: "scott.fisher@zylker.com",
            message: &msg,
        });
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/buddies/scott.fisher%40zylker.com/message"
        );
        assert_eq!(body(&req), msg);
    }

    #[test]
    fn post_to_bot_joins_user_ids_with_commas_and_sends_broadcast_as_boolean() {
        let msg = json!({"text": "Deploy finished"});
        let ids = vec!["55743307".to_string(), "55622727".to_string()];
        let req = built(Call::PostToBot {
            bot: "deploybot",
            message: &msg,
            user_ids: Some(&ids),
            broadcast: Some(false),
        });
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/bots/deploybot/message"
        );
        assert_eq!(
            body(&req),
            json!({"text": "Deploy finished", "userids": "55743307,55622727", "broadcast": false})
        );
    }

    #[test]
    fn post_to_bot_refuses_a_user_id_with_a_comma() {
        let msg = json!("x");
        let ids = vec!["1".to_string(), "2,3".to_string()];
        let err = build(
            &Call::PostToBot {
                bot: "b",
                message: &msg,
                user_ids: Some(&ids),
                broadcast: None,
            },
            &root(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("userIds[1]"));
    }

    #[test]
    fn an_invalid_message_never_becomes_a_request() {
        let msg = json!({"text": "x".repeat(10_001)});
        let err = build(
            &Call::PostToChat {
                chat_id: "CT_1",
                message: &msg,
            },
            &root(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("text"));
        assert!(err.message.contains("10000"), "{}", err.message);
    }

    #[test]
    fn edit_message_sends_text_and_notify_edit_only_when_given() {
        let req = built(Call::EditMessage {
            chat_id: "CT_1",
            message_id: "1_2",
            text: "fixed",
            notify_edit: None,
        });
        assert_eq!(req.method, Method::Put);
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/chats/CT_1/messages/1_2"
        );
        assert_eq!(body(&req), json!({"text": "fixed"}));
        let req = built(Call::EditMessage {
            chat_id: "CT_1",
            message_id: "1_2",
            text: "fixed",
            notify_edit: Some(true),
        });
        assert_eq!(body(&req), json!({"text": "fixed", "notify_edit": true}));
    }

    #[test]
    fn delete_message_has_no_body() {
        let req = built(Call::DeleteMessage {
            chat_id: "CT_1",
            message_id: "1_2",
        });
        assert_eq!(req.method, Method::Delete);
        assert_eq!(req.body, None);
        assert_eq!(req.headers(), &[("Accept", "application/json")]);
    }

    #[test]
    fn add_reaction_sends_emoji_code_in_the_body() {
        let req = built(Call::AddReaction {
            chat_id: "CT_1",
            message_id: "1_2",
            emoji_code: ":smile:",
        });
        assert_eq!(req.method, Method::Post);
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/chats/CT_1/messages/1_2/reactions"
        );
        assert_eq!(body(&req), json!({"emoji_code": ":smile:"}));
    }

    #[test]
    fn get_reactions_documented_path() {
        let req = built(Call::GetReactions {
            chat_id: "CT_1",
            message_id: "1_2",
        });
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/chats/CT_1/messages/1_2/reactions"
        );
    }

    #[test]
    fn remove_reaction_sends_the_emoji_as_an_encoded_query_parameter() {
        let req = built(Call::RemoveReaction {
            chat_id: "CT_1",
            message_id: "1_2",
            emoji_code: "😍",
        });
        assert_eq!(req.method, Method::Delete);
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v2/chats/CT_1/messages/1_2/reactions?emoji_code=%F0%9F%98%8D"
        );
        assert_eq!(req.body, None);
    }

    #[test]
    fn create_message_action_documented_example() {
        let input = json!({"name": "Create Task", "hint": "Create a task from this message",
            "execution_type": "deluge", "scope": "organization", "message_types": ["text", "link"]});
        let req = built(Call::CreateMessageAction { input: &input });
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://cliq.zoho.com/api/v3/messageactions");
        assert_eq!(body(&req), input);
    }

    #[test]
    fn list_message_actions_sends_documented_query_names() {
        let req = built(Call::ListMessageActions {
            limit: Some(20),
            next_token: Some("eyJwIjoyfQ=="),
            sync_token: None,
        });
        assert_eq!(
            req.url,
            "https://cliq.zoho.com/api/v3/messageactions?limit=20&next_token=eyJwIjoyfQ%3D%3D"
        );
    }

    #[test]
    fn message_action_paths_by_id() {
        let patch = json!({"hint": "new"});
        let cases = [
            (
                Call::GetMessageAction { id: "537" },
                Method::Get,
                "/messageactions/537",
            ),
            (
                Call::UpdateMessageAction {
                    id: "537",
                    patch: &patch,
                },
                Method::Patch,
                "/messageactions/537",
            ),
            (
                Call::DeleteMessageAction { id: "537" },
                Method::Delete,
                "/messageactions/537",
            ),
            (
                Call::GetMessageActionHandler { id: "537" },
                Method::Get,
                "/messageactions/537/handlers/execution_handler",
            ),
        ];
        for (call, method, path) in cases {
            let req = built(call);
            assert_eq!(req.method, method);
            assert_eq!(req.url, format!("https://cliq.zoho.com/api/v3{path}"));
        }
    }

    #[test]
    fn update_handler_sends_the_patch_unchanged() {
        let patch = json!({"permissions": ["chat", "message"]});
        let req = built(Call::UpdateMessageActionHandler {
            id: "537",
            patch: &patch,
        });
        assert_eq!(req.method, Method::Patch);
        assert_eq!(body(&req), patch);
    }

    #[test]
    fn requests_go_through_base_url_and_network() {
        let root =
            ApiRoot::new(None, Some("http://127.0.0.1:8787"), Some("zylker clients")).unwrap();
        let req = build(&Call::GetMessageAction { id: "1" }, &root).unwrap();
        assert_eq!(
            req.url,
            "http://127.0.0.1:8787/network/zylker%20clients/api/v3/messageactions/1"
        );
    }

    #[test]
    fn auth_header_schemes() {
        assert_eq!(
            AuthScheme::default().header_value("1000.x"),
            "Zoho-oauthtoken 1000.x"
        );
        assert_eq!(AuthScheme::Bearer.header_value("1000.x"), "Bearer 1000.x");
        assert_eq!(
            AuthScheme::parse("Basic").unwrap_err().field.as_deref(),
            Some("authScheme")
        );
    }

    #[test]
    fn a_built_request_never_contains_the_token() {
        let msg = json!("hi");
        let req = built(Call::PostToChannel {
            channel: "general",
            message: &msg,
            bot_unique_name: None,
            mark_as_read: None,
        });
        assert!(!format!("{req:?}").contains("oauthtoken"));
    }
}
