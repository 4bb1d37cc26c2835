//! The client in a dedicated Web Worker (no `window`) against the sandbox.
#![cfg(target_arch = "wasm32")]

mod wasm;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

all_cases!();
