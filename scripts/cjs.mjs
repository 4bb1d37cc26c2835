// Writes pkg/zoho_cliq_wasm.cjs: a CommonJS bundle of the Node entry
// (pkg/node.js), so `require("zoho-cliq-wasm")` works on Node 18 to 20.18,
// which cannot require an ES module. Its `init()` without arguments reads
// the .wasm beside it, as the ES Node entry does (rolldown turns
// import.meta.url into the file's own URL).   node scripts/cjs.mjs pkg
import { join, resolve } from "node:path";
import { build } from "rolldown";

const dir = resolve(process.argv[2]);
await build({
  input: join(dir, "node.js"),
  cwd: dir,
  platform: "node",
  logLevel: "warn",
  output: { file: join(dir, "zoho_cliq_wasm.cjs"), format: "cjs", exports: "named", sourcemap: false },
  write: true,
});
