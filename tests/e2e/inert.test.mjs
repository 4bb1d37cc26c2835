// Markup from a message, a card, a sender, a reaction or a message action is
// text on this page: it never becomes an element, an attribute or a script,
// wherever it is shown (conversation, compose preview, actions view, request
// log) and whatever the user hovers or clicks.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useDemoSuite, openDemo, assertNoErrors, screenshot, sandboxState, api, gotoTab, messageWith, settle, BASE } from "./helpers.mjs";

const browser = useDemoSuite({ before, after, beforeEach });

// Each would set window.__pwned if it were parsed as HTML or followed as a URL.
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = "<script>window.__pwned=2</script>";
const ATTR = '" onmouseover="window.__pwned=3" x="';
const SVG = '<svg onload="window.__pwned=4">';
const JS_URL = "javascript:window.__pwned=5";
const DATA_URL = "data:text/html,<script>window.__pwned=6</script>";
const SVG_DATA_URL = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='window.__pwned=7'/>";
// Fields Cliq limits to 30 characters (button labels, action names).
const SHORT_IMG = "<img src=x onerror=__pwned=8>";
const SHORT_SVG = "<svg onload=__pwned=9>";

const ALL = `${IMG} ${SCRIPT} ${ATTR} ${SVG}`;

/**
 * What a payload could have left in the document: `window.__pwned`, an
 * `on…` attribute, a script other than the page's own, an element of a kind
 * the page never makes, an image or link that is not http(s), or a URL
 * attribute holding a javascript: or data: URL.
 */
async function traces(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(`${el.tagName.toLowerCase()}[${a.name}]`);
        if (/^(href|src|srcset|srcdoc|action|formaction|data|poster|background|xlink:href)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) {
          found.push(`${el.tagName.toLowerCase()}[${a.name}=${a.value}]`);
        }
      }
    }
    for (const s of document.scripts) if (s.getAttribute("src") !== "app.js") found.push(`script ${s.outerHTML.slice(0, 80)}`);
    for (const el of document.querySelectorAll("svg, iframe, object, embed, frame, base")) found.push(`element ${el.tagName.toLowerCase()}`);
    for (const img of document.images) {
      if (img.getAttribute("src") === "x" || !/^https?:$/.test(new URL(img.src).protocol)) found.push(`img ${img.getAttribute("src")}`);
    }
    for (const a of document.querySelectorAll("a[href]")) {
      if (a.getAttribute("href") !== "#main" && !/^https?:$/.test(new URL(a.href).protocol)) found.push(`a ${a.getAttribute("href")}`);
    }
    return { pwned: window.__pwned, found };
  });
}

async function assertInert(page, where) {
  await settle(page);
  const { pwned, found } = await traces(page);
  assert.equal(pwned, undefined, `${where}: a payload ran`);
  assert.deepEqual(found, [], `${where}: a payload became markup`);
}

/** `texts` all appear, as text, in what `locator` shows (text content: CSS may upper-case a label). */
async function assertShown(locator, texts, where) {
  assert.ok(await locator.isVisible(), `${where} is shown`);
  const shown = await locator.evaluate((el) => el.textContent);
  for (const t of texts) assert.ok(shown.includes(t), `${where}: ${JSON.stringify(t)} is shown as text`);
}

