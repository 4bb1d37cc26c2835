// The card builder: theme, title, thumbnail, sections, poll options,
// buttons with their action types, and slides. It produces the `card`,
// and `slides` parts of an OutgoingMessage in Cliq's own wire shape, and
// tells the composer which input shows which field path (for validation).
import { h, field, select, uid } from "./dom.js";

export const ACTION_TYPES = [
  ["open.url", "Open a URL", [["web", "URL", "https://"]]],
  ["preview.url", "Preview a URL in Cliq", [["url", "URL", "https://"]]],
  ["invoke.function", "Invoke a function", [["name", "Function name", "approve"], ["owner", "Owner email (optional)", ""]]],
  ["system.api", "System action", [["api", "API (e.g. startchat/<zuid>)", "startchat/"]]],
  ["copy", "Copy text", [["text", "Text to copy", ""]]],
  ["invoke.bot", "Message a bot", [["bot_name", "Bot name", ""], ["message", "Message", ""]]],
];

const SLIDE_TYPES = [
  ["table", "Table"],
  ["list", "List"],
  ["label", "Labels"],
  ["images", "Images"],
  ["text", "Text"],
];

const LIST_STYLES = ["disc", "circle", "square", "decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"];
const MAX_BUTTONS = 5;
const MAX_SLIDES = 20;

