// Shared helpers for the demo page's browser tests (node:test + playwright-core,
// Debian's Chromium). The page URL comes from CLIQ_DEMO_URL, e.g.
// http://127.0.0.1:8787/ (the sandbox serving www/ and pkg/).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "..", "..");
export const SCREENSHOT_DIR = process.env.CLIQ_SCREENSHOT_DIR || path.join(REPO_ROOT, "artifacts", "screenshots");

const raw = process.env.CLIQ_DEMO_URL;
if (!raw) throw new Error("CLIQ_DEMO_URL is not set (e.g. http://127.0.0.1:8787/ — the sandbox serving www/ and pkg/)");
export const BASE = raw.endsWith("/") ? raw : `${raw}/`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const PLACEHOLDER_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#c7d2fe"/></svg>';

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 900 };

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Open the demo in a fresh context and wait until it is connected to the
 * sandbox. Console errors and uncaught page errors are collected in
 * `errors`; call `assertNoErrors(errors)` at the end of the test. Every
 * request to another origin is listed in `offOrigin` and never reaches the
 * internet: it is aborted with `offline: true`, and otherwise an image gets
 * a placeholder (a message may link to any image) and anything else fails.
 * `beforeLoad(context)` runs before the page loads (to add routes of the
 * test's own).
 */
export async function openDemo(browser, { viewport = LAPTOP, hash = "", offline = false, beforeLoad = null } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: "reduce" });
  const origin = new URL(BASE).origin;
  const offOrigin = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      const request = route.request();
      offOrigin.push(`${request.method()} ${request.url()}`);
      return !offline && request.resourceType() === "image"
        ? route.fulfill({ status: 200, contentType: "image/svg+xml", body: PLACEHOLDER_SVG })
        : route.abort();
    },
  );
  if (beforeLoad) await beforeLoad(context);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.setDefaultTimeout(10_000);
  await page.goto(BASE + hash);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, context, errors, offOrigin };
}

export function assertNoErrors(errors) {
  assert.deepEqual(errors, [], `the page logged errors:\n${errors.join("\n")}`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Scrolled to the top, so sticky headers sit where a reader expects them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ------------------------------------------------------------------ sandbox control

export async function resetSandbox() {
  const res = await fetch(`${BASE}__sandbox/reset`, { method: "POST" });
  assert.ok(res.ok, `POST /__sandbox/reset answered ${res.status}`);
}

export async function sandboxState(token = "demo-token") {
  const res = await fetch(`${BASE}__sandbox/state`, { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
  assert.ok(res.ok, `GET /__sandbox/state answered ${res.status}`);
  return res.json();
}

export async function sandboxRequests() {
  const res = await fetch(`${BASE}__sandbox/requests`);
  assert.ok(res.ok, `GET /__sandbox/requests answered ${res.status}`);
  return res.json();
}

/** Call the sandbox's Cliq API directly (to set up data the test then looks at). */
export async function api(method, pathAndQuery, body, token = "demo-token") {
  const res = await fetch(new URL(pathAndQuery.replace(/^\//, ""), BASE), {
    method,
    headers: { Authorization: `Zoho-oauthtoken ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// ------------------------------------------------------------------ one sandbox, one test at a time

// Every test resets the one shared sandbox, so test files must not overlap
// even when `node --test` runs files in parallel: each file holds this lock
// (a directory, created atomically) from its first test to its last.
const LOCK_DIR = path.join(os.tmpdir(), `cliq-demo-e2e-${Buffer.from(BASE).toString("hex").slice(-24)}.lock`);

export async function acquireSandboxLock({ timeoutMs = 10 * 60_000 } = {}) {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // A lock left by a process that died is taken over.
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), "utf8"));
      } catch {
        /* being written */
      }
      if (owner && !isAlive(owner)) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${LOCK_DIR}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/**
 * The usual suite set-up: lock, launch, and reset before each test.
 * Returns a getter for the browser.
 */
export function useDemoSuite({ before, after, beforeEach }) {
  let browser;
  let release;
  before(async () => {
    release = await acquireSandboxLock();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    release?.();
  });
  beforeEach(async () => {
    await resetSandbox();
  });
  return () => browser;
}

// ------------------------------------------------------------------ page helpers

export async function gotoTab(page, name) {
  await page.getByRole("tab", { name }).click();
  await page.waitForFunction((n) => {
    const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.includes(n));
    return tab && tab.getAttribute("aria-selected") === "true";
  }, name);
}

/** Fill the compose form's target: a channel by unique name. */
export async function targetChannel(page, uniqueName) {
  await page.getByRole("radio", { name: "Channel" }).check();
  await page.getByLabel("Channel unique name").fill(uniqueName);
}

/** The conversation's message list item holding `text`. */
export function messageWith(page, text) {
  return page.locator(".msg-list > li").filter({ hasText: text });
}

/** Wait until no request in the page's log is still pending. */
export async function settle(page) {
  await page.waitForFunction(() => !document.querySelector(".log-status.pending"));
}
