// The READMEs never lie.
//
// The repository's README.md: its quick start has exactly the two commands,
// the demo command really serves the page and the package, and its
// JavaScript runs against the sandbox.
//
// The npm package's README (npm/README.md): the packed tarball ships it as
// its README, it speaks to someone who ran `npm install` (no repository
// commands), and every JavaScript example in it runs unchanged from a
// project where the tarball is installed, with its credentials in the
// environment as the examples read them. A preload answers the examples'
// calls to Cliq's and Zoho accounts' data centres (the origins the package's
// dataCenters() lists) with the sandbox, and refuses any other host.
//
// CLIQ_SANDBOX_URL: the sandbox (scripts/test starts it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const npmReadme = readFileSync(join(root, "npm", "README.md"), "utf8");
const SANDBOX = process.env.CLIQ_SANDBOX_URL;

/** The bodies of the fenced code blocks of `markdown` tagged exactly `lang`. */
function blocks(markdown, lang) {
  return [...markdown.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

/** The sandbox's state: its credentials and seeded conversations. */
async function sandboxState() {
  assert.ok(SANDBOX, "CLIQ_SANDBOX_URL is set by scripts/test");
  const res = await fetch(`${SANDBOX}/__sandbox/state`);
  assert.equal(res.status, 200);
  return res.json();
}

/** Runs `node ...args` in `cwd`; resolves to { code, output } (stdout and stderr). */
function runNode(args, cwd, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, output: `${stdout}${stderr}` });
    });
  });
}

test("the quick start has exactly two commands: the demo and the tests", () => {
  const quick = readme.split("## Quick start")[1].split("\n## ")[0];
  const commands = blocks(readme, "sh").filter((b) => quick.includes(b)).flatMap((b) =>
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

test("every JavaScript example in the repository README runs against the sandbox", async () => {
  // A project where "zoho-cliq-wasm" resolves to pkg/, as after `npm install`.
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "pkg"), join(dir, "node_modules", "zoho-cliq-wasm"));
  const examples = blocks(readme, "js");
  assert.ok(examples.length >= 1);
  await sandboxState();
  for (const [i, source] of examples.entries()) {
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, source
      .replaceAll("http://127.0.0.1:8787", SANDBOX)
      .replaceAll('"1000.xxxx"', JSON.stringify(`readme-${i}-${Date.now()}`)));
    const { code, output } = await runNode([file], dir, process.env);
    assert.equal(code, 0, `README example ${i + 1} failed:\n${output}`);
  }
});

// ---------------------------------------------------------------- npm README

/** The tarball `npm pack` makes of pkg/, installed into a fresh project (once). */
let installed;
function installedPackage() {
  if (installed) return installed;
  const dir = mkdtempSync(join(tmpdir(), "readme-npm-"));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: join(root, "pkg"), stdio: ["ignore", "ignore", "pipe"] });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  assert.ok(tarball, "npm pack of pkg/ made a tarball (run ./scripts/build first)");
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "readme-app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(dir, tarball)], { cwd: app, stdio: ["ignore", "ignore", "pipe"] });
  installed = app;
  return app;
}

// Loaded with `node --import`: the examples' fetches to a Zoho origin go to
// the sandbox (same path and query), any other host is refused.
const PRELOAD = `
const sandbox = new URL(process.env.CLIQ_SANDBOX_URL);
const zoho = new Set(JSON.parse(process.env.README_ZOHO_ORIGINS));
const realFetch = globalThis.fetch;
globalThis.fetch = function fetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin === sandbox.origin) return realFetch(input, init);
  if (!zoho.has(url.origin)) return Promise.reject(new TypeError("a README example called " + url.origin));
  const to = new URL(url.pathname + url.search, sandbox).href;
  return realFetch(input instanceof Request ? new Request(to, input) : to, init);
};
`;

test("the npm tarball ships the package's own README", () => {
  const app = installedPackage();
  assert.equal(readFileSync(join(app, "node_modules", "zoho-cliq-wasm", "README.md"), "utf8"), npmReadme);
});

test("the package README speaks to npm users: install, every runtime, no repository commands", () => {
  assert.match(npmReadme, /```sh\nnpm install zoho-cliq-wasm\n```/);
  for (const runtime of ["browser", "Node 18+, ES module", "Node 18+, CommonJS", "Deno", "Bun", "Cloudflare Workers"]) {
    assert.ok(npmReadme.includes(`| ${runtime}`), `the loading table has a row for ${runtime}`);
  }
  assert.doesNotMatch(npmReadme, /\.\/scripts\/|\]\((?!https?:)[^)]*\)/, "no repository scripts or relative links (they mean nothing on npm)");
});

test("every JavaScript example in the package README runs against the installed tarball", async () => {
  const app = installedPackage();
  const state = await sandboxState();
  const channel = state.channels.find((c) => c.unique_name === "announcements");
  assert.ok(channel?.members.includes(state.me.zuid), "the sandbox's main user is in #announcements, which the examples use");
  const origins = execFileSync(process.execPath, ["--input-type=module", "-e", `
    import init, { dataCenters } from "zoho-cliq-wasm";
    await init();
    console.log(JSON.stringify(dataCenters().flatMap((d) => [d.cliq, d.accounts])));
  `], { cwd: app, encoding: "utf8" });
  writeFileSync(join(app, "zoho-origins.mjs"), PRELOAD);

  const examples = [
    ...blocks(npmReadme, "js").map((source) => ({ source, ext: "mjs" })),
    ...blocks(npmReadme, "cjs").map((source) => ({ source, ext: "cjs" })),
  ];
  assert.ok(examples.length >= 9, `the package README has its examples (${examples.length} found)`);
  const { credentials } = state;
  for (const [i, { source, ext }] of examples.entries()) {
    const file = `example-${i}.${ext}`;
    writeFileSync(join(app, file), source);
    const env = {
      ...process.env,
      README_ZOHO_ORIGINS: origins.trim(),
      // What a user keeps in the environment: here the sandbox's own.
      CLIQ_ACCESS_TOKEN: `readme-npm-${i}-${Date.now()}`, // quotas are per token
      CLIQ_CHAT_ID: channel.chat_id,
      CLIQ_WEBHOOK_TOKEN: credentials.webhook_token,
      ZOHO_CLIENT_ID: credentials.client_id,
      ZOHO_CLIENT_SECRET: credentials.client_secret,
      ZOHO_REFRESH_TOKEN: credentials.refresh_token,
    };
    const { code, output } = await runNode(["--import", "./zoho-origins.mjs", file], app, env);
    assert.equal(code, 0, `package README example ${i + 1} (${file}) failed:\n${source}\n---\n${output}`);
  }
});
