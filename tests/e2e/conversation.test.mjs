// Conversation: read, load older, edit in place, delete with confirmation, react.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  useDemoSuite,
  openDemo,
  assertNoErrors,
  screenshot,
  sandboxState,
  sandboxRequests,
  api,
  gotoTab,
  messageWith,
  settle,
  PHONE,
} from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

/** Posts a message as the seed's main user (the page's user) and returns its id. */
async function postAsMe(channel, text) {
  const res = await api("POST", `/api/v2/channelsbyname/${channel}/message`, { text, sync_message: true });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.message_id;
}

/** Opens the conversation view on a chat by typing its id, as a user would. */
async function openChat(page, chatId) {
  await gotoTab(page, "Conversation");
  await page.getByLabel("Chat id").fill(chatId);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.locator(".conv-sub", { hasText: chatId }).waitFor();
  await page.waitForFunction(() => document.querySelector(".msg-list")?.getAttribute("aria-busy") === "false");
}

test("a conversation shows sender, time, text and cards, and loads older messages", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  // More messages than one screen holds, so "Load older" has something to do.
  for (let i = 1; i <= 24; i += 1) await postAsMe(channel.unique_name, `Bulk message ${i}`);
  const { page, context, errors } = await openDemo(browser());
  try {
    await openChat(page, channel.chat_id);
    await messageWith(page, "Bulk message 24").waitFor();
    const first = messageWith(page, "Bulk message 24");
    assert.match(await first.locator(".msg-sender").innerText(), new RegExp(state.me.name));
    assert.ok(await first.locator("time").getAttribute("datetime"), "messages carry a machine-readable time");

    const seeded = await api("GET", `/api/v2/chats/${channel.chat_id}/messages?limit=1`);
    const oldestText = seeded.body.data[0].content.text;
    assert.equal(await messageWith(page, oldestText).count(), 0, "the oldest message starts hidden");
    await page.getByRole("button", { name: "Load older" }).click();
    await messageWith(page, oldestText).waitFor();
    assert.equal(await page.getByRole("button", { name: "Load older" }).isVisible(), false);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a message is edited in place", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const id = await postAsMe(channel.unique_name, "Lunch at 12?");
  const { page, context, errors } = await openDemo(browser());
  try {
    await openChat(page, channel.chat_id);
    const message = messageWith(page, "Lunch at 12?");
    await message.hover();
    await message.getByRole("button", { name: "Edit", exact: true }).click();
    const box = message.getByLabel("Edit message text");
    assert.equal(await box.inputValue(), "Lunch at 12?");
    await box.fill("Lunch at 12:30?");
    await screenshot(page, "conversation-edit");
    await message.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Message edited" }).waitFor();
    await messageWith(page, "Lunch at 12:30?").locator(".msg-edited").waitFor();

    const edits = (await sandboxRequests()).filter((r) => r.operation === "editMessage");
    assert.equal(edits.length, 1);
    assert.equal(edits[0].method, "PUT");
    assert.deepEqual(edits[0].body, { text: "Lunch at 12:30?" });
    const stored = await api("GET", `/api/v2/chats/${channel.chat_id}/messages/${encodeURIComponent(id)}`);
    assert.equal(stored.body.content.text, "Lunch at 12:30?");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("a message is deleted only after confirmation", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  await postAsMe(channel.unique_name, "Posted by mistake");
  const { page, context, errors } = await openDemo(browser());
  try {
    await openChat(page, channel.chat_id);
    const message = messageWith(page, "Posted by mistake");
    await message.hover();

    // Cancelling keeps it.
    await message.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this message?" });
    await dialog.waitFor();
    await screenshot(page, "conversation-delete-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    assert.equal((await sandboxRequests()).filter((r) => r.operation === "deleteMessage").length, 0);

    await message.hover();
    await message.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Message deleted" }).waitFor();
    assert.equal(await messageWith(page, "Posted by mistake").count(), 0);

    const deletes = (await sandboxRequests()).filter((r) => r.operation === "deleteMessage");
    assert.equal(deletes.length, 1);
    const left = await api("GET", `/api/v2/chats/${channel.chat_id}/messages`);
    assert.ok(!left.body.data.some((m) => m.content.text === "Posted by mistake"));
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("reactions show as chips with counts, and the user toggles their own", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const id = await postAsMe(channel.unique_name, "Shipped the new quota meter");
  // Someone else reacts first, so the count is not only ours.
  const other = state.users.find((u) => u.zuid !== state.me.zuid && channel.members.includes(u.zuid));
  const theirs = await api("POST", `/api/v2/chats/${channel.chat_id}/messages/${encodeURIComponent(id)}/reactions`, { emoji_code: "👍" }, `as:${other.zuid}`);
  assert.equal(theirs.status, 204, JSON.stringify(theirs.body));

  const { page, context, errors } = await openDemo(browser());
  try {
    await openChat(page, channel.chat_id);
    const message = messageWith(page, "Shipped the new quota meter");
    const chip = message.locator(".reactions .chip", { hasText: "👍" });
    await chip.waitFor();
    assert.equal(await chip.locator(".chip-count").innerText(), "1");
    assert.equal(await chip.getAttribute("aria-pressed"), "false");

    // React with the same emoji: the count goes up and the chip is ours.
    await chip.click();
    // The chips are redrawn after each change: wait on the locator, not an element.
    await message.locator('.reactions .chip[aria-pressed="true"]', { hasText: "👍" }).waitFor();
    assert.equal(await chip.locator(".chip-count").innerText(), "2");

    // A new emoji from the picker.
    await message.hover();
    await message.getByRole("button", { name: "Add reaction" }).click();
    await message.getByRole("button", { name: "React with party" }).click();
    const party = message.locator(".reactions .chip", { hasText: "🎉" });
    await party.waitFor();
    assert.equal(await party.getAttribute("aria-pressed"), "true");
    await screenshot(page, "conversation-reactions");

    // Un-react: our 👍 goes, theirs stays.
    await chip.click();
    await message.locator('.reactions .chip[aria-pressed="false"]', { hasText: "👍" }).waitFor();
    assert.equal(await chip.locator(".chip-count").innerText(), "1");

    const log = await sandboxRequests();
    const adds = log.filter((r) => r.operation === "addReaction" && r.body?.emoji_code);
    assert.deepEqual(
      adds.slice(-2).map((r) => r.body.emoji_code),
      ["👍", "🎉"],
    );
    const removes = log.filter((r) => r.operation === "removeReaction");
    assert.equal(removes.length, 1);
    assert.match(decodeURIComponent(removes[0].query), /emoji_code=👍/);

    const server = await api("GET", `/api/v2/chats/${channel.chat_id}/messages/${encodeURIComponent(id)}/reactions`);
    assert.equal(server.body.data["👍"].length, 1);
    assert.equal(server.body.data["🎉"].length, 1);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("the conversation reads well at phone width", async () => {
  const state = await sandboxState();
  const { page, context, errors } = await openDemo(browser(), { viewport: PHONE });
  try {
    await gotoTab(page, "Conversation");
    await page.locator(".msg-list > li").first().waitFor();
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    assert.ok(state.chats.length > 0);
    await screenshot(page, "conversation-phone");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("mentions of people and channels show their names", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const other = state.users.find((u) => u.zuid !== state.me.zuid);
  await postAsMe(channel.unique_name, `Ask {@${other.zuid}} or {@${other.email}} in {#${state.channels[1].channel_id}}, not {@nobody-known}`);
  const { page, context, errors } = await openDemo(browser());
  try {
    await openChat(page, channel.chat_id);
    const mentions = messageWith(page, "Ask").locator(".cq-mention");
    await mentions.first().waitFor();
    assert.deepEqual(await mentions.allInnerTexts(), [`@${other.name}`, `@${other.name}`, `#${state.channels[1].name}`, "@nobody-known"]);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
