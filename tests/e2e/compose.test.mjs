// Compose: post text, build and post a card, live validation.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  useDemoSuite,
  openDemo,
  assertNoErrors,
  screenshot,
  sandboxState,
  sandboxRequests,
  gotoTab,
  targetChannel,
  messageWith,
  settle,
  BASE,
  PHONE,
} from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

test("posting text to a channel shows it in the conversation", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const { page, context, errors } = await openDemo(browser());
  try {
    const text = `Standup moved to 10:30 (${Date.now()})`;
    await targetChannel(page, channel.unique_name);
    await page.getByLabel("Message text").fill(`${text} — thanks {@${state.users[1].zuid}}`);
    // The preview shows the mention by name, as Cliq does.
    await page.locator(".preview-body .cq-mention", { hasText: `@${state.users[1].name}` }).waitFor();
    await screenshot(page, "compose-text");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.getByRole("status").filter({ hasText: `Posted to #${channel.unique_name}` }).waitFor();

    const posts = (await sandboxRequests()).filter((r) => r.operation === "postToChannel");
    assert.equal(posts.length, 1);
    assert.equal(posts[0].path, `/api/v2/channelsbyname/${channel.unique_name}/message`);
    assert.equal(posts[0].body.text, `${text} — thanks {@${state.users[1].zuid}}`);

    // The request log shows the call: method, path, status, duration.
    const row = page.locator(".log-row", { hasText: `/api/v2/channelsbyname/${channel.unique_name}/message` });
    await row.locator(".log-method", { hasText: "POST" }).waitFor();
    await row.locator(".log-status", { hasText: /^20[04]$/ }).waitFor();
    assert.match(await row.locator(".log-duration").innerText(), /\d+ ms/);

    await gotoTab(page, "Conversation");
    const message = messageWith(page, text);
    await message.waitFor();
    assert.match(await message.locator(".msg-sender").innerText(), new RegExp(state.me.name));
    await settle(page);
    await screenshot(page, "conversation-after-post");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a card built in the form previews like Cliq and is posted unchanged", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const { page, context, errors } = await openDemo(browser());
  try {
    await targetChannel(page, channel.unique_name);
    await page.getByRole("radio", { name: "Card" }).check();
    await page.getByLabel("Message text").fill("Deploy finished");
    await page.getByLabel("Card title").fill("Build 512 is green");
    await page.getByLabel("Thumbnail URL").fill(`${BASE}assets/release.svg`);

    await page.getByRole("button", { name: "Add section" }).click();
    await page.getByLabel("Section title").fill("Summary");
    await page.getByLabel("Field title").fill("Duration");
    await page.getByLabel("Field value").fill("4 min");

    await page.getByRole("button", { name: "Add button" }).click();
    await page.getByLabel("Button label").fill("Open build");
    await page.getByLabel("Action", { exact: true }).selectOption("open.url");
    await page.getByLabel("URL", { exact: true }).fill("https://ci.example.com/builds/512");
    await page.getByRole("button", { name: "Add button" }).click();
    await page.getByLabel("Button label").nth(1).fill("Roll back");
    await page.getByLabel("Style").nth(1).selectOption("-");
    await page.getByLabel("Action", { exact: true }).nth(1).selectOption("invoke.function");
    await page.getByLabel("Function name").fill("rollback");

    await page.getByRole("button", { name: "Add slide" }).click();
    await page.getByLabel("Column headers").fill("Check, Result");
    await page.getByLabel("Rows").fill("Unit | passed\nBrowser | passed");
    await page.getByRole("button", { name: "Add slide" }).click();
    await page.getByLabel("Slide type").nth(1).selectOption("list");
    await page.getByLabel("List items").fill("Faster builds\nSmaller wasm");

    // Live preview, rendered the way Cliq shows cards.
    const preview = page.locator(".preview-body");
    await preview.locator(".cq-card .cq-card-title", { hasText: "Build 512 is green" }).waitFor();
    await preview.locator(".cq-card .cq-field", { hasText: "4 min" }).waitFor();
    await preview.locator(".cq-btn.positive", { hasText: "Open build" }).waitFor();
    await preview.locator(".cq-btn.negative", { hasText: "Roll back" }).waitFor();
    await preview.locator(".cq-table td", { hasText: "Browser" }).waitFor();
    await preview.locator(".cq-list li", { hasText: "Smaller wasm" }).waitFor();

    // The exact JSON that will be sent.
    await page.getByRole("button", { name: "Show JSON" }).click();
    const shown = JSON.parse(await page.getByLabel("Message JSON").innerText());
    assert.equal(shown.card.theme, "modern-inline");
    assert.equal(shown.card.title, "Build 512 is green");
    assert.deepEqual(shown.card.buttons[0].action, { type: "open.url", data: { web: "https://ci.example.com/builds/512" } });
    assert.deepEqual(shown.slides[0].data, { headers: ["Check", "Result"], rows: [{ Check: "Unit", Result: "passed" }, { Check: "Browser", Result: "passed" }] });
    await screenshot(page, "compose-card");

    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Posted to" }).waitFor();
    const [post] = (await sandboxRequests()).filter((r) => r.operation === "postToChannel");
    assert.deepEqual(post.body, shown, "the library sent the JSON the page showed, unchanged");

    await gotoTab(page, "Conversation");
    const message = page.locator(".msg-list .cq-card", { hasText: "Build 512 is green" });
    await message.waitFor();
    await message.locator(".cq-btn", { hasText: "Open build" }).waitFor();
    await settle(page);
    await screenshot(page, "conversation-card");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("the card builder is usable at phone width", async () => {
  const { page, context, errors } = await openDemo(browser(), { viewport: PHONE });
  try {
    await page.getByRole("radio", { name: "Card" }).check();
    await page.getByRole("button", { name: "Example card" }).click();
    await page.locator(".preview-body .cq-card-title", { hasText: "Release 2.1 is out" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    await screenshot(page, "compose-card-phone");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("validation messages appear as the user types, and bad input never reaches the network", async () => {
  const state = await sandboxState();
  const { page, context, errors } = await openDemo(browser());
  try {
    await targetChannel(page, state.channels[0].unique_name);
    await page.getByRole("radio", { name: "Card" }).check();
    await page.getByLabel("Message text").fill("A card with a far too long title");
    const title = page.getByLabel("Card title");
    await title.fill("x".repeat(201));
    // validateMessage's verdict is shown at the field, as the user types.
    await page.waitForFunction((el) => el.getAttribute("aria-invalid") === "true", await title.elementHandle());
    const fieldError = page.locator(".field", { has: title }).locator(".field-error");
    assert.match(await fieldError.innerText(), /200/);
    await page.locator(".validation-summary code", { hasText: "card.title" }).waitFor();
    await screenshot(page, "compose-validation");

    // Posting anyway: the library rejects it before sending, with kind and field.
    await page.getByRole("button", { name: "Post", exact: true }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Could not post" });
    await notice.waitFor();
    assert.match(await notice.innerText(), /invalid_input/);
    assert.match(await notice.innerText(), /card\.title/);
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "postToChannel").length, 0);

    // Fixing the title clears the message.
    await title.fill("A proper title");
    await page.waitForFunction(() => !document.querySelector(".compose-form [aria-invalid='true']"));
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
