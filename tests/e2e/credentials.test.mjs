// Real credentials against the sandbox: a webhook token (posting only; the
// views that need OAuth say so and make no request) and an OAuth refresh
// token (zohoOAuth against the sandbox's emulated accounts server). No
// secret ever shows in the page, its request log, storage or the sandbox log.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, sandboxState, sandboxRequests, gotoTab, settle, BASE, PHONE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

const POSTING = new Set(["postToChannel", "postToBot", "postToChat", "postToUser"]);
const CONVERSATION_NOTICE = "Reading messages needs an OAuth token; a webhook token can only post.";
const ACTIONS_NOTICE = "Message actions need an OAuth token; a webhook token can only post.";

/** Waits until a form control holds `value` (the dialog fills fields asynchronously). */
async function waitForValue(locator, value) {
  await locator.page().waitForFunction(([el, v]) => el.value === v, [await locator.elementHandle(), value]);
}

function connectionDialog(page) {
  return page.getByRole("dialog", { name: "Connection" });
}

/** Opens the dialog and picks a mode by its card's title. */
async function chooseMode(page, name) {
  await page.getByRole("button", { name: /Connection:/ }).click();
  const dialog = connectionDialog(page);
  await dialog.getByRole("radio", { name }).check();
  return dialog;
}

/** Webhook mode with the sandbox's token (prefilled when the mode is chosen). */
async function connectWebhook(page, credentials, { remember = false, shot } = {}) {
  const dialog = await chooseMode(page, /^Webhook token/);
  // Prefilled from the sandbox's state.
  await waitForValue(dialog.getByLabel("Webhook token", { exact: true }), credentials.webhook_token);
  if (remember) await dialog.getByRole("checkbox", { name: /Remember the token/ }).check();
  if (shot) await screenshot(page, shot);
  await dialog.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("button", { name: /Connection: Sandbox · webhook token/ }).waitFor();
}

/** OAuth mode with the sandbox's client and refresh token (filled by its button). */
async function connectOAuth(page, credentials, { shot } = {}) {
  const dialog = await chooseMode(page, /^OAuth refresh token/);
  await dialog.getByRole("button", { name: "Use the sandbox's OAuth client" }).click();
  await waitForValue(dialog.getByLabel("Refresh token", { exact: true }), credentials.refresh_token);
  assert.equal(await dialog.getByLabel("Client ID", { exact: true }).inputValue(), credentials.client_id);
  assert.equal(await dialog.getByLabel("Client secret", { exact: true }).inputValue(), credentials.client_secret);
  if (shot) await screenshot(page, shot);
  await dialog.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("button", { name: /Connection: Sandbox · OAuth/ }).waitFor();
}

async function postFromCompose(page, channel, text) {
  await page.getByLabel("Channel unique name").fill(channel);
  await page.getByLabel("Message text").fill(text);
  const posted = page.getByRole("status").filter({ hasText: `Posted to #${channel}` });
  const shown = await posted.count();
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await posted.nth(shown).waitFor(); // one more confirmation than before
}

