//! The client in Node (global fetch) against the sandbox.
#![cfg(target_arch = "wasm32")]

mod wasm;

all_cases!();
long_cases!();
