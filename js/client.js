// The JavaScript half of zoho-cliq-wasm: CliqClient's IO. Each call asks the
// wasm core (`Engine`) for its request, its place in the budget, and what the
// answer means (result, error, retry, lock); this file does what only JS can:
// fetch with abort and timeouts, timers, the token provider, events and async
// iteration. The package entry hands it the Engine class (`install`), so this
// module imports nothing and also runs as a wasm-bindgen snippet in tests.

let Engine = null;

/** Gives this module the wasm core's `Engine` class (the package entry does). */
export function install(engine) {
  Engine = engine;
}

/** The only error the client rejects with. */
export class CliqError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "CliqError";
    for (const key of ["kind", "operation", "status", "code", "field", "retryAfterMs"]) {
      if (fields && fields[key] != null) this[key] = fields[key];
    }
  }
}

const fail = (fields) => new CliqError(fields.message, fields);
const aborted = (operation) => fail({ kind: "aborted", operation, message: "aborted by the caller's signal" });

/** A core answer (JSON text); `{error}` becomes a thrown CliqError. */
function answer(text) {
  const out = JSON.parse(text);
  if (out && out.error) throw fail(out.error);
  return out;
}

/** JSON of call input; what JSON cannot carry is an input error. */
function toJson(value, field, operation, replacer) {
  try {
    return JSON.stringify(value === undefined ? null : value, replacer);
  } catch {
    throw fail({ kind: "invalid_input", operation, field, message: `${field} must be JSON-serialisable data` });
  }
}

// Stands in for functions in the options JSON (the core checks which are given).
const FUNCTION = "\u0000function";
const markFunctions = (key, value) => (typeof value === "function" ? FUNCTION : value);

/** Milliseconds on a monotonic clock, in every runtime. */
const now = () => (globalThis.performance ? globalThis.performance.now() : Date.now());

