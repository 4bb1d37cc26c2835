// Completes the package.json wasm-pack wrote in the given folder (pkg/):
// the npm name, every file the package ships, the entries per runtime and
// the types.   node scripts/package-meta.mjs pkg
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const file = join(dir, "package.json");
const p = JSON.parse(readFileSync(file, "utf8"));
const wasm = "zoho_cliq_wasm_bg.wasm";
// Source maps beside the minified files (those under snippets/ come with it).
const maps = readdirSync(dir).filter((f) => f.endsWith(".js.map"));
Object.assign(p, {
  name: "zoho-cliq-wasm",
  files: [...new Set([...(p.files || []), wasm, "zoho_cliq_wasm.js", "zoho_cliq_wasm.d.ts",
    "node.js", "zoho_cliq_wasm.cjs", "snippets", ...maps, "README.md", "LICENSE"])],
  main: "zoho_cliq_wasm.js",
  module: "zoho_cliq_wasm.js",
  types: "zoho_cliq_wasm.d.ts",
  sideEffects: ["./zoho_cliq_wasm.js", "./node.js", "./zoho_cliq_wasm.cjs", "./snippets/*"],
  exports: {
    // "require" sits under "node": a bundler resolving "require" for a
    // browser build still gets the ES entry.
    ".": {
      types: "./zoho_cliq_wasm.d.ts",
      node: { require: "./zoho_cliq_wasm.cjs", default: "./node.js" },
      default: "./zoho_cliq_wasm.js",
    },
    [`./${wasm}`]: `./${wasm}`,
    "./package.json": "./package.json",
  },
  engines: { node: ">=18" },
});
writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
