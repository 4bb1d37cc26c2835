// The page side of the soak (see soak.test.mjs): loaded as a module script
// into a page on the sandbox's origin, so the package comes from
// /pkg/zoho_cliq_wasm.js as a web app would load it. It defines
// `window.soak`, which the test drives segment by segment.
import init, { CliqClient, CliqError } from "/pkg/zoho_cliq_wasm.js";

const wasm = await init();

/** Every operation of the client, so the report can show each was called. */
const OPERATIONS = [
  "getMessages", "getMessage", "postToChannel", "postToBot", "postToChat", "postToUser",
  "editMessage", "deleteMessage", "addReaction", "getReactions", "removeReaction",
  "createMessageAction", "listMessageActions", "getMessageAction", "updateMessageAction",
  "deleteMessageAction", "getMessageActionHandler", "updateMessageActionHandler",
];
const EMOJI = ["👍", "🎉", "🚀", "😀", "✅"];
/** Outstanding actions created by the soak and not yet deleted (the sandbox's organisation holds at most 100). */
const MAX_OUTSTANDING_ACTIONS = 20;
/** Posted messages kept for deleteMessage; older ones stay in the channel. */
const MAX_DELETABLE_MESSAGES = 200;
/** Messages posted at set-up for reads, edits and reactions (more than a 20-message page). */
const STABLE_MESSAGES = 24;
/**
 * Message actions created at set-up for reads and updates: 5 Deluge, 1
 * webhook. With them the organisation always has more than one 5-action
 * page, even if the seed's actions are gone.
 */
const STABLE_ACTIONS = 6;
/** Unexpected errors kept verbatim for the report (all are counted). */
const MAX_KEPT_ERRORS = 20;

// A small seeded generator, so every run draws the same mix.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Thrown by a unit whose call resolved with something it should not have. */
class WrongResult extends Error {
  name = "WrongResult";
}

function expect(condition, what) {
  if (!condition) throw new WrongResult(what);
}

let cfg;
let random;
let stats = newStats();
let clients = [];
let fixture;
let sequence = 0;
let planned = 0;
let burst = [];

function newStats() {
  return {
    calls: 0,
    sent: 0,
    refused: 0,
    byOperation: Object.fromEntries(OPERATIONS.map((op) => [op, 0])),
    expected: { invalid_input: 0, not_found: 0 },
    unexpected: 0,
    unexpectedErrors: [],
    rateLimit: { wait: 0, throttle: 0, locked: 0 },
    requests: 0,
    responses: 0,
    statuses: {},
    ephemeralClients: 0,
    bursts: 0,
  };
}

function clientOptions(accessToken, index) {
  return {
    accessToken,
    baseUrl: cfg.origin,
    // Odd clients send the other documented scheme.
    authScheme: index % 2 ? "Bearer" : "Zoho-oauthtoken",
    rateLimit: { timeScale: cfg.timeScale },
    onRateLimit: (e) => {
      stats.rateLimit[e.type] = (stats.rateLimit[e.type] ?? 0) + 1;
    },
    onRequest: () => {
      stats.requests += 1;
    },
    onResponse: (e) => {
      stats.responses += 1;
      const key = e.status === undefined ? `error:${e.error}` : String(e.status);
      stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
    },
  };
}

/** One call (or an iterator's pages) in the mix. `calls` is how many it makes. */
function unit(name, operation, calls, run) {
  return { name, operation, calls, run };
}

/** A call that must fail with `kind`; `sent` says whether it reaches the sandbox. */
function failing(name, operation, kind, sent, run) {
  return {
    name,
    operation,
    calls: 1,
    expectedKind: kind,
    sent,
    run: async (client) => {
      let error;
      try {
        await run(client);
      } catch (e) {
        error = e;
      }
      expect(error !== undefined, `${name}: resolved, expected a ${kind} rejection`);
      expect(error instanceof CliqError, `${name}: rejected with a ${error?.constructor?.name}, not a CliqError`);
      expect(error.kind === kind, `${name}: kind ${error.kind} (${error.message}), expected ${kind}`);
      stats.expected[kind] += 1;
    },
  };
}

const pick = (list) => list[Math.floor(random() * list.length)];

/**
 * The mix: [weight, calls, () => unit]. Weights are relative, per unit
 * drawn; `calls` is how many calls the unit makes (an iterator walks two
 * pages). A unit whose target is not available (nothing left to delete, too
 * many actions outstanding) becomes a one-call unit of another kind.
 */
