//! The async iterators behind `messages()` and `messageActions()`: each
//! page is one call through the usual driver (budget, retries, abort);
//! the core's [`Walk`] says what to fetch next and what to yield.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::call::perform;
use super::convert::{to_js, to_value};
use super::error::{async_iterable, to_js as error_to_js};
use super::signal::Signal;
use super::Inner;
use crate::endpoint::Operation;
use crate::error::Error;
use crate::walk::Walk;

struct State {
    inner: Rc<Inner>,
    op: Operation,
    /// `None` once the walk is over (finished, failed or `return()`ed).
    walk: RefCell<Option<Walk>>,
    /// Bad arguments: the first `next()` rejects with it.
    setup: RefCell<Option<Error>>,
    /// The page's items still to yield, last first (`pop` takes the next).
    items: RefCell<Vec<Value>>,
    signal: Signal,
    timeout_ms: f64,
    /// The last `next()`: overlapping calls are served one after another,
    /// so a page is never fetched twice.
    last: RefCell<Promise>,
}

/// An async iterator over every item of a walk (`for await … of`).
#[wasm_bindgen(js_name = CliqIterator)]
pub struct Pages {
    state: Rc<State>,
}

fn iter_result(value: JsValue, done: bool) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(&result, &"value".into(), &value);
    let _ = Reflect::set(&result, &"done".into(), &done.into());
    result.into()
}

impl State {
    fn close(&self) {
        self.walk.borrow_mut().take();
        self.items.borrow_mut().clear();
    }

    fn fail(&self, err: Error) -> JsValue {
        self.close();
        error_to_js(&err.in_operation(self.op.name()))
    }

    /// The next item; an error ends the walk (one rejection, then done).
    async fn step(&self) -> Result<JsValue, JsValue> {
        loop {
            if let Some(err) = self.setup.borrow_mut().take() {
                return Err(self.fail(err));
            }
            if let Some(item) = self.items.borrow_mut().pop() {
                return Ok(iter_result(to_js(&item), false));
            }
            let request = match self.walk.borrow().as_ref() {
                None => return Ok(iter_result(JsValue::UNDEFINED, true)),
                Some(walk) => walk.next_request(&self.inner.config.root),
            };
            let req = match request {
                Ok(Some(req)) => req,
                Ok(None) => {
                    self.close();
                    return Ok(iter_result(JsValue::UNDEFINED, true));
                }
                Err(err) => return Err(self.fail(err)),
            };
            match perform(&self.inner, &req, &self.signal, self.timeout_ms).await {
                Ok(page) => {
                    if let Some(walk) = self.walk.borrow_mut().as_mut() {
                        let mut items = walk.feed(page);
                        items.reverse();
                        *self.items.borrow_mut() = items;
                    }
                }
                Err(err) => return Err(self.fail(err)),
            }
        }
    }
}

impl Pages {
    /// A walk of `op` from the method's arguments (`query`, `opts` last);
    /// `start` makes the walk from their JSON form. Bad arguments reject
    /// the first `next()`.
    pub(crate) fn start(
        inner: Rc<Inner>,
        op: Operation,
        args: &[JsValue],
        start: fn(&[Value]) -> Result<Walk, Error>,
    ) -> JsValue {
        let opts = args.last().cloned().unwrap_or(JsValue::UNDEFINED);
        let setup = || -> Result<(Walk, Signal, f64), Error> {
            inner.config.credential.authorizes(op)?;
            let values = args
                .iter()
                .map(|a| to_value(a, "arguments"))
                .collect::<Result<Vec<_>, _>>()?;
            let walk = start(&values)?;
            let timeout = inner
                .config
                .call_timeout(values.last().unwrap_or(&Value::Null))?;
            Ok((walk, Signal::from_opts(&opts)?, timeout))
        };
        let (walk, signal, timeout_ms, setup) = match setup() {
            Ok((walk, signal, timeout)) => (Some(walk), signal, timeout, None),
            Err(err) => (None, Signal::none(), 0.0, Some(err)),
        };
        let pages = Pages {
            state: Rc::new(State {
                inner,
                op,
                walk: RefCell::new(walk),
                setup: RefCell::new(setup),
                items: RefCell::new(Vec::new()),
                signal,
                timeout_ms,
                last: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
            }),
        };
        let js = JsValue::from(pages);
        async_iterable(&Reflect::get_prototype_of(&js).unwrap_or_else(|_| Object::new()));
        js
    }
}

#[wasm_bindgen(js_class = CliqIterator)]
impl Pages {
    /// The next item: `{value, done}`.
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        let previous = self
            .state
            .last
            .replace(Promise::resolve(&JsValue::UNDEFINED));
        let promise = super::promise(async move {
            let _ = JsFuture::from(previous).await;
            state.step().await
        });
        let _ = self.state.last.replace(promise.clone());
        promise
    }

    /// Ends the walk early (`break` in `for await`).
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self, value: JsValue) -> Promise {
        self.state.close();
        Promise::resolve(&iter_result(value, true))
    }
}
