//! # zoho-cliq-wasm
//!
//! A typed client for Zoho Cliq's Messages API (v2) and Message Actions API
//! (v3), built as a sans-IO core that compiles natively (for tests and Rust
//! users) and to WebAssembly (the npm package).
//!
//! The core never performs IO: [`request`] turns typed input into an
//! [`request::HttpRequest`], [`response`] turns a status, headers and body
//! into a typed result or a [`error::Error`], and [`ratelimit`] / [`retry`]
//! take the clock as an argument. The `wasm` module (wasm32 only) is the thin
//! edge that owns `fetch`, timers and the JavaScript-facing types.
//!
//! The crate is `no_std` (it needs `alloc` only), so the wasm artifact
//! (`wasm/`, the npm package's cdylib) links no `std` and ships none of its
//! panic formatting.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod endpoint;
pub mod error;
pub mod model;
pub mod paging;
pub mod ratelimit;
pub mod region;
pub mod request;
pub mod response;
pub mod retry;
pub mod validate;

// Native too under `cargo test`, where the engine's protocol is unit-tested.
#[cfg(any(target_arch = "wasm32", test))]
pub mod wasm;

/// What the `std` prelude would give: the crate is `no_std` (with `alloc`).
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

/// The crate version, as published.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
