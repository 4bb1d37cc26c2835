// Runs bench/bench.mjs in Node and in headless Chromium against the sandbox
// (CLIQ_SANDBOX_URL, started by scripts/bench) and prints the measured
// ratios side by side, plus the package size against its budget.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { chromium } from "playwright-core";
import init, * as lib from "../pkg/zoho_cliq_wasm.js";
import { runBenchmarks } from "./bench.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const sandbox = process.env.CLIQ_SANDBOX_URL;
if (!sandbox) throw new Error("CLIQ_SANDBOX_URL is not set (run ./scripts/bench)");

const size = (file) => readFileSync(join(root, "pkg", file));
const wasm = size("zoho_cliq_wasm_core_bg.wasm");
const gz = (b) => gzipSync(b, { level: 9 }).length;
// What a browser loads: the wasm core, its wasm-bindgen glue, the package
// entry and the JS client, each gzipped as a server would send it.
const js = ["zoho_cliq_wasm_core.js", "zoho_cliq_wasm.js", "client.js"].map(size);
const shipped = gz(wasm) + js.reduce((n, s) => n + gz(s), 0);
const sizeRows = [
  { name: "package size a browser loads: wasm + glue + entry + client, gzip, vs 60 KiB budget", value: shipped / 1024, unit: "KiB", baseline: 60, target: 1.0 },
  { name: "wasm raw", value: wasm.length / 1024, unit: "KiB" },
  { name: "wasm gzip", value: gz(wasm) / 1024, unit: "KiB" },
  { name: "JS gzip (glue + entry + client)", value: js.reduce((n, s) => n + gz(s), 0) / 1024, unit: "KiB" },
];

const exportsNode = await init({ module_or_path: wasm });
const node = await runBenchmarks({ lib, sandbox, memory: () => exportsNode.memory });

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
let chrome;
try {
  const page = await browser.newPage();
  await page.goto(`${sandbox}/bench/index.html`);
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 300_000 });
  chrome = await page.evaluate(() => window.__results);
  if (chrome.error) throw new Error(chrome.error);
} finally {
  await browser.close();
}

const fmt = (n) => (n === undefined ? "" : n >= 100 ? n.toFixed(0) : n.toFixed(2));
const ratio = (r) => (r.baseline ? r.value / r.baseline : undefined);
const verdict = (r, x) => (r.target === undefined || x === undefined ? "" : x <= r.target && r.ok !== false ? "ok" : "OVER");
console.log("\nzoho-cliq-wasm benchmarks (ratio = measured / baseline, same run)\n");
console.log(["benchmark", "node", "ratio", "chromium", "ratio", "target"].join(" | "));
console.log("---|---|---|---|---|---");
for (const r of sizeRows) {
  const x = ratio(r);
  console.log([r.name, `${fmt(r.value)} ${r.unit}`, x ? `${fmt(x)} ${verdict(r, x)}` : "", "(same package)", "", r.target ?? ""].join(" | "));
}
for (const [i, n] of node.entries()) {
  const c = chrome[i];
  const xn = ratio(n), xc = ratio(c);
  const shown = (r) => `${fmt(r.value)} ${r.unit}${r.baseline === undefined ? "" : ` vs ${fmt(r.baseline)}`}`;
  console.log([n.name, shown(n), `${fmt(xn)} ${verdict(n, xn)}`, shown(c), `${fmt(xc)} ${verdict(c, xc)}`, n.target ?? ""].join(" | "));
}