export function createCardBuilder(onChange) {
  const changed = () => onChange();
  let theme = "modern-inline";

  // --- theme
  const themeGroup = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Card theme" });
  const themes = [
    ["modern-inline", "Modern inline"],
    ["poll", "Poll"],
    ["prompt", "Prompt"],
  ];
  const themeName = uid("theme");
  for (const [value, label] of themes) {
    const input = h("input", { type: "radio", name: themeName, value, id: uid("th"), checked: value === theme });
    input.addEventListener("change", () => {
      theme = value;
      syncVisibility();
      changed();
    });
    themeGroup.append(h("label", { class: "segment", for: input.id }, input, h("span", { text: label })));
  }

  // --- title, thumbnail
  const title = field("Card title", h("input", { type: "text", autocomplete: "off", placeholder: "Release 2.1 is out" }));
  const thumbnail = field("Thumbnail URL", h("input", { type: "url", autocomplete: "off", placeholder: "https://…/image.png" }), {
    hint: "A public HTTPS image, shown at the card's right.",
  });
  for (const f of [title, thumbnail]) f.control.addEventListener("input", changed);

  // --- sections (modern-inline)
  const sections = [];
  const sectionList = h("div", { class: "stack" });
  const addSectionBtn = h("button", { type: "button", class: "btn btn-small", text: "Add section", onclick: () => addSection() });
  const sectionsBox = h("fieldset", { class: "subgroup" }, h("legend", { text: "Sections" }), sectionList, addSectionBtn);

  function addSection(initial = {}) {
    const s = makeSection(initial, changed, (self) => {
      sections.splice(sections.indexOf(self), 1);
      self.el.remove();
      renumber();
      changed();
    });
    sections.push(s);
    sectionList.append(s.el);
    renumber();
    changed();
    return s;
  }

  // --- poll options
  const options = [];
  const optionList = h("ol", { class: "option-list" });
  const addOptionBtn = h("button", { type: "button", class: "btn btn-small", text: "Add option", onclick: () => addOption("") });
  const optionsBox = h("fieldset", { class: "subgroup" }, h("legend", { text: "Poll options" }), optionList, addOptionBtn);

  function addOption(text) {
    const input = h("input", { type: "text", value: text, autocomplete: "off" });
    const f = field(`Option ${options.length + 1}`, input);
    const row = h("li", { class: "inline-row" }, f.wrap);
    const entry = { f, row };
    row.append(
      h("button", {
        type: "button",
        class: "btn btn-icon",
        "aria-label": `Remove option`,
        text: "✕",
        onclick: () => {
          options.splice(options.indexOf(entry), 1);
          row.remove();
          renumber();
          changed();
        },
      }),
    );
    input.addEventListener("input", changed);
    options.push(entry);
    optionList.append(row);
    renumber();
    changed();
  }

  // --- buttons (modern-inline, prompt)
  const buttons = [];
  const buttonList = h("div", { class: "stack" });
  const addButtonBtn = h("button", { type: "button", class: "btn btn-small", text: "Add button", onclick: () => addButton() });
  const buttonsBox = h("fieldset", { class: "subgroup" }, h("legend", { text: "Buttons" }), buttonList, addButtonBtn);

  function addButton(initial = {}) {
    const b = makeButton(initial, changed, (self) => {
      buttons.splice(buttons.indexOf(self), 1);
      self.el.remove();
      renumber();
      changed();
    });
    buttons.push(b);
    buttonList.append(b.el);
    renumber();
    changed();
    return b;
  }

  // --- slides
  const slides = [];
  const slideList = h("div", { class: "stack" });
  const addSlideBtn = h("button", { type: "button", class: "btn btn-small", text: "Add slide", onclick: () => addSlide() });
  const slidesBox = h(
    "fieldset",
    { class: "subgroup" },
    h("legend", { text: "Slides" }),
    h("p", { class: "field-hint", text: "Tables, lists, labels, images and text shown under the card." }),
    slideList,
    addSlideBtn,
  );

  function addSlide(initial = {}) {
    const s = makeSlide(initial, changed, (self) => {
      slides.splice(slides.indexOf(self), 1);
      self.el.remove();
      renumber();
      changed();
    });
    slides.push(s);
    slideList.append(s.el);
    renumber();
    changed();
    return s;
  }

  function renumber() {
    sections.forEach((s, i) => s.setIndex(i));
    buttons.forEach((b, i) => b.setIndex(i));
    slides.forEach((s, i) => s.setIndex(i));
    options.forEach((o, i) => {
      o.f.label.textContent = `Option ${i + 1}`;
    });
    addButtonBtn.disabled = buttons.length >= MAX_BUTTONS;
    addButtonBtn.title = buttons.length >= MAX_BUTTONS ? `Cliq allows ${MAX_BUTTONS} buttons` : "";
    addSlideBtn.disabled = slides.length >= MAX_SLIDES;
  }

  function syncVisibility() {
    thumbnail.wrap.hidden = theme !== "modern-inline";
    sectionsBox.hidden = theme !== "modern-inline";
    optionsBox.hidden = theme !== "poll";
    buttonsBox.hidden = theme === "poll";
    if (theme === "poll" && options.length === 0) {
      addOption("");
      addOption("");
    }
    if (theme === "prompt" && buttons.length === 0) addButton({ label: "Yes", type: "+" });
  }

  const el = h(
    "div",
    { class: "card-builder" },
    h("div", { class: "field" }, h("span", { class: "label-like", id: uid("lbl"), text: "Theme" }), themeGroup),
    title.wrap,
    thumbnail.wrap,
    sectionsBox,
    optionsBox,
    buttonsBox,
    slidesBox,
  );
  syncVisibility();

  function card() {
    const c = { theme, title: title.control.value };
    if (theme === "modern-inline") {
      if (thumbnail.control.value.trim()) c.thumbnail = thumbnail.control.value.trim();
      const secs = sections.map((s) => s.value());
      if (secs.length) c.sections = secs;
    }
    if (theme === "poll") c.options = options.map((o) => ({ text: o.f.control.value }));
    if (theme !== "poll" && buttons.length) c.buttons = buttons.map((b) => b.value());
    return c;
  }

  return {
    el,
    /** The parts to merge into the OutgoingMessage. */
    value() {
      const out = { card: card() };
      if (slides.length) out.slides = slides.map((s) => s.value());
      return out;
    },
    /** field path -> field, for validation messages. */
    fields() {
      const map = new Map([
        ["card.title", title],
        ["card.thumbnail", thumbnail],
        ["card", title],
        ["card.theme", title],
        ["card.options", options[0]?.f || title],
        ["card.buttons", buttons[0]?.fields().get("label") || title],
        ["slides", slides[0]?.fields().get("title") || title],
      ]);
      options.forEach((o, i) => {
        map.set(`card.options[${i}]`, o.f);
        map.set(`card.options[${i}].text`, o.f);
      });
      sections.forEach((s, i) => s.fields().forEach((f, k) => map.set(`card.sections[${i}]${k}`, f)));
      buttons.forEach((b, i) => b.fields().forEach((f, k) => map.set(`card.buttons[${i}]${k ? `.${k}` : ""}`, f)));
      slides.forEach((s, i) => s.fields().forEach((f, k) => map.set(`slides[${i}]${k ? `.${k}` : ""}`, f)));
      return map;
    },
    /** Fill with a complete example (the "Example card" button). */
    loadExample(thumbUrl) {
      sections.splice(0).forEach((s) => s.el.remove());
      buttons.splice(0).forEach((b) => b.el.remove());
      slides.splice(0).forEach((s) => s.el.remove());
      options.splice(0).forEach((o) => o.row.remove());
      theme = "modern-inline";
      themeGroup.querySelector('input[value="modern-inline"]').checked = true;
      title.control.value = "Release 2.1 is out";
      thumbnail.control.value = thumbUrl;
      addSection({ title: "Summary", fields: [["Version", "2.1.0"], ["Status", "*Shipped*"]] });
      addButton({ label: "Release notes", type: "+", actionType: "open.url", data: { web: "https://example.com/releases/2.1" } });
      addButton({ label: "Roll back", type: "-", actionType: "invoke.function", data: { name: "rollback" } });
      addSlide({ type: "table", title: "Checks", headers: "Check, Result", rows: "Unit tests | passed\nBrowser tests | passed" });
      addSlide({ type: "list", title: "Highlights", items: "Message actions API\nQuota meter" });
      syncVisibility();
      renumber();
      changed();
    },
    reset() {
      title.control.value = "";
      thumbnail.control.value = "";
      sections.splice(0).forEach((s) => s.el.remove());
      buttons.splice(0).forEach((b) => b.el.remove());
      slides.splice(0).forEach((s) => s.el.remove());
      options.splice(0).forEach((o) => o.row.remove());
      syncVisibility();
      renumber();
      changed();
    },
  };
}

