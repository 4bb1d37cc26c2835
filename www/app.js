// The demo page of zoho-cliq-wasm. Everything it does goes through the
// library's public API (shared/api.md): CliqClient, validateMessage,
// validateMessageAction, rateLimitStatus and the onRequest / onResponse /
// onRateLimit hooks.
import { $, $$ } from "./dom.js";
import { initNotices, showError } from "./notices.js";
import { createLog } from "./log.js";
import { createQuotaMeter } from "./quota.js";
import { createConnection } from "./connection.js";
import { createCompose } from "./compose.js";
import { createConversation } from "./conversation.js";
import { createActions } from "./actions.js";
import { setDirectory, setChannels } from "./preview.js";

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
const ctx = { lib: null, client: null, state: null, bus: new EventTarget(), log: null };

let lib;
try {
  lib = await import("../pkg/zoho_cliq_wasm.js");
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

let conversationDirty = true;
let pendingChat = null;
views.set("compose", () => compose.refresh());
views.set("conversation", () => {
  if (!ctx.client) return;
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
views.set("actions", () => ctx.client && actions.show());

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
  onConnected({ client, state }) {
    ctx.client = client;
    ctx.state = state;
    setDirectory(state?.users || []);
    setChannels(state?.channels || []);
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
