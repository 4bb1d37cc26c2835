// Message actions: the paginated table, create / edit / delete, validation,
// and the handler editor (Deluge script or webhook permissions).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, sandboxRequests, api, gotoTab, settle, PHONE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

async function listActions() {
  const res = await api("GET", "/api/v3/messageactions?limit=100");
  assert.equal(res.status, 200);
  return res.body.data;
}

function actionRow(page, name) {
  return page.locator(".actions-table tbody tr", { has: page.locator(".action-name", { hasText: new RegExp(`^${name}$`) }) });
}

test("the actions table pages through every action", async () => {
  const seeded = await listActions();
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    await page.getByLabel("Actions per page").selectOption("5");
    // Enough actions for two pages.
    const extra = Math.max(0, 7 - seeded.length);
    for (let i = 1; i <= extra; i += 1) {
      const res = await api("POST", "/api/v3/messageactions", { name: `Extra ${i}`, hint: "Made by the test", execution_type: "deluge" });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.locator(".actions-table tbody tr").nth(4).waitFor();
    assert.equal(await page.locator(".actions-table tbody tr").count(), 5);
    const firstPage = await page.locator(".action-name").allInnerTexts();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.locator(".page-label", { hasText: "Page 2" }).waitFor();
    const secondPage = await page.locator(".action-name").allInnerTexts();
    assert.ok(secondPage.length >= 2);
    assert.deepEqual(
      [...firstPage, ...secondPage].sort(),
      (await listActions()).map((a) => a.name).sort(),
      "the two pages hold every action once",
    );
    const lists = (await sandboxRequests()).filter((r) => r.operation === "listMessageActions");
    assert.ok(lists.some((r) => /next_token=/.test(r.query)), "the second page was asked for with next_token");
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.locator(".page-label", { hasText: "Page 1" }).waitFor();
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a message action is created, edited and deleted", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    await page.locator(".actions-table tbody tr").first().waitFor();
    await settle(page);
    await screenshot(page, "actions");

    // Create.
    await page.getByRole("button", { name: "New action" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Summarise");
    await page.getByLabel("Hint", { exact: true }).fill("Summarise the selected messages");
    await page.getByRole("radio", { name: "Webhook" }).check();
    await page.getByLabel("Execution URL").fill("https://hooks.example.com/summarise");
    await page.getByRole("checkbox", { name: "link" }).check();
    await page.getByRole("checkbox", { name: "Works on several selected messages at once" }).check();
    await screenshot(page, "actions-create");
    await page.getByRole("button", { name: "Create action" }).click();
    await page.getByRole("status").filter({ hasText: "Created “Summarise”" }).waitFor();
    await actionRow(page, "Summarise").waitFor();

    const created = (await listActions()).find((a) => a.name === "Summarise");
    assert.ok(created, "the sandbox has the new action");
    assert.equal(created.execution_type, "webhook");
    assert.equal(created.execution_url, "https://hooks.example.com/summarise");
    assert.deepEqual(created.message_types, ["text", "link"]);
    assert.equal(created.multi_selectable, true);

    // Edit: only what changed is sent.
    await actionRow(page, "Summarise").getByRole("button", { name: "Edit", exact: true }).click();
    const name = page.getByLabel("Name", { exact: true });
    assert.equal(await name.inputValue(), "Summarise");
    await name.fill("Summarise thread");
    await page.getByRole("button", { name: "Save action" }).click();
    await page.getByRole("status").filter({ hasText: "Saved “Summarise thread”" }).waitFor();
    await actionRow(page, "Summarise thread").waitFor();
    const [patch] = (await sandboxRequests()).filter((r) => r.operation === "updateMessageAction");
    assert.equal(patch.method, "PATCH");
    assert.deepEqual(patch.body, { name: "Summarise thread" });

    // Delete, after confirmation.
    await actionRow(page, "Summarise thread").getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete “Summarise thread”?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Deleted “Summarise thread”" }).waitFor();
    await actionRow(page, "Summarise thread").waitFor({ state: "detached" });
    assert.ok(!(await listActions()).some((a) => a.id === created.id));
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("action forms validate as the user types, and bad input never reaches the network", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    await page.getByRole("button", { name: "New action" }).click();
    const name = page.getByLabel("Name", { exact: true });
    await name.fill("A name that is much longer than thirty characters");
    await page.getByLabel("Hint", { exact: true }).fill("ok");
    // Validation is debounced and its messages move the form: let them
    // appear before clicking further down, or the click lands elsewhere.
    await page.waitForFunction((el) => el.getAttribute("aria-invalid") === "true", await name.elementHandle());
    await page.getByRole("radio", { name: "Webhook" }).check();
    // A webhook needs its URL (validation is debounced: wait for it).
    const url = page.getByLabel("Execution URL");
    await page.waitForFunction((el) => el.getAttribute("aria-invalid") === "true", await url.elementHandle());
    await page.getByRole("checkbox", { name: "text" }).uncheck();

    const form = page.locator(".action-form");
    assert.match(await form.locator(".field", { has: name }).locator(".field-error").innerText(), /30/);
    await form.locator("fieldset", { hasText: "Shown on messages of type" }).locator(".field-error").waitFor();
    await screenshot(page, "actions-validation");

    await page.getByRole("button", { name: "Create action" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Could not create the action" });
    await notice.waitFor();
    assert.match(await notice.innerText(), /invalid_input/);
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "createMessageAction").length, 0);

    // Fixing every field clears the messages.
    await name.fill("Short name");
    await url.fill("https://hooks.example.com/a");
    await page.getByRole("checkbox", { name: "text" }).check();
    await page.waitForFunction(() => !document.querySelector(".action-form [aria-invalid='true']"));
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a Deluge handler is edited with a size counter against 250 KB", async () => {
  const deluge = (await listActions()).find((a) => a.execution_type !== "webhook");
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    await actionRow(page, deluge.name).getByRole("button", { name: "Handler" }).click();
    const editor = page.getByLabel("Deluge script");
    await page.getByRole("heading", { name: `Handler of “${deluge.name}”` }).waitFor();
    await page.waitForFunction(() => !document.querySelector(".handler-form[aria-busy]"));

    const script = 'response = Map();\nresponse.put("text", "Ticket created for " + user.get("first_name"));\nreturn response;';
    await editor.fill(script);
    const meter = page.getByRole("meter", { name: "Script size" });
    assert.equal(Number(await meter.getAttribute("aria-valuenow")), Buffer.byteLength(script));
    assert.equal(Number(await meter.getAttribute("aria-valuemax")), 256000);
    await settle(page);
    await screenshot(page, "actions-handler");

    await page.getByRole("button", { name: "Save handler" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    const [patch] = (await sandboxRequests()).filter((r) => r.operation === "updateMessageActionHandler");
    assert.equal(patch.method, "PATCH");
    assert.deepEqual(patch.body, { script });
    const stored = await api("GET", `/api/v3/messageactions/${deluge.id}/handlers/execution_handler`);
    assert.equal(stored.body.data.script, script);

    // Over the limit: the counter says so before anything is sent.
    await editor.evaluate((el) => {
      el.value = "x".repeat(256001);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    assert.equal(await editor.getAttribute("aria-invalid"), "true");
    assert.match(await page.locator(".size-text").innerText(), /of 250 KB/);
    await page.getByRole("button", { name: "Save handler" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not save the handler" }).waitFor();
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "updateMessageActionHandler").length, 1);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a webhook handler's permissions are saved as checkboxes", async () => {
  let webhook = (await listActions()).find((a) => a.execution_type === "webhook");
  if (!webhook) {
    const res = await api("POST", "/api/v3/messageactions", { name: "Hook", hint: "A webhook", execution_type: "webhook", execution_url: "https://hooks.example.com/x" });
    webhook = res.body.data;
  }
  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    await actionRow(page, webhook.name).getByRole("button", { name: "Handler" }).click();
    await page.waitForFunction(() => !document.querySelector(".handler-form[aria-busy]"));
    assert.equal(await page.getByLabel("Deluge script").isVisible(), false);
    for (const label of ["Chat details", "The message", "The user who ran it"]) await page.getByRole("checkbox", { name: label }).check();
    for (const label of ["User's location", "Attachments"]) await page.getByRole("checkbox", { name: label }).uncheck();
    await page.getByRole("button", { name: "Save handler" }).click();
    await page.getByRole("status").filter({ hasText: "saved" }).waitFor();
    const [patch] = (await sandboxRequests()).filter((r) => r.operation === "updateMessageActionHandler");
    assert.deepEqual(patch.body, { permissions: ["chat", "message", "user"] });
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("the actions view works at phone width", async () => {
  const { page, context, errors } = await openDemo(browser(), { viewport: PHONE });
  try {
    await gotoTab(page, "Message actions");
    await page.locator(".actions-table tbody tr").first().waitFor();
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    await screenshot(page, "actions-phone");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
