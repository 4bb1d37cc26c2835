//! The 18 operations and the mapping from method + path to an operation.

use axum::http::Method;

/// One of the 18 operations the sandbox emulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// GET /api/v2/chats/{chatId}/messages
    GetMessages,
    /// GET /api/v2/chats/{chatId}/messages/{messageId}
    GetMessage,
    /// POST /api/v2/channelsbyname/{name}/message
    PostToChannel,
    /// POST /api/v2/bots/{name}/message
    PostToBot,
    /// POST /api/v2/chats/{chatId}/message
    PostToChat,
    /// POST /api/v2/buddies/{emailOrZuid}/message
    PostToUser,
    /// PUT /api/v2/chats/{chatId}/messages/{messageId}
    EditMessage,
    /// DELETE /api/v2/chats/{chatId}/messages/{messageId}
    DeleteMessage,
    /// POST /api/v2/chats/{chatId}/messages/{messageId}/reactions
    AddReaction,
    /// GET /api/v2/chats/{chatId}/messages/{messageId}/reactions
    GetReactions,
    /// DELETE /api/v2/chats/{chatId}/messages/{messageId}/reactions
    RemoveReaction,
    /// POST /api/v3/messageactions
    CreateMessageAction,
    /// GET /api/v3/messageactions
    ListMessageActions,
    /// GET /api/v3/messageactions/{id}
    GetMessageAction,
    /// PATCH /api/v3/messageactions/{id}
    UpdateMessageAction,
    /// DELETE /api/v3/messageactions/{id}
    DeleteMessageAction,
    /// GET /api/v3/messageactions/{id}/handlers/{type}
    GetMessageActionHandler,
    /// PATCH /api/v3/messageactions/{id}/handlers/{type}
    UpdateMessageActionHandler,
}

impl Operation {
    /// All operations, in the order of the decision table.
    pub const ALL: [Operation; 18] = [
        Operation::GetMessages,
        Operation::GetMessage,
        Operation::PostToChannel,
        Operation::PostToBot,
        Operation::PostToChat,
        Operation::PostToUser,
        Operation::EditMessage,
        Operation::DeleteMessage,
        Operation::AddReaction,
        Operation::GetReactions,
        Operation::RemoveReaction,
        Operation::CreateMessageAction,
        Operation::ListMessageActions,
        Operation::GetMessageAction,
        Operation::UpdateMessageAction,
        Operation::DeleteMessageAction,
        Operation::GetMessageActionHandler,
        Operation::UpdateMessageActionHandler,
    ];

    /// The library's method name, e.g. `postToChannel`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::GetMessages => "getMessages",
            Operation::GetMessage => "getMessage",
            Operation::PostToChannel => "postToChannel",
            Operation::PostToBot => "postToBot",
            Operation::PostToChat => "postToChat",
            Operation::PostToUser => "postToUser",
            Operation::EditMessage => "editMessage",
            Operation::DeleteMessage => "deleteMessage",
            Operation::AddReaction => "addReaction",
            Operation::GetReactions => "getReactions",
            Operation::RemoveReaction => "removeReaction",
            Operation::CreateMessageAction => "createMessageAction",
            Operation::ListMessageActions => "listMessageActions",
            Operation::GetMessageAction => "getMessageAction",
            Operation::UpdateMessageAction => "updateMessageAction",
            Operation::DeleteMessageAction => "deleteMessageAction",
            Operation::GetMessageActionHandler => "getMessageActionHandler",
            Operation::UpdateMessageActionHandler => "updateMessageActionHandler",
        }
    }

    /// Whether this is one of the four posting operations, the only ones a
    /// webhook token (`?zapikey=`) authorises.
    pub fn is_posting(self) -> bool {
        matches!(
            self,
            Operation::PostToChannel
                | Operation::PostToBot
                | Operation::PostToChat
                | Operation::PostToUser
        )
    }

    /// The operation with this name.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Calls allowed per minute per token (the decision table of cliq-api.md).
    pub fn quota(self) -> u32 {
        match self {
            Operation::GetMessages => 15,
            Operation::GetMessage => 30,
            Operation::PostToChannel => 50,
            Operation::CreateMessageAction | Operation::ListMessageActions => 30,
            Operation::GetMessageAction
            | Operation::UpdateMessageAction
            | Operation::DeleteMessageAction
            | Operation::GetMessageActionHandler
            | Operation::UpdateMessageActionHandler => 10,
            _ => 20,
        }
    }

    /// Lock period in minutes after the quota is exceeded.
    pub fn lock_minutes(self) -> u32 {
        match self {
            Operation::CreateMessageAction
            | Operation::ListMessageActions
            | Operation::GetMessageAction
            | Operation::UpdateMessageAction
            | Operation::DeleteMessageAction
            | Operation::GetMessageActionHandler
            | Operation::UpdateMessageActionHandler => 5,
            _ => 10,
        }
    }
}