// ---------------------------------------------------------------- parts

function removeButton(label, onclick) {
  return h("button", { type: "button", class: "btn btn-small btn-ghost", text: "Remove", "aria-label": label, onclick });
}

function makeSection(initial, changed, remove) {
  const title = field("Section title", h("input", { type: "text", value: initial.title || "", autocomplete: "off" }));
  title.control.addEventListener("input", changed);
  const rows = [];
  const list = h("div", { class: "stack tight" });
  const heading = h("h4", { class: "part-title" });
  const self = {};

  function addField(t = "", v = "") {
    const ft = field("Field title", h("input", { type: "text", value: t, autocomplete: "off" }));
    const fv = field("Field value", h("input", { type: "text", value: v, autocomplete: "off" }));
    const entry = { ft, fv };
    const row = h("div", { class: "pair-row" }, ft.wrap, fv.wrap);
    row.append(
      h("button", {
        type: "button",
        class: "btn btn-icon",
        "aria-label": "Remove field",
        text: "✕",
        onclick: () => {
          rows.splice(rows.indexOf(entry), 1);
          row.remove();
          changed();
        },
      }),
    );
    entry.row = row;
    ft.control.addEventListener("input", changed);
    fv.control.addEventListener("input", changed);
    rows.push(entry);
    list.append(row);
    changed();
  }
  for (const [t, v] of initial.fields || [["", ""]]) addField(t, v);

  const removeBtn = removeButton("Remove section", () => remove(self));
  self.el = h(
    "div",
    { class: "part" },
    h("div", { class: "part-head" }, heading, removeBtn),
    title.wrap,
    list,
    h("button", { type: "button", class: "btn btn-small btn-ghost", text: "Add field", onclick: () => addField() }),
  );
  self.setIndex = (i) => {
    heading.textContent = `Section ${i + 1}`;
    removeBtn.setAttribute("aria-label", `Remove section ${i + 1}`);
  };
  self.value = () => {
    const v = { fields: rows.map((r) => ({ title: r.ft.control.value, value: r.fv.control.value })) };
    if (title.control.value) v.title = title.control.value;
    return v;
  };
  self.fields = () => {
    const map = new Map([["", title], [".title", title], [".fields", rows[0]?.ft || title]]);
    rows.forEach((r, i) => {
      map.set(`.fields[${i}]`, r.ft);
      map.set(`.fields[${i}].title`, r.ft);
      map.set(`.fields[${i}].value`, r.fv);
    });
    return map;
  };
  return self;
}

