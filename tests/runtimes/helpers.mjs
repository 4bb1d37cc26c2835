// Shared by the runtime tests: pack the package as users receive it, install
// the tarball into a fresh project, and the one small program every runtime
// runs against the sandbox.
//
// Environment:
//   CLIQ_SANDBOX_URL  the sandbox (required; scripts/test starts it)
//   CLIQ_PKG_DIR      the built package to pack (default: <repo>/pkg)
//   CLIQ_TARBALL      an already packed tarball (skips `npm pack`)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { existsSync, mkdirSync, mkdtempSync as mkdtempRaw, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PKG_DIR = resolve(process.env.CLIQ_PKG_DIR || join(ROOT, "pkg"));
export const PACKAGE = "zoho-cliq-wasm";

// Temp dirs made by these tests: removed when the test file ends with every
// test passed, kept (their paths are in the failure messages) otherwise.
const tempDirs = [];
let anyFailed = false;
process.on("exit", () => {
  if (!anyFailed) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
export function mkdtempSync(prefix) {
  const dir = mkdtempRaw(prefix);
  tempDirs.push(dir);
  return dir;
}

/** The sandbox URL; fails (never skips) when the test command did not start one. */
export function sandboxUrl() {
  const url = process.env.CLIQ_SANDBOX_URL;
  assert.ok(url, "CLIQ_SANDBOX_URL is not set: start cliq-sandbox and export its URL (scripts/test does)");
  return url.replace(/\/+$/, "");
}

/** A binary installed by the root package.json's devDependencies, or a clear failure. */
export function devBinary(name, hint) {
  const bin = join(ROOT, "node_modules/.bin", name);
  assert.ok(existsSync(bin), `${bin} is missing: ${hint || `run npm ci at ${ROOT} (the root package.json pins ${name})`}`);
  return bin;
}

/** `npm pack` of a package directory into a temp dir; the tarball's path. */
export function pack(dir) {
  const out = mkdtempSync(join(tmpdir(), "cliq-pack-"));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const name = readdirSync(out).find((f) => f.endsWith(".tgz"));
  assert.ok(name, `npm pack in ${dir} produced no tarball`);
  return join(out, name);
}

let tarball;
/** The package tarball: CLIQ_TARBALL, or `npm pack` of CLIQ_PKG_DIR (once per test file). */
export function packedTarball() {
  if (tarball) return tarball;
  if (process.env.CLIQ_TARBALL) {
    tarball = resolve(process.env.CLIQ_TARBALL);
    assert.ok(existsSync(tarball), `CLIQ_TARBALL=${tarball} does not exist`);
    return tarball;
  }
  assert.ok(existsSync(join(PKG_DIR, "package.json")), `${PKG_DIR}/package.json is missing: run ./scripts/build (or set CLIQ_PKG_DIR)`);
  tarball = pack(PKG_DIR);
  return tarball;
}

/**
 * A fresh project (temp dir) with the tarball installed from disk, as a user
 * would: `npm install --offline <tarball>`. Returns its directory.
 */
export function installIntoFreshProject(prefix, packageJson = {}, tarballPath = packedTarball()) {
  const dir = mkdtempSync(join(tmpdir(), `cliq-${prefix}-`));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `app-${prefix}`, private: true, version: "0.0.0", ...packageJson }, null, 2));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarballPath], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  assert.ok(existsSync(join(dir, "node_modules", PACKAGE, "package.json")), `the tarball did not install into ${dir}`);
  return dir;
}

/** The installed package's package.json. */
export function installedManifest(app) {
  return JSON.parse(readFileSync(join(app, "node_modules", PACKAGE, "package.json"), "utf8"));
}

/**
 * The wasm file as the package exports it: the "exports" key ending in
 * ".wasm" (file names change between builds; the export is the contract).
 * Returns { specifier: "zoho-cliq-wasm/x.wasm", file: absolute path }.
 */
export function wasmExport(app) {
  const exp = installedManifest(app).exports || {};
  const keys = Object.keys(exp).filter((k) => k.endsWith(".wasm"));
  assert.equal(keys.length, 1, `package.json "exports" must have exactly one key ending in .wasm (a Workers or bundler user imports it); has ${JSON.stringify(Object.keys(exp))}`);
  const target = typeof exp[keys[0]] === "string" ? exp[keys[0]] : exp[keys[0]].default;
  const file = join(app, "node_modules", PACKAGE, target);
  assert.ok(existsSync(file), `the exported wasm ${target} is not in the tarball`);
  return { specifier: `${PACKAGE}/${keys[0].replace(/^\.\//, "")}`, file };
}

/** Every file of the installed package (relative paths, "/" separated). */
export function packageFiles(app) {
  const base = join(app, "node_modules", PACKAGE);
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(base, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk("");
  return out;
}

/** A channel the sandbox's main user is a member of (postToChannel needs one). */
export async function memberChannel() {
  const res = await fetch(`${sandboxUrl()}/__sandbox/state`);
  assert.equal(res.status, 200, `GET ${sandboxUrl()}/__sandbox/state answered ${res.status}`);
  const state = await res.json();
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));
  assert.ok(channel, "the sandbox seed has a channel its main user belongs to");
  return channel.unique_name;
}

