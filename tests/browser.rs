//! The client in a browser page (headless Chromium and Firefox) against the sandbox.
#![cfg(target_arch = "wasm32")]

mod wasm;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

all_cases!();
long_cases!();