test("a webhook token posts from Compose with zapikey, and the OAuth-only views say so without a request", async () => {
  const state = await sandboxState();
  const channel = state.channels[0].unique_name;
  const { page, context, errors } = await openDemo(browser());
  try {
    const seen = [];
    page.on("request", (r) => seen.push({ url: r.url(), auth: r.headers().authorization || "" }));
    await connectWebhook(page, state.credentials, { shot: "connection-webhook" });

    await postFromCompose(page, channel, "Build 512 passed");
    const posts = (await sandboxRequests()).filter((r) => r.operation === "postToChannel");
    assert.equal(posts.length, 1);
    assert.equal(posts[0].path, `/api/v2/channelsbyname/${channel}/message`);
    assert.match(posts[0].query, /(^|&)zapikey=<redacted>(&|$)/, "the token went as zapikey");
    assert.equal(posts[0].token, null, "no Authorization header");
    assert.ok(posts[0].status < 300, `answered ${posts[0].status}`);
    const wire = seen.filter((r) => r.url.includes("/api/"));
    assert.equal(wire.length, 1);
    assert.equal(wire[0].auth, "");
    // The page's request log shows the call with the token redacted.
    const row = page.locator(".log-row", { hasText: `/api/v2/channelsbyname/${channel}/message` });
    await row.locator(".log-query", { hasText: "zapikey=<redacted>" }).waitFor();
    await row.locator(".log-status", { hasText: /^20[04]$/ }).waitFor();

    // Reading and message actions say in place that they need OAuth, and ask nothing.
    const before = (await sandboxRequests()).length;
    await gotoTab(page, "Conversation");
    const conversationNotice = page.locator("#view-conversation .needs-oauth");
    await conversationNotice.getByText(CONVERSATION_NOTICE).waitFor();
    assert.equal(await page.locator("#conversation-root").isVisible(), false);
    await screenshot(page, "conversation-webhook-token");
    await gotoTab(page, "Message actions");
    await page.locator("#view-actions .needs-oauth").getByText(ACTIONS_NOTICE).waitFor();
    assert.equal(await page.locator("#actions-root").isVisible(), false);
    await screenshot(page, "actions-webhook-token");
    await settle(page);
    await page.waitForTimeout(300); // anything lazy would have started by now
    assert.equal((await sandboxRequests()).length, before, "no request to the sandbox");
    assert.equal(seen.filter((r) => r.url.includes("/api/")).length, 1, "the page sent no other API request");
    assert.equal(await page.locator(".log-row").count(), 1, "the library attempted nothing else");
    assert.equal(await page.getByRole("alert").count(), 0, "no error notice");

    // Compose keeps posting with the webhook token.
    await gotoTab(page, "Compose");
    await postFromCompose(page, channel, "Build 513 passed");
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "postToChannel").length, 2);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("an OAuth refresh token connects through zohoOAuth: one token request, then the API with the issued token", async () => {
  const state = await sandboxState();
  const { page, context, errors } = await openDemo(browser());
  try {
    const auths = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/")) auths.push(r.headers().authorization || "");
    });
    await connectOAuth(page, state.credentials, { shot: "connection-oauth" });
    await gotoTab(page, "Message actions");
    await page.locator(".actions-table tbody tr[data-action-id]").first().waitFor();
    await settle(page);
    await screenshot(page, "actions-oauth");

    const log = await sandboxRequests();
    const tokenCalls = log.filter((r) => r.operation === "oauthToken");
    assert.equal(tokenCalls.length, 1, "one refresh");
    assert.equal(tokenCalls[0].method, "POST");
    assert.equal(tokenCalls[0].path, "/oauth/v2/token");
    assert.equal(tokenCalls[0].query, "", "nothing in the query");
    assert.equal(tokenCalls[0].status, 200);
    assert.deepEqual(tokenCalls[0].body, {
      grant_type: "refresh_token",
      client_id: state.credentials.client_id,
      client_secret: "<redacted>",
      refresh_token: "<redacted>",
    });
    const lists = log.filter((r) => r.operation === "listMessageActions");
    assert.ok(lists.length >= 1 && lists.every((r) => r.status === 200), JSON.stringify(lists));
    assert.ok(tokenCalls[0].seq < lists[0].seq, "the token came first");
    // The API calls carry the issued access token, not the sandbox's any-token.
    assert.ok(auths.length >= 1);
    assert.equal(new Set(auths).size, 1);
    assert.match(auths[0], /^Zoho-oauthtoken 1000\.[0-9a-f]+\.[0-9a-f]+$/);

    // The page's request log shows the token request beside the API calls.
    const tokenRow = page.locator(".log-row[data-operation='oauthToken']");
    assert.equal(await tokenRow.count(), 1);
    assert.match(await tokenRow.innerText(), /POST[\s\S]*\/oauth\/v2\/token[\s\S]*200/);
    await page.locator(".log-row[data-operation='listMessageActions'] .log-status", { hasText: "200" }).first().waitFor();

    // Reading works as with an access token, on the same access token.
    await gotoTab(page, "Conversation");
    await page.locator(".msg-list > li").first().waitFor();
    await settle(page);
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "oauthToken").length, 1);
    assert.equal(await page.locator(".needs-oauth:visible").count(), 0);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("wrong OAuth credentials are explained in the dialog, which stays open", async () => {
  const state = await sandboxState();
  const { page, context, errors } = await openDemo(browser(), { viewport: PHONE });
  try {
    const dialog = await chooseMode(page, /^OAuth refresh token/);
    // Choosing the mode prefills the sandbox's client; the user mistypes the secret.
    await waitForValue(dialog.getByLabel("Client secret", { exact: true }), state.credentials.client_secret);
    await dialog.getByLabel("Client secret", { exact: true }).fill("not-the-secret");
    await dialog.getByRole("button", { name: "Connect" }).click();
    await dialog.getByText(/does not know this client id and secret \(invalid_client\)/).waitFor();
    assert.equal(await dialog.getByLabel("Client secret", { exact: true }).getAttribute("aria-invalid"), "true");
    await screenshot(page, "connection-oauth-error-phone");

    await dialog.getByRole("button", { name: "Use the sandbox's OAuth client" }).click();
    await waitForValue(dialog.getByLabel("Client secret", { exact: true }), state.credentials.client_secret);
    await dialog.getByLabel("Refresh token", { exact: true }).fill("1000.revoked.refresh");
    await dialog.getByRole("button", { name: "Connect" }).click();
    await dialog.getByText(/does not know this refresh token, or it was revoked \(invalid_code\)/).waitFor();
    assert.ok(await dialog.isVisible());
    assert.match(await page.getByRole("button", { name: /Connection:/ }).getAttribute("aria-label"), /Connection: Sandbox · Scott Fisher\./, "still on the sandbox");
    const tokenCalls = (await sandboxRequests()).filter((r) => r.operation === "oauthToken");
    assert.equal(tokenCalls.length, 2);
    assert.equal(JSON.stringify(tokenCalls).includes("not-the-secret"), false);

    // With the right credentials it connects.
    await dialog.getByRole("button", { name: "Use the sandbox's OAuth client" }).click();
    await waitForValue(dialog.getByLabel("Refresh token", { exact: true }), state.credentials.refresh_token);
    await dialog.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: /Connection: Sandbox · OAuth/ }).waitFor();
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a remembered webhook token reconnects after a reload, in this tab only, and can be forgotten", async () => {
  const state = await sandboxState();
  const secret = state.credentials.webhook_token;
  const { page, context, errors } = await openDemo(browser(), { hash: "#conversation", viewport: PHONE });
  try {
    await connectWebhook(page, state.credentials, { remember: true });
    assert.ok((await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).includes(secret));
    assert.ok(!(await page.evaluate(() => JSON.stringify({ ...localStorage }))).includes(secret));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole("button", { name: /Connection: Sandbox · webhook token/ }).waitFor();
    await page.locator("#view-conversation .needs-oauth").getByText(CONVERSATION_NOTICE).waitFor();
    await screenshot(page, "conversation-webhook-token-phone");

    // The notice's button opens the dialog; forgetting and going back to the sandbox reads again.
    await page.locator("#view-conversation .needs-oauth").getByRole("button", { name: "Change connection" }).click();
    const dialog = connectionDialog(page);
    await dialog.getByRole("button", { name: "Forget saved token" }).click();
    assert.ok(!(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).includes(secret));
    await dialog.getByRole("radio", { name: /Local sandbox/ }).check();
    await dialog.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("button", { name: /Connection: Sandbox · Scott Fisher/ }).waitFor();
    await page.locator(".msg-list > li").first().waitFor();
    assert.equal(await page.locator(".needs-oauth:visible").count(), 0);
    await settle(page);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("no secret shows in the page, its request log, storage, the console or the sandbox log", async () => {
  const state = await sandboxState();
  const { client_secret: clientSecret, refresh_token: refreshToken, webhook_token: webhookToken } = state.credentials;
  const { page, context, errors } = await openDemo(browser());
  try {
    const requests = [];
    const consoleLines = [];
    page.on("request", (r) => requests.push({ url: r.url(), method: r.method(), auth: r.headers().authorization || "" }));
    page.on("console", (m) => consoleLines.push(m.text()));

    // Both flows, as a user would go through them.
    await connectWebhook(page, state.credentials);
    await postFromCompose(page, state.channels[0].unique_name, "From the webhook");
    await gotoTab(page, "Conversation");
    await page.getByText(CONVERSATION_NOTICE).waitFor();
    await connectOAuth(page, state.credentials);
    await page.locator(".msg-list > li").first().waitFor();
    await gotoTab(page, "Message actions");
    await page.locator(".actions-table tbody tr[data-action-id]").first().waitFor();
    await gotoTab(page, "Compose");
    await postFromCompose(page, state.channels[0].unique_name, "From the OAuth client");
    await settle(page);

    const issued = [...new Set(requests.filter((r) => r.auth.startsWith("Zoho-oauthtoken 1000.")).map((r) => r.auth.split(" ")[1]))];
    assert.equal(issued.length, 1, "one issued access token was used");
    const secrets = { clientSecret, refreshToken, webhookToken, accessToken: issued[0] };

    const pageText = await page.locator("body").innerText();
    const html = await page.content();
    const logText = await page.locator("#log").innerText();
    const logTitles = await page.locator("#log [title]").evaluateAll((els) => els.map((e) => e.title).join("\n"));
    const inputs = (await page.evaluate(() => [...document.querySelectorAll("input, textarea")].map((i) => i.value))).join("\n");
    const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    const sandboxLog = JSON.stringify(await sandboxRequests());
    assert.match(logText, /zapikey=<redacted>/);
    assert.match(sandboxLog, /oauthToken/);
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(value && value.length > 10, name);
      for (const [where, text] of Object.entries({ pageText, html, logText, logTitles, inputs, storage, sandboxLog, console: consoleLines.join("\n"), pageUrl: page.url() })) {
        assert.ok(!text.includes(value), `the ${name} shows in ${where}`);
      }
    }
    // On the wire, only the posting calls carry the webhook token (as zapikey); no URL carries another secret.
    for (const r of requests) {
      for (const [name, value] of Object.entries(secrets)) {
        if (!r.url.includes(value)) continue;
        assert.equal(name, "webhookToken", `${name} in ${r.url.replace(value, "…")}`);
        assert.equal(r.method, "POST");
        assert.match(new URL(r.url).pathname, /^\/api\/v2\/(channelsbyname|bots|chats|buddies)\/[^/]+\/message$/);
      }
    }
    const apiOps = JSON.parse(sandboxLog).map((r) => r.operation).filter(Boolean);
    assert.ok(apiOps.some((op) => POSTING.has(op)) && apiOps.includes("getMessages") && apiOps.includes("listMessageActions"), apiOps.join());
    assert.ok(new URL(BASE).origin === new URL(page.url()).origin);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("the data-centre choices are the library's data centres", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    const known = await page.evaluate(async () => {
      const lib = await import("/pkg/zoho_cliq_wasm.js");
      await lib.default();
      return lib.dataCenters();
    });
    assert.equal(known.length, 9);
    await page.getByRole("button", { name: /Connection:/ }).click();
    const dialog = connectionDialog(page);
    await dialog.getByRole("radio", { name: /Zoho data centre/ }).check();
    const select = dialog.getByLabel("Data centre", { exact: true });
    const options = await select.locator("option").evaluateAll((els) => els.map((o) => [o.value, o.textContent]));
    assert.deepEqual(
      options,
      known.map((d) => [d.name, `${d.label} — ${new URL(d.cliq).host}`]),
    );
    // The proxy command names the chosen data centre's Cliq host.
    for (const d of known) {
      await select.selectOption(d.name);
      await dialog.locator(".command", { hasText: `UPSTREAM=${d.cliq} ./scripts/demo` }).waitFor();
    }
    await dialog.getByRole("button", { name: "Cancel" }).click();
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
