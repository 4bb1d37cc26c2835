// Small DOM helpers. Everything on this page is built with elements and
// textContent: no string of data ever passes through an HTML parser.

/**
 * Build an element.
 * h("button", { class: "primary", onclick: fn, "aria-label": "Post" }, "Post")
 * Attributes: `class`, `text`, `dataset`, `style` (object), `on<event>`,
 * boolean `true` sets an empty attribute, `false`/null/undefined is skipped.
 * Children: nodes, strings (as text), arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" && "value" in el) el.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace all children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

let idCounter = 0;
/** A unique element id, for label/for and aria-describedby wiring. */
export function uid(prefix = "f") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled form field: <div class="field"><label>…</label><control/><p class="hint"/><p class="error"/></div>.
 * Returns { wrap, control, error } so validation can point at it.
 */
export function field(labelText, control, { hint, className } = {}) {
  const id = control.id || uid("in");
  control.id = id;
  const errorEl = h("p", { class: "field-error", id: `${id}-err`, hidden: true, "aria-live": "polite" });
  const hintEl = hint ? h("p", { class: "field-hint", id: `${id}-hint`, text: hint }) : null;
  control.setAttribute("aria-describedby", [hintEl && hintEl.id, errorEl.id].filter(Boolean).join(" "));
  const label = h("label", { for: id, text: labelText });
  const wrap = h("div", { class: `field ${className || ""}`.trim() }, label, control, hintEl, errorEl);
  return { wrap, control, error: errorEl, label };
}

/** Show (or clear, with an empty message) a field's inline error. */
export function setFieldError(f, message) {
  if (!f) return;
  f.error.textContent = message || "";
  f.error.hidden = !message;
  if (message) f.control.setAttribute("aria-invalid", "true");
  else f.control.removeAttribute("aria-invalid");
}

/** A checkbox with its label after it. */
export function checkbox(labelText, attrs = {}) {
  const input = h("input", { type: "checkbox", id: uid("cb"), ...attrs });
  const label = h("label", { class: "check", for: input.id }, input, h("span", { text: labelText }));
  return { input, label };
}

/** A <select> from [value, label] pairs (or plain strings). */
export function select(options, attrs = {}) {
  const el = h("select", attrs);
  setOptions(el, options);
  return el;
}

export function setOptions(selectEl, options) {
  const current = selectEl.value;
  selectEl.replaceChildren(
    ...options.map((o) => {
      const [value, label] = Array.isArray(o) ? o : [o, o];
      return h("option", { value, text: label });
    }),
  );
  if (options.some((o) => (Array.isArray(o) ? o[0] : o) === current)) selectEl.value = current;
}

/** Fill a <datalist>. */
export function setDatalist(listEl, entries) {
  listEl.replaceChildren(...entries.map(([value, label]) => h("option", { value, label: label || value })));
}

/**
 * A URL from a message, as an absolute http(s) URL to link to or load, or
 * null. Relative URLs resolve against the page (so the sandbox's own
 * `/__sandbox/assets/…` images load from this origin); every other scheme
 * (`javascript:`, `data:`, `blob:`, `file:`, …) is refused.
 */
export function safeUrl(value) {
  if (typeof value !== "string" || !value.trim()) return null;
  try {
    const url = new URL(value.trim(), location.href);
    if (url.protocol === "https:" || url.protocol === "http:") return url.href;
  } catch {
    /* not a URL */
  }
  return null;
}

/** Human duration: 4:05, 42 s, 850 ms. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return "0 s";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
}

/** Debounce for validate-as-you-type. */
export function debounce(fn, ms = 120) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
