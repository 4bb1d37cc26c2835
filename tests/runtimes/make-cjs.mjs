#!/usr/bin/env node
// Writes <pkg>/zoho_cliq_wasm.cjs: a CommonJS build of the package's Node
// entry (the "node" condition of package.json "exports"["."]), bundled with
// rolldown, so `require("zoho-cliq-wasm")` works on Node 18 to 20.18, which
// cannot require an ES module. Its `init()` without arguments reads the .wasm
// beside it from disk, as the ES Node entry does (rolldown polyfills
// import.meta.url for CommonJS). It adds nothing to package.json: the build
// lists the file in "files" and points a "require" condition at it.
//
//   node tests/runtimes/make-cjs.mjs pkg
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

export const CJS_FILE = "zoho_cliq_wasm.cjs";

/** The ES module Node loads: exports["."].node (a string, or its import/default). */
export function nodeEntry(manifest) {
  const dot = manifest.exports?.["."];
  let node = dot && typeof dot === "object" ? dot.node : undefined;
  if (node && typeof node === "object") node = node.import ?? node.default;
  const entry = node ?? manifest.module ?? manifest.main;
  if (typeof entry !== "string") throw new Error('package.json names no Node entry (exports["."].node, module or main)');
  return entry;
}

export async function makeCjs(pkgDir) {
  pkgDir = resolve(pkgDir);
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const input = join(pkgDir, nodeEntry(manifest));
  if (!existsSync(input)) throw new Error(`the Node entry ${input} does not exist`);
  const out = join(pkgDir, CJS_FILE);
  await build({
    input,
    platform: "node",
    logLevel: "warn",
    output: { file: out, format: "cjs", exports: "named", sourcemap: false },
    write: true,
  });
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tests/runtimes/make-cjs.mjs <pkg dir>");
    process.exit(2);
  }
  const out = await makeCjs(dir);
  console.log(`[make-cjs] wrote ${out}`);
}
