//! The one table of the 18 operations the sandbox emulates. Each row holds
//! everything the sandbox knows about an operation: its name, method, path
//! template, quota and lock period (the decision table of docs/cliq-api.md),
//! whether a webhook token may call it, and the code that runs it. Routing,
//! quotas, faults, authentication and the request log all read this table.
//! It is the sandbox's own reading of the documents, deliberately
//! independent of the library's `src/endpoint.rs`.

use axum::http::Method;

use crate::error::{ApiError, Reply};
use crate::messages::{self, Caller};
use crate::state::Org;
use crate::validate::Query;
use crate::{actions, reactions};

/// The name of Zoho's token endpoint (`POST /oauth/v2/token`) in the request
/// log and in faults; it is not one of the 18 operations.
pub const OAUTH_TOKEN: &str = "oauthToken";

/// What an operation gets besides the organisation.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The user the request acts as.
    pub caller: &'a Caller,
    /// Path parameters (percent-decoded), in the template's order.
    pub params: &'a [String],
    /// Query parameters.
    pub query: &'a Query,
    /// The raw request body.
    pub body: &'a [u8],
}

impl Call<'_> {
    /// The first `N` path parameters (`""` for a missing one).
    pub fn params<const N: usize>(&self) -> [&str; N] {
        std::array::from_fn(|i| self.params.get(i).map_or("", String::as_str))
    }
}

/// The code that runs an operation.
pub type Run = fn(&mut Org, &Call<'_>) -> Result<Reply, ApiError>;

/// One row of the table.
#[derive(Debug)]
pub struct Spec {
    /// The operation.
    pub op: Operation,
    /// The library's method name, e.g. `postToChannel`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template; `{name}` marks a (percent-encoded) parameter.
    pub path: &'static str,
    /// Calls allowed per minute per token.
    pub quota: u32,
    /// Lock period in minutes once the quota is exceeded.
    pub lock_minutes: u32,
    /// Whether a webhook token (`?zapikey=`) authorises it (the four posts).
    pub webhook: bool,
    /// The code that runs it.
    pub run: Run,
}

macro_rules! operations {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $method:ident $path:literal,
        $quota:literal / min, lock $lock:literal, webhook $webhook:literal,
        $run:expr; )*) => {
        /// One of the 18 operations the sandbox emulates.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $( $(#[$doc])* $variant, )*
        }

        /// Every operation, in the order of [`Operation`]'s variants.
        pub static TABLE: [Spec; 18] = [
            $( Spec {
                op: Operation::$variant,
                name: $name,
                method: stringify!($method),
                path: $path,
                quota: $quota,
                lock_minutes: $lock,
                webhook: $webhook,
                run: $run,
            }, )*
        ];
    };
}

operations! {
    /// A chat's messages, oldest first.
    GetMessages = "getMessages", GET "/api/v2/chats/{chat}/messages", 15 / min, lock 10, webhook false,
        |org, c| { let [chat] = c.params(); messages::get_messages(org, c.caller, chat, c.query) };
    /// One message.
    GetMessage = "getMessage", GET "/api/v2/chats/{chat}/messages/{message}", 30 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); messages::get_message(org, c.caller, chat, message) };
    /// Post to a channel by its unique name.
    PostToChannel = "postToChannel", POST "/api/v2/channelsbyname/{name}/message", 50 / min, lock 10, webhook true,
        |org, c| { let [name] = c.params(); messages::post_to_channel(org, c.caller, name, c.query, c.body) };
    /// Post to a bot's subscribers.
    PostToBot = "postToBot", POST "/api/v2/bots/{name}/message", 20 / min, lock 10, webhook true,
        |org, c| { let [name] = c.params(); messages::post_to_bot(org, c.caller, name, c.body) };
    /// Post to a chat by its id.
    PostToChat = "postToChat", POST "/api/v2/chats/{chat}/message", 20 / min, lock 10, webhook true,
        |org, c| { let [chat] = c.params(); messages::post_to_chat(org, c.caller, chat, c.query, c.body) };
    /// Post to a user (the DM with them), by email or ZUID.
    PostToUser = "postToUser", POST "/api/v2/buddies/{user}/message", 20 / min, lock 10, webhook true,
        |org, c| { let [user] = c.params(); messages::post_to_user(org, c.caller, user, c.body) };
    /// Edit a message's text.
    EditMessage = "editMessage", PUT "/api/v2/chats/{chat}/messages/{message}", 20 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); messages::edit_message(org, c.caller, chat, message, c.body) };
    /// Delete a message.
    DeleteMessage = "deleteMessage", DELETE "/api/v2/chats/{chat}/messages/{message}", 20 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); messages::delete_message(org, c.caller, chat, message) };
    /// React to a message.
    AddReaction = "addReaction", POST "/api/v2/chats/{chat}/messages/{message}/reactions", 20 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); reactions::add(org, c.caller, chat, message, c.body) };
    /// A message's reactions.
    GetReactions = "getReactions", GET "/api/v2/chats/{chat}/messages/{message}/reactions", 20 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); reactions::list(org, c.caller, chat, message) };
    /// Remove one's reaction.
    RemoveReaction = "removeReaction", DELETE "/api/v2/chats/{chat}/messages/{message}/reactions", 20 / min, lock 10, webhook false,
        |org, c| { let [chat, message] = c.params(); reactions::remove(org, c.caller, chat, message, c.query, c.body) };
    /// Create a message action.
    CreateMessageAction = "createMessageAction", POST "/api/v3/messageactions", 30 / min, lock 5, webhook false,
        |org, c| actions::create(org, c.caller, c.body);
    /// List message actions (paged, or changes since a `sync_token`).
    ListMessageActions = "listMessageActions", GET "/api/v3/messageactions", 30 / min, lock 5, webhook false,
        |org, c| actions::list(org, c.query);
    /// One message action.
    GetMessageAction = "getMessageAction", GET "/api/v3/messageactions/{id}", 10 / min, lock 5, webhook false,
        |org, c| { let [id] = c.params(); actions::get(org, id) };
    /// Change a message action's fields.
    UpdateMessageAction = "updateMessageAction", PATCH "/api/v3/messageactions/{id}", 10 / min, lock 5, webhook false,
        |org, c| { let [id] = c.params(); actions::update(org, id, c.body) };
    /// Delete a message action.
    DeleteMessageAction = "deleteMessageAction", DELETE "/api/v3/messageactions/{id}", 10 / min, lock 5, webhook false,
        |org, c| { let [id] = c.params(); actions::delete(org, id) };
    /// A message action's execution handler.
    GetMessageActionHandler = "getMessageActionHandler", GET "/api/v3/messageactions/{id}/handlers/{handler}", 10 / min, lock 5, webhook false,
        |org, c| { let [id, handler] = c.params(); actions::get_handler(org, id, handler) };
    /// Change a message action's execution handler.
    UpdateMessageActionHandler = "updateMessageActionHandler", PATCH "/api/v3/messageactions/{id}/handlers/{handler}", 10 / min, lock 5, webhook false,
        |org, c| { let [id, handler] = c.params(); actions::update_handler(org, id, handler, c.body) };
}

