// Compose and post: choose a target (channel, bot, chat/thread, user),
// write text or build a card, watch the live preview and the exact JSON,
// and see validateMessage's verdict as you type.
import { h, field, select, setOptions, setDatalist, setFieldError, uid, debounce, checkbox } from "./dom.js";
import { createCardBuilder } from "./card-builder.js";
import { renderContent } from "./preview.js";
import { avatar } from "./avatar.js";
import { chatChoices } from "./org.js";
import { showError, notify } from "./notices.js";

const TEXT_LIMIT = 10000;

export function createCompose(container, ctx) {
  // ------------------------------------------------------------ target
  let targetKind = "channel";
  const targetGroup = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Post to" });
  const targetName = uid("target");
  const kinds = [
    ["channel", "Channel"],
    ["bot", "Bot"],
    ["chat", "Chat or thread"],
    ["user", "User"],
  ];
  for (const [value, label] of kinds) {
    const input = h("input", { type: "radio", name: targetName, value, id: uid("tk"), checked: value === targetKind });
    input.addEventListener("change", () => {
      targetKind = value;
      syncTarget();
      update();
    });
    targetGroup.append(h("label", { class: "segment", for: input.id }, input, h("span", { text: label })));
  }

  const channelList = h("datalist", { id: uid("dl-channels") });
  const botList = h("datalist", { id: uid("dl-bots") });
  const chatList = h("datalist", { id: uid("dl-chats") });
  const userList = h("datalist", { id: uid("dl-users") });

  const channel = field("Channel unique name", h("input", { type: "text", list: channelList.id, autocomplete: "off", spellcheck: "false", placeholder: "announcements" }));
  const asBot = field("Post as bot", select([["", "Myself"]]), { hint: "The bot must be a member of the channel." });
  const markRead = checkbox("Mark as read for me");
  const channelBox = h("div", { class: "target-box" }, h("div", { class: "grid-2" }, channel.wrap, asBot.wrap), markRead.label);

  const bot = field("Bot unique name", h("input", { type: "text", list: botList.id, autocomplete: "off", spellcheck: "false", placeholder: "deploybot" }));
  let botDelivery = "chat";
  const deliveryGroup = h("div", { class: "radio-row", role: "radiogroup", "aria-label": "Deliver to" });
  const deliveryName = uid("deliver");
  for (const [value, label] of [
    ["chat", "The bot's chat"],
    ["users", "Chosen subscribers"],
    ["broadcast", "All subscribers"],
  ]) {
    const input = h("input", { type: "radio", name: deliveryName, value, id: uid("dv"), checked: value === botDelivery });
    input.addEventListener("change", () => {
      botDelivery = value;
      userIds.wrap.hidden = value !== "users";
      update();
    });
    deliveryGroup.append(h("label", { class: "check", for: input.id }, input, h("span", { text: label })));
  }
  const userIds = field("Subscriber ZUIDs or emails", h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "55743307, 55622727" }), {
    hint: "Separated by commas.",
  });
  userIds.wrap.hidden = true;
  const botBox = h("div", { class: "target-box" }, bot.wrap, h("p", { class: "label-like", text: "Deliver to" }), deliveryGroup, userIds.wrap);

  const chat = field("Chat or thread id", h("input", { type: "text", list: chatList.id, autocomplete: "off", spellcheck: "false", placeholder: "CT_…" }));
  const chatBox = h("div", { class: "target-box" }, chat.wrap);

  const user = field("User email or ZUID", h("input", { type: "text", list: userList.id, autocomplete: "off", spellcheck: "false", placeholder: "someone@zylker.com" }));
  const userBox = h("div", { class: "target-box" }, user.wrap);

  function syncTarget() {
    channelBox.hidden = targetKind !== "channel";
    botBox.hidden = targetKind !== "bot";
    chatBox.hidden = targetKind !== "chat";
    userBox.hidden = targetKind !== "user";
  }
  syncTarget();

  // ------------------------------------------------------------ content
  let mode = "text";
  const modeGroup = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Message type" });
  const modeName = uid("mode");
  for (const [value, label] of [
    ["text", "Text"],
    ["card", "Card"],
  ]) {
    const input = h("input", { type: "radio", name: modeName, value, id: uid("md"), checked: value === mode });
    input.addEventListener("change", () => {
      mode = value;
      builderBox.hidden = mode !== "card";
      exampleBtn.hidden = mode !== "card";
      update();
    });
    modeGroup.append(h("label", { class: "segment", for: input.id }, input, h("span", { text: label })));
  }

  const text = field("Message text", h("textarea", { rows: 4, placeholder: "Write a message. *bold*, _italic_, `code`, {@zuid} mentions…" }));
  const counter = h("span", { class: "counter", "aria-live": "off", text: `0 / ${TEXT_LIMIT}` });
  text.wrap.insertBefore(counter, text.error);
  const mention = select([["", "Mention someone…"]], { "aria-label": "Insert a mention", class: "compact" });
  mention.addEventListener("change", () => {
    if (!mention.value) return;
    insertAtCursor(text.control, `{@${mention.value}} `);
    mention.value = "";
    update();
  });
  const textTools = h("div", { class: "text-tools" }, mention);
  text.wrap.insertBefore(textTools, text.control.nextSibling);
  text.control.addEventListener("input", () => update());

  const builder = createCardBuilder(() => update());
  const builderBox = h("div", { class: "builder-box", hidden: true }, builder.el);
  const exampleBtn = h("button", {
    type: "button",
    class: "btn btn-small btn-ghost",
    text: "Example card",
    hidden: true,
    onclick: () => {
      if (!text.control.value) text.control.value = "Release 2.1 is out. Details below.";
      builder.loadExample(new URL("assets/release.svg", location.href).href);
    },
  });

  const sync = checkbox("Return the new message's id (sync_message)", { checked: true });
  sync.input.addEventListener("change", () => update());

  // ------------------------------------------------------------ preview & JSON
  const previewBody = h("div", { class: "preview-body" });
  const callLine = h("code", { class: "call-line" });
  const jsonPre = h("pre", { class: "json", tabindex: "0", "aria-label": "Message JSON" });
  const jsonBox = h("div", { class: "json-box", id: uid("json"), hidden: true }, callLine, jsonPre);
  const jsonToggle = h("button", {
    type: "button",
    class: "btn btn-small",
    "aria-pressed": "false",
    "aria-controls": jsonBox.id,
    text: "Show JSON",
    onclick: () => {
      const on = jsonToggle.getAttribute("aria-pressed") !== "true";
      jsonToggle.setAttribute("aria-pressed", String(on));
      jsonBox.hidden = !on;
    },
  });

  const summary = h("div", { class: "validation-summary", "aria-live": "polite" });
  const postBtn = h("button", { type: "submit", class: "btn btn-primary", text: "Post" });
  const form = h(
    "form",
    { class: "compose-form", novalidate: true, "aria-label": "Compose a message" },
    h("fieldset", { class: "group" }, h("legend", { text: "Post to" }), targetGroup, channelBox, botBox, chatBox, userBox, channelList, botList, chatList, userList),
    h(
      "fieldset",
      { class: "group" },
      h("legend", { text: "Message" }),
      h("div", { class: "row-between" }, modeGroup, exampleBtn),
      text.wrap,
      builderBox,
      sync.label,
    ),
    summary,
    h("div", { class: "form-actions" }, postBtn),
  );

  // Violations are shown once the user has started writing (or pressed
  // Post), not on a pristine form.
  let touched = false;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    touched = true;
    post();
  });
  form.addEventListener("input", (ev) => {
    if (ev.target.matches("textarea, input[type='text'], input[type='url']")) touched = true;
  });
  exampleBtn.addEventListener("click", () => {
    touched = true;
  });
  for (const f of [channel, bot, chat, user, userIds]) f.control.addEventListener("input", () => update());
  asBot.control.addEventListener("change", () => update());
  markRead.input.addEventListener("change", () => update());

  const previewPanel = h(
    "section",
    { class: "preview-panel", "aria-labelledby": "preview-title" },
    h("div", { class: "panel-head" }, h("h3", { id: "preview-title", text: "Preview" }), jsonToggle),
    previewBody,
    jsonBox,
  );
  container.append(h("div", { class: "compose-layout" }, form, previewPanel));

  // ------------------------------------------------------------ logic
  function message() {
    const m = { text: text.control.value };
    if (mode === "card") Object.assign(m, builder.value());
    if (sync.input.checked) m.sync_message = true;
    return m;
  }

  function target() {
    switch (targetKind) {
      case "channel": {
        const opts = {};
        if (asBot.control.value) opts.botUniqueName = asBot.control.value;
        if (markRead.input.checked) opts.markAsRead = true;
        return { method: "postToChannel", id: channel.control.value.trim(), opts, field: channel };
      }
      case "bot": {
        const opts = {};
        if (botDelivery === "users") opts.userIds = userIds.control.value.split(",").map((s) => s.trim()).filter(Boolean);
        if (botDelivery === "broadcast") opts.broadcast = true;
        return { method: "postToBot", id: bot.control.value.trim(), opts, field: bot };
      }
      case "chat":
        return { method: "postToChat", id: chat.control.value.trim(), opts: {}, field: chat };
      default:
        return { method: "postToUser", id: user.control.value.trim(), opts: {}, field: user };
    }
  }

  let shownErrors = [];
  function showViolations(violations) {
    for (const f of shownErrors) setFieldError(f, "");
    shownErrors = [];
    const map = new Map([
      ["text", text],
      ["", text],
    ]);
    if (mode === "card") for (const [k, f] of builder.fields()) map.set(k, f);
    const perField = new Map();
    for (const v of violations) {
      const f = findField(map, v.field);
      if (f) perField.set(f, [...(perField.get(f) || []), v.message]);
    }
    for (const [f, msgs] of perField) {
      setFieldError(f, msgs.join(" "));
      shownErrors.push(f);
    }
    summary.replaceChildren();
    if (violations.length) {
      summary.append(
        h("p", { class: "summary-title", text: `${violations.length} problem${violations.length > 1 ? "s" : ""} to fix before posting` }),
        h("ul", {}, violations.map((v) => h("li", {}, h("code", { text: v.field || "message" }), ` ${v.message}`))),
      );
    }
  }

  const validate = debounce(() => {
    if (!ctx.lib) return;
    let violations = [];
    try {
      violations = ctx.lib.validateMessage(message()) || [];
    } catch (err) {
      violations = [{ field: "", message: `validateMessage failed: ${err?.message || err}` }];
    }
    showViolations(touched ? violations : []);
  }, 80);

  function update() {
    const m = message();
    const n = [...(text.control.value || "")].length;
    counter.textContent = `${n.toLocaleString("en")} / ${TEXT_LIMIT.toLocaleString("en")}`;
    counter.classList.toggle("over", n > TEXT_LIMIT);
    const t = target();
    const me = ctx.state?.me;
    const botInfo = targetKind === "channel" && t.opts.botUniqueName ? ctx.state?.bots?.find((b) => b.unique_name === t.opts.botUniqueName) : null;
    const sender = botInfo
      ? botInfo.name
      : targetKind === "bot"
        ? ctx.state?.bots?.find((b) => b.unique_name === t.id)?.name || t.id || "Bot"
        : me?.name || "You";
    previewBody.replaceChildren(
      h(
        "div",
        { class: "msg preview-msg" },
        avatar(sender, Boolean(botInfo || targetKind === "bot")),
        h(
          "div",
          { class: "msg-main" },
          h("div", { class: "msg-head" }, h("span", { class: "msg-sender", text: sender }), h("span", { class: "msg-time", text: "now" })),
          m.text || m.card || m.slides ? renderContent(m, ctx.directory) : h("p", { class: "muted", text: "Your message appears here as Cliq will show it." }),
        ),
      ),
    );
    jsonPre.textContent = JSON.stringify(m, null, 2);
    callLine.textContent = `await cliq.${t.method}(${JSON.stringify(t.id || "…")}, message${Object.keys(t.opts).length ? `, ${JSON.stringify(t.opts)}` : ""});`;
    validate();
  }

  async function post() {
    const t = target();
    setFieldError(t.field, "");
    if (!t.id) {
      setFieldError(t.field, `Enter a ${t.field.label.textContent.toLowerCase()}.`);
      t.field.control.focus();
      return;
    }
    const client = ctx.client;
    if (!client) return;
    postBtn.disabled = true;
    postBtn.setAttribute("aria-busy", "true");
    try {
      const m = message();
      const result = (await client[t.method](t.id, m, t.opts)) || {};
      const where = describeTarget(targetKind, t.id);
      const delivered = result.messageDetails ? Object.keys(result.messageDetails).length : 0;
      notify(
        result.messageId
          ? `Posted to ${where} (message ${result.messageId})`
          : delivered
            ? `Posted to ${where}, delivered to ${delivered} user${delivered > 1 ? "s" : ""}`
            : `Posted to ${where}`,
      );
      ctx.bus.dispatchEvent(new CustomEvent("posted", { detail: { kind: targetKind, id: t.id, result, chatId: chatIdFor(t, result) } }));
      text.control.value = "";
      if (mode === "card") builder.reset();
      touched = false;
      update();
    } catch (err) {
      showError(`Could not post to ${describeTarget(targetKind, t.id)}`, err);
      if (err?.kind === "invalid_input" && err.field) {
        const f = findField(new Map([["text", text], ...(mode === "card" ? builder.fields() : [])]), err.field);
        f?.control.focus();
      }
    } finally {
      postBtn.disabled = false;
      postBtn.removeAttribute("aria-busy");
    }
  }

  function chatIdFor(t, result) {
    if (result.chatId) return result.chatId;
    const s = ctx.state;
    if (targetKind === "chat") return t.id;
    if (!s) return null;
    if (targetKind === "channel") return s.channels?.find((c) => c.unique_name === t.id)?.chat_id || null;
    if (targetKind === "bot") return s.bots?.find((b) => b.unique_name === t.id)?.chat_id || null;
    // A direct message lands in the DM chat of the two users.
    const other = s.users?.find((u) => u.zuid === t.id || u.email?.toLowerCase() === t.id.toLowerCase());
    const dm = other && s.chats?.find((c) => c.type === "dm" && c.members?.includes(other.zuid) && c.members?.includes(s.me?.zuid));
    return dm?.chat_id || null;
  }

  update();

  return {
    /** New organisation data (sandbox state, or null for a real data centre). */
    setState(state) {
      const channels = state?.channels || [];
      setDatalist(channelList, channels.map((c) => [c.unique_name, c.name]));
      setDatalist(botList, (state?.bots || []).map((b) => [b.unique_name, b.name]));
      setDatalist(chatList, chatChoices(state).map(([id, title, type]) => [id, `${title} (${type})`]));
      setDatalist(userList, (state?.users || []).map((u) => [u.email, u.name]));
      setOptions(asBot.control, [["", "Myself"], ...(state?.bots || []).map((b) => [b.unique_name, b.name])]);
      setOptions(mention, [["", "Mention someone…"], ...(state?.users || []).map((u) => [u.zuid, u.name])]);
      if (!channel.control.value && channels.length) channel.control.value = channels[0].unique_name;
      update();
    },
    refresh: update,
  };
}

/** The most specific registered field for a violation path like card.buttons[2].action.data.web. */
function findField(map, path) {
  let p = String(path || "");
  for (;;) {
    if (map.has(p)) return map.get(p);
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return null;
    p = p.slice(0, cut);
  }
}

function describeTarget(kind, id) {
  if (kind === "channel") return `#${id}`;
  if (kind === "bot") return `bot ${id}`;
  if (kind === "user") return id;
  return `chat ${id}`;
}

function insertAtCursor(textarea, snippet) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.value = textarea.value.slice(0, start) + snippet + textarea.value.slice(end);
  textarea.focus();
  textarea.selectionStart = textarea.selectionEnd = start + snippet.length;
}