function makeButton(initial, changed, remove) {
  const self = {};
  const label = field("Button label", h("input", { type: "text", value: initial.label || "", autocomplete: "off" }));
  const style = field("Style", select([["+", "Positive (green)"], ["-", "Negative (red)"]], { value: initial.type || "+" }));
  style.control.value = initial.type || "+";
  const actionType = field("Action", select(ACTION_TYPES.map(([v, l]) => [v, l])));
  actionType.control.value = initial.actionType || "open.url";
  const hint = field("Hint (tooltip)", h("input", { type: "text", value: initial.hint || "", autocomplete: "off" }));
  const dataBox = h("div", { class: "grid-2" });
  let dataFields = new Map();
  const confirm = h("input", { type: "checkbox", id: uid("cf"), checked: Boolean(initial.confirm) });
  const confirmLabel = h("label", { class: "check", for: confirm.id }, confirm, h("span", { text: "Ask to confirm first" }));

  function renderData(data = {}) {
    const spec = ACTION_TYPES.find(([v]) => v === actionType.control.value) || ACTION_TYPES[0];
    dataFields = new Map();
    dataBox.replaceChildren();
    for (const [key, text, placeholder] of spec[2]) {
      const f = field(text, h("input", { type: "text", value: data[key] ?? "", placeholder, autocomplete: "off" }));
      f.control.addEventListener("input", changed);
      dataFields.set(key, f);
      dataBox.append(f.wrap);
    }
  }
  renderData(initial.data);
  actionType.control.addEventListener("change", () => {
    renderData();
    changed();
  });
  for (const f of [label, style, hint]) f.control.addEventListener("input", changed);
  confirm.addEventListener("change", changed);

  const heading = h("h4", { class: "part-title" });
  const removeBtn = removeButton("Remove button", () => remove(self));
  self.el = h(
    "div",
    { class: "part" },
    h("div", { class: "part-head" }, heading, removeBtn),
    h("div", { class: "grid-2" }, label.wrap, style.wrap),
    h("div", { class: "grid-2" }, actionType.wrap, hint.wrap),
    dataBox,
    confirmLabel,
  );
  self.setIndex = (i) => {
    heading.textContent = `Button ${i + 1}`;
    removeBtn.setAttribute("aria-label", `Remove button ${i + 1}`);
  };
  self.value = () => {
    const data = {};
    for (const [key, f] of dataFields) if (f.control.value !== "") data[key] = f.control.value;
    const action = { type: actionType.control.value, data };
    if (confirm.checked) {
      action.confirm = { title: `${label.control.value || "Continue"}?`, input: "Are you sure?", button_label: label.control.value || "Yes" };
    }
    const b = { label: label.control.value, type: style.control.value, action };
    if (hint.control.value) b.hint = hint.control.value;
    return b;
  };
  self.fields = () => {
    const map = new Map([["", label], ["label", label], ["type", style], ["hint", hint], ["action", actionType], ["action.type", actionType]]);
    map.set("action.data", dataFields.values().next().value || actionType);
    for (const [key, f] of dataFields) map.set(`action.data.${key}`, f);
    map.set("action.confirm", actionType);
    return map;
  };
  return self;
}

