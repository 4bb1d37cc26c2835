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
#![warn(missing_docs)]

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

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The crate version, as published.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