/// A recognised API path with its (percent-decoded) parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/chats/{chat}/messages`
    ChatMessages {
        /// Chat id.
        chat: String,
    },
    /// `/chats/{chat}/messages/{message}`
    ChatMessage {
        /// Chat id.
        chat: String,
        /// Message id.
        message: String,
    },
    /// `/chats/{chat}/messages/{message}/reactions`
    Reactions {
        /// Chat id.
        chat: String,
        /// Message id.
        message: String,
    },
    /// `/chats/{chat}/message`
    PostChat {
        /// Chat id.
        chat: String,
    },
    /// `/channelsbyname/{name}/message`
    PostChannel {
        /// Channel unique name.
        name: String,
    },
    /// `/bots/{name}/message`
    PostBot {
        /// Bot unique name.
        name: String,
    },
    /// `/buddies/{user}/message`
    PostUser {
        /// Email or ZUID.
        user: String,
    },
    /// `/api/v3/messageactions`
    Actions,
    /// `/api/v3/messageactions/{id}`
    Action {
        /// Message action id.
        id: String,
    },
    /// `/api/v3/messageactions/{id}/handlers/{handler}`
    Handler {
        /// Message action id.
        id: String,
        /// Handler type (only `execution_handler` exists).
        handler: String,
    },
}

/// Why a path is not an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// No such path.
    NotFound,
    /// The path exists, not with this method.
    MethodNotAllowed,
}

/// Splits `/network/{name}` off a path; returns the rest (from `/api/...`).
pub fn strip_network(path: &str) -> Option<&str> {
    match path.strip_prefix("/network/") {
        None => Some(path),
        Some(rest) => {
            let slash = rest.find('/')?;
            if slash == 0 {
                return None;
            }
            Some(&rest[slash..])
        }
    }
}

