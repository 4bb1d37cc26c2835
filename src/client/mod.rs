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
mod signal;
mod timers;
mod transport;
mod validators;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
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
    fn run(&self, op: Operation, args: [JsValue; 4]) -> Promise {
        future_to_promise(call::method(self.inner.clone(), op, args))
    }
}

const NONE: JsValue = JsValue::UNDEFINED;

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
            Credential::AccessToken(token) => auth::Auth::fixed(token.clone()),
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

    /// `GET /api/v2/chats/{chatId}/messages`.
    #[wasm_bindgen(js_name = getMessages)]
    pub fn get_messages(&self, chat_id: JsValue, query: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::GetMessages, [chat_id, query, opts, NONE])
    }

    /// `GET /api/v2/chats/{chatId}/messages/{messageId}`.
    #[wasm_bindgen(js_name = getMessage)]
    pub fn get_message(&self, chat_id: JsValue, message_id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::GetMessage, [chat_id, message_id, opts, NONE])
    }

    /// `POST /api/v2/channelsbyname/{name}/message`.
    #[wasm_bindgen(js_name = postToChannel)]
    pub fn post_to_channel(&self, name: JsValue, message: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::PostToChannel, [name, message, opts, NONE])
    }

    /// `POST /api/v2/bots/{name}/message`.
    #[wasm_bindgen(js_name = postToBot)]
    pub fn post_to_bot(&self, name: JsValue, message: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::PostToBot, [name, message, opts, NONE])
    }

    /// `POST /api/v2/chats/{chatId}/message` (a thread's chat id posts in the thread).
    #[wasm_bindgen(js_name = postToChat)]
    pub fn post_to_chat(&self, chat_id: JsValue, message: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::PostToChat, [chat_id, message, opts, NONE])
    }

    /// `POST /api/v2/buddies/{emailOrZuid}/message`.
    #[wasm_bindgen(js_name = postToUser)]
    pub fn post_to_user(&self, user: JsValue, message: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::PostToUser, [user, message, opts, NONE])
    }

    /// `PUT /api/v2/chats/{chatId}/messages/{messageId}`.
    #[wasm_bindgen(js_name = editMessage)]
    pub fn edit_message(
        &self,
        chat_id: JsValue,
        message_id: JsValue,
        text: JsValue,
        opts: JsValue,
    ) -> Promise {
        self.run(Operation::EditMessage, [chat_id, message_id, text, opts])
    }

    /// `DELETE /api/v2/chats/{chatId}/messages/{messageId}`.
    #[wasm_bindgen(js_name = deleteMessage)]
    pub fn delete_message(&self, chat_id: JsValue, message_id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::DeleteMessage, [chat_id, message_id, opts, NONE])
    }

    /// `POST …/messages/{messageId}/reactions`.
    #[wasm_bindgen(js_name = addReaction)]
    pub fn add_reaction(
        &self,
        chat_id: JsValue,
        message_id: JsValue,
        emoji_code: JsValue,
        opts: JsValue,
    ) -> Promise {
        self.run(
            Operation::AddReaction,
            [chat_id, message_id, emoji_code, opts],
        )
    }

    /// `GET …/messages/{messageId}/reactions`.
    #[wasm_bindgen(js_name = getReactions)]
    pub fn get_reactions(&self, chat_id: JsValue, message_id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::GetReactions, [chat_id, message_id, opts, NONE])
    }

    /// `DELETE …/messages/{messageId}/reactions?emoji_code=…`.
    #[wasm_bindgen(js_name = removeReaction)]
    pub fn remove_reaction(
        &self,
        chat_id: JsValue,
        message_id: JsValue,
        emoji_code: JsValue,
        opts: JsValue,
    ) -> Promise {
        self.run(
            Operation::RemoveReaction,
            [chat_id, message_id, emoji_code, opts],
        )
    }

    /// `POST /api/v3/messageactions`.
    #[wasm_bindgen(js_name = createMessageAction)]
    pub fn create_message_action(&self, input: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::CreateMessageAction, [input, opts, NONE, NONE])
    }

    /// `GET /api/v3/messageactions?limit&next_token&sync_token`.
    #[wasm_bindgen(js_name = listMessageActions)]
    pub fn list_message_actions(&self, query: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::ListMessageActions, [query, opts, NONE, NONE])
    }

    /// `GET /api/v3/messageactions/{id}`.
    #[wasm_bindgen(js_name = getMessageAction)]
    pub fn get_message_action(&self, id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::GetMessageAction, [id, opts, NONE, NONE])
    }

    /// `PATCH /api/v3/messageactions/{id}`.
    #[wasm_bindgen(js_name = updateMessageAction)]
    pub fn update_message_action(&self, id: JsValue, patch: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::UpdateMessageAction, [id, patch, opts, NONE])
    }

    /// `DELETE /api/v3/messageactions/{id}`.
    #[wasm_bindgen(js_name = deleteMessageAction)]
    pub fn delete_message_action(&self, id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::DeleteMessageAction, [id, opts, NONE, NONE])
    }

    /// `GET /api/v3/messageactions/{id}/handlers/execution_handler`.
    #[wasm_bindgen(js_name = getMessageActionHandler)]
    pub fn get_message_action_handler(&self, id: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::GetMessageActionHandler, [id, opts, NONE, NONE])
    }

    /// `PATCH /api/v3/messageactions/{id}/handlers/execution_handler`.
    #[wasm_bindgen(js_name = updateMessageActionHandler)]
    pub fn update_message_action_handler(
        &self,
        id: JsValue,
        patch: JsValue,
        opts: JsValue,
    ) -> Promise {
        self.run(
            Operation::UpdateMessageActionHandler,
            [id, patch, opts, NONE],
        )
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

    /// The budget left per operation: `{remaining, resetInMs, lockedForMs}`.
    #[wasm_bindgen(js_name = rateLimitStatus)]
    pub fn rate_limit_status(&self) -> JsValue {
        let at = timers::now();
        let out = Object::new();
        let mut limiter = self.inner.limiter.borrow_mut();
        for op in Operation::ALL {
            let s = limiter.status(*op, at);
            let entry = Object::new();
            let _ = Reflect::set(&entry, &"remaining".into(), &s.remaining.into());
            let _ = Reflect::set(
                &entry,
                &"resetInMs".into(),
                &(ceil_ms(s.reset_in_ms) as f64).into(),
            );
            let _ = Reflect::set(
                &entry,
                &"lockedForMs".into(),
                &(ceil_ms(s.locked_for_ms) as f64).into(),
            );
            let _ = Reflect::set(&out, &op.name().into(), &entry);
        }
        out.into()
    }

    /// How many times the token provider has been called (diagnostics, tests).
    #[wasm_bindgen(getter, js_name = tokenRefreshCount)]
    pub fn token_refresh_count(&self) -> u32 {
        self.inner.auth.provider_calls()
    }
}