impl Operation {
    /// The operation's row.
    pub fn spec(self) -> &'static Spec {
        // The table is generated in the variants' order (checked by a test).
        &TABLE[self as usize]
    }

    /// Every operation, in the table's order.
    pub fn all() -> impl Iterator<Item = Operation> {
        TABLE.iter().map(|spec| spec.op)
    }

    /// The library's method name, e.g. `postToChannel`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Whether this is one of the four posting operations, the only ones a
    /// webhook token (`?zapikey=`) authorises.
    pub fn is_posting(self) -> bool {
        self.spec().webhook
    }

    /// The operation with this name.
    pub fn from_name(name: &str) -> Option<Operation> {
        TABLE
            .iter()
            .find(|spec| spec.name == name)
            .map(|spec| spec.op)
    }

    /// Calls allowed per minute per token.
    pub fn quota(self) -> u32 {
        self.spec().quota
    }

    /// Lock period in minutes after the quota is exceeded.
    pub fn lock_minutes(self) -> u32 {
        self.spec().lock_minutes
    }
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

/// The parameters of `path` if it fits `template` (literal segments match
/// raw, parameters are percent-decoded and must not be empty).
fn fit(template: &str, path: &str) -> Option<Vec<String>> {
    let mut want = template.split('/');
    let mut got = path.split('/');
    let mut params = Vec::new();
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(g)) if w.starts_with('{') => params.push(decode(g)?),
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

/// Finds the operation of a request to the API and its path parameters.
pub fn resolve(method: &Method, raw_path: &str) -> Result<(Operation, Vec<String>), Miss> {
    let path = strip_network(raw_path).ok_or(Miss::NotFound)?;
    let mut miss = Miss::NotFound;
    for spec in &TABLE {
        if let Some(params) = fit(spec.path, path) {
            if spec.method == method.as_str() {
                return Ok((spec.op, params));
            }
            miss = Miss::MethodNotAllowed;
        }
    }
    Err(miss)
}

/// The operation of a request, if any (for logging, faults and the proxy).
pub fn operation_of(method: &Method, raw_path: &str) -> Option<Operation> {
    resolve(method, raw_path).ok().map(|(op, _)| op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_variants_and_names_are_unique() {
        for (i, spec) in TABLE.iter().enumerate() {
            assert_eq!(spec.op as usize, i, "{}", spec.name);
            assert_eq!(Operation::from_name(spec.name), Some(spec.op));
        }
        assert_eq!(Operation::all().filter(|op| op.is_posting()).count(), 4);
    }

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
                Operation::GetMessage,
                vec!["C1".to_string(), "1709 29706".to_string()]
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
            "/api/v2/chats/C/messages/",
            "/api",
        ] {
            assert_eq!(operation_of(&Method::GET, path), None, "{path}");
        }
        assert_eq!(
            resolve(&Method::PUT, "/api/v3/messageactions"),
            Err(Miss::MethodNotAllowed)
        );
        assert_eq!(
            resolve(&Method::GET, "/api/v2/chats/C1/message"),
            Err(Miss::MethodNotAllowed)
        );
    }
}
