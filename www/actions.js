// Message actions (v3): a paginated table, create and edit forms validated
// live with validateMessageAction, delete with confirmation, and the
// handler editor (a Deluge script with its size against the 250 KB limit,
// or a webhook's permissions).
import { h, field, select, setFieldError, uid, debounce, checkbox, formatBytes } from "./dom.js";
import { showError, notify, confirmDialog } from "./notices.js";

const SCRIPT_LIMIT = 256000; // 250 KB
const MESSAGE_TYPES = ["text", "link", "attachment"];
const PERMISSIONS = [
  ["chat", "Chat details"],
  ["message", "The message"],
  ["user", "The user who ran it"],
  ["location", "User's location"],
  ["attachments", "Attachments"],
];

export function createActions(container, ctx) {
  // ------------------------------------------------------------ table
  let pageSize = 10;
  let tokens = [undefined]; // next_token of each page we have seen; index = page number
  let page = 0;
  let actions = [];
  let nextToken;

  const sizeSelect = select(["5", "10", "20", "50"], { "aria-label": "Actions per page", class: "compact" });
  sizeSelect.value = String(pageSize);
  sizeSelect.addEventListener("change", () => {
    pageSize = Number(sizeSelect.value);
    tokens = [undefined];
    page = 0;
    load();
  });
  const prevBtn = h("button", { type: "button", class: "btn btn-small", "aria-label": "Previous page", text: "‹ Previous", onclick: () => go(page - 1) });
  const nextBtn = h("button", { type: "button", class: "btn btn-small", "aria-label": "Next page", text: "Next ›", onclick: () => go(page + 1) });
  const pageLabel = h("span", { class: "page-label", "aria-live": "polite" });
  const newBtn = h("button", { type: "button", class: "btn btn-primary", text: "New action", onclick: () => openForm(null) });
  const refreshBtn = h("button", { type: "button", class: "btn", text: "Refresh", onclick: () => load() });

  const tbody = h("tbody");
  const table = h(
    "table",
    { class: "actions-table" },
    h("caption", { class: "sr-only", text: "Message actions" }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Name", "Runs", "Scope", "Message types", "Status", ""].map((x, i) => h("th", { scope: "col", text: x, class: i === 5 ? "col-tools" : "" })),
      ),
    ),
    tbody,
  );
  const emptyRow = () => h("tr", { class: "empty-row" }, h("td", { colspan: "6", text: "No message actions yet. Create one to add it to Cliq's message menu." }));

  const tablePanel = h(
    "section",
    { class: "panel actions-list", "aria-labelledby": "actions-title" },
    h("div", { class: "panel-head" }, h("h3", { id: "actions-title", text: "Message actions" }), h("div", { class: "toolbar" }, refreshBtn, newBtn)),
    h("div", { class: "table-wrap" }, table),
    h("div", { class: "pager" }, prevBtn, pageLabel, nextBtn, h("label", { class: "pager-size" }, h("span", { text: "Per page" }), sizeSelect)),
  );

  // ------------------------------------------------------------ form
  let editing = null; // the action being edited, or null when creating
  const formTitle = h("h3", { id: "action-form-title", text: "New message action" });
  const name = field("Name", h("input", { type: "text", autocomplete: "off", placeholder: "Create ticket" }), { hint: "Shown in the message menu, up to 30 characters." });
  const hint = field("Hint", h("input", { type: "text", autocomplete: "off", placeholder: "Turns the message into a support ticket" }), { hint: "Up to 128 characters." });
  const nameCount = counterFor(name, 30);
  const hintCount = counterFor(hint, 128);

  let execType = "deluge";
  const execGroup = h("div", { class: "segmented", role: "radiogroup", "aria-label": "Runs" });
  const execName = uid("exec");
  const execInputs = [];
  for (const [value, label] of [
    ["deluge", "Deluge"],
    ["webhook", "Webhook"],
  ]) {
    const input = h("input", { type: "radio", name: execName, value, id: uid("ex"), checked: value === execType });
    input.addEventListener("change", () => {
      execType = value;
      sync();
      validate();
    });
    execInputs.push(input);
    execGroup.append(h("label", { class: "segment", for: input.id }, input, h("span", { text: label })));
  }
  const execField = { wrap: h("div", { class: "field" }, h("span", { class: "label-like", text: "Runs" }), execGroup), control: execGroup, error: h("p", { class: "field-error", hidden: true }) };
  execField.wrap.append(execField.error);
  const url = field("Execution URL", h("input", { type: "url", autocomplete: "off", placeholder: "https://example.com/cliq/action" }), { hint: "Cliq POSTs the event here. Up to 225 characters." });
  const scope = field("Who can use it", select([["organization", "Everyone in the organisation"], ["team", "Chosen teams"], ["personal", "Only me"]]));
  const teams = field("Team ids", h("input", { type: "text", autocomplete: "off", placeholder: "1234567, 7654321" }), { hint: "1 to 4 ids, separated by commas." });
  const multi = checkbox("Works on several selected messages at once");
  const typesBox = h("fieldset", { class: "checks" }, h("legend", { text: "Shown on messages of type" }));
  const typeInputs = {};
  for (const t of MESSAGE_TYPES) {
    const cb = checkbox(t, { value: t, checked: t === "text" });
    typeInputs[t] = cb.input;
    typesBox.append(cb.label);
  }
  const typesError = h("p", { class: "field-error", hidden: true, "aria-live": "polite" });
  typesBox.append(typesError);
  const typesField = { wrap: typesBox, control: typeInputs.text, error: typesError };

  const submitBtn = h("button", { type: "submit", class: "btn btn-primary", text: "Create action" });
  const cancelBtn = h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => closeForm() });
  const formSummary = h("div", { class: "validation-summary", hidden: true, "aria-live": "polite" });
  const form = h(
    "form",
    { class: "action-form", novalidate: true, "aria-labelledby": "action-form-title" },
    h("div", { class: "grid-2" }, name.wrap, hint.wrap),
    execField.wrap,
    url.wrap,
    h("div", { class: "grid-2" }, scope.wrap, teams.wrap),
    typesBox,
    multi.label,
    formSummary,
    h("div", { class: "form-actions" }, cancelBtn, submitBtn),
  );
  const formPanel = h("section", { class: "panel action-form-panel", hidden: true, "aria-labelledby": "action-form-title" }, h("div", { class: "panel-head" }, formTitle), form);

  const fieldMap = { name, hint, execution_url: url, execution_type: execField, scope, team_ids: teams, message_types: typesField, multi_selectable: { wrap: multi.label, control: multi.input, error: h("p") } };
  const validate = debounce(() => showViolations(check()), 60);
  for (const f of [name, hint, url, teams]) f.control.addEventListener("input", validate);
  scope.control.addEventListener("change", () => {
    sync();
    validate();
  });
  multi.input.addEventListener("change", validate);
  for (const cb of Object.values(typeInputs)) cb.addEventListener("change", validate);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit();
  });
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") closeForm();
  });

  function sync() {
    url.wrap.hidden = execType !== "webhook";
    teams.wrap.hidden = scope.control.value !== "team";
    for (const input of execInputs) input.disabled = Boolean(editing);
  }

  function formValue() {
    const input = { name: name.control.value, hint: hint.control.value };
    if (!editing) input.execution_type = execType;
    if (execType === "webhook") input.execution_url = url.control.value.trim();
    input.scope = scope.control.value;
    if (input.scope === "team") input.team_ids = parseIds(teams.control.value);
    input.multi_selectable = multi.input.checked;
    input.message_types = MESSAGE_TYPES.filter((t) => typeInputs[t].checked);
    return input;
  }

  /** For an edit, only what changed: omitted fields stay as they are. */
  function patchValue() {
    const all = formValue();
    const patch = {};
    for (const [key, value] of Object.entries(all)) {
      if (JSON.stringify(value) !== JSON.stringify(editing[key] ?? (key === "multi_selectable" ? false : undefined))) patch[key] = value;
    }
    if (patch.scope && patch.scope !== "team") delete patch.team_ids;
    return patch;
  }

  function check() {
    if (!ctx.lib) return [];
    try {
      return editing ? ctx.lib.validateMessageAction(patchValue(), "update") || [] : ctx.lib.validateMessageAction(formValue(), "create") || [];
    } catch (err) {
      return [{ field: "", message: `validateMessageAction failed: ${err?.message || err}` }];
    }
  }

  function showViolations(violations) {
    for (const f of Object.values(fieldMap)) setFieldError(f, "");
    const unplaced = [];
    for (const v of violations) {
      const key = String(v.field || "").split(/[.[]/)[0];
      const f = fieldMap[key];
      if (f) setFieldError(f, [f.error.textContent, v.message].filter(Boolean).join(" "));
      else unplaced.push(v);
    }
    formSummary.replaceChildren();
    formSummary.hidden = !unplaced.length;
    if (unplaced.length) formSummary.append(h("ul", {}, unplaced.map((v) => h("li", {}, h("code", { text: v.field || "action" }), ` ${v.message}`))));
    return violations;
  }

  function openForm(action) {
    editing = action;
    formTitle.textContent = action ? `Edit “${action.name}”` : "New message action";
    submitBtn.textContent = action ? "Save action" : "Create action";
    name.control.value = action?.name ?? "";
    hint.control.value = action?.hint ?? "";
    execType = action?.execution_type || "deluge";
    for (const input of execInputs) input.checked = input.value === execType;
    url.control.value = action?.execution_url ?? "";
    scope.control.value = action?.scope || "organization";
    teams.control.value = (action?.team_ids || []).join(", ");
    multi.input.checked = Boolean(action?.multi_selectable);
    const types = action?.message_types || ["text"];
    for (const t of MESSAGE_TYPES) typeInputs[t].checked = types.includes(t);
    nameCount.update();
    hintCount.update();
    sync();
    showViolations([]);
    formPanel.hidden = false;
    if (action) validate();
    name.control.focus();
  }

  function closeForm() {
    formPanel.hidden = true;
    editing = null;
    newBtn.focus();
  }

  async function submit() {
    const client = ctx.client;
    if (!client) return;
    submitBtn.disabled = true;
    try {
      if (editing) {
        const patch = patchValue();
        if (!Object.keys(patch).length) {
          notify("Nothing changed", { tone: "info" });
          closeForm();
          return;
        }
        const updated = await client.updateMessageAction(editing.id, patch);
        notify(`Saved “${updated?.name ?? editing.name}”`);
        const i = actions.findIndex((a) => a.id === editing.id);
        if (i >= 0 && updated) actions[i] = updated;
        renderRows();
        if (handlerFor && handlerFor.id === editing.id && updated) handlerFor = updated;
      } else {
        const created = await client.createMessageAction(formValue());
        notify(`Created “${created?.name ?? name.control.value}”`);
        await load();
      }
      closeForm();
    } catch (err) {
      showError(editing ? "Could not save the action" : "Could not create the action", err);
      if (err?.field) showViolations([{ field: err.field, message: err.message }]);
    } finally {
      submitBtn.disabled = false;
    }
  }

  // ------------------------------------------------------------ handler editor
  let handlerFor = null;
  const handlerTitle = h("h3", { id: "handler-title", text: "Handler" });
  const handlerSub = h("p", { class: "panel-sub" });
  const script = h("textarea", { class: "code-editor", rows: 16, spellcheck: "false", autocomplete: "off", autocapitalize: "off", wrap: "off" });
  const scriptField = field("Deluge script", script, { hint: "Tab indents; press Esc, then Tab, to leave the editor." });
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
  const afterScript = script.nextSibling;
  scriptField.wrap.insertBefore(h("div", { class: "editor" }, gutter, script), afterScript);
  const sizeFill = h("span", { class: "size-fill" });
  const sizeText = h("span", { class: "size-text" });
  const sizeMeter = h(
    "div",
    { class: "size-meter", role: "meter", "aria-label": "Script size", "aria-valuemin": "0", "aria-valuemax": String(SCRIPT_LIMIT), "aria-valuenow": "0" },
    h("span", { class: "size-track", "aria-hidden": "true" }, sizeFill),
    sizeText,
  );
  const scriptBox = h("div", { class: "script-box" }, scriptField.wrap, sizeMeter);

  const permsBox = h("fieldset", { class: "checks" }, h("legend", { text: "Send to the webhook" }));
  const permInputs = {};
  for (const [value, label] of PERMISSIONS) {
    const cb = checkbox(label, { value });
    permInputs[value] = cb.input;
    permsBox.append(cb.label);
  }
  const saveHandlerBtn = h("button", { type: "submit", class: "btn btn-primary", text: "Save handler" });
  const closeHandlerBtn = h("button", { type: "button", class: "btn", text: "Close", onclick: () => closeHandler() });
  const handlerForm = h("form", { class: "handler-form", novalidate: true, "aria-labelledby": "handler-title" }, scriptBox, permsBox, h("div", { class: "form-actions" }, closeHandlerBtn, saveHandlerBtn));
  const handlerPanel = h(
    "section",
    { class: "panel handler-panel", hidden: true, "aria-labelledby": "handler-title" },
    h("div", { class: "panel-head" }, h("div", {}, handlerTitle, handlerSub)),
    handlerForm,
  );

  let escapePressed = false;
  script.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      escapePressed = true;
      return;
    }
    if (ev.key === "Tab" && !escapePressed && !ev.shiftKey) {
      ev.preventDefault();
      const { selectionStart: s, selectionEnd: e } = script;
      script.setRangeText("  ", s, e, "end");
      updateSize();
    }
    escapePressed = false;
  });
  script.addEventListener("input", () => updateSize());
  script.addEventListener("scroll", () => {
    gutter.scrollTop = script.scrollTop;
  });

  function updateSize() {
    const bytes = new TextEncoder().encode(script.value).length;
    const fraction = Math.min(1, bytes / SCRIPT_LIMIT);
    sizeFill.style.width = `${(fraction * 100).toFixed(2)}%`;
    sizeMeter.dataset.state = bytes > SCRIPT_LIMIT ? "over" : fraction > 0.8 ? "high" : "ok";
    sizeMeter.setAttribute("aria-valuenow", String(bytes));
    sizeText.textContent = `${formatBytes(bytes)} of 250 KB`;
    sizeMeter.setAttribute("aria-valuetext", sizeText.textContent);
    setFieldError(scriptField, bytes > SCRIPT_LIMIT ? `The script is ${formatBytes(bytes - SCRIPT_LIMIT)} over Cliq's 250 KB limit.` : "");
    const lines = script.value.split("\n").length;
    if (gutter.childElementCount !== lines) gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
    return bytes;
  }

  async function openHandler(action) {
    handlerFor = action;
    handlerTitle.textContent = `Handler of “${action.name}”`;
    handlerSub.textContent = action.execution_type === "webhook" ? `Webhook · ${action.execution_url || ""}` : "Deluge · execution_handler";
    const isWebhook = action.execution_type === "webhook";
    scriptBox.hidden = isWebhook;
    permsBox.hidden = !isWebhook;
    handlerPanel.hidden = false;
    handlerForm.setAttribute("aria-busy", "true");
    script.value = "";
    updateSize();
    try {
      const handler = (await ctx.client.getMessageActionHandler(action.id)) || {};
      if (handlerFor !== action) return;
      script.value = handler.script ?? "";
      const perms = handler.permissions || [];
      for (const [value, input] of Object.entries(permInputs)) input.checked = perms.includes(value);
      updateSize();
    } catch (err) {
      showError("Could not load the handler", err);
    } finally {
      handlerForm.removeAttribute("aria-busy");
    }
    (isWebhook ? permInputs.chat : script).focus();
    handlerPanel.scrollIntoView({ block: "nearest" });
  }

  function closeHandler() {
    handlerPanel.hidden = true;
    handlerFor = null;
  }

  handlerForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!handlerFor) return;
    const patch = handlerFor.execution_type === "webhook" ? { permissions: PERMISSIONS.map(([v]) => v).filter((v) => permInputs[v].checked) } : { script: script.value };
    saveHandlerBtn.disabled = true;
    try {
      await ctx.client.updateMessageActionHandler(handlerFor.id, patch);
      notify(`Handler of “${handlerFor.name}” saved`);
    } catch (err) {
      showError("Could not save the handler", err);
    } finally {
      saveHandlerBtn.disabled = false;
    }
  });

  // ------------------------------------------------------------ list logic
  async function load() {
    if (!ctx.client) return;
    tbody.setAttribute("aria-busy", "true");
    try {
      const query = { limit: pageSize };
      if (tokens[page]) query.nextToken = tokens[page];
      const result = (await ctx.client.listMessageActions(query)) || {};
      actions = result.data || [];
      nextToken = result.nextToken;
      if (nextToken) tokens[page + 1] = nextToken;
      renderRows();
    } catch (err) {
      showError("Could not list message actions", err);
    } finally {
      tbody.removeAttribute("aria-busy");
    }
  }

  function go(p) {
    if (p < 0 || (p > page && !nextToken)) return;
    page = p;
    load();
  }

  function renderRows() {
    tbody.replaceChildren(...(actions.length ? actions.map(rowFor) : [emptyRow()]));
    prevBtn.disabled = page === 0;
    nextBtn.disabled = !nextToken;
    pageLabel.textContent = `Page ${page + 1}${actions.length ? ` · ${actions.length} shown` : ""}`;
  }

  function rowFor(a) {
    return h(
      "tr",
      { dataset: { actionId: String(a.id) } },
      h("td", { "data-label": "Name" }, h("div", { class: "action-name", text: a.name ?? "" }), h("div", { class: "action-hint", text: a.hint ?? "" })),
      h("td", { "data-label": "Runs" }, h("span", { class: `tag tag-${a.execution_type === "webhook" ? "webhook" : "deluge"}`, text: a.execution_type || "deluge" })),
      h("td", { "data-label": "Scope", text: a.scope ?? "—" }),
      h("td", { "data-label": "Types" }, (a.message_types || []).map((t) => h("span", { class: "tag tag-plain", text: t })), a.multi_selectable ? h("span", { class: "tag tag-plain", text: "multi" }) : null),
      h("td", { "data-label": "Status" }, h("span", { class: `status-dot ${a.status === "enabled" ? "on" : ""}`, text: a.status ?? "—" })),
      h(
        "td",
        { class: "col-tools" },
        h(
          "div",
          { class: "row-tools", role: "group", "aria-label": `Actions for ${a.name ?? a.id}` },
          h("button", { type: "button", class: "btn btn-small", text: "Edit", onclick: () => openForm(a) }),
          h("button", { type: "button", class: "btn btn-small", text: "Handler", onclick: () => openHandler(a) }),
          h("button", { type: "button", class: "btn btn-small btn-ghost danger", text: "Delete", onclick: () => remove(a) }),
        ),
      ),
    );
  }

  async function remove(a) {
    const ok = await confirmDialog({
      title: `Delete “${a.name}”?`,
      body: "The action and its handler are removed from Cliq for everyone. This cannot be undone.",
      confirmLabel: "Delete",
    });
    if (!ok) return;
    try {
      await ctx.client.deleteMessageAction(a.id);
      notify(`Deleted “${a.name}”`);
      if (handlerFor?.id === a.id) closeHandler();
      if (editing?.id === a.id) closeForm();
      if (actions.length === 1 && page > 0) page -= 1;
      await load();
    } catch (err) {
      showError(`Could not delete “${a.name}”`, err);
    }
  }

  container.append(h("div", { class: "actions-layout" }, tablePanel, h("div", { class: "actions-side" }, formPanel, handlerPanel)));
  sync();

  let loaded = false;
  return {
    /** Loads the first page the first time the view is shown. */
    show() {
      if (!loaded) {
        loaded = true;
        load();
      }
    },
    reset() {
      loaded = false;
      tokens = [undefined];
      page = 0;
      actions = [];
      renderRows();
    },
  };
}

function parseIds(text) {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s));
}

function counterFor(f, max) {
  const el = h("span", { class: "counter", text: `0 / ${max}` });
  f.wrap.insertBefore(el, f.error);
  const update = () => {
    const n = [...f.control.value].length;
    el.textContent = `${n} / ${max}`;
    el.classList.toggle("over", n > max);
  };
  f.control.addEventListener("input", update);
  return { update };
}
