// Cloudflare Workers, in workerd through miniflare 4 (npm devDependencies).
// The worker is what a Workers user writes; the wasm comes in as a
// CompiledWasm module (wrangler's default rule for `.wasm` imports):
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   import wasm from "zoho-cliq-wasm/zoho_cliq_wasm_bg.wasm";   // the package's .wasm export
//   await init({ module_or_path: wasm });                       // or initSync({ module: wasm })
// The package's files are given to workerd unbundled, each JS file as an ES
// module named "zoho-cliq-wasm/<file>", and "zoho-cliq-wasm" itself is the
// file that package.json "exports"["."] selects under the conditions
// wrangler resolves with (workerd, worker, browser, import, default). No
// nodejs_compat flag: the package must not need Node's modules there.
// Cloudflare's edge rejects a request that sets `credentials`, `mode` or
// `referrer`; the workerd in miniflare 4.20260426 accepts them, so the
// worker's first import wraps fetch and Request to reject them the same way
// (and to record them for the last test).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  devBinary, installedManifest, installIntoFreshProject, memberChannel, PACKAGE, packageFiles, programConstants, PROGRAM, runtimeSuite, wasmExport, ROOT,
} from "./helpers.mjs";

const WORKER_CONDITIONS = ["workerd", "worker", "browser", "import", "default"];
const COMPATIBILITY_DATE = "2026-04-01";

/** The target of exports["."] under the given conditions (first matching key, in object order, as Node and esbuild do). */
export function resolveExport(target, conditions) {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) return target.map((t) => resolveExport(t, conditions)).find(Boolean);
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (conditions.includes(key)) {
        const hit = resolveExport(value, conditions);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

runtimeSuite('Cloudflare Workers (workerd via miniflare): import wasm from "zoho-cliq-wasm/<file>.wasm"; await init({ module_or_path: wasm })', async () => {
  devBinary("workerd", `run npm ci at ${ROOT} (miniflare brings workerd)`);
  const { Miniflare } = await import("miniflare").catch((e) => {
    assert.fail(`miniflare cannot be loaded (run npm ci at ${ROOT}; the root package.json pins it): ${e.message}`);
  });
  const app = installIntoFreshProject("workers", { type: "module" });
  const base = join(app, "node_modules", PACKAGE);
  const manifest = installedManifest(app);
  const entry = resolveExport(manifest.exports?.["."], WORKER_CONDITIONS) ?? manifest.module ?? manifest.main;
  assert.ok(entry, 'package.json "exports"["."] selects no file for Workers (conditions workerd, worker, browser, import, default)');
  const wasm = wasmExport(app);
  const entryName = `${PACKAGE}/${entry.replace(/^\.\//, "")}`;

  const strictFetch = `
    // Cloudflare's edge: these RequestInit fields throw.
    const REJECTED = ["credentials", "mode", "referrer"];
    globalThis.__rejectedRequestFields = [];
    const check = (init, where) => {
      for (const k of REJECTED) {
        if (init && typeof init === "object" && init[k] !== undefined) {
          globalThis.__rejectedRequestFields.push(where + ": " + k + "=" + JSON.stringify(init[k]));
          throw new TypeError("The '" + k + "' field on 'RequestInitializerDict' is not implemented.");
        }
      }
    };
    const realFetch = globalThis.fetch;
    globalThis.fetch = function fetch(input, init) { check(init, "fetch"); return realFetch(input, init); };
    const RealRequest = globalThis.Request;
    globalThis.Request = class Request extends RealRequest {
      constructor(input, init) { check(init, "new Request"); super(input, init); }
    };
  `;
  const worker = `
    import "./strict-fetch.mjs";
    import init, { CliqClient, CliqError, validateMessage } from "${PACKAGE}";
    import wasm from "${wasm.specifier}";
    ${programConstants("workers", await memberChannel())}
    export default {
      async fetch() {
        await init({ module_or_path: wasm });
        const out = await (async () => { ${PROGRAM} })();
        return Response.json({ ...out, rejectedRequestFields: globalThis.__rejectedRequestFields });
      },
    };
  `;
  const modules = [
    { type: "ESModule", path: "/w/worker.mjs", contents: worker },
    { type: "ESModule", path: "/w/strict-fetch.mjs", contents: strictFetch },
    // What resolving the bare specifier gives: the selected entry file.
    { type: "ESModule", path: `/w/${PACKAGE}`, contents: `export * from "${entryName}";\nexport { default } from "${entryName}";\n` },
    ...packageFiles(app)
      .filter((f) => /\.(m?js)$/.test(f))
      .map((f) => ({ type: "ESModule", path: `/w/${PACKAGE}/${f}`, contents: readFileSync(join(base, f), "utf8") })),
    { type: "CompiledWasm", path: `/w/${wasm.specifier}`, contents: readFileSync(wasm.file) },
  ];
  const mf = new Miniflare({ modules, modulesRoot: "/w", compatibilityDate: COMPATIBILITY_DATE });
  try {
    const res = await mf.dispatchFetch("http://worker.test/");
    const text = await res.text();
    assert.equal(res.status, 200, `the worker answered ${res.status}:\n${text}`);
    return JSON.parse(text);
  } finally {
    await mf.dispose();
  }
}, {
  "sets no credentials, mode or referrer on a request (Cloudflare rejects them)": (o) => {
    assert.deepEqual(o.rejectedRequestFields, []);
  },
});