fn decode(segment: &str) -> Option<String> {
    let text = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?
        .into_owned();
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

/// Finds the route and operation of a request to the API.
pub fn resolve(method: &Method, raw_path: &str) -> Result<(Route, Operation), Miss> {
    let path = strip_network(raw_path).ok_or(Miss::NotFound)?;
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let (version, rest) = match segments.as_slice() {
        ["api", version, rest @ ..] => (*version, rest),
        _ => return Err(Miss::NotFound),
    };
    let mut params = Vec::with_capacity(rest.len());
    for (i, segment) in rest.iter().enumerate() {
        // Literal segments are matched raw; parameters are percent-decoded.
        params.push(if i % 2 == 1 {
            decode(segment).ok_or(Miss::NotFound)?
        } else {
            (*segment).to_string()
        });
    }
    let p: Vec<&str> = params.iter().map(String::as_str).collect();
    let own = |s: &str| s.to_string();
    let route = match (version, p.as_slice()) {
        ("v2", ["chats", chat, "messages"]) => Route::ChatMessages { chat: own(chat) },
        ("v2", ["chats", chat, "messages", message]) => Route::ChatMessage {
            chat: own(chat),
            message: own(message),
        },
        ("v2", ["chats", chat, "messages", message, "reactions"]) => Route::Reactions {
            chat: own(chat),
            message: own(message),
        },
        ("v2", ["chats", chat, "message"]) => Route::PostChat { chat: own(chat) },
        ("v2", ["channelsbyname", name, "message"]) => Route::PostChannel { name: own(name) },
        ("v2", ["bots", name, "message"]) => Route::PostBot { name: own(name) },
        ("v2", ["buddies", user, "message"]) => Route::PostUser { user: own(user) },
        ("v3", ["messageactions"]) => Route::Actions,
        ("v3", ["messageactions", id]) => Route::Action { id: own(id) },
        ("v3", ["messageactions", id, "handlers", handler]) => Route::Handler {
            id: own(id),
            handler: own(handler),
        },
        _ => return Err(Miss::NotFound),
    };
    let op = match (&route, method.as_str()) {
        (Route::ChatMessages { .. }, "GET") => Operation::GetMessages,
        (Route::ChatMessage { .. }, "GET") => Operation::GetMessage,
        (Route::ChatMessage { .. }, "PUT") => Operation::EditMessage,
        (Route::ChatMessage { .. }, "DELETE") => Operation::DeleteMessage,
        (Route::Reactions { .. }, "GET") => Operation::GetReactions,
        (Route::Reactions { .. }, "POST") => Operation::AddReaction,
        (Route::Reactions { .. }, "DELETE") => Operation::RemoveReaction,
        (Route::PostChat { .. }, "POST") => Operation::PostToChat,
        (Route::PostChannel { .. }, "POST") => Operation::PostToChannel,
        (Route::PostBot { .. }, "POST") => Operation::PostToBot,
        (Route::PostUser { .. }, "POST") => Operation::PostToUser,
        (Route::Actions, "POST") => Operation::CreateMessageAction,
        (Route::Actions, "GET") => Operation::ListMessageActions,
        (Route::Action { .. }, "GET") => Operation::GetMessageAction,
        (Route::Action { .. }, "PATCH") => Operation::UpdateMessageAction,
        (Route::Action { .. }, "DELETE") => Operation::DeleteMessageAction,
        (Route::Handler { .. }, "GET") => Operation::GetMessageActionHandler,
        (Route::Handler { .. }, "PATCH") => Operation::UpdateMessageActionHandler,
        _ => return Err(Miss::MethodNotAllowed),
    };
    Ok((route, op))
}

/// The operation of a request, if any (for logging, faults and the proxy).
pub fn operation_of(method: &Method, raw_path: &str) -> Option<Operation> {
    resolve(method, raw_path).ok().map(|(_, op)| op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_operation() {
        let cases = [
            ("GET", "/api/v2/chats/C1/messages", "getMessages"),
            ("GET", "/api/v2/chats/C1/messages/M1", "getMessage"),
            ("PUT", "/api/v2/chats/C1/messages/M1", "editMessage"),
            ("DELETE", "/api/v2/chats/C1/messages/M1", "deleteMessage"),
            (
                "POST",
                "/api/v2/chats/C1/messages/M1/reactions",
                "addReaction",
            ),
            (
                "GET",
                "/api/v2/chats/C1/messages/M1/reactions",
                "getReactions",
            ),
            (
                "DELETE",
                "/api/v2/chats/C1/messages/M1/reactions",
                "removeReaction",
            ),
            ("POST", "/api/v2/chats/C1/message", "postToChat"),
            (
                "POST",
                "/api/v2/channelsbyname/general/message",
                "postToChannel",
            ),
            ("POST", "/api/v2/bots/deploybot/message", "postToBot"),
            ("POST", "/api/v2/buddies/a%40b.com/message", "postToUser"),
            ("POST", "/api/v3/messageactions", "createMessageAction"),
            ("GET", "/api/v3/messageactions", "listMessageActions"),
            ("GET", "/api/v3/messageactions/1", "getMessageAction"),
            ("PATCH", "/api/v3/messageactions/1", "updateMessageAction"),
            ("DELETE", "/api/v3/messageactions/1", "deleteMessageAction"),
            (
                "GET",
                "/api/v3/messageactions/1/handlers/execution_handler",
                "getMessageActionHandler",
            ),
            (
                "PATCH",
                "/network/zylker/api/v3/messageactions/1/handlers/execution_handler",
                "updateMessageActionHandler",
            ),
        ];
        for (method, path, name) in cases {
            let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
            assert_eq!(
                operation_of(&method, path).map(Operation::name),
                Some(name),
                "{path}"
            );
        }
    }

    #[test]
    fn decodes_parameters_once() {
        let got = resolve(&Method::GET, "/api/v2/chats/C1/messages/1709%2029706");
        assert_eq!(
            got,
            Ok((
                Route::ChatMessage {
                    chat: "C1".into(),
                    message: "1709 29706".into()
                },
                Operation::GetMessage
            ))
        );
    }

    #[test]
    fn rejects_odd_paths() {
        for path in [
            "/api/v2/chats//messages",
            "/api/v2/chats/%ff/messages",
            "/api/v9/messageactions",
            "/network//api/v2/chats/C/messages",
            "/api",
        ] {
            assert_eq!(operation_of(&Method::GET, path), None, "{path}");
        }
        assert_eq!(
            resolve(&Method::PUT, "/api/v3/messageactions"),
            Err(Miss::MethodNotAllowed)
        );
    }
}
