// The package in a bundled web app: Vite builds tests/bundler/app (which
// imports "zoho-cliq-wasm" by name, resolved to pkg/ as after npm install),
// the build is served by `vite preview`, and headless Chromium runs it
// against the sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SANDBOX = process.env.CLIQ_SANDBOX_URL;

test("a Vite build of an app importing the package works in Chromium", async () => {
  assert.ok(SANDBOX, "CLIQ_SANDBOX_URL is set by scripts/test");
  const outDir = mkdtempSync(join(tmpdir(), "cliq-vite-"));
  const config = {
    root: join(root, "tests/bundler/app"),
    logLevel: "warn",
    resolve: { alias: { "zoho-cliq-wasm": join(root, "pkg") } },
    build: { outDir, emptyOutDir: true, target: "es2022" },
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
  };
  await build(config);
  const assets = readdirSync(join(outDir, "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `the wasm is emitted as an asset: ${assets}`);

  const server = await preview(config);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const url = server.resolvedUrls.local[0];
    await page.goto(`${url}?sandbox=${encodeURIComponent(SANDBOX)}`);
    await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 30_000 });
    const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
    assert.deepEqual(result, { text: "Hello from a Vite build", errorIsCliqError: true, errorKind: "not_found", violations: 1 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
});