function mixTable() {
  const f = fixture;
  const chat = f.channel.chat_id;
  const n = () => ++sequence;
  const text = (what) => `soak ${cfg.runId} ${what} ${n()}`;
  const card = () => {
    const i = n();
    return {
      text: `soak ${cfg.runId} card ${i}`,
      sync_message: true,
      card: { theme: "modern-inline", title: `Soak ${i}` },
      slides: [{ type: "label", title: "Run", data: [{ Run: cfg.runId }, { Call: String(i) }] }],
      buttons: [{ label: "Open", type: "+", action: { type: "open.url", data: { web: "https://example.com/soak" } } }],
    };
  };
  const keepPosted = (result) => {
    expect(typeof result?.messageId === "string" && result.messageId.length > 0, "a synchronous post returned no messageId");
    if (f.deletable.length < MAX_DELETABLE_MESSAGES) f.deletable.push(result.messageId);
  };
  const postChatCard = () =>
    unit("postToChat(card)", "postToChat", 1, async (c) => keepPosted(await c.postToChat(chat, card())));
  const createAction = () => {
    const webhook = random() < 0.25;
    const name = `soak-${cfg.runId}-${n()}`;
    f.creating += 1;
    return unit("createMessageAction", "createMessageAction", 1, async (c) => {
      try {
        const action = await c.createMessageAction(
          webhook
            ? { name, hint: "Soak test action", execution_type: "webhook", execution_url: "https://hooks.zylker.example/soak", message_types: ["text", "link"] }
            : { name, hint: "Soak test action", message_types: ["text"] },
        );
        expect(typeof action?.id === "string" && action.name === name, "createMessageAction answered another action");
        f.actions.push(action.id);
      } finally {
        f.creating -= 1;
      }
    });
  };
  const deleteAction = (id) =>
    unit("deleteMessageAction", "deleteMessageAction", 1, async (c) => {
      expect((await c.deleteMessageAction(id)) === undefined, "deleteMessageAction resolved with a value");
    });

  return [
    [6, 1, () => unit("getMessages", "getMessages", 1, async (c) => {
      const page = await c.getMessages(chat, { limit: 20 });
      expect(Array.isArray(page) && page.length === 20, "getMessages did not answer a full page");
    })],
    // Two pages of `messages()`, left with `break` as users do.
    [2, 2, () => unit("messages() pages", "getMessages", 2, async (c) => {
      let seen = 0;
      for await (const message of c.messages(chat, { pageSize: 10 })) {
        expect(typeof message.id === "string", "messages() yielded a message without an id");
        if (++seen > 10) break;
      }
      expect(seen === 11, `messages() ended after ${seen} messages`);
    })],
    [7, 1, () => {
      const id = pick(f.stable);
      return unit("getMessage", "getMessage", 1, async (c) => {
        expect((await c.getMessage(chat, id)).id === id, "getMessage answered another message");
      });
    }],
    [5, 1, () => unit("postToChannel(text)", "postToChannel", 1, async (c) =>
      keepPosted(await c.postToChannel(f.channel.unique_name, { text: text("channel"), sync_message: true })))],
    [4, 1, () => unit("postToChannel(card)", "postToChannel", 1, async (c) =>
      keepPosted(await c.postToChannel(f.channel.unique_name, card())))],
    [3, 1, () => unit("postToBot", "postToBot", 1, async (c) => {
      await c.postToBot(f.bot.unique_name, text("bot"));
    })],
    [4, 1, postChatCard],
    [3, 1, () => unit("postToUser", "postToUser", 1, async (c) => {
      const result = await c.postToUser(f.other.email, { text: text("dm"), sync_message: true });
      expect(typeof result?.messageId === "string", "postToUser returned no messageId");
    })],
    [5, 1, () => {
      const id = pick(f.stable);
      return unit("editMessage", "editMessage", 1, async (c) => {
        expect((await c.editMessage(chat, id, text("edited"), { notifyEdit: random() < 0.5 })) === undefined, "editMessage resolved with a value");
      });
    }],
    [4, 1, () => {
      // Taken now, so no other call uses a message being deleted.
      const id = f.deletable.shift();
      if (id === undefined) return postChatCard();
      return unit("deleteMessage", "deleteMessage", 1, async (c) => {
        expect((await c.deleteMessage(chat, id)) === undefined, "deleteMessage resolved with a value");
      });
    }],
    // Adding twice and removing an absent reaction are no-ops for Cliq, so
    // concurrent reactions on the same messages cannot conflict.
    [5, 1, () => {
      const id = pick(f.stable);
      const emoji = pick(EMOJI);
      return unit("addReaction", "addReaction", 1, async (c) => {
        expect((await c.addReaction(chat, id, emoji)) === undefined, "addReaction resolved with a value");
      });
    }],
    [5, 1, () => {
      const id = pick(f.stable);
      return unit("getReactions", "getReactions", 1, async (c) => {
        const reactions = await c.getReactions(chat, id);
        expect(reactions && typeof reactions === "object" && Object.keys(reactions).every((e) => EMOJI.includes(e)), "getReactions answered unknown emoji");
      });
    }],
    [4, 1, () => {
      const id = pick(f.stable);
      const emoji = pick(EMOJI);
      return unit("removeReaction", "removeReaction", 1, async (c) => {
        expect((await c.removeReaction(chat, id, emoji)) === undefined, "removeReaction resolved with a value");
      });
    }],
    [3, 1, () => {
      if (f.actions.length + f.creating >= MAX_OUTSTANDING_ACTIONS) return deleteAction(f.actions.shift());
      return createAction();
    }],
    [4, 1, () => unit("listMessageActions", "listMessageActions", 1, async (c) => {
      const page = await c.listMessageActions({ limit: 10 });
      expect(Array.isArray(page.data) && page.data.length > 0, "listMessageActions answered no actions");
    })],
    // Two pages of `messageActions()` (the stable actions alone fill more than one).
    [1.5, 2, () => unit("messageActions() pages", "listMessageActions", 2, async (c) => {
      let seen = 0;
      for await (const action of c.messageActions({ pageSize: 5 })) {
        expect(typeof action.id === "string", "messageActions() yielded an action without an id");
        if (++seen > 5) break;
      }
      expect(seen === 6, `messageActions() ended after ${seen} actions`);
    })],
    [4, 1, () => {
      const id = pick(f.stableActions).id;
      return unit("getMessageAction", "getMessageAction", 1, async (c) => {
        expect((await c.getMessageAction(id)).id === id, "getMessageAction answered another action");
      });
    }],
    [3, 1, () => {
      const id = pick(f.stableActions).id;
      const hint = text("hint");
      return unit("updateMessageAction", "updateMessageAction", 1, async (c) => {
        expect((await c.updateMessageAction(id, { hint })).id === id, "updateMessageAction answered another action");
      });
    }],
    [3, 1, () => {
      const id = f.actions.shift();
      return id === undefined ? createAction() : deleteAction(id);
    }],
    [4, 1, () => {
      const id = pick(f.stableActions).id;
      return unit("getMessageActionHandler", "getMessageActionHandler", 1, async (c) => {
        const handler = await c.getMessageActionHandler(id);
        expect(handler && typeof handler === "object", "getMessageActionHandler answered no handler");
      });
    }],
    [3, 1, () => {
      const action = pick(f.stableActions);
      const patch = action.webhook
        ? { permissions: pick([["chat", "message"], ["user"], ["chat", "message", "user", "location"]]) }
        : { script: `response = Map();\nresponse.put("text", "soak ${n()}");\nreturn response;` };
      return unit("updateMessageActionHandler", "updateMessageActionHandler", 1, async (c) => {
        const handler = await c.updateMessageActionHandler(action.id, patch);
        expect(action.webhook ? Array.isArray(handler.permissions) : handler.script === patch.script, "updateMessageActionHandler answered another handler");
      });
    }],
    // A client made for one call and freed at once (its own token, so its
    // own quota): constructor and free() over and over must not leak.
    [0.5, 1, () => unit("new client + getMessages + free()", "getMessages", 1, async () => {
      const client = new CliqClient(clientOptions(`soak-${cfg.runId}-ephemeral-${++stats.ephemeralClients}`, 0));
      try {
        expect((await client.getMessages(chat, { limit: 5 })).length === 5, "getMessages did not answer 5 messages");
      } finally {
        client.free();
      }
    })],
    // Expected errors: refused before sending, and answered 404.
    [0.8, 1, () => failing("postToChat(empty text)", "postToChat", "invalid_input", false, (c) => c.postToChat(cfg.refusedChat, { text: "" }))],
    [0.4, 1, () => failing("createMessageAction(31-character name)", "createMessageAction", "invalid_input", false,
      (c) => c.createMessageAction({ name: "n".repeat(31), hint: "Too long a name" }))],
    [0.4, 1, () => failing("getMessage(unknown id)", "getMessage", "not_found", true, (c) => c.getMessage(chat, "1000000000000_100000000000000"))],
    [0.4, 1, () => failing("getMessageAction(unknown id)", "getMessageAction", "not_found", true, (c) => c.getMessageAction("1"))],
  ];
}

