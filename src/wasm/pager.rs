//! `messages()` and `messageActions()`: async iterables over pages, fetched
//! lazily through the same budget, retry and abort path as every call.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::client::{CallOpts, CliqClient, Inner};
use super::convert::{from_js, to_js, to_js_error, Fields};
use crate::endpoint::Operation;
use crate::error::Error;
use crate::paging::{MessagePager, TokenPager};
use crate::region::ApiRoot;
use crate::request::{build, Call, HttpRequest};

enum Walk {
    Messages {
        chat_id: String,
        pager: MessagePager,
    },
    Actions(TokenPager),
}

impl Walk {
    /// The next page's request, or `None` when the walk is over.
    fn next_request(&self, root: &ApiRoot) -> Option<Result<HttpRequest, Error>> {
        match self {
            Walk::Messages { chat_id, pager } => pager.next_query().map(|(from, to, limit)| {
                let call = Call::GetMessages {
                    chat_id,
                    from_time: Some(from),
                    to_time: to,
                    limit: Some(limit),
                };
                build(&call, root)
            }),
            Walk::Actions(pager) => pager.next_query().map(|(limit, next_token)| {
                let call = Call::ListMessageActions {
                    limit,
                    next_token,
                    sync_token: None,
                };
                build(&call, root)
            }),
        }
    }

    fn feed(&mut self, page: Value) -> Vec<Value> {
        match self {
            Walk::Messages { pager, .. } => match page {
                Value::Array(list) => pager.feed(list),
                _ => pager.feed(Vec::new()),
            },
            Walk::Actions(pager) => pager.feed(page),
        }
    }

    fn close(&mut self) {
        match self {
            Walk::Messages { pager, .. } => pager.close(),
            Walk::Actions(pager) => pager.close(),
        }
    }
}

struct State {
    walk: Walk,
    buffer: VecDeque<Value>,
}

/// The Rust side of an async iterator; JS sees it only through
/// `AsyncIterable` (see `asyncIterable` in js/cliq.js).
#[wasm_bindgen(skip_typescript)]
pub struct Pager {
    operation: Operation,
    inner: Rc<Inner>,
    root: ApiRoot,
    setup: Result<(Rc<RefCell<State>>, Rc<CallOpts>), Error>,
}

fn step(value: JsValue, done: bool) -> JsValue {
    let out = Object::new();
    let _ = Reflect::set(&out, &"value".into(), &value);
    let _ = Reflect::set(&out, &"done".into(), &JsValue::from_bool(done));
    out.into()
}

#[wasm_bindgen]
impl Pager {
    /// The next item: resolves `{value, done}`; rejects with `CliqError`.
    pub fn next(&self) -> Promise {
        let inner = self.inner.clone();
        let root = self.root.clone();
        let setup = self.setup.clone();
        let op = self.operation;
        future_to_promise(async move {
            let (state, call) = setup.map_err(|e| to_js_error(&e.in_operation(op.name())))?;
            loop {
                let request = {
                    let mut s = state.borrow_mut();
                    if let Some(item) = s.buffer.pop_front() {
                        return Ok(step(to_js(&item), false));
                    }
                    match s.walk.next_request(&root) {
                        None => return Ok(step(JsValue::UNDEFINED, true)),
                        Some(r) => r,
                    }
                };
                let page = match request {
                    Ok(req) => inner.execute(&req, &call).await,
                    Err(e) => Err(e),
                };
                let page = page.map_err(|e| {
                    state.borrow_mut().walk.close();
                    to_js_error(&e.in_operation(op.name()))
                })?;
                let mut s = state.borrow_mut();
                let items = s.walk.feed(page);
                s.buffer.extend(items);
            }
        })
    }

    /// Ends the walk early (`break` out of `for await`).
    pub fn close(&self) {
        if let Ok((state, _)) = &self.setup {
            let mut s = state.borrow_mut();
            s.walk.close();
            s.buffer.clear();
        }
    }
}

fn page_size(q: &Fields, default: i64) -> Result<i64, Error> {
    match q.int("pageSize")? {
        Some(n) if !(1..=100).contains(&n) => Err(Error::invalid_input(
            "query.pageSize",
            format!("must be between 1 and 100 (got {n})"),
        )),
        other => Ok(other.unwrap_or(default)),
    }
}

#[wasm_bindgen]
impl CliqClient {
    fn pager(
        &self,
        operation: Operation,
        setup: impl FnOnce() -> Result<Walk, Error>,
        opts: &JsValue,
    ) -> JsValue {
        let setup = setup().and_then(|walk| {
            let call = CallOpts::parse(opts)?;
            let state = State {
                walk,
                buffer: VecDeque::new(),
            };
            Ok((Rc::new(RefCell::new(state)), Rc::new(call)))
        });
        super::async_iterable(Pager {
            operation,
            inner: self.inner(),
            root: self.root().clone(),
            setup,
        })
    }

    /// Every message of a conversation, oldest first, paging forward in time
    /// with `getMessages` (`for await (const m of cliq.messages(chatId))`).
    #[wasm_bindgen(unchecked_return_type = "AsyncIterable<Message>")]
    pub fn messages(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] chat_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MessagesQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> JsValue {
        self.pager(
            Operation::GetMessages,
            || {
                let chat_id = chat_id
                    .as_string()
                    .ok_or_else(|| Error::invalid_input("chatId", "must be a string"))?;
                let query = from_js(&query, "query")?;
                let q = Fields::of(&query, "query")?;
                let pager =
                    MessagePager::new(q.int("fromTime")?, q.int("toTime")?, page_size(&q, 100)?);
                Ok(Walk::Messages { chat_id, pager })
            },
            &opts,
        )
    }

    /// Every message action, following `next_token` page by page.
    #[wasm_bindgen(js_name = messageActions, unchecked_return_type = "AsyncIterable<MessageAction>")]
    pub fn message_actions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "MessageActionsQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: JsValue,
    ) -> JsValue {
        self.pager(
            Operation::ListMessageActions,
            || {
                let query = from_js(&query, "query")?;
                let q = Fields::of(&query, "query")?;
                Ok(Walk::Actions(TokenPager::new(Some(page_size(&q, 100)?))))
            },
            &opts,
        )
    }
}
