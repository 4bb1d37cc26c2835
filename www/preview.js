// Renders Cliq message content — text with Cliq's markdown and mentions,
// cards (modern-inline, poll, prompt), slides and buttons — the way Cliq
// shows them. Used for the compose preview and for the conversation, so it
// treats every string as untrusted: text nodes only, URLs checked.
//
// Mentions are named from a directory the caller passes in
// (`directoryFrom(state)` in org.js); without one they show their ids.
import { h, safeUrl } from "./dom.js";

const NO_DIRECTORY = { people: new Map(), channels: new Map() };

const SHORTCODES = {
  ":smile:": "😄", ":thumbsup:": "👍", ":+1:": "👍", ":heart:": "❤️", ":tada:": "🎉", ":fire:": "🔥",
  ":eyes:": "👀", ":rocket:": "🚀", ":white_check_mark:": "✅", ":laughing:": "😆", ":clap:": "👏",
  ":ok_hand:": "👌", ":thinking:": "🤔", ":joy:": "😂", ":100:": "💯", ":pray:": "🙏", ":wave:": "👋",
};
/** How an emoji code looks: the character for known :shortcodes:, else the code itself. */
export function emojiGlyph(code) {
  return SHORTCODES[code] || code;
}

// ---------------------------------------------------------------- text

// Emphasis markers only count at word boundaries, so snake_case_names and
// 2*3*4 stay as they are.
const INLINE =
  /(`[^`\n]+`)|((?<![\p{L}\p{N}*])\*(?!\s)[^*\n]+?(?<!\s)\*(?![\p{L}\p{N}*]))|((?<![\p{L}\p{N}_])_(?!\s)[^_\n]+?(?<!\s)_(?![\p{L}\p{N}_]))|((?<![\p{L}\p{N}~])~(?!\s)[^~\n]+?(?<!\s)~(?![\p{L}\p{N}~]))|(\[[^\]\n]+\]\([^)\s]+\))|(\{[@#][^}\s]+\})/gu;

/**
 * Cliq-flavoured text: *bold*, _italic_, ~strike~, `code`, ```blocks```, [links](url), {@mentions}.
 * `env`: `{ directory, references }`, the directory naming mentions and the
 * message's references for `[label]($ref)` buttons.
 */
export function renderText(text, env = {}) {
  const frag = document.createDocumentFragment();
  if (text === null || text === undefined) return frag;
  const parts = String(text).split(/```([\s\S]*?)```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) frag.append(h("pre", { class: "cq-codeblock" }, h("code", { text: part.replace(/^\n/, "") })));
    else frag.append(renderLines(part, env));
  });
  return frag;
}

function renderLines(text, env) {
  const frag = document.createDocumentFragment();
  text.split("\n").forEach((line, i) => {
    if (i > 0) frag.append(h("br"));
    frag.append(renderInline(line, env));
  });
  return frag;
}

function renderInline(text, env) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    last = m.index + m[0].length;
    const token = m[0];
    const inner = token.slice(1, -1);
    if (m[1]) frag.append(h("code", { class: "cq-code", text: inner }));
    else if (m[2]) frag.append(h("strong", {}, renderInline(inner, env)));
    else if (m[3]) frag.append(h("em", {}, renderInline(inner, env)));
    else if (m[4]) frag.append(h("s", {}, renderInline(inner, env)));
    else if (m[5]) frag.append(renderLink(token, env.references));
    else if (m[6]) frag.append(renderMention(token, env.directory || NO_DIRECTORY));
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

function renderLink(token, references) {
  const match = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(token);
  const [, label, target] = match;
  if (/^(zohoid|mail):/i.test(target)) {
    return h("span", { class: "cq-mention silent", title: `silent mention: ${target}`, text: `@${label}` });
  }
  if (target.startsWith("$")) {
    const ref = references && references[target.slice(1)];
    const button = ref && ref.object ? ref.object : { label };
    return h("span", { class: `cq-btn cq-btn-inline ${button.type === "-" ? "negative" : "positive"}`, title: describeAction(button.action) }, label);
  }
  const href = safeUrl(target);
  if (!href) return document.createTextNode(token);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, label);
}

function renderMention(token, directory) {
  const kind = token[1];
  const id = token.slice(2, -1);
  if (kind === "#") {
    const name = directory.channels.get(id) || id;
    return h("span", { class: "cq-mention channel", title: `channel ${id}`, text: `#${name}` });
  }
  const special = { all: "all", available: "available", participants: "participants" };
  const name = special[id] || directory.people.get(id) || directory.people.get(id.toLowerCase()) || id;
  return h("span", { class: "cq-mention", title: `mention ${id}`, text: `@${name}` });
}

