// The demo needs nothing but its own origin: with every other host
// unreachable, each view renders, every image it shows loads from the
// sandbox, and nothing is logged as an error.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, gotoTab, settle, sandboxState, BASE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

/** Brings each image into view (they load lazily) and returns those that did not load. */
async function brokenImages(page, scope) {
  const images = page.locator(`${scope} img`);
  for (let i = 0; i < (await images.count()); i += 1) {
    const img = await images.nth(i).elementHandle();
    await img.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await page.waitForFunction((el) => el.complete, img);
  }
  return page.evaluate((s) => [...document.querySelectorAll(`${s} img`)].filter((img) => !img.naturalWidth).map((img) => img.src), scope);
}

test("every view works with nothing but the sandbox's origin reachable", async () => {
  const origin = new URL(BASE).origin;
  const state = await sandboxState();
  // The chats the page's user may read (the seed also has a channel they are not in).
  const readable = state.chats.filter((c) => c.type === "thread" || c.members.includes(state.me.zuid)).map((c) => c.chat_id);
  assert.ok(readable.length > 1);
  const { page, context, errors, offOrigin } = await openDemo(browser(), { offline: true });
  try {
    // Compose, with the example card (its thumbnail is one of the page's assets).
    await page.getByRole("radio", { name: "Card" }).check();
    await page.getByRole("button", { name: "Example card" }).click();
    await page.locator(".preview-body .cq-card-thumb").waitFor();
    assert.deepEqual(await brokenImages(page, ".preview-body"), []);

    // Every seeded chat the user can read, with its cards and their images.
    await gotoTab(page, "Conversation");
    const shown = [];
    for (const id of readable) {
      await page.locator(`.quick-chat[data-chat-id="${id}"]`).click();
      await page.waitForFunction(
        (chat) => document.querySelector(".conv-sub")?.textContent.endsWith(chat) && document.querySelector(".msg-list")?.getAttribute("aria-busy") === "false",
        id,
      );
      const older = page.getByRole("button", { name: "Load older" });
      while (await older.isVisible()) await older.click();
      await settle(page);
      assert.deepEqual(await brokenImages(page, ".msg-list"), [], `images of ${id}`);
      shown.push(...(await page.locator(".msg-list img").evaluateAll((imgs) => imgs.map((img) => img.src))));
    }
    // The seeded release card has a thumbnail, served by the sandbox under a same-origin relative URL.
    assert.ok(shown.length > 0, "a seeded card shows its thumbnail");
    for (const src of shown) assert.equal(new URL(src).origin, origin, `${src} comes from the page's origin`);

    // Message actions, with a handler open.
    await gotoTab(page, "Message actions");
    await page.locator(".actions-table tbody tr").first().waitFor();
    await page.locator(".actions-table tbody tr").first().getByRole("button", { name: "Handler" }).click();
    await page.waitForFunction(() => !document.querySelector(".handler-form[aria-busy]"));

    // The connection dialog, on the data-centre choice.
    await page.getByRole("button", { name: /Connection:/ }).click();
    const dialog = page.getByRole("dialog", { name: "Connection" });
    await dialog.getByRole("radio", { name: /Zoho data centre/ }).check();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await settle(page);

    assert.deepEqual(offOrigin, [], "no request left the sandbox's origin");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
