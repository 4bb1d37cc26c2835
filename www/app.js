// The demo page of zoho-cliq-wasm. Everything it does goes through the
// library's public API (pkg/zoho_cliq_wasm.d.ts): CliqClient, zohoOAuth,
// dataCenters, validateMessage, validateMessageAction, rateLimitStatus and
// the onRequest / onResponse / onRateLimit hooks.
import { $, $$, h } from "./dom.js";
import { initNotices, showError } from "./notices.js";
import { createLog } from "./log.js";
import { createQuotaMeter } from "./quota.js";
import { createConnection } from "./connection.js";
import { createCompose } from "./compose.js";
import { createConversation } from "./conversation.js";
import { createActions } from "./actions.js";
import { directoryFrom } from "./org.js";

initNotices($("#notices"));

// ---------------------------------------------------------------- tabs
const tabs = $$('[role="tab"]');
const views = new Map();

function selectTab(tab, { focus = false } = {}) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(`#${t.getAttribute("aria-controls")}`).hidden = !on;
  }
  if (focus) tab.focus();
  const name = tab.dataset.view;
  if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  views.get(name)?.();
}

for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (ev) => {
    const i = tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], { focus: true });
  });
}

// ---------------------------------------------------------------- library
// postOnly: connected with a webhook token, which can only post.
// directory: names for mentions, from the sandbox's state (org.js).
const ctx = { lib: null, client: null, state: null, directory: directoryFrom(null), postOnly: false, bus: new EventTarget(), log: null };

let lib;
try {
  lib = await import("/pkg/zoho_cliq_wasm.js");
  await lib.default();
  ctx.lib = lib;
} catch (err) {
  $("#boot-error").hidden = false;
  $("#boot-error-detail").textContent = String(err?.message || err);
  $("#connection-btn").dataset.state = "bad";
  $("#connection-btn").textContent = "Library not loaded";
  throw err;
}

const log = createLog($("#log"));
ctx.log = log;
const quota = createQuotaMeter($("#quota"));
const compose = createCompose($("#compose-root"), ctx);
const conversation = createConversation($("#conversation-root"), ctx);
const actions = createActions($("#actions-root"), ctx);

// A webhook token can only post: the views that need OAuth say so in place
// of their content, and make no request.
const needsOAuth = [
  needsOAuthNotice(
    "conversation",
    "Reading messages needs an OAuth token; a webhook token can only post.",
    "Reactions, edits and deletes need one too. Connect with the sandbox's token or an OAuth refresh token to work with conversations; Compose keeps posting with the webhook token.",
  ),
  needsOAuthNotice(
    "actions",
    "Message actions need an OAuth token; a webhook token can only post.",
    "Listing, creating, editing and deleting actions and their handlers all use Cliq's OAuth API. Connect with the sandbox's token or an OAuth refresh token to manage them.",
  ),
];

function needsOAuthNotice(view, message, detail) {
  const titleId = `needs-oauth-${view}`;
  const notice = h(
    "section",
    { class: "panel needs-oauth", "aria-labelledby": titleId, hidden: true, dataset: { view } },
    h("h2", { id: titleId, text: "OAuth token needed" }),
    h("p", { class: "needs-oauth-message", text: message }),
    h("p", { text: detail }),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", class: "btn btn-primary", text: "Change connection", onclick: () => connection.open() }),
      h("button", { type: "button", class: "btn", text: "Go to Compose", onclick: () => selectTab($("#tab-compose"), { focus: true }) }),
    ),
  );
  const root = $(`#${view}-root`);
  root.before(notice);
  return { notice, root };
}

function setPostOnly(on) {
  ctx.postOnly = on;
  for (const { notice, root } of needsOAuth) {
    notice.hidden = !on;
    root.hidden = on;
  }
}

let conversationDirty = true;
let pendingChat = null;
views.set("compose", () => compose.refresh());
views.set("conversation", () => {
  if (!ctx.client || ctx.postOnly) return;
  if (pendingChat) {
    const id = pendingChat;
    pendingChat = null;
    conversationDirty = false;
    conversation.open(id);
  } else if (conversationDirty && !conversation.chatId) {
    conversationDirty = false;
    const first = ctx.state?.channels?.[0]?.chat_id || ctx.state?.chats?.[0]?.chat_id;
    if (first) conversation.open(first);
  }
});
views.set("actions", () => ctx.client && !ctx.postOnly && actions.show());

ctx.bus.addEventListener("posted", (ev) => {
  pendingChat = ev.detail.chatId || conversation.chatId || null;
  if (!$("#view-conversation").hidden) views.get("conversation")();
});

const connection = createConnection({
  button: $("#connection-btn"),
  lib,
  hooks: {
    onRequest: (e) => log.onRequest(e),
    onResponse: (e) => log.onResponse(e),
    onRateLimit: (e) => {
      log.onRateLimit(e);
      quota.onRateLimit(e);
    },
  },
  onConnected({ client, state, postOnly }) {
    ctx.client = client;
    ctx.state = state;
    setPostOnly(Boolean(postOnly));
    ctx.directory = directoryFrom(state);
    quota.attach(client);
    compose.setState(state);
    conversation.setState(state);
    actions.reset();
    conversationDirty = true;
    pendingChat = null;
    document.body.dataset.ready = "true";
    const current = tabs.find((t) => t.getAttribute("aria-selected") === "true");
    if (current) views.get(current.dataset.view)?.();
  },
});

const initial = tabs.find((t) => `#${t.dataset.view}` === location.hash) || tabs[0];
selectTab(initial);

window.addEventListener("unhandledrejection", (ev) => {
  // Every call is awaited with its own notice; this is a last resort so a
  // bug shows up as a readable notice rather than silently.
  showError("Unexpected error", ev.reason);
});

await connection.connect();
