// Benchmarks shared by Node and Chromium (bench/run.mjs runs both and prints
// them side by side). Every number is a ratio against a baseline measured in
// the same run, so a noisy machine shifts both sides alike.

const now = () => performance.now();

async function time(fn, rounds) {
  const start = now();
  for (let i = 0; i < rounds; i++) await fn(i);
  return (now() - start) / rounds;
}

async function control(sandbox, method, path, body) {
  const res = await fetch(sandbox + path, {
    method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/** Runs every benchmark; returns rows {name, value, unit, baseline?, ratio?, target?}. */
export async function runBenchmarks({ lib, sandbox, memory }) {
  const { CliqClient } = lib;
  const rows = [];
  const token = (tag) => `bench-${tag}-${Math.random().toString(36).slice(2)}`;
  const state = await control(sandbox, "GET", "/__sandbox/state");
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));

  // 1. Overhead of the client over a bare fetch, limits off (same request, same server).
  await control(sandbox, "PUT", "/__sandbox/config", { limits: false });
  const t = token("speed");
  const cliq = new CliqClient({ accessToken: t, baseUrl: sandbox, rateLimit: { mode: "off" } });
  const url = `${sandbox}/api/v2/chats/${channel.chat_id}/messages?limit=50`;
  const headers = { Authorization: `Zoho-oauthtoken ${t}`, Accept: "application/json" };
  const rounds = 200;
  for (let i = 0; i < 20; i++) { await cliq.getMessages(channel.chat_id, { limit: 50 }); await (await fetch(url, { headers })).json(); }
  const raw = await time(async () => (await fetch(url, { headers })).json(), rounds);
  const viaClient = await time(() => cliq.getMessages(channel.chat_id, { limit: 50 }), rounds);
  rows.push({ name: "getMessages (50 messages): client vs bare fetch+json", value: viaClient, unit: "ms/call", baseline: raw });

  const message = { text: "bench", card: { theme: "modern-inline", title: "Bench" },
    buttons: [{ label: "Open", type: "+", action: { type: "open.url", data: { web: "https://example.com" } } }] };
  const postUrl = `${sandbox}/api/v2/chats/${channel.chat_id}/message`;
  const postRaw = await time(() => fetch(postUrl, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(message) }), rounds);
  const postClient = await time(() => cliq.postToChat(channel.chat_id, message), rounds);
  rows.push({ name: "postToChat (card): client (validated) vs bare fetch", value: postClient, unit: "ms/call", baseline: postRaw });

  const lib_validate = lib.validateMessage;
  const vRounds = 5000;
  const validate = await time(() => lib_validate(message), vRounds);
  const stringify = await time(() => JSON.parse(JSON.stringify(message)), vRounds);
  rows.push({ name: "validateMessage (card) vs JSON round trip", value: validate * 1000, unit: "µs/call", baseline: stringify * 1000 });

  // The round trip of one burst, limits off: what each quota window adds on
  // top of the ideal schedule below (a place frees one window after its answer).
  const burstStart = now();
  await Promise.all(Array.from({ length: 50 }, (_, i) => cliq.postToChannel(channel.unique_name, `burst ${i}`)));
  rows.push({ name: "50 concurrent posts, limits off: all answered", value: now() - burstStart, unit: "ms" });

  // 2. Memory: wasm linear memory after many calls (no growth = no leak).
  if (memory) {
    // The first round lets the allocator reach its working size; a leak
    // would keep growing through the second.
    for (let i = 0; i < 300; i++) await cliq.getMessages(channel.chat_id, { limit: 50 });
    const before = memory().buffer.byteLength;
    for (let i = 0; i < 500; i++) await cliq.getMessages(channel.chat_id, { limit: 50 });
    const after = memory().buffer.byteLength;
    rows.push({ name: "wasm memory: after 500 more calls vs after warm-up", value: after / 1024, unit: "KiB", baseline: before / 1024, target: 1.0 });
  }

  // 3. Queue schedule: 120 concurrent posts under the real quota (50/min), time scale 60.
  await control(sandbox, "PUT", "/__sandbox/config", { limits: true, time_scale: 60 });
  const tq = token("queue");
  let throttles = 0;
  let lastSent = 0;
  const queued = new CliqClient({ accessToken: tq, baseUrl: sandbox, rateLimit: { mode: "queue", timeScale: 60 },
    onRateLimit: (e) => { if (e.type !== "wait") throttles++; },
    onRequest: () => { lastSent = now(); } });
  const start = now();
  const results = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => queued.postToChannel(channel.unique_name, `queued ${i}`)));
  const elapsed = now() - start;
  const failed = results.filter((r) => r.status === "rejected").length;
  // Fastest schedule the quota allows: 50 at once, 50 one window later, the
  // last 20 two windows later.
  const windowMs = 60_000 / 60;
  rows.push({ name: `120 concurrent posts, quota 50/min at ×60: last post sent vs fastest schedule (failed ${failed}, throttles ${throttles})`,
    value: lastSent - start, unit: "ms", baseline: 2 * windowMs, target: 1.1, ok: failed === 0 && throttles === 0 });
  rows.push({ name: "the same 120 posts: all answered vs fastest schedule", value: elapsed, unit: "ms", baseline: 2 * windowMs });
  await control(sandbox, "PUT", "/__sandbox/config", { limits: true, time_scale: 60 });
  return rows;
}