let table;
let totalWeight;
let nextBurstAt;

/**
 * The next unit, at most `room` calls. Every `burstEvery` calls (the first
 * at `firstBurstAt`) one client gets `burstSize` getMessageAction calls in
 * a row (10 per quota minute), so its budget must make some of them wait:
 * the queue is exercised for sure, not only when the random mix happens to
 * crowd an operation.
 */
function nextUnit(room) {
  if (burst.length === 0 && planned >= nextBurstAt) {
    nextBurstAt += cfg.burstEvery;
    stats.bursts += 1;
    const client = clients[stats.bursts % clients.length];
    const id = fixture.stableActions[0].id;
    for (let i = 0; i < cfg.burstSize; i++) {
      burst.push({
        ...unit("getMessageAction(burst)", "getMessageAction", 1, async () => {
          expect((await client.getMessageAction(id)).id === id, "getMessageAction answered another action");
        }),
        client,
      });
    }
  }
  if (burst.length > 0) return burst.shift();
  for (;;) {
    let r = random() * totalWeight;
    let entry = table[table.length - 1];
    for (const e of table) {
      if ((r -= e[0]) < 0) {
        entry = e;
        break;
      }
    }
    if (entry[1] <= room) return { ...entry[2](), client: pick(clients) };
  }
}

