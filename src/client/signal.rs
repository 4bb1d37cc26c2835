//! The caller's `AbortSignal` (`opts.signal`): checked once, then watched.
//! Any object with a boolean `aborted` and `addEventListener` will do, as
//! with `fetch`.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::EventTarget;

use crate::error::Error;

/// A call's signal; `None` when the caller gave none.
pub struct Signal(Option<EventTarget>);

fn field(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl Signal {
    /// A signal that never fires.
    pub fn none() -> Signal {
        Signal(None)
    }

    /// `opts.signal`, checked.
    pub fn from_opts(opts: &JsValue) -> Result<Signal, Error> {
        if !opts.is_object() {
            return Ok(Signal::none());
        }
        let signal = field(opts, "signal");
        if signal.is_undefined() || signal.is_null() {
            return Ok(Signal::none());
        }
        let usable = signal.is_object()
            && field(&signal, "aborted").as_bool().is_some()
            && field(&signal, "addEventListener").is_function()
            && field(&signal, "removeEventListener").is_function();
        if !usable {
            return Err(Error::invalid_input(
                "opts.signal",
                "must be an AbortSignal",
            ));
        }
        Ok(Signal(Some(signal.unchecked_into())))
    }

    /// Whether the signal has fired.
    pub fn aborted(&self) -> bool {
        self.0
            .as_ref()
            .is_some_and(|s| field(s, "aborted").as_bool() == Some(true))
    }

    /// Calls `callback` when the signal fires, until the returned
    /// listener is dropped.
    pub fn on_abort(&self, callback: &Function) -> Option<Listener> {
        let target = self.0.clone()?;
        target
            .add_event_listener_with_callback("abort", callback)
            .ok()?;
        Some(Listener {
            target,
            callback: callback.clone(),
        })
    }
}

/// An `abort` listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    callback: Function,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("abort", &self.callback);
    }
}
