// The quota meter: the client's own budget per operation (rateLimitStatus),
// moving as calls are made, and a lock countdown after Cliq throttles.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, sandboxState, targetChannel, BASE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

async function gauge(page, operation) {
  const meter = page.getByRole("meter", { name: operation, exact: true });
  return {
    meter,
    now: async () => Number(await meter.getAttribute("aria-valuenow")),
    max: async () => Number(await meter.getAttribute("aria-valuemax")),
  };
}

async function post(page, text) {
  const box = page.getByLabel("Message text");
  await box.fill(text);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  // The composer empties itself once the post succeeded.
  await page.waitForFunction((el) => el.value === "", await box.elementHandle());
}

test("the quota meter drains as messages are posted", async () => {
  const state = await sandboxState();
  const { page, context, errors } = await openDemo(browser());
  try {
    const g = await gauge(page, "postToChannel");
    assert.equal(await g.max(), 50, "postToChannel allows 50 calls a minute");
    assert.equal(await g.now(), 50);
    const fullWidth = await g.meter.locator(".gauge-fill").evaluate((el) => el.getBoundingClientRect().width);

    await targetChannel(page, state.channels[0].unique_name);
    for (let i = 1; i <= 3; i += 1) await post(page, `Quota check ${i}`);
    await page.waitForFunction(() => document.querySelector('[role="meter"][aria-label="postToChannel"]').getAttribute("aria-valuenow") === "47");
    assert.match(await g.meter.getAttribute("aria-valuetext"), /47 of 50/);
    // It is a picture: the bar itself is shorter.
    await page.waitForTimeout(400); // the bar animates
    const width = await g.meter.locator(".gauge-fill").evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width < fullWidth, `the bar shrank (${width} < ${fullWidth})`);
    // Other operations are untouched.
    assert.equal(await (await gauge(page, "postToBot")).now(), 20);
    await screenshot(page, "quota-after-posts");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a throttle from Cliq shows as a lock countdown", async () => {
  const state = await sandboxState();
  const fault = await fetch(`${BASE}__sandbox/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ operation: "postToChannel", count: 1, fault: { type: "throttle" } }),
  });
  assert.ok(fault.ok, `POST /__sandbox/faults answered ${fault.status}`);
  const { page, context, errors } = await openDemo(browser());
  try {
    await targetChannel(page, state.channels[0].unique_name);
    await page.getByLabel("Message text").fill("This one is throttled");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Could not post" });
    await notice.waitFor();
    assert.match(await notice.innerText(), /rate_limited/);
    assert.match(await notice.innerText(), /request_limit_exceeded/);

    const row = page.locator('.quota-row[data-operation="postToChannel"]');
    await page.waitForFunction(() => document.querySelector('.quota-row[data-operation="postToChannel"]').dataset.state === "locked");
    assert.match(await row.locator(".gauge-note").innerText(), /unlocks in \d+:\d\d/);
    const first = await row.locator(".gauge-note").innerText();
    await page.waitForTimeout(1300);
    assert.notEqual(await row.locator(".gauge-note").innerText(), first, "the countdown moves");
    await page.locator(".quota-summary", { hasText: "locked" }).waitFor();
    await screenshot(page, "quota-locked");
    // The browser logs the 400 answer itself; that is the expected throttle, not a page error.
    assertNoErrors(errors.filter((e) => !/status of 400/.test(e)));
  } finally {
    await context.close();
  }
});

test("the meter shows every operation the library budgets, with the library's quota", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    // What a new client of the library reports, next to what the page draws.
    const { fresh, gauges } = await page.evaluate(async () => {
      const lib = await import("/pkg/zoho_cliq_wasm.js");
      await lib.default();
      const client = new lib.CliqClient({ accessToken: "quota-test", baseUrl: location.origin });
      const fresh = client.rateLimitStatus();
      client.free();
      const gauges = Object.fromEntries(
        [...document.querySelectorAll(".quota-row")].map((row) => [row.dataset.operation, Number(row.querySelector('[role="meter"]').getAttribute("aria-valuemax"))]),
      );
      return { fresh, gauges };
    });
    assert.equal(Object.keys(fresh).length, 18, "the library budgets 18 operations");
    for (const [op, s] of Object.entries(fresh)) {
      assert.ok(Number.isInteger(s.limit) && s.limit > 0, `${op}: the library reports its quota as limit (${s.limit})`);
    }
    assert.deepEqual(
      gauges,
      Object.fromEntries(Object.entries(fresh).map(([op, s]) => [op, s.limit])),
      "one gauge per operation, its maximum the library's limit",
    );
    assert.equal(await page.locator(".quota-row").count(), 18, "no operation is drawn twice");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("without a limit from the library the meter guesses no quota and says so", async () => {
  // The page loads the real package through a module that drops `limit`
  // from every status, as a package older than the page would report it.
  const real = "/pkg/zoho_cliq_wasm.js?without-limit";
  const wrapper = `
    export * from "${real}";
    export { default } from "${real}";
    import { CliqClient } from "${real}";
    const status = CliqClient.prototype.rateLimitStatus;
    CliqClient.prototype.rateLimitStatus = function () {
      const all = status.call(this);
      for (const s of Object.values(all)) delete s.limit;
      return all;
    };`;
  const { page, context, errors } = await openDemo(browser(), {
    beforeLoad: (ctx) =>
      ctx.route(
        (url) => url.pathname === "/pkg/zoho_cliq_wasm.js" && url.search === "",
        (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: wrapper }),
      ),
  });
  try {
    const fresh = await page.evaluate(async () => {
      const lib = await import("/pkg/zoho_cliq_wasm.js");
      const client = new lib.CliqClient({ accessToken: "quota-test", baseUrl: location.origin });
      const status = client.rateLimitStatus();
      client.free();
      return status;
    });
    assert.equal(Object.keys(fresh).length, 18);
    assert.ok(
      Object.values(fresh).every((s) => !("limit" in s) && s.remaining > 0),
      "the page's library reports budgets without limits",
    );
    const summary = page.locator(".quota-summary");
    await summary.filter({ hasText: "Quota status unavailable" }).waitFor();
    assert.match(await summary.innerText(), /reports no per-minute limit for any operation/);
    assert.equal(await page.locator(".quota-row").count(), 0, "no gauge with a guessed maximum");
    assert.equal(await page.getByRole("meter").count(), 0);
    // The rest of the page works: a post still goes out, and the meter still draws nothing.
    const state = await sandboxState();
    await targetChannel(page, state.channels[0].unique_name);
    await post(page, "Posted without a quota meter");
    assert.equal(await page.locator(".quota-row").count(), 0);
    assert.match(await summary.innerText(), /Quota status unavailable/);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
