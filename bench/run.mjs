// Runs bench/bench.mjs in Node and in headless Chromium against the sandbox
// (CLIQ_SANDBOX_URL, started by scripts/bench), prints the numbers side by
// side with the package size against its budget, and writes the headline
// numbers to bench/results.json.
//
// Needs pkg/ (./scripts/build) and the bench-only package with the cargo
// feature `bench` in target/pkg-bench/ (scripts/bench builds both); the
// sandbox serves bench/ at /bench, pkg/ at /pkg and target/pkg-bench/ at
// /pkg-bench for the browser.
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";
import { chromium } from "playwright-core";
import init, * as lib from "../pkg/zoho_cliq_wasm.js";
import initBench, * as benchLib from "../target/pkg-bench/zoho_cliq_wasm.js";
import { runBenchmarks } from "./bench.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = join(root, "pkg");
const sandbox = process.env.CLIQ_SANDBOX_URL;
if (!sandbox) throw new Error("CLIQ_SANDBOX_URL is not set (run ./scripts/bench)");
const BUDGET = 81_920; // 80 KiB, gzip

// What a browser loads: the wasm, the glue (the package entry) and every
// snippet the glue imports (and what those import), each gzipped (-9) as a
// server would send it.
// `gzip -9` itself, as the budget is stated (Node's zlib at level 9 comes
// out ~1 KB larger on the wasm).
const gz = (b) => execFileSync("gzip", ["-9", "-c"], { input: b, maxBuffer: 1 << 26 }).length;
function jsGraph(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) visit(join(dirname(file), m[1]));
  };
  visit(entry);
  return [...seen];
}
const wasm = readFileSync(join(pkg, "zoho_cliq_wasm_bg.wasm"));
const jsFiles = jsGraph(join(pkg, "zoho_cliq_wasm.js"));
const jsGz = jsFiles.reduce((n, f) => n + gz(readFileSync(f)), 0);
const jsRaw = jsFiles.reduce((n, f) => n + readFileSync(f).length, 0);
const shipped = gz(wasm) + jsGz;
const sizeRows = [
  { key: "size_gzip_bytes", name: `package a browser loads: wasm + ${jsFiles.map((f) => relative(pkg, f)).join(" + ")}, each gzip -9 / 80 KiB budget`,
    value: shipped, unit: "B", baseline: BUDGET, ratio: shipped / BUDGET, target: 1.0 },
  { name: "wasm: raw / gzip", value: wasm.length, unit: "B", note: `${gz(wasm)} B gzip` },
  { name: `JS (${jsFiles.length} files): raw / gzip`, value: jsRaw, unit: "B", note: `${jsGz} B gzip` },
];

const log = (env) => (phase) => process.stderr.write(`[bench] ${env}: ${phase}\n`);

// Node.
const exportsNode = await init({ module_or_path: wasm });
await initBench({ module_or_path: readFileSync(join(root, "target/pkg-bench/zoho_cliq_wasm_bg.wasm")) });
const node = await runBenchmarks({ lib, benchLib, sandbox, memory: () => exportsNode.memory, log: log("node") });

// Chromium: the same module, served by the sandbox (bench/index.html).
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
let chrome;
try {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.text().startsWith("[bench]")) process.stderr.write(`${m.text()}\n`); });
  await page.goto(`${sandbox}/bench/index.html`);
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 600_000, polling: 500 });
  chrome = await page.evaluate(() => window.__results);
  if (chrome.error) throw new Error(`chromium: ${chrome.error}`);
} finally {
  await browser.close();
}

// The table.
const fmt = (n) => (n === undefined ? "" : Number.isInteger(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3));
const verdict = (r) => {
  if (r.target === undefined) return "";
  const x = r.ratio ?? r.value;
  return x <= r.target && r.ok !== false ? "ok" : "OVER";
};
const shown = (r) => (r ? `${fmt(r.value)} ${r.unit}${r.baseline === undefined ? "" : ` / ${fmt(r.baseline)}`}${r.note ? ` (${r.note})` : ""}`.trim() : "—");
const ratioCell = (r) => (r ? `${r.ratio === undefined ? "" : fmt(r.ratio)} ${verdict(r)}`.trim() : "—");
console.log("\nzoho-cliq-wasm benchmarks (measured / baseline of the same run; ratio = median of interleaved pairs)\n");
console.log(["benchmark", "node", "ratio", "chromium", "ratio", "target"].join(" | "));
console.log("---|---|---|---|---|---");
for (const r of sizeRows) console.log([r.name, shown(r), ratioCell(r), "(same files)", "", r.target === undefined ? "" : `≤ ${r.target}`].join(" | "));
for (const n of node) {
  const c = chrome.find((r) => r.key === n.key);
  console.log([n.name, shown(n), ratioCell(n), shown(c), ratioCell(c), n.target === undefined ? "" : `≤ ${n.target}`].join(" | "));
}

// results.json: numbers only, one flat object.
const find = (rows, key) => rows.find((r) => r.key === key);
const results = {
  size_gzip_bytes: shipped,
  get_messages_ratio_node: find(node, "get_messages_ratio").ratio,
  get_messages_ratio_chromium: find(chrome, "get_messages_ratio").ratio,
  post_card_ratio_node: find(node, "post_card_ratio").ratio,
  post_card_ratio_chromium: find(chrome, "post_card_ratio").ratio,
  queue_ratio_node: find(node, "queue_ratio").ratio,
  queue_throttles: find(node, "queue_throttles").value,
  memory_growth_bytes: find(node, "memory_growth_bytes").value,
};
for (const [env, rows] of [["node", node], ["chromium", chrome]]) {
  for (const r of rows.filter((r) => r.conversion)) {
    results[`${r.key}_serde_us_${env}`] = r.value;
    results[`${r.key}_json_us_${env}`] = r.baseline;
    results[`${r.key}_ratio_${env}`] = r.ratio;
  }
}
const round = (x) => (Number.isInteger(x) ? x : Number(x.toPrecision(4)));
for (const k of Object.keys(results)) results[k] = round(results[k]);
writeFileSync(join(root, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
console.log("\nwrote bench/results.json");
