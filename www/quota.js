// The quota meter: the client's own budget per operation (rateLimitStatus),
// drawn as gauges that drain as calls are made, refill as the window
// passes, and turn into a countdown while Cliq has the operation locked.
// The quotas themselves come from the library (src/endpoint.rs holds the one
// table); the page only decides how to group the operations on screen.
import { h, formatDuration } from "./dom.js";

/** The operations grouped as Cliq documents them; any other operation the client reports goes under "Other". */
export const OPERATION_GROUPS = [
  ["Read", ["getMessages", "getMessage"]],
  ["Post", ["postToChannel", "postToBot", "postToChat", "postToUser"]],
  ["Edit & delete", ["editMessage", "deleteMessage"]],
  ["Reactions", ["addReaction", "getReactions", "removeReaction"]],
  ["Message actions", ["createMessageAction", "listMessageActions", "getMessageAction", "updateMessageAction", "deleteMessageAction"]],
  ["Handlers", ["getMessageActionHandler", "updateMessageActionHandler"]],
];

export function createQuotaMeter(container) {
  const gauges = new Map();
  const body = h("div", { class: "quota-groups" });
  const summary = h("p", { class: "quota-summary", "aria-live": "polite", text: "Connecting…" });
  container.append(
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "quota-title", text: "Quota" }),
      h("span", { class: "panel-sub", text: "budget left this minute" }),
    ),
    summary,
    body,
  );
  container.setAttribute("aria-labelledby", "quota-title");

  let client = null;
  let timer = null;
  // False while the gauges could not be drawn (the summary says why).
  let drawn = false;

  function readStatus() {
    try {
      return client.rateLimitStatus() || {};
    } catch (err) {
      summary.textContent = `Quota status unavailable: ${err?.message || err}`;
      return null;
    }
  }

  /**
   * One gauge per operation the client budgets, its maximum the operation's
   * per-minute quota as the library reports it (`limit`). Without one the
   * page guesses nothing: it says the package reports no quota and draws no
   * gauges.
   */
  function build(status) {
    gauges.clear();
    const unknown = Object.keys(status).filter((op) => quotaOf(status[op]) === null);
    if (unknown.length) {
      body.replaceChildren();
      const which = unknown.length === Object.keys(status).length ? "any operation (a package older than this page? ./scripts/build rebuilds pkg/)" : unknown.join(", ");
      summary.textContent = `Quota status unavailable: the library reports no per-minute limit for ${which}`;
      summary.dataset.tone = "bad";
      return false;
    }
    const grouped = new Set(OPERATION_GROUPS.flatMap(([, ops]) => ops));
    const other = Object.keys(status).filter((op) => !grouped.has(op));
    const groups = [...OPERATION_GROUPS, ["Other", other]];
    body.replaceChildren(
      ...groups
        .map(([groupName, ops]) => [groupName, ops.filter((op) => status[op])])
        .filter(([, ops]) => ops.length)
        .map(([groupName, ops]) =>
          h(
            "section",
            { class: "quota-group" },
            h("h3", { text: groupName }),
            h(
              "ul",
              { class: "quota-rows" },
              ops.map((op) => {
                const gauge = makeGauge(op, quotaOf(status[op]));
                gauges.set(op, gauge);
                return gauge.row;
              }),
            ),
          ),
        ),
    );
    return true;
  }

  function refresh() {
    if (!client || !drawn) return;
    const status = readStatus();
    if (!status) return;
    let locked = 0;
    let low = 0;
    for (const [op, s] of Object.entries(status)) {
      const gauge = gauges.get(op);
      if (!gauge) continue;
      gauge.update(s);
      if (s.lockedForMs > 0) locked += 1;
      else if (s.remaining / gauge.quota < 0.25) low += 1;
    }
    summary.textContent =
      locked > 0
        ? `${locked} operation${locked > 1 ? "s" : ""} locked by Cliq`
        : low > 0
          ? `${low} operation${low > 1 ? "s" : ""} running low`
          : "All operations have budget";
    summary.dataset.tone = locked ? "bad" : low ? "warn" : "ok";
  }

  return {
    attach(newClient) {
      client = newClient;
      clearInterval(timer);
      const status = readStatus();
      drawn = Boolean(status) && build(status);
      if (!drawn) return;
      refresh();
      timer = setInterval(refresh, 250);
    },
    refresh,
    /** A rate-limit event makes the operation's gauge pulse. */
    onRateLimit(e) {
      const gauge = gauges.get(e?.operation);
      if (gauge) {
        gauge.row.classList.remove("pulse");
        void gauge.row.offsetWidth; // restart the animation
        gauge.row.classList.add("pulse");
      }
      refresh();
    },
  };
}

