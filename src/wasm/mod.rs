//! The wasm side of the JavaScript edge (wasm32 only): [`Engine`], the
//! synchronous core one JS `CliqClient` drives. The client itself (fetch,
//! timers, abort, the token provider, events, async iteration) is
//! `js/client.js`; the package entry hands it the `Engine` class.

#[allow(unused_imports)]
use crate::prelude::*;

mod convert;
mod engine;

pub use engine::Engine;