// ---------------------------------------------------------------- cards

/**
 * The message content, as Cliq would show it: text, card, slides, buttons.
 * `directory` names mentioned people and channels (see org.js).
 */
export function renderContent(content, directory = NO_DIRECTORY) {
  const c = content || {};
  // The message's references only apply to its text.
  const env = { directory };
  const textEnv = { directory, references: c.references };
  const wrap = h("div", { class: "cq-content" });
  const hasText = c.text !== undefined && c.text !== null && c.text !== "";
  // A card message shows its text inside the card, under the title, as Cliq does.
  if (c.card && typeof c.card === "object") wrap.append(renderCard(c.card, c, directory));
  else if (hasText) wrap.append(h("div", { class: "cq-text" }, renderText(c.text, textEnv)));
  if (!c.card && Array.isArray(c.buttons) && c.buttons.length) wrap.append(renderButtons(c.buttons));
  if (Array.isArray(c.slides) && c.slides.length) wrap.append(h("div", { class: "cq-slides" }, c.slides.map((s) => renderSlide(s, directory))));
  if (c.card && Array.isArray(c.buttons) && c.buttons.length && !(c.card.theme === "prompt" || c.card.theme === "modern-inline")) {
    wrap.append(renderButtons(c.buttons));
  }
  if (c.file) wrap.append(renderFile(c));
  if (c.comment) wrap.append(h("div", { class: "cq-text" }, renderText(c.comment, env)));
  return wrap;
}

export function renderCard(card, content = {}, directory = NO_DIRECTORY) {
  const env = { directory };
  const theme = card.theme || "modern-inline";
  const thumb = safeUrl(card.thumbnail);
  const titleRow = h(
    "div",
    { class: "cq-card-head" },
    theme === "poll" ? h("span", { class: "cq-card-badge", text: "Poll" }) : null,
    h("div", { class: "cq-card-title", text: card.title ?? "" }),
    thumb && theme !== "poll" ? image(thumb, "cq-card-thumb") : null,
  );
  const node = h("article", { class: `cq-card theme-${cssToken(theme)}`, "aria-label": `Card: ${card.title ?? ""}` }, titleRow);
  if (content.text !== undefined && content.text !== null && content.text !== "") {
    node.append(h("div", { class: "cq-text cq-card-text" }, renderText(content.text, { directory, references: content.references })));
  }

  if (theme === "poll" && Array.isArray(card.options)) {
    const total = card.options.reduce((n, o) => n + (Number(o?.votes) || 0), 0);
    node.append(
      h(
        "ul",
        { class: "cq-poll" },
        card.options.map((o) => {
          const votes = Number(o?.votes) || 0;
          const bar = h("span", { class: "cq-poll-bar" });
          bar.style.width = total ? `${(votes / total) * 100}%` : "0%";
          return h(
            "li",
            { class: "cq-poll-option" },
            bar,
            h("span", { class: "cq-poll-radio", "aria-hidden": "true" }),
            h("span", { class: "cq-poll-text", text: o?.text ?? String(o ?? "") }),
            total ? h("span", { class: "cq-poll-votes", text: String(votes) }) : null,
          );
        }),
      ),
    );
  }
  if (Array.isArray(card.sections)) {
    for (const section of card.sections) {
      if (!section) continue;
      node.append(
        h(
          "section",
          { class: "cq-section" },
          section.title ? h("h4", { class: "cq-section-title", text: section.title }) : null,
          Array.isArray(section.fields) && section.fields.length
            ? h(
                "dl",
                { class: "cq-fields" },
                section.fields.map((f) =>
                  h("div", { class: "cq-field" }, h("dt", { text: f?.title ?? "" }), h("dd", {}, renderText(f?.value ?? "", env))),
                ),
              )
            : null,
        ),
      );
    }
  }
  const buttons = Array.isArray(card.buttons) && card.buttons.length ? card.buttons : theme === "prompt" || theme === "modern-inline" ? content.buttons : null;
  if (Array.isArray(buttons) && buttons.length) node.append(renderButtons(buttons, theme === "prompt" ? "center" : ""));
  return node;
}

export function renderButtons(buttons, align = "") {
  return h(
    "div",
    { class: `cq-buttons ${align}`.trim() },
    buttons.map((b) =>
      // Spans, not <button>s: a preview's buttons do nothing, and must not be
      // mistaken for the page's own controls.
      h("span", {
        class: `cq-btn ${b?.type === "-" ? "negative" : "positive"}`,
        title: [b?.hint, describeAction(b?.action)].filter(Boolean).join(" — "),
        text: b?.label ?? "",
      }),
    ),
  );
}

