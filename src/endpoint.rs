//! The one table of operations.
//!
//! Every operation the client performs is described here once: its name (as
//! in the public JS API), HTTP method, API version, path template, per-minute
//! quota, lock period, OAuth scope and whether it may be retried. Request
//! building, rate limiting, retries and the docs read this table.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

/// HTTP methods used by Cliq's messaging APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as sending it
    /// once. `POST` is not: a retried post can double a message.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The operation, named as the JS method (`postToChannel`).
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// API version: 2 (`/api/v2`) or 3 (`/api/v3`).
    pub version: u8,
    /// Path below the API root, `{name}` marking a path parameter.
    pub path: &'static str,
    /// Calls allowed per minute per user before Cliq locks the operation.
    pub quota_per_minute: u32,
    /// How long Cliq refuses the operation once the quota is exceeded, in minutes.
    pub lock_minutes: u32,
    /// The OAuth scope the call needs.
    pub scope: &'static str,
}

impl Endpoint {
    /// Lock period in milliseconds.
    pub fn lock_ms(&self) -> u64 {
        u64::from(self.lock_minutes) * 60_000
    }

    /// Whether a failed attempt may be sent again (see [`Method::is_idempotent`]).
    pub fn is_idempotent(&self) -> bool {
        self.method.is_idempotent()
    }
}

macro_rules! operations {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $method:ident, v $version:literal, $path:literal, $quota:literal / min, lock $lock:literal, $scope:literal; )*) => {
        /// The 18 operations of the client, one per JS method.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $( $(#[$doc])* $variant, )*
        }

        impl Operation {
            /// Every operation, in table order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];
            /// How many operations there are.
            pub const COUNT: usize = Operation::ALL.len();

            /// The operation's row in the endpoint table.
            pub fn endpoint(self) -> &'static Endpoint {
                match self {
                    $( Operation::$variant => &Endpoint {
                        name: $name,
                        method: Method::$method,
                        version: $version,
                        path: $path,
                        quota_per_minute: $quota,
                        lock_minutes: $lock,
                        scope: $scope,
                    }, )*
                }
            }
        }
    };
}

