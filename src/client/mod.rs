//! The async edge (wasm32 only): `CliqClient`, whose 18 methods are
//! exported from the wasm and return Promises. Each method hands its
//! arguments, untouched, to one driver ([`call::method`]): conversion,
//! checks and the core's decisions all happen inside the Promise, so a bad
//! argument is a rejected `CliqError`, never a synchronous throw.
//!
//! One file, one job: `call` (the driver), `transport` (one HTTP attempt
//! through gloo-net), `auth` (the token and its provider), `timers`,
//! `signal` (the caller's `AbortSignal`), `events`, `iter` (async
//! iteration), `error` (`CliqError`), `convert` (JS values in and out),
//! `validators` (the free functions for forms).

mod auth;
#[cfg(feature = "bench")]
mod bench;
mod call;
mod convert;
mod error;
mod events;
mod iter;
mod oauth;
mod signal;
mod timers;
mod transport;
mod validators;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::attempt::ceil_ms;
use crate::endpoint::Operation;
use crate::error::Error;
use crate::options::{ClientConfig, Credential};
use crate::ratelimit::RateLimiter;
use crate::walk::Walk;

pub use error::CliqError;
pub use iter::Pages;
pub use oauth::zoho_oauth;
pub use validators::{validate_message, validate_message_action, version};

/// Single-threaded wasm: talc's dynamic heap, much smaller than dlmalloc.
#[cfg(feature = "talc")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// What a client's calls share.
pub(crate) struct Inner {
    config: ClientConfig,
    limiter: RefCell<RateLimiter>,
    auth: auth::Auth,
    fetch: Option<Function>,
    events: events::Events,
}

/// A Zoho Cliq client. Every method returns a Promise that rejects only
/// with a `CliqError`.
#[wasm_bindgen]
pub struct CliqClient {
    inner: Rc<Inner>,
}

impl CliqClient {
    fn run(&self, op: Operation, args: Vec<JsValue>) -> Promise {
        promise(call::method(self.inner.clone(), op, args))
    }
}

/// The Promise of a Rust future. Every Promise the client hands out comes
/// through here, boxed, so the executor glue exists once in the wasm
/// (~1.7 KB raw per future type otherwise).
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    spawn(Box::pin(future))
}

fn spawn(future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    future_to_promise(future)
}

