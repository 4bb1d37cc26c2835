// The built package imported by Node exactly as users do, driving a full
// message and message-action lifecycle against the sandbox.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { CliqClient, CliqError, dataCenters, validateMessage, validateMessageAction, version } from "../../pkg/zoho_cliq_wasm.js";

const SANDBOX = process.env.CLIQ_SANDBOX_URL;
const TOKEN = `node-${process.pid}-${Date.now()}`;
let clients = 0;
let state;

before(async () => {
  assert.ok(SANDBOX, "CLIQ_SANDBOX_URL is set by scripts/test");
  await init({ module_or_path: await readFile(new URL("../../pkg/zoho_cliq_wasm_bg.wasm", import.meta.url)) });
  state = await (await fetch(`${SANDBOX}/__sandbox/state`)).json();
});

// One token per client: quotas are per user, and each client budgets for one user.
const client = (extra = {}) =>
  new CliqClient({ accessToken: `${TOKEN}-${++clients}`, baseUrl: SANDBOX, rateLimit: { timeScale: 60 }, ...extra });

test("the package reports its version", () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("dataCenters() lists every data centre the dataCenter option accepts, and only those", async () => {
  const list = dataCenters();
  assert.equal(list.length, 9);
  assert.deepEqual(list.find((d) => d.name === "eu"),
    { name: "eu", label: "Europe", cliq: "https://cliq.zoho.eu", accounts: "https://accounts.zoho.eu" });
  for (const d of list) {
    assert.match(d.cliq, /^https:\/\/cliq\.zoho/);
    assert.match(d.accounts, /^https:\/\/accounts\.zoho/);
    const urls = [];
    const cliq = new CliqClient({ accessToken: "t", dataCenter: d.name,
      fetch: async (url) => { urls.push(url); return new Response(null, { status: 204 }); } });
    await cliq.deleteMessage("CT_1", "M_1");
    assert.equal(urls[0], `${d.cliq}/api/v2/chats/CT_1/messages/M_1`);
  }
  assert.throws(() => new CliqClient({ accessToken: "t", dataCenter: "xx" }),
    (e) => e.field === "dataCenter" && list.every((d) => e.message.includes(d.name)));
});

test("a message lifecycle: post, read, edit, react, iterate, delete", async () => {
  const events = [];
  const cliq = client({ onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) });
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));
  const text = `node lifecycle ${Date.now()}`;
  const { messageId } = await cliq.postToChannel(channel.unique_name, { text, sync_message: true });
  assert.ok(messageId);
  const message = await cliq.getMessage(channel.chat_id, messageId);
  assert.equal(message.content.text, text);
  assert.equal(typeof message.time, "number");

  await cliq.editMessage(channel.chat_id, messageId, `${text} (edited)`);
  assert.equal((await cliq.getMessage(channel.chat_id, messageId)).content.text, `${text} (edited)`);

  await cliq.addReaction(channel.chat_id, messageId, ":thumbsup:");
  const reactions = await cliq.getReactions(channel.chat_id, messageId);
  assert.deepEqual(reactions[":thumbsup:"].map((r) => r.userId), [state.me.zuid]);
  await cliq.removeReaction(channel.chat_id, messageId, ":thumbsup:");

  const seen = [];
  for await (const m of cliq.messages(channel.chat_id, { pageSize: 50 })) seen.push(m.id);
  assert.ok(seen.includes(messageId));
  assert.equal(new Set(seen).size, seen.length, "no message is yielded twice");

  await cliq.deleteMessage(channel.chat_id, messageId);
  await assert.rejects(cliq.getMessage(channel.chat_id, messageId), (e) => e instanceof CliqError && e.kind === "not_found");

  assert.ok(events.length >= 14);
  assert.ok(events.every((e) => !JSON.stringify(e).includes(TOKEN)), "events never carry the token");
  const edit = events.filter((e) => e.operation === "editMessage");
  assert.deepEqual(edit.map((e) => Object.keys(e).sort()), [
    ["attempt", "method", "operation", "url"],
    ["attempt", "durationMs", "method", "operation", "status", "url"],
  ]);
  assert.equal(edit[1].status, 204);
  assert.equal(edit[1].method, "PUT");
  assert.equal(edit[1].attempt, 1);
  assert.ok(edit[1].durationMs >= 0);
  assert.ok(edit[0].url.startsWith(`${SANDBOX}/api/v2/chats/`));
});

test("a message action lifecycle with its handler", async () => {
  const cliq = client();
  const name = `Node ${Date.now() % 1e9}`;
  const action = await cliq.createMessageAction({ name, hint: "From the Node test", execution_type: "deluge", scope: "personal" });
  assert.equal(action.name, name);
  const handler = await cliq.updateMessageActionHandler(action.id, { script: 'return {"text": "done"};' });
  assert.equal(handler.script, 'return {"text": "done"};');
  assert.equal((await cliq.getMessageActionHandler(action.id)).name, "execution_handler");
  const patched = await cliq.updateMessageAction(action.id, { hint: "Changed" });
  assert.equal(patched.hint, "Changed");
  const ids = [];
  for await (const a of cliq.messageActions({ pageSize: 1 })) ids.push(a.id);
  assert.ok(ids.includes(action.id));
  await cliq.deleteMessageAction(action.id);
  await assert.rejects(cliq.getMessageAction(action.id), { name: "CliqError", kind: "not_found", code: "msgaction_not_found" });
});