function makeSlide(initial, changed, remove) {
  const self = {};
  const type = field("Slide type", select(SLIDE_TYPES));
  type.control.value = initial.type || "table";
  const title = field("Slide title", h("input", { type: "text", value: initial.title || "", autocomplete: "off" }));
  const dataBox = h("div", { class: "stack tight" });
  let editors = {};

  function renderEditor(init = {}) {
    dataBox.replaceChildren();
    editors = {};
    const area = (labelText, value, hint) => {
      const f = field(labelText, h("textarea", { rows: 3, autocomplete: "off" }), { hint });
      f.control.value = value || "";
      f.control.addEventListener("input", changed);
      dataBox.append(f.wrap);
      return f;
    };
    switch (type.control.value) {
      case "table": {
        const headers = field("Column headers", h("input", { type: "text", value: init.headers || "", placeholder: "Name, Status", autocomplete: "off" }), {
          hint: "Separated by commas.",
        });
        headers.control.addEventListener("input", changed);
        dataBox.append(headers.wrap);
        editors.headers = headers;
        editors.rows = area("Rows", init.rows, "One row per line, cells separated by |");
        break;
      }
      case "list": {
        editors.items = area("List items", init.items, "One item per line.");
        const style = field("Bullet style", select(LIST_STYLES));
        style.control.value = init.listStyle || "disc";
        style.control.addEventListener("change", changed);
        dataBox.append(style.wrap);
        editors.style = style;
        break;
      }
      case "label":
        editors.labels = area("Labels", init.labels, "One per line, as Key: Value");
        break;
      case "images":
        editors.images = area("Image URLs", init.images, "One HTTPS URL per line.");
        break;
      default:
        editors.text = area("Slide text", init.text, "Markdown and mentions work here too.");
    }
  }
  renderEditor(initial);
  type.control.addEventListener("change", () => {
    renderEditor();
    changed();
  });
  title.control.addEventListener("input", changed);

  const heading = h("h4", { class: "part-title" });
  const removeBtn = removeButton("Remove slide", () => remove(self));
  self.el = h("div", { class: "part" }, h("div", { class: "part-head" }, heading, removeBtn), h("div", { class: "grid-2" }, type.wrap, title.wrap), dataBox);
  self.setIndex = (i) => {
    heading.textContent = `Slide ${i + 1}`;
    removeBtn.setAttribute("aria-label", `Remove slide ${i + 1}`);
  };

  const lines = (f) => (f ? f.control.value.split("\n").map((l) => l.trim()).filter(Boolean) : []);
  self.value = () => {
    const t = type.control.value;
    const slide = { type: t };
    if (title.control.value) slide.title = title.control.value;
    if (t === "table") {
      const headers = editors.headers.control.value.split(",").map((x) => x.trim()).filter(Boolean);
      const rows = lines(editors.rows).map((line) => {
        const cells = line.split("|").map((c) => c.trim());
        return Object.fromEntries(headers.map((hd, i) => [hd, cells[i] ?? ""]));
      });
      slide.data = { headers, rows };
    } else if (t === "list") {
      slide.data = lines(editors.items);
      if (editors.style.control.value !== "disc") slide.styles = { type: editors.style.control.value };
    } else if (t === "label") {
      slide.data = lines(editors.labels).map((line) => {
        const at = line.indexOf(":");
        return at < 0 ? { [line]: "" } : { [line.slice(0, at).trim()]: line.slice(at + 1).trim() };
      });
    } else if (t === "images") {
      slide.data = lines(editors.images);
    } else {
      slide.data = editors.text.control.value;
    }
    return slide;
  };
  self.fields = () => {
    const first = Object.values(editors)[0] || title;
    const map = new Map([["", type], ["type", type], ["title", title], ["data", first]]);
    if (editors.headers) map.set("data.headers", editors.headers);
    if (editors.rows) map.set("data.rows", editors.rows);
    if (editors.style) map.set("styles", editors.style);
    return map;
  };
  return self;
}
