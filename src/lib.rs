//! # zoho-cliq-wasm
//!
//! A typed client for Zoho Cliq's Messages API (v2) and Message Actions API
//! (v3), built as a sans-IO core that compiles natively (for tests and Rust
//! users) and to WebAssembly (the npm package).
//!
//! The core never performs IO: [`arguments`] and [`request`] turn a
//! method's input into an [`request::HttpRequest`], [`response`] turns a
//! status, headers and body into a typed result or an [`error::Error`], and
//! [`attempt`] decides one call's life (budget, token, retries, replay)
//! with the clock passed in. The `client` module (wasm32 only) is the async
//! edge: the exported `CliqClient`, which performs what the core asks
//! (fetch through gloo-net, timers, the token provider, events) and
//! converts JS values.
//!
//! The core is `no_std` (it needs `alloc` only) and is checked as such in
//! every native build; the wasm build links `std`, which the async edge's
//! crates (gloo-net, serde-wasm-bindgen) need.
#![cfg_attr(not(target_arch = "wasm32"), no_std)]
#![warn(missing_docs)]

extern crate alloc;
// Linked natively so that the cdylib (built for every target) has a panic
// handler and an allocator; the core still has no `std` prelude, so any use
// of it is an explicit `std::` path.
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

pub mod arguments;
pub mod attempt;
pub mod endpoint;
pub mod error;
pub mod fields;
pub mod model;
pub mod oauth;
pub mod options;
pub mod paging;
pub mod ratelimit;
pub mod region;
pub mod request;
pub mod response;
pub mod retry;
pub mod url;
pub mod validate;
pub mod walk;

#[cfg(target_arch = "wasm32")]
pub mod client;

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
