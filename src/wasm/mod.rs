//! The wasm side of the JavaScript edge (wasm32 only): [`Engine`], the
//! synchronous core one JS `CliqClient` drives. The client itself (fetch,
//! timers, abort, the token provider, events, async iteration) is
//! `js/client.js`; the package entry hands it the `Engine` class.

mod convert;
mod engine;

pub use engine::Engine;

// Single-threaded wasm: talc's dynamic heap, much smaller than dlmalloc.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