function describeAction(action) {
  if (!action || !action.type) return "";
  const d = action.data || {};
  const target = d.web || d.url || d.name || d.api || d.text || d.bot_name || "";
  return `${action.type}${target ? ` → ${target}` : ""}${action.confirm ? " (asks to confirm)" : ""}`;
}

// ---------------------------------------------------------------- slides

export function renderSlide(slide, directory = NO_DIRECTORY) {
  const s = slide || {};
  const env = { directory };
  const body = h("div", { class: "cq-slide-body" });
  try {
    switch (s.type) {
      case "table":
        body.append(renderTable(s.data, env));
        break;
      case "list": {
        const style = s.styles?.type;
        const ordered = /decimal|alpha|roman/.test(style || "");
        const list = h(ordered ? "ol" : "ul", { class: "cq-list" }, (Array.isArray(s.data) ? s.data : []).map((item) => h("li", {}, renderText(String(item), env))));
        if (style && /^[a-z-]+$/.test(style)) list.style.listStyleType = style;
        body.append(list);
        break;
      }
      case "label":
        body.append(renderLabels(s.data, env));
        break;
      case "images":
      case "image": {
        const urls = (Array.isArray(s.data) ? s.data : [s.data]).map((u) => safeUrl(u)).filter(Boolean);
        body.append(
          h("div", { class: "cq-images" }, urls.map((src) => image(src, ""))),
        );
        break;
      }
      case "text":
        body.append(h("p", { class: "cq-slide-text" }, renderText(typeof s.data === "string" ? s.data : JSON.stringify(s.data), env)));
        break;
      case "percentage_chart":
        body.append(renderBars(Array.isArray(s.data) ? s.data : [], "label", "value", true));
        break;
      default:
        body.append(h("pre", { class: "cq-raw", text: JSON.stringify(s.data, null, 2) ?? "" }));
    }
  } catch {
    body.replaceChildren(h("pre", { class: "cq-raw", text: JSON.stringify(s.data) ?? "" }));
  }
  return h(
    "section",
    { class: `cq-slide type-${cssToken(s.type || "unknown")}` },
    s.title ? h("h4", { class: "cq-slide-title", text: s.title }) : null,
    body,
  );
}

function renderTable(data, env) {
  const headers = Array.isArray(data?.headers) ? data.headers.map(String) : [];
  const rows = Array.isArray(data?.rows) ? data.rows : [];
  return h(
    "div",
    { class: "cq-table-wrap" },
    h(
      "table",
      { class: "cq-table" },
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col", text: x })))),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            {},
            headers.map((x) => h("td", {}, renderText(row && row[x] !== undefined && row[x] !== null ? String(row[x]) : "", env))),
          ),
        ),
      ),
    ),
  );
}

function renderLabels(data, env) {
  const items = [];
  for (const entry of Array.isArray(data) ? data : []) {
    if (entry && typeof entry === "object" && "label" in entry && "value" in entry) items.push([entry.label, entry.value]);
    else if (entry && typeof entry === "object") for (const [k, v] of Object.entries(entry)) items.push([k, v]);
  }
  return h(
    "dl",
    { class: "cq-labels" },
    items.map(([k, v]) => h("div", { class: "cq-label" }, h("dt", { text: String(k) }), h("dd", {}, renderText(String(v ?? ""), env)))),
  );
}

function renderBars(items, labelKey, valueKey) {
  const total = items.reduce((n, i) => n + (Number(i?.[valueKey]) || 0), 0) || 1;
  return h(
    "ul",
    { class: "cq-bars" },
    items.map((i) => {
      const bar = h("span", { class: "cq-bar" });
      bar.style.width = `${((Number(i?.[valueKey]) || 0) / total) * 100}%`;
      return h("li", {}, h("span", { text: String(i?.[labelKey] ?? "") }), bar, h("span", { text: String(i?.[valueKey] ?? "") }));
    }),
  );
}

function renderFile(c) {
  const f = c.file || {};
  return h("div", { class: "cq-file" }, h("span", { class: "cq-file-icon", "aria-hidden": "true", text: "📎" }), h("span", { text: f.name || "file" }));
}

/** An image from a message: no referrer, and hidden when it cannot be loaded. */
function image(src, className) {
  const img = h("img", { class: className, src, alt: "", referrerpolicy: "no-referrer", loading: "lazy", decoding: "async" });
  img.addEventListener("error", () => {
    img.hidden = true;
  });
  return img;
}

function cssToken(value) {
  return String(value).replace(/[^a-z0-9_-]/gi, "").toLowerCase() || "x";
}
