// The README never lies: its quick start has exactly the two commands, the
// demo command really serves the page and the package, and every JavaScript
// example runs against the sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const SANDBOX = process.env.CLIQ_SANDBOX_URL;

function blocks(lang) {
  return [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

test("the quick start has exactly two commands: the demo and the tests", () => {
  const quick = readme.split("## Quick start")[1].split("\n## ")[0];
  const commands = blocks("sh").filter((b) => quick.includes(b)).flatMap((b) =>
    b.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean));
  assert.deepEqual(commands, ["./scripts/demo", "./scripts/test"]);
  assert.match(readFileSync(join(root, ".ci/run"), "utf8"), /exec \.\/scripts\/test\n/);
});

test("the demo command serves the page and the package", async () => {
  const child = spawn("./scripts/demo", { cwd: root, env: { ...process.env, PORT: "0" }, detached: true });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 300_000);
      child.stdout.on("data", (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.on("exit", (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
    });
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>/);
    const wasm = await fetch(`${url}/pkg/zoho_cliq_wasm_bg.wasm`);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    const js = await fetch(`${url}/pkg/zoho_cliq_wasm.js`);
    assert.equal(js.status, 200);
  } finally {
    // Gone already if it exited early: the rejection above says why.
    try { process.kill(-child.pid, "SIGTERM"); } catch {}
  }
});

test("every JavaScript example in the README runs", async () => {
  assert.ok(SANDBOX, "CLIQ_SANDBOX_URL is set by scripts/test");
  // A project where "zoho-cliq-wasm" resolves to pkg/, as after `npm install`.
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "pkg"), join(dir, "node_modules", "zoho-cliq-wasm"));
  const examples = blocks("js");
  assert.ok(examples.length >= 5);
  // The recipes read their credentials from the environment, as in CI or
  // on a server: here the sandbox's own.
  const { credentials } = await (await fetch(`${SANDBOX}/__sandbox/state`)).json();
  const env = {
    ...process.env,
    CLIQ_URL: SANDBOX,
    CLIQ_WEBHOOK_TOKEN: credentials.webhook_token,
    ZOHO_CLIENT_ID: credentials.client_id,
    ZOHO_CLIENT_SECRET: credentials.client_secret,
    ZOHO_REFRESH_TOKEN: credentials.refresh_token,
    ZOHO_ACCOUNTS_URL: credentials.accounts_url,
  };
  for (const [i, source] of examples.entries()) {
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, source
      .replaceAll("http://127.0.0.1:8787", SANDBOX)
      .replaceAll('"1000.xxxx"', JSON.stringify(`readme-${i}-${Date.now()}`)));
    const code = await new Promise((resolve) => {
      const run = spawn(process.execPath, [file], { env, stdio: ["ignore", "ignore", "inherit"] });
      run.on("exit", resolve);
    });
    assert.equal(code, 0, `README example ${i + 1} failed`);
  }
});
