// The request log: one row per HTTP attempt the library makes, filled from
// its onRequest / onResponse hooks, plus rate-limit events from onRateLimit.
// The library never puts a token in these events (a webhook token shows as
// zapikey=<redacted>); query parameters that look like credentials are
// still masked the same way, as a second guard. zohoOAuth's token requests
// are logged by connection.js without their query or body.
import { h, formatDuration } from "./dom.js";

const MAX_ROWS = 200;
const SECRET_PARAMS = /^(zapikey|token|access_token|authtoken|refresh_token|client_secret)$/i;

export function createLog(container) {
  const list = h("ol", { class: "log-list", "aria-label": "Requests, newest first" });
  const empty = h("p", { class: "log-empty", text: "No requests yet. Everything the library sends appears here." });
  const count = h("span", { class: "log-count", "aria-live": "off", text: "0" });
  const clearBtn = h("button", {
    type: "button",
    class: "btn btn-small btn-ghost",
    text: "Clear",
    "aria-label": "Clear request log",
    onclick: () => {
      list.replaceChildren();
      pending.length = 0;
      total = 0;
      count.textContent = "0";
      empty.hidden = false;
    },
  });
  container.append(
    h("div", { class: "panel-head" }, h("h2", { id: "log-title" }, "Request log ", count), clearBtn),
    empty,
    list,
  );
  container.setAttribute("aria-labelledby", "log-title");

  const pending = []; // rows waiting for their response, oldest first
  let total = 0;

  function addRow(row) {
    empty.hidden = true;
    list.prepend(row);
    while (list.children.length > MAX_ROWS) list.lastElementChild.remove();
    total += 1;
    count.textContent = String(total);
  }

  function onRequest(e) {
    const { path, query } = splitUrl(e.url);
    const attempt = Number(e.attempt) || 1;
    const status = h("span", { class: "log-status pending", text: "…", title: "waiting for the answer" });
    const duration = h("span", { class: "log-duration", text: "" });
    const row = h(
      "li",
      { class: "log-row", dataset: { method: String(e.method || "").toUpperCase(), operation: e.operation || "" } },
      h("span", { class: `log-method m-${String(e.method || "").toLowerCase()}`, text: String(e.method || "?").toUpperCase() }),
      h(
        "span",
        { class: "log-path", title: path + query },
        h("span", { text: path }),
        query ? h("span", { class: "log-query", text: query }) : null,
      ),
      status,
      duration,
      h(
        "span",
        { class: "log-op" },
        e.operation || "",
        attempt > 1 ? h("span", { class: "log-attempt", text: ` · attempt ${attempt}` }) : null,
      ),
    );
    addRow(row);
    pending.push({ key: keyOf(e), id: e.requestId ?? e.id, row, status, duration, started: performance.now() });
  }

  function onResponse(e) {
    const id = e.requestId ?? e.id;
    let index = id !== undefined ? pending.findIndex((p) => p.id === id) : -1;
    if (index < 0) index = pending.findIndex((p) => p.key === keyOf(e));
    if (index < 0) index = pending.findIndex((p) => p.key.split(" ")[2] === (e.operation || ""));
    if (index < 0) return;
    const [entry] = pending.splice(index, 1);
    const status = Number(e.status);
    const durationMs = Number.isFinite(Number(e.durationMs)) ? Number(e.durationMs) : performance.now() - entry.started;
    entry.status.textContent = status ? String(status) : e.error || e.kind || "failed";
    entry.status.className = `log-status ${statusClass(status)}`;
    entry.status.title = status ? `HTTP ${status}` : "no HTTP answer";
    entry.duration.textContent = `${Math.round(durationMs)} ms`;
    entry.row.dataset.status = status ? String(status) : "none";
  }

  function onRateLimit(e) {
    const op = e.operation || "";
    const waitMs = Number(e.waitMs ?? e.retryAfterMs ?? e.lockedForMs ?? e.delayMs ?? 0);
    const reason = e.reason || e.kind || e.type || "rate limit";
    const row = h(
      "li",
      { class: "log-row log-ratelimit", dataset: { operation: op } },
      h("span", { class: "log-method m-wait", text: "WAIT", "aria-label": "rate limit" }),
      h("span", { class: "log-path", text: `${op}: ${String(reason).replaceAll("_", " ")}` }),
      h("span", { class: "log-status s-4xx", text: waitMs ? formatDuration(waitMs) : "—" }),
      h("span", { class: "log-duration", text: "" }),
      h("span", { class: "log-op", text: "onRateLimit" }),
    );
    addRow(row);
  }

  return { onRequest, onResponse, onRateLimit };
}

function keyOf(e) {
  return `${String(e.method || "").toUpperCase()} ${e.url} ${e.operation || ""}`;
}

function statusClass(status) {
  if (!status) return "s-err";
  if (status < 300) return "s-2xx";
  if (status < 500) return "s-4xx";
  return "s-5xx";
}

function splitUrl(raw) {
  try {
    const url = new URL(String(raw), location.href);
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_PARAMS.test(key)) url.searchParams.set(key, "<redacted>");
    }
    const query = url.search ? decodeURIComponent(url.search.replaceAll("+", " ")) : "";
    return { path: decodeURIComponent(url.pathname), query };
  } catch {
    return { path: String(raw || ""), query: "" };
  }
}
