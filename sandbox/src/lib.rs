//! `cliq-sandbox`: a local server that behaves like Zoho Cliq for the 18
//! operations of the `zoho-cliq-wasm` library (Messages v2, Message Actions
//! v3). It is the demo page's backend, every test's backend, and with
//! `--upstream` a CORS proxy to a real Zoho data centre.
//!
//! The contract (command line, tokens, `/__sandbox/` control API, faults,
//! state JSON) is `docs/sandbox.md` in the repository. Cliq's own behaviour
//! is taken from `docs/cliq-api.md` and Zoho's OpenAPI documents; requests are
//! validated here on `serde_json::Value`, independently of the library.
#![warn(missing_docs)]

pub mod actions;
pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod config;
pub mod control;
pub mod credentials;
pub mod error;
pub mod faults;
pub mod ids;
pub mod messages;
pub mod oauth;
pub mod proxy;
pub mod quota;
pub mod reactions;
pub mod reqlog;
pub mod route;
pub mod router;
pub mod seed;
pub mod server;
pub mod state;
pub mod static_files;
pub mod validate;

pub use app::App;
pub use config::{Config, StaticMount};
pub use router::build_router;
pub use seed::SeedKind;
pub use server::{bind, serve, start, Running};