// setTimeout treats delays past 2^31-1 ms as 0; longer means "practically never".
const timer = (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), 2147483647));

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(id);
      resolve(false);
    };
    const id = timer(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with `ABORTED` as soon as `signal` aborts. */
const ABORTED = Symbol("aborted");
function abortable(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/**
 * One HTTP attempt. Resolves to {status, retryAfter, text, ms} or to
 * {failed: "aborted" | "timeout" | "network", text: detail, ms}; never rejects.
 */
async function send(fetchFn, req, headers, signal) {
  const started = now();
  const controller = new AbortController();
  let reason = "network";
  const onAbort = () => {
    reason = "aborted";
    controller.abort();
  };
  if (signal) {
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort(); // aborted just now (by an onRequest callback, say)
  }
  // Settles when the attempt is abandoned, even with a custom fetch that
  // ignores its signal.
  const abandoned = new Promise((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(new Error(reason)), { once: true });
  });
  abandoned.catch(() => {});
  const timeout = req.timeoutMs > 0
    ? timer(() => {
      reason = "timeout";
      controller.abort();
    }, req.timeoutMs)
    : null;
  try {
    if (controller.signal.aborted) throw new Error(reason);
    const init = { method: req.method, headers, signal: controller.signal };
    if (req.body != null) init.body = req.body;
    const res = await Promise.race([(fetchFn || globalThis.fetch)(req.url, init), abandoned]);
    const text = await Promise.race([res.text(), abandoned]);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text, ms: now() - started };
  } catch (e) {
    const text = reason === "timeout" ? `no answer within ${req.timeoutMs} ms`
      : reason === "aborted" ? "aborted by the caller's signal"
      : String((e && e.message) || e);
    return { failed: reason, text, ms: now() - started };
  } finally {
    if (timeout !== null) clearTimeout(timeout);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}

/** Calls an event callback; a throwing callback never breaks the call. */
function emit(callback, event) {
  if (callback) {
    try {
      callback(event);
    } catch {
      // The caller's callback failed; the call goes on.
    }
  }
}

/** The `signal` of call options, checked. */
function signalOf(opts, operation) {
  const signal = opts && typeof opts === "object" ? opts.signal : undefined;
  if (signal != null && (typeof signal !== "object" || typeof signal.aborted !== "boolean"
    || typeof signal.addEventListener !== "function")) {
    throw fail({ kind: "invalid_input", operation, field: "opts.signal", message: "opts.signal must be an AbortSignal" });
  }
  return signal || undefined;
}

// The methods and how many arguments each takes (the last is the call options).
const METHODS = {
  getMessages: 3, getMessage: 3, postToChannel: 3, postToBot: 3, postToChat: 3, postToUser: 3,
  editMessage: 4, deleteMessage: 3, addReaction: 4, getReactions: 3, removeReaction: 4,
  createMessageAction: 2, listMessageActions: 2, getMessageAction: 2, updateMessageAction: 3,
  deleteMessageAction: 2, getMessageActionHandler: 2, updateMessageActionHandler: 3,
};

// Frees a walk's state in the core when its iterator is dropped unfinished.
const unfinished = globalThis.FinalizationRegistry
  ? new FinalizationRegistry(({ engine, walk }) => {
    try {
      engine.walkClose(walk);
    } catch {
      // The client (and its engine) went first.
    }
  })
  : null;

/** A Zoho Cliq client: every method returns a Promise that rejects only with a `CliqError`. */
export class CliqClient {
  #engine;
  #token;
  #provider;
  #fetch;
  #on;
  #refreshing = null;
  #refreshes = 0;

  constructor(options) {
    const json = toJson(options, "options", "constructor", markFunctions);
    try {
      this.#engine = new Engine(json);
    } catch (e) {
      if (typeof e === "string") answer(e); // throws the CliqError the core described
      throw fail({
        kind: "invalid_input", operation: "constructor",
        message: `the wasm module is not ready: await init() before new CliqClient() (${(e && e.message) || e})`,
      });
    }
    this.#token = options.accessToken;
    this.#provider = options.getAccessToken;
    this.#fetch = options.fetch;
    this.#on = { rateLimit: options.onRateLimit, request: options.onRequest, response: options.onResponse };
  }

  static {
    for (const [operation, arity] of Object.entries(METHODS)) {
      Object.defineProperty(this.prototype, operation, {
        configurable: true,
        writable: true,
        value(...args) {
          return this.#call(operation, Array.from({ length: arity }, (_, i) => args[i]));
        },
      });
    }
  }

  async #call(operation, args) {
    const req = answer(this.#engine.request(operation, toJson(args, "arguments", operation)));
    return this.#execute(operation, req, signalOf(args[args.length - 1], operation), 0);
  }

  /** Budget left per operation. */
  rateLimitStatus() {
    return JSON.parse(this.#engine.status(now()));
  }

  /** How many times the token provider has been called (diagnostics, tests). */
  get tokenRefreshCount() {
    return this.#refreshes;
  }

  /** Every message of a conversation, oldest first, paging forward in time. */
  messages(chatId, query, opts) {
    return this.#walk("getMessages", [chatId, query, opts]);
  }

  /** Every message action, following `next_token` page by page. */
  messageActions(query, opts) {
    return this.#walk("listMessageActions", [query, opts]);
  }

  #walk(operation, args) {
    const engine = this.#engine;
    const opts = args[args.length - 1];
    let walk = 0;
    let setup = null;
    let signal;
    let optsJson;
    try {
      walk = answer(engine.walk(operation, toJson(args, "arguments", operation))).walk;
      signal = signalOf(opts, operation);
      optsJson = toJson(opts, "opts", operation);
    } catch (e) {
      setup = e;
      if (walk) engine.walkClose(walk);
    }
    let buffer = [];
    let closed = setup !== null;
    const close = () => {
      if (!closed) {
        closed = true;
        buffer = [];
        engine.walkClose(walk);
        if (unfinished) unfinished.unregister(iterator);
      }
    };
    // An error ends the walk: it rejects one next(), later ones are done.
    const step = async () => {
      for (;;) {
        if (setup) {
          const e = setup;
          setup = null;
          throw e;
        }
        if (buffer.length) return { value: buffer.shift(), done: false };
        if (closed) return { value: undefined, done: true };
        try {
          const req = answer(engine.walkRequest(walk, optsJson));
          if (req === null) {
            close();
            return { value: undefined, done: true };
          }
          buffer = await this.#execute(operation, req, signal, walk);
        } catch (e) {
          close();
          throw e;
        }
      }
    };
    let last = Promise.resolve();
    const iterator = {
      [Symbol.asyncIterator]() {
        return this;
      },
      // Overlapping next() calls are served one after another, so a page is
      // never fetched twice.
      next() {
        const result = last.then(step);
        last = result.catch(() => {});
        return result;
      },
      async return(value) {
        close();
        return { value, done: true };
      },
    };
    if (unfinished && !closed) unfinished.register(iterator, { engine, walk }, iterator);
    return iterator;
  }

  /** The token to send; concurrent callers share one provider call. */
  async #tokenFor(stale, signal, operation) {
    if (!this.#provider) return this.#token;
    // A known token serves unless it was refused or a refresh is under way.
    if (this.#token !== undefined && this.#token !== stale && !this.#refreshing) return this.#token;
    if (!this.#refreshing) {
      this.#refreshes++;
      let pending;
      try {
        pending = Promise.resolve(this.#provider(stale === null ? "initial" : "expired"));
      } catch (e) {
        pending = Promise.reject(e);
      }
      const shared = pending
        .then((token) => {
          // Control characters would break the header (and the runtime's error would quote the token).
          if (typeof token !== "string" || !token.trim() || /[\u0000-\u001f\u007f]/.test(token)) {
            throw new TypeError("not a token");
          }
          this.#token = token;
          return token;
        })
        .finally(() => {
          if (this.#refreshing === shared) this.#refreshing = null;
        });
      shared.catch(() => {}); // Every waiter may have aborted.
      this.#refreshing = shared;
    }
    try {
      return await abortable(this.#refreshing, signal);
    } catch (e) {
      if (e === ABORTED) throw aborted(operation);
      throw fail({
        kind: "unauthorized", operation,
        message: "getAccessToken did not return a non-empty token string without control characters",
      });
    }
  }

  /** Waits for (or, outside queue mode, checks) a place in the budget; resolves its slot. */
  async #admit(operation, signal) {
    let ticket = 0;
    let reported = false;
    const since = now();
    for (;;) {
      const out = JSON.parse(this.#engine.admit(operation, ticket, since, now()));
      if (out.go !== undefined) return out.go;
      if (out.error) {
        if (out.locked !== undefined) {
          emit(this.#on.rateLimit, { operation, type: "locked", retryAfterMs: out.locked });
        }
        throw fail(out.error);
      }
      ticket = out.ticket;
      if (!reported) {
        reported = true;
        emit(this.#on.rateLimit, { operation, type: "wait", retryAfterMs: out.wait });
      }
      if (!(await sleep(out.nap, signal))) {
        this.#engine.cancel(operation, ticket);
        throw aborted(operation);
      }
    }
  }

  /** Runs one request to completion: budget, token, attempts, retries. */
  async #execute(operation, req, signal, walk) {
    const engine = this.#engine;
    let attempt = 0; // for the retry policy: a 401 replay is not a retry
    let sent = 0; // for events: every request sent
    let stale = null;
    let replayed = false;
    for (;;) {
      if (signal && signal.aborted) throw aborted(operation);
      const slot = await this.#admit(operation, signal);
      let token;
      try {
        token = await this.#tokenFor(stale, signal, operation);
        if (signal && signal.aborted) throw aborted(operation);
      } catch (e) {
        engine.release(operation, slot);
        throw e;
      }
      attempt++;
      const event = { operation, method: req.method, url: req.url, attempt: ++sent };
      emit(this.#on.request, event);
      const headers = { ...req.headers, Authorization: req.auth + token };
      const got = await send(this.#fetch, req, headers, signal);
      // A runtime's error may quote request headers; the token never leaves.
      if (got.failed && token) got.text = got.text.split(token).join("[token]");
      const done = { ...event, durationMs: got.ms };
      if (got.failed) done.error = got.failed;
      else done.status = got.status;
      emit(this.#on.response, done);
      const out = JSON.parse(engine.conclude(
        operation, slot, got.status || 0, got.retryAfter ?? undefined, got.text,
        got.failed || "", attempt, now(), Math.random(), walk,
      ));
      if (!out.error) return out.ok === null ? undefined : out.ok; // void results
      const { error } = out;
      if (error.kind === "unauthorized" && this.#provider && !replayed) {
        // One fresh token and one replay; it does not count as a retry.
        replayed = true;
        stale = token;
        attempt--;
        continue;
      }
      if (out.throttle !== undefined) {
        emit(this.#on.rateLimit, { operation, type: "throttle", retryAfterMs: out.throttle });
      }
      if (error.kind === "aborted" || out.retryIn === undefined) throw fail(error);
      if (!(await sleep(out.retryIn, signal))) throw aborted(operation);
      // The clock and the timer may disagree by a millisecond at the end of
      // a Retry-After lock; a longer lock (another call's throttle) is left
      // to the budget, which refuses at once.
      const slop = engine.lockedFor(operation, now());
      if (slop > 0 && slop <= 50 && !(await sleep(slop + 1, signal))) throw aborted(operation);
    }
  }
}

/** The rules a message breaks (`[]` when it can be sent). */
export function validateMessage(message) {
  let json;
  try {
    json = JSON.stringify(message === undefined ? null : message);
  } catch {
    return [{ field: "message", message: "must be JSON-serialisable data" }];
  }
  return JSON.parse(Engine.validateMessage(json));
}

/** The rules a message action (create) or patch (update) breaks. */
export function validateMessageAction(input, mode) {
  let json;
  try {
    json = JSON.stringify(input === undefined ? null : input);
  } catch {
    return [{ field: "input", message: "must be JSON-serialisable data" }];
  }
  return JSON.parse(Engine.validateMessageAction(json, typeof mode === "string" ? mode : ""));
}

/** The library version. */
export function version() {
  return Engine.version();
}
