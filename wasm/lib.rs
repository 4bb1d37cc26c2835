//! The npm package's WebAssembly module: exports the library's
//! [`Engine`](zoho_cliq_wasm::wasm::Engine) for `js/client.js`.
//!
//! `no_std` on wasm32: with the library `no_std` too, no `std` is linked,
//! and the panic handler below formats nothing, so no panic message,
//! location or `Debug` code ships. Library code never panics (clippy denies
//! `unwrap`, `expect` and `panic`); a bug that still did would trap and
//! surface in JS as a `RuntimeError`.
#![cfg_attr(target_arch = "wasm32", no_std)]

#[cfg(target_arch = "wasm32")]
pub use zoho_cliq_wasm::wasm::Engine;

/// Single-threaded wasm: talc's dynamic heap, much smaller than dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
