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
  const timer = timeoutMs > 0 ? setTimeout(() => { reason = "timeout"; controller.abort(); }, timeoutMs) : null;
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
    if (timer !== null) clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, Math.max(0, ms));
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Wraps a Rust pager ({next(): Promise<{done, value}>, close()}) as an async iterable. */
export function asyncIterable(pager) {
  return {
    [Symbol.asyncIterator]() { return this; },
    next() { return pager.next(); },
    async return(value) { pager.close(); return { done: true, value }; },
  };
}
