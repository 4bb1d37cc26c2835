// Benchmarks shared by Node and Chromium (bench/run.mjs runs both and prints
// them side by side). Every timing is compared with a baseline measured in
// the same run, interleaved with it (A B B A A B ...), and summarised as the
// median of many pairs, so a noisy machine moves both sides alike and a GC
// pause or a neighbour's build spoils one pair, not the number.

const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function control(sandbox, method, path, body) {
  const res = await fetch(sandbox + path, {
    method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/**
 * `a` (measured) against `b` (baseline), each called `batch` times in a
 * row, in `pairs` pairs whose order alternates. Returns the median time per
 * call of each side and the median of the pairs' ratios a/b.
 */
async function compare(a, b, { pairs, batch }) {
  const run = async (fn) => {
    const start = now();
    for (let i = 0; i < batch; i++) await fn(i);
    return (now() - start) / batch;
  };
  const ta = [], tb = [], ratios = [];
  for (let p = 0; p < pairs; p++) {
    let x, y;
    if (p % 2) { y = await run(b); x = await run(a); } else { x = await run(a); y = await run(b); }
    ta.push(x); tb.push(y); ratios.push(x / y);
  }
  return { value: median(ta), baseline: median(tb), ratio: median(ratios) };
}

/**
 * The same for several cases at once, with functions that time `rounds`
 * repetitions themselves (ms): every pair visits every case, so a slow
 * stretch of the machine touches all cases alike. Returns per case the
 * median time per repetition of each side and the median ratio a/b.
 */
function compareTimed(cases, { pairs, target }) {
  for (const c of cases) {
    // Enough rounds that one side takes `target` ms (timer resolution in
    // browsers is 0.1 ms); the doubling doubles as a warm-up.
    c.rounds = 1;
    while (c.b(c.rounds) < target && c.rounds < 1 << 20) c.rounds *= 2;
    c.ta = []; c.tb = []; c.ratios = [];
  }
  for (let p = 0; p < pairs; p++) {
    for (const c of cases) {
      let x, y;
      if (p % 2) { y = c.b(c.rounds); x = c.a(c.rounds); } else { x = c.a(c.rounds); y = c.b(c.rounds); }
      c.ta.push(x / c.rounds); c.tb.push(y / c.rounds); c.ratios.push(x / y);
    }
  }
  return cases.map((c) => ({ value: median(c.ta), baseline: median(c.tb), ratio: median(c.ratios), rounds: c.rounds }));
}

const message = { text: "bench", card: { theme: "modern-inline", title: "Bench" },
  buttons: [{ label: "Open", type: "+", action: { type: "open.url", data: { web: "https://example.com" } } }] };

// Chat texts of realistic length (a stored message is ~200 B of JSON).
const WORDS = "deploy review the release notes staging build is green again please merge after lunch tests pass on my machine rollback ticket customer reported an issue with pagination".split(" ");
const sentence = (i) => {
  const n = 8 + ((i * 7) % 9);
  return Array.from({ length: n }, (_, k) => WORDS[(i * 13 + k * 5) % WORDS.length]).join(" ") + ".";
};

/**
 * Runs every benchmark. Returns rows {key?, name, value, unit, baseline?,
 * ratio?, target?, ok?}; `key` names the number in bench/results.json
 * (suffixed with the runtime by run.mjs where it is per runtime).
 */
export async function runBenchmarks({ lib, benchLib, sandbox, memory, memoryCalls = 10_000, log = () => {} }) {
  const { CliqClient } = lib;
  const rows = [];
  const token = (tag) => `bench-${tag}-${Math.random().toString(36).slice(2)}`;
  const state = await control(sandbox, "GET", "/__sandbox/state");
  const member = (name) => state.channels.find((c) => c.unique_name === name && c.members.includes(state.me.zuid));
  // Reads come from one channel, posts go to another: the page read stays
  // the same whatever the post benchmarks add.
  const readChannel = member("random");
  const postChannel = member("announcements");
  const readChat = readChannel.chat_id;
  const postChat = postChannel.chat_id;

  await control(sandbox, "PUT", "/__sandbox/config", { limits: false });
  const t = token("speed");
  const headers = { Authorization: `Zoho-oauthtoken ${t}`, Accept: "application/json" };
  const jsonHeaders = { ...headers, "Content-Type": "application/json" };

  // The channel read holds at least 100 messages of realistic size.
  const have = state.chats.find((c) => c.chat_id === readChat).message_count;
  for (let i = have; i < 110; i++) {
    const res = await fetch(`${sandbox}/api/v2/chats/${readChat}/message`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ text: sentence(i) }) });
    await res.arrayBuffer();
  }

  const cliq = new CliqClient({ accessToken: t, baseUrl: sandbox, rateLimit: { mode: "off" } });
  const url = `${sandbox}/api/v2/chats/${readChat}/messages?limit=50`;
  const postUrl = `${sandbox}/api/v2/chats/${postChat}/message`;

  // 1. Overhead of the client over a bare fetch, limits off (same request, same server).
  log("getMessages");
  const bareGet = async () => (await fetch(url, { headers })).json();
  const clientGet = () => cliq.getMessages(readChat, { limit: 50 });
  const page = await clientGet();
  if (page.length !== 50) throw new Error(`getMessages returned ${page.length} messages, not 50`);
  for (let i = 0; i < 30; i++) { await clientGet(); await bareGet(); }
  const get = await compare(clientGet, bareGet, { pairs: 60, batch: 10 });
  rows.push({ key: "get_messages_ratio", name: "getMessages (50 messages): client / bare fetch + json()", unit: "ms/call", ...get, target: 1.1 });

  log("postToChat");
  const barePost = async () => (await fetch(postUrl, { method: "POST", headers: jsonHeaders, body: JSON.stringify(message) })).text();
  const clientPost = () => cliq.postToChat(postChat, message);
  for (let i = 0; i < 30; i++) { await clientPost(); await barePost(); }
  const post = await compare(clientPost, barePost, { pairs: 60, batch: 10 });
  rows.push({ key: "post_card_ratio", name: "postToChat (card, validated): client / bare fetch + text()", unit: "ms/call", ...post, target: 1.1 });

  log("validateMessage");
  const validate = await compare(() => lib.validateMessage(message), () => JSON.parse(JSON.stringify(message)), { pairs: 30, batch: 2000 });
  rows.push({ key: "validate_message", name: "validateMessage(card) / a JSON round trip of it", unit: "µs/call", value: validate.value * 1000, baseline: validate.baseline * 1000, ratio: validate.ratio });

  // The round trip of one burst, limits off: what each quota window adds on
  // top of the ideal schedule below (a place frees one window after its answer).
  log("burst");
  const burst = await compare(
    () => Promise.all(Array.from({ length: 50 }, (_, i) => cliq.postToChannel(postChannel.unique_name, `burst ${i}`))),
    () => Promise.all(Array.from({ length: 50 }, async (_, i) => (await fetch(`${sandbox}/api/v2/channelsbyname/${postChannel.unique_name}/message`,
      { method: "POST", headers: jsonHeaders, body: JSON.stringify({ text: `burst ${i}` }) })).text())),
    { pairs: 6, batch: 1 });
  rows.push({ key: "burst", name: "50 concurrent postToChannel, limits off: all answered / the same 50 bare fetches", unit: "ms", ...burst });

  // 2. Conversions across the boundary, timed inside the wasm (bench-only
  // exports): serde-wasm-bindgen against JSON text + JSON.parse (results),
  // serde-wasm-bindgen against JSON.stringify + serde_json (inputs).
  if (benchLib) {
    log("conversions");
    const pageText = async (limit) => JSON.stringify((await (await fetch(`${sandbox}/api/v2/chats/${readChat}/messages?limit=${limit}`, { headers })).json()).data);
    const page50 = await pageText(50);
    const page100 = await pageText(100);
    const record = JSON.stringify(JSON.parse(page50)[0]);
    const serdeOverJson = (fn, input) => ({ a: (n) => fn("serde", input, n), b: (n) => fn("json", input, n) });
    const cases = [
      ["result_page50", `result: 50-message page (${page50.length} B of JSON)`, serdeOverJson(benchLib.benchResultToJs, page50)],
      ["result_page100", `result: 100-message page (${page100.length} B of JSON)`, serdeOverJson(benchLib.benchResultToJs, page100)],
      ["result_record", `result: one message (${record.length} B of JSON)`, serdeOverJson(benchLib.benchResultToJs, record)],
      ["input_card", "input: the card message", serdeOverJson(benchLib.benchInputToValue, message)],
      ["input_string", "input: a plain string", serdeOverJson(benchLib.benchInputToValue, "bench")],
    ];
    const timed = compareTimed(cases.map(([, , c]) => c), { pairs: 25, target: 10 });
    cases.forEach(([key, name], i) => {
      const roads = key.startsWith("result") ? "serde_json text + JSON.parse" : "JSON.stringify + serde_json";
      const r = timed[i];
      rows.push({ key: `conversion_${key}`, conversion: true, name: `${name}: serde-wasm-bindgen / ${roads}`, unit: "µs",
        value: r.value * 1000, baseline: r.baseline * 1000, ratio: r.ratio });
    });
  }

  // 3. Memory: wasm linear memory over many calls (no growth = no leak).
  // Mixed calls, four in flight: reads, posts, one message, a 404 and a
  // message rejected before sending (the error paths).
  if (memory) {
    log("memory");
    const firstId = page[0].id;
    const calls = [
      () => cliq.getMessages(readChat, { limit: 50 }),
      () => cliq.postToChat(postChat, message),
      () => cliq.getMessage(readChat, firstId),
      () => cliq.getMessage(readChat, "0_0").catch((e) => { if (e.kind === undefined) throw e; }),
      () => cliq.postToChat(postChat, { text: "" }).catch((e) => { if (e.kind !== "invalid_input") throw e; }),
      () => lib.validateMessage(message),
    ];
    const mixed = async (total) => {
      let next = 0;
      const worker = async () => { while (next < total) await calls[next++ % calls.length](); };
      await Promise.all([worker(), worker(), worker(), worker()]);
    };
    // The warm-up lets the allocator reach its working size; a leak would
    // keep growing through the measured calls.
    await mixed(1000);
    const before = memory().buffer.byteLength;
    const start = now();
    await mixed(memoryCalls);
    const after = memory().buffer.byteLength;
    rows.push({ key: "memory_growth_bytes", name: `wasm memory growth over ${memoryCalls} mixed calls after 1000 warm-up calls (${((now() - start) / 1000).toFixed(1)} s; ${before} B before)`,
      unit: "B", value: after - before, target: 0 });
  }

  // 4. Queue schedule: 120 concurrent posts under the real quota (50/min),
  // time scale 60; three rounds (a new token each: the sandbox counts per
  // token), the median reported, throttles summed.
  log("queue");
  await control(sandbox, "PUT", "/__sandbox/config", { limits: true, time_scale: 60 });
  // Fastest schedule the quota allows: 50 at once, 50 one window later, the
  // last 20 two windows later.
  const windowMs = 60_000 / 60;
  const fastest = 2 * windowMs;
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    let throttles = 0;
    let lastSent = 0;
    const queued = new CliqClient({ accessToken: token("queue"), baseUrl: sandbox, rateLimit: { mode: "queue", timeScale: 60 },
      onRateLimit: (e) => { if (e.type !== "wait") throttles++; },
      onRequest: () => { lastSent = now(); } });
    const start = now();
    const settled = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => queued.postToChannel(postChannel.unique_name, `queued ${i}`)));
    const elapsed = now() - start;
    rounds.push({ sent: lastSent - start, elapsed, throttles, failed: settled.filter((r) => r.status === "rejected").length });
    queued.free();
  }
  const throttles = rounds.reduce((n, r) => n + r.throttles, 0);
  const failed = rounds.reduce((n, r) => n + r.failed, 0);
  const sent = median(rounds.map((r) => r.sent));
  const answered = median(rounds.map((r) => r.elapsed));
  rows.push({ key: "queue_ratio", name: "120 concurrent postToChannel, quota 50/min at ×60: last post sent / fastest schedule (2 windows), median of 3 rounds",
    unit: "ms", value: sent, baseline: fastest, ratio: sent / fastest, target: 1.05, ok: failed === 0 && throttles === 0,
    note: `rounds ${rounds.map((r) => (r.sent / fastest).toFixed(3)).join(", ")}` });
  rows.push({ key: "queue_throttles", name: "the same 3 × 120 posts: throttle/locked events", unit: "", value: throttles, note: `failed posts ${failed}`, target: 0 });
  rows.push({ key: "queue_answered", name: "the same posts: all answered / fastest schedule, median", unit: "ms", value: answered, baseline: fastest, ratio: answered / fastest });
  await control(sandbox, "PUT", "/__sandbox/config", { limits: true, time_scale: 60 });
  return rows;
}