async function runUnit(u) {
  try {
    await u.run(u.client);
  } catch (e) {
    stats.unexpected += 1;
    if (stats.unexpectedErrors.length < MAX_KEPT_ERRORS) {
      stats.unexpectedErrors.push(`${u.name}: ${e instanceof CliqError ? `CliqError ${e.kind} ${e.status ?? ""} ` : `${e?.name}: `}${e?.message}`);
    }
  }
  stats.calls += u.calls;
  stats.byOperation[u.operation] += u.calls;
  if (u.expectedKind && !u.sent) stats.refused += u.calls;
  else stats.sent += u.calls;
}

window.addEventListener("unhandledrejection", (e) => {
  stats.unexpected += 1;
  stats.unexpectedErrors.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`);
});

window.soak = {
  /** The wasm instance's linear memory, in bytes. */
  wasmBytes: () => wasm.memory.buffer.byteLength,

  /**
   * Creates the clients and the data the mix works on: messages to read,
   * edit and react to, and message actions to read and update.
   */
  async setup(options) {
    cfg = options;
    random = mulberry32(cfg.seed);
    stats = newStats();
    clients = Array.from({ length: cfg.clients }, (_, i) => new CliqClient(clientOptions(`soak-${cfg.runId}-client-${i}`, i)));
    const res = await fetch(`${cfg.origin}/__sandbox/state`, { headers: { Authorization: `Zoho-oauthtoken soak-${cfg.runId}-client-0` } });
    if (!res.ok) throw new Error(`GET /__sandbox/state answered ${res.status}`);
    const state = await res.json();
    const me = state.me.zuid;
    fixture = {
      channel: state.channels.find((c) => c.members.includes(me)),
      bot: state.bots.find((b) => b.subscribers.includes(me)),
      other: state.users.find((u) => u.zuid !== me),
      stable: [],
      deletable: [],
      stableActions: [],
      actions: [],
      creating: 0,
    };
    if (!fixture.channel || !fixture.bot || !fixture.other) throw new Error("the sandbox's seed lacks a channel, a bot or a second user");
    const setupClient = clients[0];
    for (let i = 0; i < STABLE_MESSAGES; i++) {
      const { messageId } = await setupClient.postToChannel(fixture.channel.unique_name, { text: `soak ${cfg.runId} stable ${i}`, sync_message: true });
      fixture.stable.push(messageId);
    }
    for (let i = 0; i < STABLE_ACTIONS; i++) {
      const webhook = i === STABLE_ACTIONS - 1;
      const action = await setupClient.createMessageAction({
        name: `soak-${cfg.runId}-stable-${i}`,
        hint: "Soak test action (stable)",
        ...(webhook ? { execution_type: "webhook", execution_url: "https://hooks.zylker.example/soak" } : {}),
      });
      fixture.stableActions.push({ id: action.id, webhook });
    }
    table = mixTable();
    totalWeight = table.reduce((sum, [w]) => sum + w, 0);
    // The first burst falls in the warm-up, so the memory a burst's queue
    // needs is part of the working size the soak is measured against.
    nextBurstAt = cfg.firstBurstAt;
    // The set-up's calls are not part of the soak's counters.
    stats = newStats();
    return { channel: fixture.channel.unique_name, bot: fixture.bot.unique_name, setupCalls: STABLE_MESSAGES + STABLE_ACTIONS };
  },

  /** Runs `total` more calls, `cfg.concurrency` in flight; answers the counters so far. */
  async run(total) {
    const target = planned + total;
    const worker = async () => {
      while (planned < target) {
        const u = nextUnit(target - planned);
        planned += u.calls;
        await runUnit(u);
      }
    };
    await Promise.all(Array.from({ length: cfg.concurrency }, worker));
    return JSON.parse(JSON.stringify(stats));
  },

  /** Deletes the message actions the soak created and frees the clients (not counted). */
  async cleanup() {
    const client = clients[0];
    for (const id of [...fixture.actions, ...fixture.stableActions.map((a) => a.id)]) await client.deleteMessageAction(id);
    fixture.actions = [];
    for (const c of clients) c.free();
    clients = [];
  },
};