/// The 18 methods, one row each: JS name, Rust name, arguments (the call
/// options last), operation. Each hands its arguments, untouched, to the
/// one driver.
macro_rules! methods {
    ($($(#[doc = $doc:literal])* $js:ident => $name:ident($($arg:ident),+) = $op:ident;)+) => {
        #[wasm_bindgen]
        impl CliqClient {
            $(
                $(#[doc = $doc])*
                #[wasm_bindgen(js_name = $js)]
                pub fn $name(&self, $($arg: JsValue),+) -> Promise {
                    self.run(Operation::$op, vec![$($arg),+])
                }
            )+
        }
    };
}

methods! {
    /// `GET /api/v2/chats/{chatId}/messages`.
    getMessages => get_messages(chat_id, query, opts) = GetMessages;
    /// `GET /api/v2/chats/{chatId}/messages/{messageId}`.
    getMessage => get_message(chat_id, message_id, opts) = GetMessage;
    /// `POST /api/v2/channelsbyname/{name}/message`.
    postToChannel => post_to_channel(name, message, opts) = PostToChannel;
    /// `POST /api/v2/bots/{name}/message`.
    postToBot => post_to_bot(name, message, opts) = PostToBot;
    /// `POST /api/v2/chats/{chatId}/message` (a thread's chat id posts in the thread).
    postToChat => post_to_chat(chat_id, message, opts) = PostToChat;
    /// `POST /api/v2/buddies/{emailOrZuid}/message`.
    postToUser => post_to_user(user, message, opts) = PostToUser;
    /// `PUT /api/v2/chats/{chatId}/messages/{messageId}`.
    editMessage => edit_message(chat_id, message_id, text, opts) = EditMessage;
    /// `DELETE /api/v2/chats/{chatId}/messages/{messageId}`.
    deleteMessage => delete_message(chat_id, message_id, opts) = DeleteMessage;
    /// `POST …/messages/{messageId}/reactions`.
    addReaction => add_reaction(chat_id, message_id, emoji_code, opts) = AddReaction;
    /// `GET …/messages/{messageId}/reactions`.
    getReactions => get_reactions(chat_id, message_id, opts) = GetReactions;
    /// `DELETE …/messages/{messageId}/reactions?emoji_code=…`.
    removeReaction => remove_reaction(chat_id, message_id, emoji_code, opts) = RemoveReaction;
    /// `POST /api/v3/messageactions`.
    createMessageAction => create_message_action(input, opts) = CreateMessageAction;
    /// `GET /api/v3/messageactions?limit&next_token&sync_token`.
    listMessageActions => list_message_actions(query, opts) = ListMessageActions;
    /// `GET /api/v3/messageactions/{id}`.
    getMessageAction => get_message_action(id, opts) = GetMessageAction;
    /// `PATCH /api/v3/messageactions/{id}`.
    updateMessageAction => update_message_action(id, patch, opts) = UpdateMessageAction;
    /// `DELETE /api/v3/messageactions/{id}`.
    deleteMessageAction => delete_message_action(id, opts) = DeleteMessageAction;
    /// `GET /api/v3/messageactions/{id}/handlers/execution_handler`.
    getMessageActionHandler => get_message_action_handler(id, opts) = GetMessageActionHandler;
    /// `PATCH /api/v3/messageactions/{id}/handlers/execution_handler`.
    updateMessageActionHandler => update_message_action_handler(id, patch, opts) = UpdateMessageActionHandler;
}

#[wasm_bindgen]
impl CliqClient {
    /// Reads and checks `ClientOptions`; throws a `CliqError` of kind
    /// `invalid_input` naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<CliqClient, JsValue> {
        let config = convert::options_to_value(&options)
            .and_then(|json| ClientConfig::from_json(&json))
            .map_err(|e| error::to_js(&e.in_operation("constructor")))?;
        let auth = match &config.credential {
            Credential::AccessToken(token) | Credential::Webhook(token) => {
                auth::Auth::fixed(token.clone())
            }
            Credential::Provider => match convert::function(&options, "getAccessToken") {
                Some(provider) => auth::Auth::provider(provider),
                // The core's marker for a function, given as a string.
                None => {
                    let e = Error::invalid_input("getAccessToken", "must be a function");
                    return Err(error::to_js(&e.in_operation("constructor")));
                }
            },
        };
        Ok(CliqClient {
            inner: Rc::new(Inner {
                limiter: RefCell::new(config.limiter()),
                config,
                auth,
                fetch: convert::function(&options, "fetch"),
                events: events::Events::from_options(&options),
            }),
        })
    }

    /// Every message of a conversation, oldest first, paging forward in time.
    pub fn messages(&self, chat_id: JsValue, query: JsValue, opts: JsValue) -> JsValue {
        iter::Pages::start(
            self.inner.clone(),
            Operation::GetMessages,
            &[chat_id, query, opts],
            |args| {
                let arg = |i| args.get(i).unwrap_or(&serde_json::Value::Null);
                Walk::messages(arg(0), arg(1))
            },
        )
    }

    /// Every message action, following `next_token` page by page.
    #[wasm_bindgen(js_name = messageActions)]
    pub fn message_actions(&self, query: JsValue, opts: JsValue) -> JsValue {
        iter::Pages::start(
            self.inner.clone(),
            Operation::ListMessageActions,
            &[query, opts],
            |args| Walk::actions(args.first().unwrap_or(&serde_json::Value::Null)),
        )
    }

    /// The budget left per operation: `{limit, remaining, resetInMs, lockedForMs}`.
    #[wasm_bindgen(js_name = rateLimitStatus)]
    pub fn rate_limit_status(&self) -> JsValue {
        let at = timers::now();
        let mut limiter = self.inner.limiter.borrow_mut();
        let mut status = serde_json::Map::new();
        for op in Operation::ALL {
            let s = limiter.status(*op, at);
            let budget = convert::object([
                ("limit", Some(op.endpoint().quota_per_minute.into())),
                ("remaining", Some(s.remaining.into())),
                ("resetInMs", Some(ceil_ms(s.reset_in_ms).into())),
                ("lockedForMs", Some(ceil_ms(s.locked_for_ms).into())),
            ]);
            status.insert(op.name().into(), budget);
        }
        convert::shape_to_js(&serde_json::Value::Object(status))
    }

    /// How many times the token provider has been called (diagnostics, tests).
    #[wasm_bindgen(getter, js_name = tokenRefreshCount)]
    pub fn token_refresh_count(&self) -> u32 {
        self.inner.auth.provider_calls()
    }
}
