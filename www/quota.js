// The quota meter: the client's own budget per operation (rateLimitStatus),
// drawn as gauges that drain as calls are made, refill as the window
// passes, and turn into a countdown while Cliq has the operation locked.
import { h, formatDuration } from "./dom.js";

// Per-minute quotas from cliq-api.md (decision 1), grouped as Cliq documents them.
export const QUOTA_GROUPS = [
  ["Read", { getMessages: 15, getMessage: 30 }],
  ["Post", { postToChannel: 50, postToBot: 20, postToChat: 20, postToUser: 20 }],
  ["Edit & delete", { editMessage: 20, deleteMessage: 20 }],
  ["Reactions", { addReaction: 20, getReactions: 20, removeReaction: 20 }],
  [
    "Message actions",
    { createMessageAction: 30, listMessageActions: 30, getMessageAction: 10, updateMessageAction: 10, deleteMessageAction: 10 },
  ],
  ["Handlers", { getMessageActionHandler: 10, updateMessageActionHandler: 10 }],
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

  for (const [groupName, ops] of QUOTA_GROUPS) {
    const rows = Object.entries(ops).map(([op, quota]) => {
      const gauge = makeGauge(op, quota);
      gauges.set(op, gauge);
      return gauge.row;
    });
    body.append(h("section", { class: "quota-group" }, h("h3", { text: groupName }), h("ul", { class: "quota-rows" }, rows)));
  }

  let client = null;
  let timer = null;

  function refresh() {
    if (!client) return;
    let status;
    try {
      status = client.rateLimitStatus();
    } catch (err) {
      summary.textContent = `Quota status unavailable: ${err?.message || err}`;
      return;
    }
    let locked = 0;
    let low = 0;
    for (const [op, s] of Object.entries(status || {})) {
      let gauge = gauges.get(op);
      if (!gauge) {
        // An operation this page does not know yet: show it anyway.
        gauge = makeGauge(op, Math.max(1, Number(s.remaining) || 1));
        gauges.set(op, gauge);
        body.lastElementChild.querySelector("ul").append(gauge.row);
      }
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
      const remaining = Math.max(0, Math.floor(Number(s.remaining) || 0));
      if (remaining > gauge.quota) {
        gauge.quota = remaining;
        meter.setAttribute("aria-valuemax", String(remaining));
      }
      const lockedForMs = Number(s.lockedForMs) || 0;
      const resetInMs = Number(s.resetInMs) || 0;
      const key = `${remaining}|${Math.ceil(lockedForMs / 1000)}|${Math.ceil(resetInMs / 1000)}`;
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