test("breaking out of for-await stops fetching", async () => {
  let requests = 0;
  const cliq = client({ onRequest: () => requests++ });
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));
  for await (const m of cliq.messages(channel.chat_id, { pageSize: 1 })) { assert.ok(m.id); break; }
  assert.equal(requests, 1);
});

test("bad input rejects with invalid_input naming the field, before any request", async () => {
  let requests = 0;
  const cliq = client({ onRequest: () => requests++ });
  const err = await cliq.postToChat("CT_1", { text: "x".repeat(10001) }).catch((e) => e);
  assert.ok(err instanceof CliqError && err instanceof Error);
  assert.equal(err.name, "CliqError");
  assert.equal(err.kind, "invalid_input");
  assert.equal(err.field, "text");
  assert.equal(err.operation, "postToChat");
  assert.match(err.message, /10000/);
  const wrongType = [
    [() => cliq.postToBot("deploybot", "hi", { userIds: "1,2" }), "opts.userIds"],
    [() => cliq.getMessages("CT_1", { limit: 1.5 }), "query.limit"],
    [() => cliq.getMessages("CT_1", { limit: 0 }), "limit"],
    [() => cliq.editMessage("CT_1", "1_2", 42), "text"],
    [() => cliq.postToChannel("general", undefined), "message"],
    [() => cliq.listMessageActions("all"), "query"],
  ];
  for (const [call, field] of wrongType) {
    const e = await call().catch((x) => x);
    assert.equal(e.kind, "invalid_input", field);
    assert.equal(e.field, field);
  }
  assert.equal(requests, 0);
  assert.throws(() => new CliqClient({}), (e) => e instanceof CliqError && e.kind === "invalid_input");
});

test("validators report the same rules the client enforces", () => {
  assert.deepEqual(validateMessage("hello"), []);
  const v = validateMessage({ text: "x", buttons: Array.from({ length: 6 }, (_, i) => ({ label: `b${i}` })) });
  assert.equal(v[0].field, "buttons");
  assert.deepEqual(validateMessageAction({ name: "ok", hint: "fine" }, "create"), []);
  assert.equal(validateMessageAction({ name: "n".repeat(31), hint: "h" }, "create")[0].field, "name");
});

test("onRateLimit reports a throttle and then the lock, with retryAfterMs", async () => {
  const seen = [];
  const cliq = client({ onRateLimit: (e) => seen.push(e) });
  await fetch(`${SANDBOX}/__sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ operation: "getMessageActionHandler", count: 1, fault: { type: "throttle" } }) });
  await assert.rejects(cliq.getMessageActionHandler("1"), { kind: "rate_limited", code: "request_limit_exceeded" });
  await assert.rejects(cliq.getMessageActionHandler("1"), { kind: "rate_limited" });
  assert.deepEqual(seen.map((e) => [e.operation, e.type]), [
    ["getMessageActionHandler", "throttle"], ["getMessageActionHandler", "locked"]]);
  assert.ok(seen.every((e) => e.retryAfterMs > 0 && e.retryAfterMs <= 5000), "5 min lock at x60");
  assert.ok(cliq.rateLimitStatus().getMessageActionHandler.lockedForMs > 0);
});

test("an already-aborted signal sends nothing", async () => {
  let requests = 0;
  const cliq = client({ onRequest: () => requests++ });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(cliq.listMessageActions({}, { signal: controller.signal }), { kind: "aborted" });
  assert.equal(requests, 0);
});

test("a provider token with a line break is refused without quoting it", async () => {
  const cliq = new CliqClient({ getAccessToken: () => "1000.secret\nInjected: 1", baseUrl: SANDBOX });
  const e = await cliq.getMessageAction("1").catch((x) => x);
  assert.ok(e instanceof CliqError);
  assert.equal(e.kind, "unauthorized");
  assert.doesNotMatch(JSON.stringify({ ...e, message: e.message }), /secret/);
  assert.throws(() => new CliqClient({ accessToken: "1000.secret\r\n" }),
    (x) => x instanceof CliqError && x.field === "accessToken" && !/secret/.test(x.message));
});

test("timeoutMs holds even with a custom fetch that ignores its signal", async () => {
  const never = () => new Promise(() => {});
  const cliq = client({ fetch: never, maxRetries: 0 });
  const started = Date.now();
  const e = await cliq.getMessageAction("1", { timeoutMs: 50 }).catch((x) => x);
  assert.equal(e.kind, "timeout");
  assert.ok(Date.now() - started < 10_000, "settled by the timeout, not by the fetch");
});

test("an abort from onRequest stops that request before it is sent", async () => {
  const controller = new AbortController();
  let fetched = 0;
  const cliq = client({
    onRequest: () => controller.abort(),
    fetch: (url, init) => (fetched++, fetch(url, init)),
  });
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));
  const e = await cliq.postToChannel(channel.unique_name, "never sent", { signal: controller.signal }).catch((x) => x);
  assert.equal(e.kind, "aborted");
  assert.equal(fetched, 0);
});

test("a 401 replay is a new attempt in the events; a signal-like object is refused", async () => {
  const attempts = [];
  let calls = 0;
  const cliq = new CliqClient({
    baseUrl: SANDBOX,
    getAccessToken: () => (++calls === 1 ? "expired-once" : `${TOKEN}-replay`),
    onRequest: (e) => attempts.push(e.attempt),
  });
  await cliq.listMessageActions({ limit: 1 });
  assert.deepEqual(attempts, [1, 2]);
  const e = await cliq.getMessageAction("1", { signal: { aborted: false } }).catch((x) => x);
  assert.ok(e instanceof CliqError);
  assert.equal(e.field, "opts.signal");
});
