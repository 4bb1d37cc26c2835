// Server data is never HTML, and the token stays out of URLs, logs and storage.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, sandboxState, api, gotoTab, messageWith, settle } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

const TEXT_PAYLOAD =
  'Hi <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> <b>bold?</b> [click](javascript:window.__pwned=3) <iframe src="javascript:window.__pwned=4"></iframe>';
const NAME_PAYLOAD = '<img src=y onerror="window.__pwned=5">Evil</b>';

test("HTML and script in message text and sender names render as inert text", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const posted = await api("POST", `/api/v2/channelsbyname/${channel.unique_name}/message`, {
    text: TEXT_PAYLOAD,
    bot: { name: NAME_PAYLOAD },
    card: { theme: "modern-inline", title: '<svg onload="window.__pwned=6">Card</svg>', sections: [{ title: "<i>s</i>", fields: [{ title: "<u>k</u>", value: "<marquee>v</marquee>" }] }] },
    slides: [{ type: "text", title: "<h1>t</h1>", data: "<script>window.__pwned=7</script>" }],
  });
  assert.equal(posted.status, 204, JSON.stringify(posted.body));
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Conversation");
    const message = messageWith(page, "<script>window.__pwned=2</script>");
    await message.waitFor();
    // The payloads are shown as the text they are...
    assert.equal(await message.locator(".msg-sender").innerText(), NAME_PAYLOAD);
    assert.match(await message.innerText(), /<img src=x onerror="window.__pwned=1">/);
    assert.match(await message.innerText(), /<svg onload="window.__pwned=6">Card<\/svg>/);
    assert.match(await message.innerText(), /<marquee>v<\/marquee>/);
    // ...and nothing in them became an element or ran.
    const inside = await message.evaluate((el) =>
      [...el.querySelectorAll("img, script, iframe, svg, b, i, u, h1, marquee, a")].map((n) => n.tagName),
    );
    assert.deepEqual(inside, []);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await screenshot(page, "security-inert-payloads");

    // The compose preview treats typed text the same way.
    await gotoTab(page, "Compose");
    await page.getByLabel("Message text").fill(TEXT_PAYLOAD);
    await page.locator(".preview-body", { hasText: "<script>" }).waitFor();
    assert.deepEqual(await page.locator(".preview-body").evaluate((el) => [...el.querySelectorAll("img, script, iframe, a")].length), 0);

    // An error whose server message echoes a crafted name is shown as text.
    const name = '<img src=z onerror="alert(8)">';
    const seeded = await api("POST", "/api/v3/messageactions", { name, hint: "already here" });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
    await gotoTab(page, "Message actions");
    await page.getByRole("button", { name: "New action" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Hint", { exact: true }).fill("the same name again");
    await page.getByRole("button", { name: "Create action" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Could not create the action" });
    await notice.waitFor();
    assert.match(await notice.innerText(), /msgaction_name_already_exists/);
    assert.equal(await page.locator(".notices img, .actions-table img").count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assertNoErrors(errors.filter((e) => !/status of 400/.test(e)));
  } finally {
    await context.close();
  }
});

test("an access token stays out of URLs, the request log and storage unless remembered", async () => {
  const state = await sandboxState();
  const token = "1000.demo-secret-4f9a2c";
  const { page, context, errors } = await openDemo(browser());
  try {
    const seen = [];
    page.on("request", (r) => seen.push({ url: r.url(), auth: r.headers().authorization || "" }));

    await page.getByRole("button", { name: /Connection:/ }).click();
    const dialog = page.getByRole("dialog", { name: "Connection" });
    await dialog.getByRole("radio", { name: /Zoho data centre/ }).check();
    await dialog.getByLabel("Data centre", { exact: true }).selectOption("eu");
    await dialog.locator(".command", { hasText: "UPSTREAM=https://cliq.zoho.eu ./scripts/demo" }).waitFor();
    await dialog.getByLabel("Access token", { exact: true }).fill(token);
    await screenshot(page, "connection-dialog");
    await dialog.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: /Connection: Europe via proxy/ }).waitFor();

    // The page now talks through the proxy with the user's token.
    await page.getByLabel("Channel unique name").fill(state.channels[0].unique_name);
    await page.getByLabel("Message text").fill("Through the proxy");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Posted to" }).waitFor();
    const apiCalls = seen.filter((r) => r.url.includes("/api/v2/"));
    assert.ok(apiCalls.length > 0);
    assert.ok(apiCalls.every((r) => r.auth === `Zoho-oauthtoken ${token}`), "the token goes in the Authorization header");

    assert.ok(seen.every((r) => !r.url.includes(token)), "no URL carries the token");
    assert.ok(!page.url().includes(token));
    assert.ok(!(await page.locator("body").innerText()).includes(token), "the log and the page never show it");
    const inputs = await page.evaluate(() => [...document.querySelectorAll("input, textarea")].map((i) => i.value));
    assert.ok(!inputs.some((v) => v.includes(token)), "the token field is cleared after connecting");
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes(token), "not remembered: not stored");

    // Remembered: kept for this tab only, and reconnects after a reload.
    await page.getByRole("button", { name: /Connection:/ }).click();
    await dialog.getByLabel("Access token", { exact: true }).fill(token);
    await dialog.getByRole("checkbox", { name: /Remember the token/ }).check();
    await dialog.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: /Connection: Europe via proxy/ }).waitFor();
    assert.ok((await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).includes(token));
    assert.ok(!(await page.evaluate(() => JSON.stringify({ ...localStorage }))).includes(token));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole("button", { name: /Connection: Europe via proxy/ }).waitFor();

    // Back to the sandbox, and the saved token can be forgotten.
    await page.getByRole("button", { name: /Connection:/ }).click();
    await dialog.getByRole("button", { name: "Forget saved token" }).click();
    await dialog.getByRole("radio", { name: /Local sandbox/ }).check();
    await dialog.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: /Connection: Sandbox/ }).waitFor();
    assert.ok(!(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).includes(token));
    await settle(page);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