test("markup in messages, cards, sender names and reactions stays text in the conversation", async () => {
  const state = await sandboxState();
  const channel = state.channels[0];
  const card = {
    text: `Text ${ALL} [a link](${JS_URL}) [data](${DATA_URL}) *bold ${IMG}*`,
    bot: { name: `Bot ${IMG}`, image: JS_URL },
    card: {
      theme: "modern-inline",
      title: `Card ${SVG}`,
      thumbnail: JS_URL,
      sections: [{ title: `Section ${SCRIPT}`, fields: [{ title: `Field ${ATTR}`, value: `Value ${IMG}` }] }],
      buttons: [{ label: SHORT_IMG, type: "+", hint: `Hint ${ATTR}`, action: { type: "open.url", data: { web: JS_URL } } }],
    },
    slides: [
      { type: "table", title: `Table ${IMG}`, data: { headers: [`Head ${SVG}`], rows: [{ [`Head ${SVG}`]: `Cell ${SCRIPT}` }] } },
      { type: "list", title: `List ${ATTR}`, data: [`Item ${IMG}`] },
      { type: "label", title: `Labels ${SCRIPT}`, data: [{ [`Key ${SVG}`]: `Val ${ATTR}` }] },
      { type: "images", title: `Images ${SVG}`, data: [JS_URL, SVG_DATA_URL, DATA_URL] },
      { type: "text", title: `Slide ${IMG}`, data: `Slide text ${SCRIPT}` },
    ],
  };
  const posted = await api("POST", `/api/v2/channelsbyname/${channel.unique_name}/message`, { ...card, sync_message: true });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  const poll = {
    text: `Poll ${SCRIPT}`,
    card: { theme: "poll", title: `Poll ${IMG}`, options: [{ text: `Yes ${SVG}` }, { text: `No ${ATTR}` }] },
    buttons: [{ label: SHORT_SVG, type: "-", action: { type: "invoke.function", data: { name: `fn ${IMG}` } } }],
  };
  const polled = await api("POST", `/api/v2/channelsbyname/${channel.unique_name}/message`, { ...poll, sync_message: true });
  assert.equal(polled.status, 200, JSON.stringify(polled.body));
  // A reaction whose emoji code is markup, made by the page's own user so the page can take it back.
  const reaction = await api("POST", `/api/v2/chats/${channel.chat_id}/messages/${encodeURIComponent(posted.body.message_id)}/reactions`, {
    emoji_code: IMG,
  });
  assert.equal(reaction.status, 204, JSON.stringify(reaction.body));

  const { page, context, errors } = await openDemo(browser());
  try {
    const url = page.url();
    await gotoTab(page, "Conversation");
    const message = messageWith(page, `Slide text ${SCRIPT}`);
    await message.waitFor();
    const pollMessage = messageWith(page, `Poll ${IMG}`);
    await pollMessage.waitFor();
    const chip = message.locator(".reactions .chip", { hasText: IMG });
    await chip.waitFor();

    assert.equal(await message.locator(".msg-sender").innerText(), `Bot ${IMG}`);
    await assertShown(
      message,
      [
        `Text ${IMG} ${SCRIPT} ${ATTR} ${SVG}`,
        `[a link](${JS_URL})`,
        `[data](${DATA_URL})`,
        `Card ${SVG}`,
        `Section ${SCRIPT}`,
        `Field ${ATTR}`,
        `Value ${IMG}`,
        SHORT_IMG,
        `Table ${IMG}`,
        `Head ${SVG}`,
        `Cell ${SCRIPT}`,
        `List ${ATTR}`,
        `Item ${IMG}`,
        `Labels ${SCRIPT}`,
        `Key ${SVG}`,
        `Val ${ATTR}`,
        `Images ${SVG}`,
        `Slide ${IMG}`,
        `Slide text ${SCRIPT}`,
        IMG, // the reaction
      ],
      "conversation",
    );
    // *bold …* is Cliq markdown: the emphasis is an element, its content text.
    assert.equal(await message.locator(".cq-text strong").innerText(), `bold ${IMG}`);
    await assertShown(pollMessage, [`Poll ${IMG}`, `Yes ${SVG}`, `No ${ATTR}`, SHORT_SVG, `Poll ${SCRIPT}`], "poll");
    assert.equal(await message.locator("img").count(), 0, "no javascript: or data: URL became an image");
    assert.equal(await message.locator("a").count(), 0, "no javascript: or data: URL became a link");

    // Hover and click whatever a payload sits in.
    for (const target of [
      message.locator(".cq-text").first(),
      message.locator(".cq-card-title"),
      message.locator(".cq-field"),
      message.locator(".cq-btn"),
      message.locator(".cq-table td"),
      message.locator(".cq-list li"),
      message.locator(".msg-sender"),
      pollMessage.locator(".cq-poll-option").first(),
      pollMessage.locator(".cq-btn"),
    ]) {
      await target.hover();
      await target.click();
    }
    await message.hover();
    await assertInert(page, "conversation");
    await screenshot(page, "inert-conversation");

    // Taking the reaction back puts its code in the request's query: the log shows it as text.
    await chip.click();
    await chip.waitFor({ state: "detached" });
    const removal = page.locator(".log-row", { hasText: "removeReaction" }).first();
    await removal.waitFor();
    await assertShown(removal, [`emoji_code=${IMG}`], "request log (query)");

    // A chat id that is markup goes into a path: the log and the error say it as text.
    await page.getByLabel("Chat id").fill(`CT_${IMG}`);
    await page.getByRole("button", { name: "Open", exact: true }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Could not load the messages" });
    await notice.waitFor();
    await assertShown(notice, [`CT_${IMG}`], "error notice");
    await assertInert(page, "error notice");
    await notice.getByRole("button", { name: "Dismiss notice" }).click();
    const row = page.locator(".log-row", { hasText: "getMessages" }).first();
    await assertShown(row, [`/api/v2/chats/CT_${IMG}/messages`], "request log (path)");
    await page.locator(".conv-title", { hasText: `CT_${IMG}` }).waitFor();
    await row.hover();
    await assertInert(page, "request log");

    assert.equal(page.url().split("#")[0], url.split("#")[0], "nothing navigated away");
    // The unknown chat is a 404 the browser reports itself.
    assertNoErrors(errors.filter((e) => !/status of 404/.test(e)));
  } finally {
    await context.close();
  }
});

/** Add a user to the sandbox's organisation; its token is `as:<zuid>`. */
async function addUser(name, channels) {
  const res = await fetch(new URL("__sandbox/users", BASE), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, channels }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.name, name, "the sandbox keeps the name byte for byte");
  return { ...body, token: `as:${body.zuid}` };
}

