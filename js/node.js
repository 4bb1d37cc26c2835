// Node entry of the package (the "node" export condition): the same API,
// and `await init()` without arguments reads the wasm file beside this
// module, since Node's fetch cannot load file: URLs.
import { readFile } from "node:fs/promises";
import init from "./zoho_cliq_wasm.js";

export * from "./zoho_cliq_wasm.js";

export default async function initNode(options) {
  if (options === undefined) {
    options = { module_or_path: await readFile(new URL("./zoho_cliq_wasm_bg.wasm", import.meta.url)) };
  }
  return init(options);
}
