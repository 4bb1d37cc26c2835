//! The access token: a static one, or the caller's `getAccessToken`
//! provider, called lazily and once more after a 401, one call shared by
//! every request that needs it meanwhile (single flight).

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::error;
use super::signal::Signal;
use crate::attempt::aborted;
use crate::error::{Error, ErrorKind};
use crate::options::token_problem;

enum Source {
    Static(String),
    Provider(Function),
}

/// Where a client's token comes from, and the one in use.
pub struct Auth {
    source: Source,
    current: RefCell<Option<String>>,
    /// The provider call under way, shared by all who wait for it.
    refreshing: RefCell<Option<Promise>>,
    calls: Cell<u32>,
}

fn provider_failed() -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        "getAccessToken did not return a non-empty token string without control characters",
    )
}

impl Auth {
    /// A static token.
    pub fn fixed(token: String) -> Auth {
        Auth::with(Source::Static(token))
    }

    /// A provider.
    pub fn provider(provider: Function) -> Auth {
        Auth::with(Source::Provider(provider))
    }

    fn with(source: Source) -> Auth {
        Auth {
            source,
            current: RefCell::new(None),
            refreshing: RefCell::new(None),
            calls: Cell::new(0),
        }
    }

    /// Whether a refused token can be replaced (there is a provider).
    pub fn refreshable(&self) -> bool {
        matches!(self.source, Source::Provider(_))
    }

    /// How many times the provider has been called.
    pub fn provider_calls(&self) -> u32 {
        self.calls.get()
    }

    /// The token to send; `refused` is the one a 401 refused, if any.
    pub async fn token(&self, refused: Option<&str>, signal: &Signal) -> Result<String, Error> {
        let provider = match &self.source {
            Source::Static(token) => return Ok(token.clone()),
            Source::Provider(f) => f,
        };
        // A known token serves unless it was refused or a refresh is under way.
        if self.refreshing.borrow().is_none() {
            if let Some(token) = self.current.borrow().as_deref() {
                if refused != Some(token) {
                    return Ok(token.to_string());
                }
            }
        }
        let pending = self.refreshing.borrow().clone();
        let promise = match pending {
            Some(promise) => promise,
            None => {
                self.calls.set(self.calls.get().saturating_add(1));
                let reason = if refused.is_some() {
                    "expired"
                } else {
                    "initial"
                };
                let promise = match provider.call1(&JsValue::UNDEFINED, &reason.into()) {
                    Ok(value) => Promise::resolve(&value),
                    Err(e) => Promise::reject(&e),
                };
                *self.refreshing.borrow_mut() = Some(promise.clone());
                promise
            }
        };
        // An aborted waiter leaves: the provider call goes on for the others.
        let outcome = wait(&promise, signal).await?;
        // The first waiter back clears the shared call.
        let same = self
            .refreshing
            .borrow()
            .as_ref()
            .is_some_and(|p| JsValue::from(p) == JsValue::from(&promise));
        if same {
            self.refreshing.borrow_mut().take();
        }
        let token = outcome
            .map_err(|rejection| error::from_js(&rejection).unwrap_or_else(provider_failed))?
            .as_string()
            .filter(|t| token_problem(t).is_none())
            .ok_or_else(provider_failed)?;
        *self.current.borrow_mut() = Some(token.clone());
        Ok(token)
    }
}

/// Settles like `promise` (the inner result), or fails `aborted` as soon as
/// `signal` fires.
async fn wait(promise: &Promise, signal: &Signal) -> Result<Result<JsValue, JsValue>, Error> {
    if signal.aborted() {
        return Err(aborted());
    }
    let mut listener = None;
    let abort = Promise::new(&mut |resolve, _| listener = signal.on_abort(&resolve));
    let result = JsFuture::from(Promise::race(&Array::of2(promise, &abort))).await;
    drop(listener);
    if signal.aborted() {
        return Err(aborted());
    }
    Ok(result)
}