test("markup in a user's name stays text wherever the user shows up: sender, avatar, reactions, mentions, chats", async () => {
  const state = await sandboxState();
  // The channel the page opens first, which its own user reads.
  const channel = state.channels[0];
  assert.ok(channel.members.includes(state.me.zuid), `${state.me.name} reads #${channel.unique_name}`);
  const posterName = `Mallory ${IMG} ${ATTR} ${SCRIPT}`;
  const reactorName = `${SVG}${SHORT_IMG} Eve`;
  const poster = await addUser(posterName, [channel.unique_name]);
  const reactor = await addUser(reactorName, [channel.unique_name]);

  const text = `Hi from a user, mentioning {@${poster.zuid}} and {@${reactor.email}}`;
  const posted = await api("POST", `/api/v2/channelsbyname/${channel.unique_name}/message`, { text, sync_message: true }, poster.token);
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  const reactions = `/api/v2/chats/${channel.chat_id}/messages/${encodeURIComponent(posted.body.message_id)}/reactions`;
  for (const user of [poster, reactor]) {
    const reacted = await api("POST", reactions, { emoji_code: "👍" }, user.token);
    assert.equal(reacted.status, 204, JSON.stringify(reacted.body));
  }
  // A direct message to the page's user: the chat's title carries the name too.
  const dm = await api("POST", `/api/v2/buddies/${encodeURIComponent(state.me.email)}/message`, { text: "A direct message", sync_message: true }, poster.token);
  assert.equal(dm.status, 200, JSON.stringify(dm.body));
  const dmChat = (await sandboxState()).chats.find((c) => c.type === "dm" && c.members.includes(poster.zuid));
  assert.ok(dmChat?.title.includes(posterName), "the sandbox names the direct chat after its members");

  const { page, context, errors } = await openDemo(browser());
  try {
    const url = page.url();
    // Compose: the mention picker lists the user by name, and what it inserts previews as a mention.
    const picker = page.getByLabel("Insert a mention");
    assert.equal(await picker.locator(`option[value="${poster.zuid}"]`).evaluate((o) => o.textContent), posterName);
    await picker.selectOption(poster.zuid);
    assert.equal(await page.getByLabel("Message text").inputValue(), `{@${poster.zuid}} `);
    const previewMention = page.locator(".preview-body .cq-mention");
    await previewMention.waitFor();
    assert.equal(await previewMention.textContent(), `@${posterName}`);
    await assertInert(page, "compose mention");

    await gotoTab(page, "Conversation");
    const message = messageWith(page, "Hi from a user, mentioning");
    await message.waitFor();
    const chip = message.locator(".reactions .chip");
    await chip.waitFor();

    // Sender, the row's accessible name and the avatar.
    assert.equal(await message.locator(".msg-sender").textContent(), posterName);
    assert.equal(await message.getAttribute("aria-label"), `Message from ${posterName}`);
    const avatar = message.locator(".avatar");
    assert.deepEqual(
      await avatar.evaluate((el) => ({ text: el.textContent, children: el.childElementCount, title: el.getAttribute("title") })),
      // "Mallory" and "<img": the first letter of each of the first two words.
      { text: "MI", children: 0, title: null },
    );
    // Mentions name both users, as text.
    const mentions = message.locator(".cq-mention");
    assert.deepEqual(await mentions.evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute("title"), el.childElementCount])), [
      [`@${posterName}`, `mention ${poster.zuid}`, 0],
      [`@${reactorName}`, `mention ${reactor.email}`, 0],
    ]);
    // One chip, its tooltip the two names.
    assert.equal(await chip.count(), 1);
    assert.equal((await chip.getAttribute("title")).split(", ").sort().join(", "), [posterName, reactorName].sort().join(", "));
    assert.equal(await chip.locator(".chip-count").textContent(), "2");
    assert.equal(await chip.getAttribute("aria-pressed"), "false", "the page's user did not react");
    for (const target of [message.locator(".msg-sender"), avatar, mentions.first(), mentions.last(), chip]) await target.hover();
    await assertInert(page, "conversation (user)");
    await screenshot(page, "inert-user");

    // The page's user adds a reaction: the tooltip lists the three names, as text.
    await chip.click();
    await message.locator('.reactions .chip[aria-pressed="true"]').waitFor();
    assert.equal(await chip.locator(".chip-count").textContent(), "3");
    assert.ok((await chip.getAttribute("title")).includes(posterName));
    await chip.hover();
    await assertInert(page, "reaction added");

    // The direct chat: its quick-chat button and the conversation title.
    const quick = page.locator(".quick-chat", { has: page.locator(".quick-chat-title", { hasText: "Mallory" }) });
    assert.equal(await quick.locator(".quick-chat-title").textContent(), dmChat.title);
    await quick.hover();
    await quick.click();
    await page.locator(".conv-title", { hasText: "Mallory" }).waitFor();
    assert.equal(await page.locator(".conv-title").textContent(), dmChat.title);
    const direct = messageWith(page, "A direct message");
    await direct.waitFor();
    assert.equal(await direct.locator(".msg-sender").textContent(), posterName);
    await direct.hover();
    await assertInert(page, "direct chat");

    assert.equal(page.url().split("#")[0], url.split("#")[0], "nothing navigated away");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("markup typed into the composer and the card builder stays text in the preview", async () => {
  const { page, context, errors } = await openDemo(browser());
  try {
    await page.getByRole("radio", { name: "Card" }).check();
    await page.getByLabel("Message text").fill(`Typed ${ALL} [go](${JS_URL})`);
    await page.getByLabel("Card title").fill(`Title ${SVG}`);
    await page.getByLabel("Thumbnail URL").fill(JS_URL);
    await page.getByRole("button", { name: "Add section" }).click();
    await page.getByLabel("Section title").fill(`Section ${SCRIPT}`);
    await page.getByLabel("Field title").fill(`Field ${ATTR}`);
    await page.getByLabel("Field value").fill(`Value ${IMG}`);
    await page.getByRole("button", { name: "Add button" }).click();
    await page.getByLabel("Button label").fill(SHORT_IMG);
    await page.getByLabel("Action", { exact: true }).selectOption("open.url");
    await page.getByLabel("URL", { exact: true }).fill(JS_URL);
    await page.getByLabel("Hint (tooltip)").fill(`Hint ${ATTR}`);
    await page.getByRole("button", { name: "Add slide" }).click();
    await page.getByLabel("Slide title").fill(`Slide ${IMG}`);
    await page.getByLabel("Column headers").fill(`Head ${SVG}`);
    await page.getByLabel("Rows").fill(`Cell ${SCRIPT}`);
    await page.getByRole("button", { name: "Add slide" }).click();
    await page.getByLabel("Slide type").nth(1).selectOption("images");
    await page.getByLabel("Image URLs").fill(`${JS_URL}\n${SVG_DATA_URL}`);

    const preview = page.locator(".preview-body");
    await preview.locator(".cq-table td", { hasText: `Cell ${SCRIPT}` }).waitFor();
    await assertShown(
      preview,
      [`Typed ${IMG} ${SCRIPT} ${ATTR} ${SVG}`, `[go](${JS_URL})`, `Title ${SVG}`, `Section ${SCRIPT}`, `Field ${ATTR}`, `Value ${IMG}`, SHORT_IMG, `Slide ${IMG}`, `Head ${SVG}`],
      "preview",
    );
    assert.equal(await preview.locator("img, a").count(), 0, "no javascript: or data: URL became an image or a link");
    for (const target of [preview.locator(".cq-card-title"), preview.locator(".cq-btn"), preview.locator(".cq-table td"), preview.locator(".cq-text").first()]) {
      await target.hover();
      await target.click();
    }
    // The JSON view and the call line show the same strings as text.
    await page.getByRole("button", { name: "Show JSON" }).click();
    const json = JSON.parse(await page.getByLabel("Message JSON").innerText());
    assert.equal(json.card.title, `Title ${SVG}`);
    await assertInert(page, "preview");
    await screenshot(page, "inert-preview");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test("markup in message action names, hints, URLs and handlers stays text in the actions view", async () => {
  const hint = `Hint ${IMG} ${SVG}`;
  const webhook = await api("POST", "/api/v3/messageactions", {
    name: SHORT_IMG,
    hint,
    execution_type: "webhook",
    execution_url: `https://hooks.example.com/?q="><script>window.__pwned=10</script>`,
  });
  assert.equal(webhook.status, 200, JSON.stringify(webhook.body));
  const deluge = await api("POST", "/api/v3/messageactions", { name: SHORT_SVG, hint: `Deluge ${IMG}`, execution_type: "deluge" });
  assert.equal(deluge.status, 200, JSON.stringify(deluge.body));
  const script = `info "${SCRIPT}";\nreturn {"text": "${IMG}"};`;
  const handler = await api("PATCH", `/api/v3/messageactions/${deluge.body.data.id}/handlers/execution_handler`, { script });
  assert.equal(handler.status, 200, JSON.stringify(handler.body));

  const { page, context, errors } = await openDemo(browser());
  try {
    await gotoTab(page, "Message actions");
    const row = page.locator(".actions-table tbody tr", { has: page.locator(".action-name", { hasText: SHORT_IMG }) });
    await row.waitFor();
    await assertShown(row, [SHORT_IMG, hint], "actions table");
    await row.hover();

    // The edit form, the handler panel and the delete confirmation name the action as text.
    await row.getByRole("button", { name: "Edit" }).click();
    await page.locator("#action-form-title", { hasText: `Edit “${SHORT_IMG}”` }).waitFor();
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), SHORT_IMG);
    await page.getByRole("button", { name: "Cancel" }).click();

    await row.getByRole("button", { name: "Handler" }).click();
    await page.locator("#handler-title", { hasText: `Handler of “${SHORT_IMG}”` }).waitFor();
    await assertShown(page.locator(".handler-panel .panel-sub"), ['?q="><script>window.__pwned=10</script>'], "webhook URL");

    const delugeRow = page.locator(".actions-table tbody tr", { has: page.locator(".action-name", { hasText: SHORT_SVG }) });
    await delugeRow.getByRole("button", { name: "Handler" }).click();
    await page.locator("#handler-title", { hasText: `Handler of “${SHORT_SVG}”` }).waitFor();
    const editor = page.getByLabel("Deluge script");
    await page.waitForFunction((el) => el.value !== "", await editor.elementHandle());
    assert.equal(await editor.inputValue(), script);

    await row.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete “${SHORT_IMG}”?` });
    await dialog.waitFor();
    await assertInert(page, "actions view");
    await screenshot(page, "inert-actions");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await row.count(), 1, "cancelled: the action is still listed");
    await assertInert(page, "actions view");
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
