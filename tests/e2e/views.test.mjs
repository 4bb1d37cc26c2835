// Every main view at laptop and phone widths: screenshots, labelled
// controls, no sideways scrolling, and keyboard use.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, gotoTab, settle, LAPTOP, PHONE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

/** Visible controls without an accessible name (label, aria-label(ledby), or text). */
function unlabelledControls(page) {
  return page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const named = (el) =>
      (el.labels && el.labels.length > 0) ||
      el.getAttribute("aria-label") ||
      el.getAttribute("aria-labelledby") ||
      (["BUTTON", "A", "SUMMARY"].includes(el.tagName) && el.textContent.trim());
    return [...document.querySelectorAll("button, input, select, textarea, a[href], [role='tab'], [role='meter']")]
      .filter((el) => visible(el) || (el.type === "radio" || el.type === "checkbox"))
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const [label, viewport] of [
  ["laptop", LAPTOP],
  ["phone", PHONE],
]) {
  test(`every view is complete and labelled at ${label} width (${viewport.width}px)`, async () => {
    const { page, context, errors } = await openDemo(browser(), { viewport });
    try {
      const suffix = label === "laptop" ? "" : "-phone";
      for (const [tab, name, ready] of [
        ["Compose", "compose", ".preview-body"],
        ["Conversation", "conversation", ".msg-list > li"],
        ["Message actions", "actions", ".actions-table tbody tr"],
      ]) {
        await gotoTab(page, tab);
        await page.locator(ready).first().waitFor();
        await settle(page);
        assert.deepEqual(await unlabelledControls(page), [], `${tab}: every control has an accessible name`);
        assert.ok((await overflowX(page)) <= 0, `${tab}: no sideways scrolling at ${viewport.width}px`);
        await screenshot(page, `view-${name}${suffix}`);
      }
      assertNoErrors(errors);
    } finally {
      await context.close();
    }
  });
}

test("the page works from the keyboard", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    // Tabs follow the ARIA pattern: arrow keys move between them.
    await page.getByRole("tab", { name: "Compose" }).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Conversation");
    assert.equal(await page.getByRole("tab", { name: "Conversation" }).getAttribute("aria-selected"), "true");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("tab", { name: "Message actions" }).getAttribute("aria-selected"), "true");
    await page.keyboard.press("Home");
    assert.equal(await page.getByRole("tab", { name: "Compose" }).getAttribute("aria-selected"), "true");

    // Write and post a message with the keyboard only.
    await page.getByLabel("Message text").focus();
    await page.keyboard.type("Typed, not clicked");
    let reached = false;
    for (let i = 0; i < 12 && !reached; i += 1) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement.textContent.trim() === "Post");
    }
    assert.ok(reached, "Post is reachable with Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Posted to" }).waitFor();

    // The connection dialog opens and closes with the keyboard, and focus is visible.
    await page.getByRole("button", { name: /Connection:/ }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Connection" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
    assert.notEqual(outline, "none", "the focused control shows a focus ring");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
