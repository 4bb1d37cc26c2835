// Notices: readable errors (kind, code, field) and short confirmations, in a
// live region so screen readers announce them. Server text is only ever
// placed with textContent.
import { h, formatDuration } from "./dom.js";

const MAX_NOTICES = 4;
let region;

export function initNotices(el) {
  region = el;
}

function push(node, { timeoutMs } = {}) {
  region.prepend(node);
  while (region.children.length > MAX_NOTICES) region.lastElementChild.remove();
  if (timeoutMs) setTimeout(() => node.remove(), timeoutMs);
}

/** A success or info line that disappears by itself. */
export function notify(message, { tone = "success" } = {}) {
  const node = h(
    "div",
    { class: `notice notice-${tone}`, role: "status" },
    h("p", { class: "notice-title", text: message }),
    dismissButton(),
  );
  push(node, { timeoutMs: 4000 });
}

/**
 * An error notice. `err` is normally a CliqError; anything else is shown as
 * an unexpected error with its message.
 */
export function showError(title, err) {
  const facts = describeError(err);
  const node = h(
    "div",
    { class: "notice notice-error", role: "alert", dataset: { kind: facts.kind || "error" } },
    h("p", { class: "notice-title", text: title }),
    h(
      "dl",
      { class: "notice-facts" },
      facts.rows.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]),
    ),
    facts.message ? h("p", { class: "notice-message", text: facts.message }) : null,
    dismissButton(),
  );
  push(node);
  return node;
}

export function describeError(err) {
  const rows = [];
  const e = err || {};
  if (e.kind) rows.push(["Kind", e.kind]);
  if (e.code) rows.push(["Code", e.code]);
  if (e.field) rows.push(["Field", e.field]);
  if (e.status) rows.push(["Status", String(e.status)]);
  if (e.operation) rows.push(["Operation", e.operation]);
  if (e.retryAfterMs) rows.push(["Retry after", formatDuration(e.retryAfterMs)]);
  if (!rows.length) rows.push(["Kind", e.name || "error"]);
  const message = typeof e.message === "string" ? e.message : String(err);
  return { kind: e.kind, rows, message };
}

function dismissButton() {
  return h("button", {
    type: "button",
    class: "notice-close",
    "aria-label": "Dismiss notice",
    text: "×",
    onclick: (ev) => ev.currentTarget.closest(".notice").remove(),
  });
}

/**
 * Ask for confirmation in a modal dialog. Resolves true when the user
 * presses the confirm button (labelled `confirmLabel`, e.g. "Delete").
 */
export function confirmDialog({ title, body, confirmLabel = "Delete", tone = "danger" }) {
  return new Promise((resolve) => {
    const confirmBtn = h("button", { type: "submit", value: "yes", class: `btn btn-${tone}`, text: confirmLabel });
    const cancelBtn = h("button", { type: "submit", value: "no", class: "btn", text: "Cancel" });
    const titleId = `dlg-title-${Date.now()}`;
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": titleId },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: titleId, text: title }),
        body ? h("p", { text: body }) : null,
        h("div", { class: "dialog-actions" }, cancelBtn, confirmBtn),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "yes");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    cancelBtn.focus();
  });
}