/** An operation's calls per minute: the `limit` of its status, or null when that is not a positive whole number. */
function quotaOf(s) {
  const limit = s?.limit;
  return Number.isInteger(limit) && limit > 0 ? limit : null;
}

function makeGauge(op, quota) {
  const fill = h("span", { class: "gauge-fill" });
  const refill = h("span", { class: "gauge-refill" });
  const track = h("span", { class: "gauge-track", "aria-hidden": "true" }, fill, refill);
  const numbers = h("span", { class: "gauge-numbers", text: `${quota}/${quota}` });
  const note = h("span", { class: "gauge-note", text: "" });
  const meter = h(
    "div",
    {
      class: "gauge",
      role: "meter",
      "aria-label": op,
      "aria-valuemin": "0",
      "aria-valuemax": String(quota),
      "aria-valuenow": String(quota),
      "aria-valuetext": `${quota} of ${quota} calls left`,
    },
    track,
  );
  const row = h(
    "li",
    { class: "quota-row", dataset: { operation: op, state: "full" } },
    h("span", { class: "gauge-label", text: op, title: `${op}: ${quota} calls per minute` }),
    meter,
    numbers,
    note,
  );
  let last = "";
  const gauge = {
    row,
    quota,
    update(s) {
      const limit = quotaOf(s);
      if (limit !== null && limit !== gauge.quota) {
        gauge.quota = limit;
        meter.setAttribute("aria-valuemax", String(limit));
      }
      const remaining = Math.min(gauge.quota, Math.max(0, Math.floor(Number(s.remaining) || 0)));
      const lockedForMs = Number(s.lockedForMs) || 0;
      const resetInMs = Number(s.resetInMs) || 0;
      const key = `${gauge.quota}|${remaining}|${Math.ceil(lockedForMs / 1000)}|${Math.ceil(resetInMs / 1000)}`;
      if (key === last) return;
      last = key;
      const fraction = lockedForMs > 0 ? 1 : remaining / gauge.quota;
      fill.style.width = `${(fraction * 100).toFixed(1)}%`;
      const state = lockedForMs > 0 ? "locked" : fraction >= 0.999 ? "full" : fraction >= 0.5 ? "ok" : fraction >= 0.2 ? "low" : "empty";
      row.dataset.state = state;
      meter.setAttribute("aria-valuenow", String(lockedForMs > 0 ? 0 : remaining));
      if (lockedForMs > 0) {
        numbers.textContent = "locked";
        note.textContent = `unlocks in ${formatDuration(lockedForMs)}`;
        meter.setAttribute("aria-valuetext", `locked for ${formatDuration(lockedForMs)}`);
        refill.style.width = "0%";
      } else {
        numbers.textContent = `${remaining}/${gauge.quota}`;
        note.textContent = "";
        row.title = remaining < gauge.quota && resetInMs > 0 ? `${op}: refills in ${formatDuration(resetInMs)}` : `${op}: ${gauge.quota} calls per minute`;
        meter.setAttribute("aria-valuetext", `${remaining} of ${gauge.quota} calls left`);
        // The thin line under the bar shows how much of the window is left.
        refill.style.width = remaining < gauge.quota ? `${Math.min(100, (resetInMs / 60000) * 100).toFixed(1)}%` : "0%";
      }
    },
  };
  return gauge;
}
