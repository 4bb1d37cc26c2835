// Types of zoho-cliq-wasm (ts/init.d.ts, ts/models.d.ts and ts/api.d.ts),
// written by hand and checked by tests/ts against the package's exports.

/** Where `init()` gets the wasm: a URL, a fetch `Response`, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
/** Bytes or a compiled module, for `initSync`. */
export type SyncInitInput = BufferSource | WebAssembly.Module;
/** The instantiated wasm's exports (internal; its memory is there for measurements). */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}
/**
 * Loads the wasm, once per page, worker or process, before any other call.
 * Browsers: no argument (the `.wasm` beside the module). Node: no argument
 * (read from disk). Elsewhere (Workers): the compiled module.
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;
/** `init` from a module or its bytes, synchronously. */
export declare function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