/**
 * The program every runtime runs, as the body of an async function with
 * CliqClient, CliqError, validateMessage, SANDBOX, TOKEN and CHANNEL in scope.
 * It resolves to a plain object (checked by checkOutcome) and never throws for
 * an expected failure, so a runtime's output says what went wrong.
 */
export const PROGRAM = `
  const out = {};
  const step = async (name, fn) => {
    try { out[name] = await fn(); }
    catch (e) { out[name] = { threw: String(e && e.stack || e), kind: e && e.kind }; }
  };
  const cliq = new CliqClient({ accessToken: TOKEN, baseUrl: SANDBOX });
  await step("listed", async () => (await cliq.listMessageActions({ limit: 5 })).data.length);
  await step("posted", async () => (await cliq.postToChannel(CHANNEL, { text: "hello from " + RUNTIME, sync_message: true })).messageId ?? null);
  await step("notFound", async () => {
    try { await cliq.getMessageAction("nope"); return { resolved: true }; }
    catch (e) { return { isCliqError: e instanceof CliqError, name: e && e.name, kind: e && e.kind, status: e && e.status }; }
  });
  await step("violations", () => validateMessage({ text: "" }).length);
  return out;
`;

/** Values the program's source needs, as JS literals. */
export function programConstants(runtime, channel) {
  return [
    `const RUNTIME = ${JSON.stringify(runtime)};`,
    `const SANDBOX = ${JSON.stringify(sandboxUrl())};`,
    `const TOKEN = ${JSON.stringify(`rt-${runtime}-${Date.now()}-${process.pid}`)};`,
    `const CHANNEL = ${JSON.stringify(channel)};`,
  ].join("\n");
}

/** The last line of a program's stdout that is a JSON object. */
export function lastJson(stdout, what) {
  const line = stdout.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  assert.ok(line, `${what} printed no JSON result; stdout:\n${stdout}`);
  return JSON.parse(line);
}

/** One assertion per behaviour of the program's outcome. */
export const checks = {
  "lists message actions (a real GET)": (o) => {
    assert.equal(typeof o.listed, "number", `listMessageActions failed: ${JSON.stringify(o.listed)}`);
    assert.ok(o.listed > 0, "the seeded org has message actions");
  },
  "posts to a channel and gets a messageId (a real POST)": (o) => {
    assert.equal(typeof o.posted, "string", `postToChannel failed: ${JSON.stringify(o.posted)}`);
    assert.ok(o.posted.length > 0);
  },
  "rejects an unknown message action with a CliqError of kind not_found": (o) => {
    assert.deepEqual(o.notFound, { isCliqError: true, name: "CliqError", kind: "not_found", status: 404 });
  },
  "validates a message without the network": (o) => {
    assert.equal(o.violations, 1, `validateMessage({text: ""}): ${JSON.stringify(o.violations)}`);
  },
};

/** Runs `cmd args` in cwd; on failure, an assertion that shows its output. */
export function run(what, cmd, args, options) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000, ...options });
  } catch (e) {
    assert.fail(`${what} failed (${e.code || `exit ${e.status}`}):\n--- stdout\n${e.stdout || ""}\n--- stderr\n${e.stderr || ""}`);
  }
}

export function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
  }
}

/**
 * One suite per runtime: `runProgram` (run once, shared) installs the package,
 * runs the program and resolves to its outcome; each behaviour is its own
 * test (plus a runtime's own `extraChecks`). If the runtime cannot run here, every test fails with the reason:
 * nothing is skipped.
 */
export function runtimeSuite(title, runProgram, extraChecks = {}) {
  let outcome;
  const once = () => (outcome ??= runProgram());
  describe(title, () => {
    for (const [name, check] of Object.entries({ ...checks, ...extraChecks })) {
      test(name, async () => {
        try { check(await once()); } catch (e) { anyFailed = true; throw e; }
      });
    }
  });
}

/** Runs the program from a CommonJS project with `node ...nodeFlags main.cjs` (its `require` line is the one a user writes). */
export async function runCjsProgram(name, nodeFlags = [], tarballPath = packedTarball()) {
  const app = installIntoFreshProject(name, { type: "commonjs" }, tarballPath);
  writeFiles(app, {
    "main.cjs": `
      const { default: init, CliqClient, CliqError, validateMessage } = require("zoho-cliq-wasm");
      ${programConstants(name, await memberChannel())}
      (async () => {
        await init();
        console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
      })().catch((e) => { console.error(e); process.exit(1); });
    `,
  });
  const what = ["node", ...nodeFlags, "main.cjs"].join(" ");
  try {
    return lastJson(run(what, process.execPath, [...nodeFlags, join(app, "main.cjs")], { cwd: app }), what);
  } catch (e) {
    if (/ERR_REQUIRE_ESM/.test(e.message)) {
      assert.fail(`require("zoho-cliq-wasm") resolves to an ES module, which Node 18 to 20.18 cannot require: the package needs a CommonJS entry behind a "require" condition in package.json "exports" (scripts/cjs.mjs builds one).\n${e.message}`);
    }
    throw e;
  }
}

// Node 20.19+ / 22.12+ know this flag; with it, require() of an ES module
// throws ERR_REQUIRE_ESM as on Node 18.
export const NO_REQUIRE_ESM = ["--no-experimental-require-module"];

