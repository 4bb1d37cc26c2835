// Completes the package.json wasm-pack wrote in the given folder (pkg/):
// the npm name, every file the package ships, the entries per runtime and
// the types.   node scripts/package-meta.mjs pkg
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const file = join(dir, "package.json");
const p = JSON.parse(readFileSync(file, "utf8"));
const wasm = "zoho_cliq_wasm_bg.wasm";
const maps = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".js.map") && !f.includes("snippets"));
Object.assign(p, {
  name: "zoho-cliq-wasm",
  files: [...new Set([...(p.files || []), wasm, "zoho_cliq_wasm.js", "zoho_cliq_wasm.d.ts",
    "node.js", "snippets/", ...maps, "README.md", "LICENSE"])],
  main: "zoho_cliq_wasm.js",
  module: "zoho_cliq_wasm.js",
  types: "zoho_cliq_wasm.d.ts",
  sideEffects: ["./zoho_cliq_wasm.js", "./node.js", "./snippets/*"],
  exports: {
    ".": { types: "./zoho_cliq_wasm.d.ts", node: "./node.js", default: "./zoho_cliq_wasm.js" },
    [`./${wasm}`]: `./${wasm}`,
    "./package.json": "./package.json",
  },
  engines: { node: ">=18" },
});
writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
