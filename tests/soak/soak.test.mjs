// Soak (issue #13): 10,000 mixed calls from headless Chromium against the
// sandbox — zero unexpected errors, wasm memory and JS heap flat.
//
// Run (needs pkg/ from ./scripts/build and a sandbox at time scale 60 that
// serves pkg/ at /pkg):
//
//   target/debug/cliq-sandbox --port 0 --time-scale 60 --static /pkg=pkg &
//   CLIQ_SANDBOX_URL=http://127.0.0.1:PORT node --test tests/soak/
//
// What it does. A page on the sandbox's origin (a blank document, so
// nothing else runs in it) loads tests/soak/page.mjs as a module script,
// which imports /pkg/zoho_cliq_wasm.js like any web app. The page makes 6
// clients, each with its own token (quotas are per token, one token = one
// user), all with the budget on (`rateLimit: {timeScale: 60}`, matching the
// sandbox's `--time-scale 60`), and runs the mix 16 calls in flight:
// all 18 operations — posts of text and cards to a channel, a bot, a chat
// and a user; reads; edits; deletes; reactions added, listed and removed;
// message actions created, listed, read, updated, deleted, and their
// handlers read and updated; two-page walks of the `messages()` and
// `messageActions()` iterators left with `break`; a client made for one
// call and freed — plus ~2% of calls that must fail: refused before sending
// (`invalid_input`: an empty text, a 31-character action name) and answered
// 404 (`not_found`: an unknown message, an unknown action). Every 1,000
// calls (from call 250 on) one client gets 14 getMessageAction calls in a
// row (quota 10 per minute), so its budget has to queue some of them. The
// mix is drawn from a seeded generator: every run makes the same draws.
//
// Measured after a 500-call warm-up (which includes a burst) and after
// every 2,000 calls: the wasm linear memory (`memory.buffer.byteLength` of
// the exports `init()` answers) and the JS heap in use after a forced full
// GC (CDP `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`).
//
// Asserted: no unexpected error (a rejection that was not expected, a
// result of the wrong shape, an unhandled rejection, a page error); every
// expected error of its kind; no server throttle or lock (the budget kept
// every client inside its quota) and at least one proactive wait (the
// queue was exercised); one answer per request, and as many requests as
// calls that should reach the sandbox (no retry, no duplicate); the calls
// refused before sending absent from the sandbox's request log; wasm memory
// at most one 64 KiB page above its warm-up size; the JS heap at most 1 MiB
// above its warm-up size. No timing is asserted; the figures are printed.
//
// The soak only adds to the sandbox's state (messages in one channel, its
// own message actions, deleted at the end) and never resets it, but it
// expects no other test to reset the sandbox while it runs: run it as its
// own step, not in parallel with tests/e2e/.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const raw = process.env.CLIQ_SANDBOX_URL;
if (!raw) throw new Error("CLIQ_SANDBOX_URL is not set (a sandbox at --time-scale 60 serving pkg/ at /pkg, e.g. http://127.0.0.1:8787)");
const ORIGIN = new URL(raw).origin;

const WARM_UP_CALLS = 500;
const SEGMENT_CALLS = 2_000;
const SEGMENTS = 5; // 10,000 measured calls
const SETTINGS = {
  origin: ORIGIN,
  runId: Date.now().toString(36).slice(-6),
  seed: 13,
  clients: 6,
  concurrency: 16,
  timeScale: 60,
  firstBurstAt: 250, // in the warm-up
  burstEvery: 1_000,
  burstSize: 14,
  refusedChat: "CT_soak_refused_before_sending",
};
const WASM_PAGE = 65_536;
const HEAP_BOUND = 1024 * 1024;

// As tests/e2e/helpers.mjs launches Debian's Chromium.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

