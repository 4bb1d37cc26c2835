// The JavaScript half of the wasm edge: what JS does better or smaller than
// Rust (the Error subclass, fetch with abort and timeout, timers, async
// iteration). Everything here is small and free of API knowledge.

/** The only error the client rejects with. */
export class CliqError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "CliqError";
    for (const key of ["kind", "operation", "status", "code", "field", "retryAfterMs"]) {
      if (fields && fields[key] !== undefined && fields[key] !== null) this[key] = fields[key];
    }
  }
}

export function makeError(json) {
  const fields = JSON.parse(json);
  return new CliqError(fields.message, fields);
}

/** Milliseconds on a monotonic clock, in every runtime. */
export function now() {
  return globalThis.performance ? globalThis.performance.now() : Date.now();
}

// setTimeout treats delays past 2^31-1 ms as 0; longer means "practically never".
const MAX_TIMER_MS = 2147483647;
const timer = (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));

/**
 * One HTTP attempt. Resolves to {status, retryAfter, text, ms} or to
 * {failure: "aborted" | "timeout" | "network", message, ms}; never rejects.
 */
export async function send(fetchFn, method, url, headers, body, signal, timeoutMs) {
  const started = now();
  if (signal && signal.aborted) return { failure: "aborted", message: "aborted before sending", ms: 0 };
  const controller = new AbortController();
  let reason = null;
  const onAbort = () => { reason = "aborted"; controller.abort(); };
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  const timeout = timeoutMs > 0 ? timer(() => { reason = "timeout"; controller.abort(); }, timeoutMs) : null;
  try {
    const doFetch = fetchFn || globalThis.fetch;
    const init = { method, headers, signal: controller.signal };
    if (body !== undefined && body !== null) init.body = body;
    const res = await doFetch(url, init);
    const text = await res.text();
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text, ms: now() - started };
  } catch (e) {
    const message = reason === "timeout" ? `no answer within ${timeoutMs} ms`
      : reason === "aborted" ? "aborted by the caller's signal"
      : String((e && e.message) || e);
    return { failure: reason || "network", message, ms: now() - started };
  } finally {
    if (timeout !== null) clearTimeout(timeout);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => { clearTimeout(id); resolve(false); };
    const id = timer(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles like `promise`, or resolves `{aborted: true}` as soon as `signal` aborts. */
export function untilAborted(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve({ aborted: true });
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve({ aborted: true });
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener("abort", onAbort); resolve(v); },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e); });
  });
}

/**
 * Wraps a Rust pager ({next(): Promise<{done, value}>, close()}) as an async
 * iterable. Overlapping next() calls are served one after another, so a
 * page is never fetched twice.
 */
export function asyncIterable(pager) {
  let last = Promise.resolve();
  return {
    [Symbol.asyncIterator]() { return this; },
    next() {
      const step = last.then(() => pager.next());
      last = step.catch(() => {});
      return step;
    },
    async return(value) { pager.close(); return { done: true, value }; },
  };
}
