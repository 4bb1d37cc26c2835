// The conversation: pick a chat, read its messages (sender, time, text,
// cards), load older ones, edit in place, delete with confirmation, and
// react. Server data is rendered with preview.js (text nodes only).
import { h, field, setDatalist, uid } from "./dom.js";
import { renderContent, emojiGlyph } from "./preview.js";
import { avatar } from "./avatar.js";
import { chatChoices } from "./org.js";
import { showError, notify, confirmDialog } from "./notices.js";

const PAGE_SIZE = 20; // messages shown per "Load older"
const MAX_HISTORY = 1000; // stop paging a huge conversation here
const QUICK_EMOJI = [
  ["👍", "thumbs up"],
  ["❤️", "heart"],
  ["😂", "laughing"],
  ["🎉", "party"],
  ["👀", "eyes"],
  ["✅", "check mark"],
];
// Reactions are fetched per message; keep some getReactions budget for the user's own clicks.
const REACTION_BUDGET_RESERVE = 4;

export function createConversation(container, ctx) {
  let chatId = "";
  let messages = []; // oldest first
  const rows = new Map(); // message id -> row api
  let shownFrom = 0; // index of the oldest message on screen
  let truncated = false;
  let loading = false;

  const chatList = h("datalist", { id: uid("dl-conv") });
  const chatField = field("Chat id", h("input", { type: "text", list: chatList.id, autocomplete: "off", spellcheck: "false", placeholder: "CT_…" }), {
    hint: "Pick one of the sandbox's chats, or type any chat or thread id.",
  });
  const openBtn = h("button", { type: "submit", class: "btn btn-primary", text: "Open" });
  const refreshBtn = h("button", { type: "button", class: "btn", text: "Refresh", onclick: () => open(chatId) });
  const picker = h(
    "form",
    { class: "chat-picker", "aria-label": "Choose a conversation" },
    chatField.wrap,
    chatList,
    h("div", { class: "picker-actions" }, openBtn, refreshBtn),
  );
  picker.addEventListener("submit", (ev) => {
    ev.preventDefault();
    open(chatField.control.value.trim());
  });

  const quickChats = h("div", { class: "quick-chats", role: "group", "aria-label": "Sandbox chats" });
  const title = h("h3", { class: "conv-title", text: "No conversation open" });
  const subtitle = h("p", { class: "conv-sub" });
  const olderBtn = h("button", { type: "button", class: "btn btn-small", text: "Load older", hidden: true, onclick: () => loadOlder() });
  const list = h("ol", { class: "msg-list", "aria-label": "Messages", "aria-busy": "false" });
  const empty = h("p", { class: "conv-empty", text: "Choose a chat to read its messages." });
  const status = h("p", { class: "sr-only", "aria-live": "polite" });
  const scroller = h("div", { class: "conv-scroll" }, h("div", { class: "older-row" }, olderBtn), empty, list);

  container.append(
    h("div", { class: "conv-layout" }, h("div", { class: "conv-side" }, picker, quickChats), h(
      "div",
      { class: "conv-main" },
      h("header", { class: "conv-head" }, h("div", {}, title, subtitle)),
      scroller,
      status,
    )),
  );

  // Lazily fetch reactions for messages that scroll into view.
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        const row = rows.get(entry.target.dataset.messageId);
        if (row && !row.reactionsLoaded) row.loadReactions();
      }
    },
    { root: null, rootMargin: "100px" },
  );

  function me() {
    return ctx.state?.me || null;
  }

  // Cliq returns a conversation oldest first (a time window, then `limit`
  // from its start), so the newest messages are only known once the
  // conversation has been paged forward to its end: the library's
  // messages() iterator does that. The view then shows the newest page and
  // "Load older" reveals earlier ones.
  async function open(id) {
    if (!id || !ctx.client) return;
    chatId = id;
    chatField.control.value = id;
    const info = chatInfo(id);
    title.textContent = info.title;
    subtitle.textContent = info.sub;
    for (const b of quickChats.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.chatId === id));
    messages = [];
    shownFrom = 0;
    rows.clear();
    list.replaceChildren();
    empty.hidden = false;
    empty.textContent = "Loading…";
    olderBtn.hidden = true;
    truncated = false;
    const fetched = await fetchAll(id);
    if (chatId !== id) return;
    if (!fetched) {
      empty.textContent = "Could not load this conversation.";
      return;
    }
    messages = sortByTime(fetched);
    shownFrom = Math.max(0, messages.length - PAGE_SIZE);
    render();
    status.textContent = `${messages.length} messages loaded`;
    scroller.scrollTop = scroller.scrollHeight;
  }

  async function fetchAll(id) {
    loading = true;
    list.setAttribute("aria-busy", "true");
    const out = [];
    try {
      for await (const m of ctx.client.messages(id, { pageSize: 100 })) {
        out.push(m);
        if (out.length >= MAX_HISTORY) {
          truncated = true;
          break;
        }
      }
      return out;
    } catch (err) {
      showError(`Could not load the messages of ${id}`, err);
      return null;
    } finally {
      loading = false;
      list.setAttribute("aria-busy", "false");
    }
  }

  function loadOlder() {
    if (loading || shownFrom === 0) return;
    const firstRow = list.firstElementChild;
    const from = Math.max(0, shownFrom - PAGE_SIZE);
    const older = messages.slice(from, shownFrom);
    shownFrom = from;
    for (const m of [...older].reverse()) list.prepend(makeRow(m).el);
    olderBtn.hidden = shownFrom === 0;
    status.textContent = `${older.length} older messages shown`;
    if (shownFrom === 0) notify(truncated ? `Showing the first ${MAX_HISTORY} messages of this chat.` : "This is the beginning of the conversation.", { tone: "info" });
    firstRow?.scrollIntoView({ block: "nearest" });
    (olderBtn.hidden ? list.querySelector("button") : olderBtn)?.focus();
  }

  function render() {
    list.replaceChildren(...messages.slice(shownFrom).map((m) => makeRow(m).el));
    empty.hidden = messages.length > 0;
    empty.textContent = "No messages in this chat yet.";
    olderBtn.hidden = shownFrom === 0;
  }

  function makeRow(m) {
    const senderName = m.bot?.name || m.content?.bot?.name || m.sender?.name || m.sender?.id || "Unknown";
    const isBot = Boolean(m.bot || m.content?.bot || String(m.sender?.id || "").startsWith("b-"));
    const mine = Boolean(me() && m.sender?.id && String(m.sender.id) === String(me().zuid));
    const canChange = mine || !me();
    const time = toDate(m.time);
    const body = h("div", { class: "msg-body" }, renderContent(m.content || { text: m.text }, ctx.directory));
    const edited = h("span", { class: "msg-edited", text: "edited", hidden: !(m.is_edited || m.edited) });
    const reactionsBar = h("div", { class: "reactions", role: "group", "aria-label": "Reactions" });
    const tools = h("div", { class: "msg-tools", role: "group", "aria-label": "Message actions" });
    const pickerBox = h("div", { class: "emoji-picker", id: uid("emoji"), hidden: true, role: "group", "aria-label": "Pick a reaction" });
    const reactBtn = h("button", {
      type: "button",
      class: "btn btn-small btn-ghost",
      text: "React",
      "aria-label": "Add reaction",
      "aria-expanded": "false",
      "aria-controls": pickerBox.id,
    });
    const el = h(
      "li",
      { class: `msg${mine ? " mine" : ""}`, dataset: { messageId: String(m.id) }, "aria-label": `Message from ${senderName}` },
      avatar(senderName, isBot),
      h(
        "div",
        { class: "msg-main" },
        h(
          "div",
          { class: "msg-head" },
          h("span", { class: "msg-sender", text: senderName }),
          isBot ? h("span", { class: "tag", text: "bot" }) : null,
          time ? h("time", { class: "msg-time", datetime: time.toISOString(), title: time.toLocaleString(), text: formatTime(time) }) : null,
          edited,
        ),
        body,
        reactionsBar,
        pickerBox,
      ),
      tools,
    );
    const row = { el, reactionsLoaded: false, reactions: {} };

    // Reactions: from the message when the server includes them, else fetched when visible.
    if (m.reactions && typeof m.reactions === "object") {
      row.reactions = normaliseReactions(m.reactions);
      row.reactionsLoaded = true;
    }
    setUpPicker(row, m, pickerBox, reactBtn);
    row.renderReactions = (offerLoad = false) => renderReactions(row, m, reactionsBar, offerLoad);
    row.loadReactions = async (force = false) => {
      const budget = ctx.client.rateLimitStatus?.()?.getReactions;
      if (!force && budget && budget.remaining <= REACTION_BUDGET_RESERVE) {
        row.renderReactions(true);
        return;
      }
      row.reactionsLoaded = true;
      try {
        row.reactions = (await ctx.client.getReactions(chatId, m.id)) || {};
      } catch (err) {
        if (err?.kind !== "not_found") showError("Could not load reactions", err);
      }
      row.renderReactions();
    };
    row.renderReactions();
    if (!row.reactionsLoaded) observer.observe(el);

    tools.append(
      reactBtn,
      h("button", { type: "button", class: "btn btn-small btn-ghost", text: "Edit", hidden: !canChange, onclick: () => startEdit(row, m, body, edited) }),
      h("button", { type: "button", class: "btn btn-small btn-ghost danger", text: "Delete", hidden: !canChange, onclick: () => remove(row, m) }),
    );
    rows.set(String(m.id), row);
    return row;
  }

  function renderReactions(row, m, bar, offerLoad = false) {
    bar.replaceChildren();
    const myId = me()?.zuid ? String(me().zuid) : null;
    for (const [code, entries] of Object.entries(row.reactions || {})) {
      const list = Array.isArray(entries) ? entries : [];
      if (!list.length) continue;
      const mineReacted = Boolean(myId && list.some((e) => String(e.userId) === myId));
      const names = list.map((e) => e.userName || e.userId).join(", ");
      bar.append(
        h(
          "button",
          {
            type: "button",
            class: "chip",
            "aria-pressed": String(mineReacted),
            "aria-label": `${emojiGlyph(code)} ${list.length}${mineReacted ? ", including you" : ""}`,
            title: names,
            onclick: () => toggleReaction(row, m, code, mineReacted),
          },
          h("span", { class: "chip-emoji", text: emojiGlyph(code) }),
          h("span", { class: "chip-count", text: String(list.length) }),
        ),
      );
    }
    if (offerLoad === true) {
      bar.append(h("button", { type: "button", class: "btn btn-small btn-ghost", text: "Show reactions", onclick: () => row.loadReactions(true) }));
    }
    bar.hidden = !bar.childElementCount;
  }

  // The emoji picker: a disclosure with a few quick reactions.
  function setUpPicker(row, m, pickerBox, addBtn) {
    const close = () => {
      pickerBox.hidden = true;
      addBtn.setAttribute("aria-expanded", "false");
    };
    for (const [emoji, name] of QUICK_EMOJI) {
      pickerBox.append(
        h("button", {
          type: "button",
          class: "emoji-btn",
          "aria-label": `React with ${name}`,
          title: name,
          text: emoji,
          onclick: () => {
            close();
            const myId = me()?.zuid ? String(me().zuid) : null;
            const has = Boolean(myId && (row.reactions[emoji] || []).some((e) => String(e.userId) === myId));
            toggleReaction(row, m, emoji, has);
          },
        }),
      );
    }
    addBtn.addEventListener("click", () => {
      const show = pickerBox.hidden;
      pickerBox.hidden = !show;
      addBtn.setAttribute("aria-expanded", String(show));
      if (show) pickerBox.querySelector("button").focus();
    });
    pickerBox.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        close();
        addBtn.focus();
      }
    });
  }

  async function toggleReaction(row, m, code, mineReacted) {
    const myId = me()?.zuid ? String(me().zuid) : "me";
    try {
      if (mineReacted) {
        await ctx.client.removeReaction(chatId, m.id, code);
        row.reactions[code] = (row.reactions[code] || []).filter((e) => String(e.userId) !== myId);
        if (!row.reactions[code].length) delete row.reactions[code];
      } else {
        await ctx.client.addReaction(chatId, m.id, code);
        row.reactions[code] = [...(row.reactions[code] || []), { time: Date.now(), userId: myId, userName: me()?.name || "You" }];
      }
      row.renderReactions();
      const chip = [...row.el.querySelectorAll(".reactions .chip")].find((c) => c.querySelector(".chip-emoji")?.textContent === emojiGlyph(code));
      (chip || row.el.querySelector('.msg-tools [aria-label="Add reaction"]'))?.focus();
    } catch (err) {
      showError(mineReacted ? "Could not remove the reaction" : "Could not add the reaction", err);
    }
  }

  function startEdit(row, m, body, edited) {
    if (row.el.querySelector(".edit-form")) return;
    const area = h("textarea", { rows: 3 });
    area.value = m.content?.text ?? m.text ?? "";
    const f = field("Edit message text", area);
    const notifyBox = h("input", { type: "checkbox", id: uid("ne") });
    const saveBtn = h("button", { type: "submit", class: "btn btn-primary btn-small", text: "Save" });
    const cancelBtn = h("button", { type: "button", class: "btn btn-small", text: "Cancel" });
    const form = h(
      "form",
      { class: "edit-form", "aria-label": "Edit message" },
      f.wrap,
      h("label", { class: "check", for: notifyBox.id }, notifyBox, h("span", { text: "Tell participants it was edited" })),
      h("div", { class: "form-actions" }, cancelBtn, saveBtn),
    );
    const close = () => {
      form.remove();
      body.hidden = false;
      row.el.querySelector(".msg-tools button")?.focus();
    };
    cancelBtn.addEventListener("click", close);
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") close();
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) form.requestSubmit();
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      saveBtn.disabled = true;
      try {
        const opts = notifyBox.checked ? { notifyEdit: true } : undefined;
        await ctx.client.editMessage(chatId, m.id, area.value, opts);
        m.content = { ...(m.content || {}), text: area.value };
        body.replaceChildren(renderContent(m.content, ctx.directory));
        edited.hidden = false;
        notify("Message edited");
        close();
      } catch (err) {
        showError("Could not edit the message", err);
        saveBtn.disabled = false;
      }
    });
    body.hidden = true;
    body.after(form);
    area.focus();
  }

  async function remove(row, m) {
    const ok = await confirmDialog({
      title: "Delete this message?",
      body: "It is removed for everyone in the chat. This cannot be undone.",
      confirmLabel: "Delete",
    });
    if (!ok) return;
    try {
      await ctx.client.deleteMessage(chatId, m.id);
      const index = messages.indexOf(m);
      if (index >= 0) messages.splice(index, 1);
      if (index >= 0 && index < shownFrom) shownFrom -= 1;
      rows.delete(String(m.id));
      const next = row.el.nextElementSibling || row.el.previousElementSibling;
      row.el.remove();
      empty.hidden = messages.length > 0;
      notify("Message deleted");
      next?.querySelector("button")?.focus();
    } catch (err) {
      showError("Could not delete the message", err);
    }
  }

  function chatInfo(id) {
    const known = chatChoices(ctx.state).find(([chat]) => chat === id);
    if (!known) return { title: id, sub: "chat" };
    const [, name, type] = known;
    const prefix = { channel: "#", thread: "Thread: " }[type] || "";
    return { title: `${prefix}${name}`, sub: `${type} · ${id}` };
  }

  function setState(state) {
    const choices = chatChoices(state);
    setDatalist(chatList, choices.map(([id, title, type]) => [id, `${title} (${type})`]));
    quickChats.replaceChildren(
      ...choices.map(([id, title, type]) =>
        h(
          "button",
          { type: "button", class: "quick-chat", dataset: { chatId: id }, "aria-pressed": String(id === chatId), onclick: () => open(id) },
          h("span", { class: "quick-chat-title", text: type === "channel" ? `#${title}` : title }),
          h("span", { class: "quick-chat-type", text: type }),
        ),
      ),
    );
    quickChats.hidden = !quickChats.children.length;
  }

  return {
    setState,
    open,
    get chatId() {
      return chatId;
    },
    /** After a post: show that chat (reloaded) so the new message is visible. */
    async showPosted(postedChatId) {
      if (postedChatId) await open(postedChatId);
      else if (chatId) await open(chatId);
    },
  };
}

function normaliseReactions(raw) {
  const out = {};
  for (const [code, entries] of Object.entries(raw)) {
    out[code] = (Array.isArray(entries) ? entries : []).map((e) => {
      if (typeof e !== "string") return e;
      const a = e.indexOf(":");
      const b = e.indexOf(":", a + 1);
      return { time: Number(e.slice(0, a)), userId: e.slice(a + 1, b), userName: e.slice(b + 1) };
    });
  }
  return out;
}

function sortByTime(list) {
  return [...list].sort((a, b) => Number(a.time) - Number(b.time));
}

function toDate(t) {
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return null;
  return new Date(n);
}

function formatTime(d) {
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString([], { month: "short", day: "numeric" }) + " " + d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