test("soak: 10,000 mixed calls in Chromium, nothing unexpected, wasm memory and JS heap flat", { timeout: 600_000 }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors = [];
    // Chromium logs every 404 answer to fetch on the console; those of the
    // expected not_found calls are counted (and checked below), not errors.
    let logged404 = 0;
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const url = msg.location().url ?? "";
      if (/^Failed to load resource: the server responded with a status of 404\b/.test(msg.text()) && url.startsWith(`${ORIGIN}/api/`)) logged404 += 1;
      else pageErrors.push(`console: ${msg.text()} (${url})`);
    });
    page.on("pageerror", (err) => pageErrors.push(`pageerror: ${err.message}`));

    // A blank document on the sandbox's origin (with an empty icon, so no
    // favicon.ico request); the route is removed before the soak, so
    // Playwright intercepts none of its requests.
    const blank = `${ORIGIN}/__soak__/`;
    await page.route(blank, (route) => route.fulfill({ status: 200, contentType: "text/html", body: '<!doctype html><title>soak</title><link rel="icon" href="data:,">' }));
    await page.goto(blank);
    await page.unroute(blank);
    await page.addScriptTag({ path: path.join(here, "page.mjs"), type: "module" });
    await page.waitForFunction(() => window.soak !== undefined || null, null, { timeout: 30_000 }).catch((err) => {
      throw new Error(`page.mjs did not load (is pkg/ served at ${ORIGIN}/pkg/?): ${pageErrors.join("; ") || err.message}`);
    });

    const cdp = await context.newCDPSession(page);
    const measure = async () => {
      // Two full collections with a pause between them: the first lets
      // FinalizationRegistry callbacks (freed clients, iterators) run.
      await cdp.send("HeapProfiler.collectGarbage");
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      return { wasm: await page.evaluate(() => window.soak.wasmBytes()), heap: usedSize };
    };

    const initial = await measure();
    const setup = await page.evaluate((settings) => window.soak.setup(settings), SETTINGS);
    const warmStart = performance.now();
    await page.evaluate((n) => window.soak.run(n), WARM_UP_CALLS);
    const warmSeconds = (performance.now() - warmStart) / 1000;
    const series = [{ calls: 0, ...(await measure()) }];
    const start = performance.now();
    let runTime = 0;
    let stats;
    for (let i = 1; i <= SEGMENTS; i++) {
      const segmentStart = performance.now();
      stats = await page.evaluate((n) => window.soak.run(n), SEGMENT_CALLS);
      runTime += performance.now() - segmentStart;
      series.push({ calls: i * SEGMENT_CALLS, ...(await measure()) });
    }
    const wallSeconds = (performance.now() - start) / 1000;
    // The counters are those of the soak; the clean-up's deletes are not in them.
    await page.evaluate(() => window.soak.cleanup());
    const log = await (await fetch(`${ORIGIN}/__sandbox/requests`)).json();
    await cdp.detach();

    const measured = stats.calls - WARM_UP_CALLS;
    const seconds = runTime / 1000;
    const base = series[0];
    const last = series[series.length - 1];
    const report = [
      "soak report",
      `  calls: ${stats.calls} (${WARM_UP_CALLS} warm-up + ${measured} measured; ${setup.setupCalls} set-up calls and the clean-up not counted), ${SETTINGS.clients} clients + ${stats.ephemeralClients} one-call clients, ${SETTINGS.concurrency} in flight`,
      `  measured: ${seconds.toFixed(1)} s of calls (${wallSeconds.toFixed(1)} s with the measurements), ${(measured / seconds).toFixed(0)} calls/s; warm-up ${warmSeconds.toFixed(1)} s`,
      `  per operation (incl. warm-up): ${Object.entries(stats.byOperation).map(([op, n]) => `${op} ${n}`).join(", ")}`,
      `  expected errors: ${stats.expected.invalid_input} invalid_input (refused before sending), ${stats.expected.not_found} not_found`,
      `  unexpected errors: ${stats.unexpected}`,
      `  requests ${stats.requests}, answers ${stats.responses}; statuses ${JSON.stringify(stats.statuses)}`,
      `  rate limit events: ${stats.rateLimit.wait} waits (${stats.bursts} bursts of ${SETTINGS.burstSize}), ${stats.rateLimit.throttle} throttles, ${stats.rateLimit.locked} locked`,
      `  wasm memory (B) at calls ${series.map((s) => s.calls).join(" / ")}: ${series.map((s) => s.wasm).join(" / ")}; growth ${last.wasm - base.wasm} B (before set-up ${initial.wasm} B)`,
      `  JS heap after GC at the same points: ${series.map((s) => mb(s.heap)).join(" / ")}; growth ${kib(last.heap - base.heap)} (before set-up ${mb(initial.heap)})`,
    ].join("\n");
    console.log(report);

    assert.deepEqual(pageErrors, [], `the page logged errors:\n${pageErrors.join("\n")}`);
    assert.equal(stats.unexpected, 0, `unexpected errors (first ${stats.unexpectedErrors.length}):\n${stats.unexpectedErrors.join("\n")}`);
    assert.equal(measured, SEGMENTS * SEGMENT_CALLS);
    for (const [operation, n] of Object.entries(stats.byOperation)) assert.ok(n > 0, `${operation} was never called`);
    assert.ok(stats.expected.invalid_input > 0 && stats.expected.not_found > 0, "the mix made no expected error of some kind");
    assert.equal(stats.sent + stats.refused, stats.calls);

    // The budget: no call reached the sandbox over quota, and the queue was used.
    assert.equal(stats.rateLimit.throttle, 0, "the sandbox throttled a call: the budget let a client exceed a quota");
    assert.equal(stats.rateLimit.locked, 0, "a call was refused during a lock");
    assert.ok(stats.rateLimit.wait > 0, "no call waited for quota: the queue was not exercised");

    // One request per call that should be sent (no retry, no duplicate), one answer each.
    assert.equal(stats.requests, stats.sent, "requests sent differ from the calls that should reach the sandbox");
    assert.equal(stats.responses, stats.requests, "a request got no answer event");
    const statuses = Object.keys(stats.statuses);
    assert.ok(statuses.every((s) => /^2\d\d$|^404$/.test(s)), `unexpected statuses: ${JSON.stringify(stats.statuses)}`);
    assert.equal(stats.statuses["404"] ?? 0, stats.expected.not_found, "404 answers differ from the expected not_found errors");
    assert.ok(logged404 <= stats.expected.not_found, `${logged404} 404s logged on the console, ${stats.expected.not_found} expected`);
    const leaked = log.filter((entry) => entry.path.includes(SETTINGS.refusedChat));
    assert.deepEqual(leaked, [], "a call refused before sending reached the sandbox");

    // Wasm memory never shrinks: the allocator grows it by whole 64 KiB
    // pages and keeps them. After the warm-up it is near its working size;
    // one more page is allowed for a peak or fragmentation the warm-up did
    // not reach (measured: it takes that one page once, around call 2,700,
    // then stays flat through 20,000 calls). A leak grows it call after
    // call, past one page over 10,000 calls once it has used up the free
    // space inside the pages already taken.
    assert.ok(last.wasm - base.wasm <= WASM_PAGE, `wasm memory grew by ${last.wasm - base.wasm} B over ${measured} calls (bound: one 64 KiB page)`);
    // The JS heap after a full GC still grows a little as V8 compiles and
    // optimises (measured: ~70 KB over the 10,000 calls, nearly all of it
    // compiled code in a heap-snapshot diff; no object count grew with the
    // calls), so the bound is 1 MiB, about 15 times that. Tighter than a
    // blanket 5 MB on purpose:
    // keeping every getMessages answer (~1,250 pages of 20 messages) grew
    // the heap by only 2.9 MB in a trial run, which 5 MB would have let pass.
    assert.ok(last.heap - base.heap <= HEAP_BOUND, `the JS heap grew by ${mb(last.heap - base.heap)} over ${measured} calls (bound: 1 MiB)`);
  } finally {
    await browser.close();
  }
});