operations! {
    /// List a conversation's messages.
    GetMessages = "getMessages", Get, v 2, "/chats/{chatId}/messages", 15 / min, lock 10, "ZohoCliq.Messages.READ";
    /// Retrieve one message.
    GetMessage = "getMessage", Get, v 2, "/chats/{chatId}/messages/{messageId}", 30 / min, lock 10, "ZohoCliq.Messages.READ";
    /// Post to a channel by its unique name, optionally as a bot.
    PostToChannel = "postToChannel", Post, v 2, "/channelsbyname/{channelUniqueName}/message", 50 / min, lock 10, "ZohoCliq.Webhooks.CREATE";
    /// Post to a bot's subscribers, or broadcast.
    PostToBot = "postToBot", Post, v 2, "/bots/{botUniqueName}/message", 20 / min, lock 10, "ZohoCliq.Webhooks.CREATE";
    /// Post to a chat, or to a thread by its chat id.
    PostToChat = "postToChat", Post, v 2, "/chats/{chatId}/message", 20 / min, lock 10, "ZohoCliq.Webhooks.CREATE";
    /// Post a direct message to a user by email or ZUID.
    PostToUser = "postToUser", Post, v 2, "/buddies/{emailOrZuid}/message", 20 / min, lock 10, "ZohoCliq.Webhooks.CREATE";
    /// Edit a message's text.
    EditMessage = "editMessage", Put, v 2, "/chats/{chatId}/messages/{messageId}", 20 / min, lock 10, "ZohoCliq.Messages.UPDATE";
    /// Delete a message.
    DeleteMessage = "deleteMessage", Delete, v 2, "/chats/{chatId}/messages/{messageId}", 20 / min, lock 10, "ZohoCliq.Messages.DELETE";
    /// React to a message.
    AddReaction = "addReaction", Post, v 2, "/chats/{chatId}/messages/{messageId}/reactions", 20 / min, lock 10, "ZohoCliq.messageactions.CREATE";
    /// List a message's reactions.
    GetReactions = "getReactions", Get, v 2, "/chats/{chatId}/messages/{messageId}/reactions", 20 / min, lock 10, "ZohoCliq.messageactions.READ";
    /// Remove one's reaction from a message.
    RemoveReaction = "removeReaction", Delete, v 2, "/chats/{chatId}/messages/{messageId}/reactions", 20 / min, lock 10, "ZohoCliq.messageactions.DELETE";
    /// Create a message action.
    CreateMessageAction = "createMessageAction", Post, v 3, "/messageactions", 30 / min, lock 5, "ZohoCliq.MessageActions.CREATE";
    /// List message actions, one page.
    ListMessageActions = "listMessageActions", Get, v 3, "/messageactions", 30 / min, lock 5, "ZohoCliq.MessageActions.READ";
    /// Retrieve one message action.
    GetMessageAction = "getMessageAction", Get, v 3, "/messageactions/{id}", 10 / min, lock 5, "ZohoCliq.MessageActions.READ";
    /// Update a message action.
    UpdateMessageAction = "updateMessageAction", Patch, v 3, "/messageactions/{id}", 10 / min, lock 5, "ZohoCliq.MessageActions.UPDATE";
    /// Delete a message action and its handler.
    DeleteMessageAction = "deleteMessageAction", Delete, v 3, "/messageactions/{id}", 10 / min, lock 5, "ZohoCliq.MessageActions.DELETE";
    /// Read a message action's execution handler.
    GetMessageActionHandler = "getMessageActionHandler", Get, v 3, "/messageactions/{id}/handlers/execution_handler", 10 / min, lock 5, "ZohoCliq.MessageActions.READ";
    /// Update a message action's execution handler.
    UpdateMessageActionHandler = "updateMessageActionHandler", Patch, v 3, "/messageactions/{id}/handlers/execution_handler", 10 / min, lock 5, "ZohoCliq.MessageActions.UPDATE";
}

impl Operation {
    /// The JS method name of the operation.
    pub fn name(self) -> &'static str {
        self.endpoint().name
    }

    /// Position of the operation in [`Operation::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Finds an operation by its JS method name.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|op| op.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn table_has_the_eighteen_operations_with_unique_names() {
        assert_eq!(Operation::ALL.len(), 18);
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(op.index(), i);
            assert_eq!(Operation::from_name(op.name()), Some(*op));
        }
    }

    #[test]
    fn quotas_and_locks_follow_the_decision_table() {
        let expected: &[(&str, u32, u32)] = &[
            ("getMessages", 15, 10),
            ("getMessage", 30, 10),
            ("postToChannel", 50, 10),
            ("postToBot", 20, 10),
            ("postToChat", 20, 10),
            ("postToUser", 20, 10),
            ("editMessage", 20, 10),
            ("deleteMessage", 20, 10),
            ("addReaction", 20, 10),
            ("getReactions", 20, 10),
            ("removeReaction", 20, 10),
            ("createMessageAction", 30, 5),
            ("listMessageActions", 30, 5),
            ("getMessageAction", 10, 5),
            ("updateMessageAction", 10, 5),
            ("deleteMessageAction", 10, 5),
            ("getMessageActionHandler", 10, 5),
            ("updateMessageActionHandler", 10, 5),
        ];
        for (name, quota, lock) in expected {
            let e = Operation::from_name(name).map(|op| op.endpoint());
            assert_eq!(
                e.map(|e| (e.quota_per_minute, e.lock_minutes)),
                Some((*quota, *lock)),
                "{name}"
            );
        }
    }

    #[test]
    fn only_posts_are_not_idempotent() {
        for op in Operation::ALL {
            let e = op.endpoint();
            assert_eq!(e.is_idempotent(), e.method != Method::Post, "{}", e.name);
        }
    }
}
