// Connection: the local sandbox by default (connected on load, nothing to
// type), or a real Zoho data centre through the sandbox's --upstream proxy.
// The token lives in this module's memory; only when the user ticks
// "remember" is it kept in sessionStorage (this tab only). It never goes
// into a URL, the DOM after connecting, or the request log.
import { h, field, select, uid, checkbox } from "./dom.js";
import { showError } from "./notices.js";

const STORE_KEY = "zoho-cliq-wasm-demo.connection";
const SANDBOX_TOKEN = "demo-token";

export const DATA_CENTRES = [
  ["us", "United States", "https://cliq.zoho.com"],
  ["eu", "Europe", "https://cliq.zoho.eu"],
  ["in", "India", "https://cliq.zoho.in"],
  ["au", "Australia", "https://cliq.zoho.com.au"],
  ["jp", "Japan", "https://cliq.zoho.jp"],
  ["cn", "China", "https://cliq.zoho.com.cn"],
  ["ca", "Canada", "https://cliq.zohocloud.ca"],
  ["sa", "Saudi Arabia", "https://cliq.zoho.sa"],
  ["uk", "United Kingdom", "https://cliq.zoho.uk"],
];

/**
 * @param {object} o
 * @param {HTMLElement} o.button   the header's connection status button
 * @param {object} o.lib           the library module (CliqClient, …)
 * @param {object} o.hooks         { onRequest, onResponse, onRateLimit }
 * @param {(c: {client, state, mode, label}) => void} o.onConnected
 */
export function createConnection({ button, lib, hooks, onConnected }) {
  const statusText = h("span", { class: "conn-text", text: "Connecting…" });
  const dot = h("span", { class: "conn-dot", "aria-hidden": "true" });
  button.replaceChildren(dot, statusText);
  button.setAttribute("aria-haspopup", "dialog");

  // ------------------------------------------------------------ dialog
  let mode = "sandbox";
  const modeName = uid("conn");
  const modeInputs = [];
  const modeGroup = h("div", { class: "mode-cards", role: "radiogroup", "aria-label": "Backend" });
  for (const [value, label, desc] of [
    ["sandbox", "Local sandbox", "This server's emulated Cliq organisation. Any token works."],
    ["upstream", "Zoho data centre", "Your real Cliq, through this server's --upstream proxy."],
  ]) {
    const input = h("input", { type: "radio", name: modeName, value, id: uid("cm"), checked: value === mode });
    input.addEventListener("change", () => {
      mode = value;
      sync();
    });
    modeInputs.push(input);
    modeGroup.append(h("label", { class: "mode-card", for: input.id }, input, h("span", { class: "mode-title", text: label }), h("span", { class: "mode-desc", text: desc })));
  }
  const dc = field("Data centre", select(DATA_CENTRES.map(([v, l, host]) => [v, `${l} — ${host.replace("https://", "")}`])));
  const token = field("Access token", h("input", { type: "password", autocomplete: "off", spellcheck: "false", placeholder: "1000.xxxx" }), {
    hint: "An OAuth access token with the ZohoCliq scopes. Kept in memory only.",
  });
  const network = field("Network (optional)", h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "zylkerclients" }), {
    hint: "A Cliq network's unique name, for external-collaboration spaces.",
  });
  const remember = checkbox("Remember the token in this tab (sessionStorage)");
  const proxyHint = h("code", { class: "command" });
  const upstreamBox = h(
    "div",
    { class: "stack" },
    dc.wrap,
    h("div", { class: "callout" }, h("p", { text: "Browsers cannot call Cliq directly (no CORS). Start this server as a proxy:" }), proxyHint),
    token.wrap,
    network.wrap,
    remember.label,
  );
  const connectBtn = h("button", { type: "submit", class: "btn btn-primary", text: "Connect" });
  const cancelBtn = h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => dialog.close() });
  const forgetBtn = h("button", { type: "button", class: "btn btn-ghost", text: "Forget saved token", onclick: () => forget() });
  const titleId = uid("conn-title");
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("h2", { id: titleId, text: "Connection" }),
    modeGroup,
    upstreamBox,
    h("div", { class: "dialog-actions" }, forgetBtn, cancelBtn, connectBtn),
  );
  const dialog = h("dialog", { class: "connection-dialog", "aria-labelledby": titleId }, form);
  document.body.append(dialog);
  dc.control.addEventListener("change", sync);

  function sync() {
    upstreamBox.hidden = mode !== "upstream";
    const host = DATA_CENTRES.find(([v]) => v === dc.control.value)?.[2] || DATA_CENTRES[0][2];
    proxyHint.textContent = `cliq-sandbox --static www --static /pkg=pkg --upstream ${host}`;
    forgetBtn.hidden = !sessionStorage.getItem(STORE_KEY);
  }

  button.addEventListener("click", () => {
    for (const input of modeInputs) input.checked = input.value === mode;
    sync();
    dialog.showModal();
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (mode === "upstream") {
      const t = token.control.value.trim() || secret;
      if (!t) {
        token.error.textContent = "Enter an access token.";
        token.error.hidden = false;
        token.control.focus();
        return;
      }
      token.error.hidden = true;
      secret = t;
      token.control.value = ""; // the token is not left in the page
      if (remember.input.checked) {
        sessionStorage.setItem(STORE_KEY, JSON.stringify({ token: t, dataCenter: dc.control.value, network: network.control.value.trim() }));
      } else {
        sessionStorage.removeItem(STORE_KEY);
      }
    }
    dialog.close();
    await connect();
  });

  function forget() {
    sessionStorage.removeItem(STORE_KEY);
    secret = "";
    remember.input.checked = false;
    sync();
  }

  // ------------------------------------------------------------ connect
  let secret = "";

  async function connect() {
    setStatus("busy", "Connecting…");
    let client;
    try {
      const options = {
        accessToken: mode === "sandbox" ? SANDBOX_TOKEN : secret,
        baseUrl: location.origin,
        onRequest: hooks.onRequest,
        onResponse: hooks.onResponse,
        onRateLimit: hooks.onRateLimit,
      };
      if (mode === "upstream") {
        options.dataCenter = dc.control.value; // informational: baseUrl (the proxy) decides the host
        if (network.control.value.trim()) options.network = network.control.value.trim();
      }
      client = new lib.CliqClient(options);
    } catch (err) {
      setStatus("bad", "Not connected");
      showError("Could not create the client", err);
      return;
    }
    let state = null;
    if (mode === "sandbox") {
      try {
        const res = await fetch(new URL("/__sandbox/state", location.origin), {
          headers: { Authorization: `Zoho-oauthtoken ${SANDBOX_TOKEN}` },
          cache: "no-store",
        });
        if (!res.ok) throw new Error(`GET /__sandbox/state answered ${res.status}`);
        state = await res.json();
      } catch (err) {
        showError("The sandbox's organisation could not be read; ids must be typed by hand", err);
      }
    }
    const label =
      mode === "sandbox"
        ? `Sandbox${state?.me?.name ? ` · ${state.me.name}` : ""}`
        : `${DATA_CENTRES.find(([v]) => v === dc.control.value)?.[1] || "Zoho"} via proxy`;
    setStatus("ok", label);
    onConnected({ client, state, mode, label });
  }

  function setStatus(tone, text) {
    button.dataset.state = tone;
    statusText.textContent = text;
    button.setAttribute("aria-label", `Connection: ${text}. Change connection`);
  }

  // A token remembered in this tab reconnects to the data centre; otherwise the sandbox.
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
    if (saved?.token) {
      mode = "upstream";
      secret = saved.token;
      dc.control.value = saved.dataCenter || "us";
      network.control.value = saved.network || "";
      remember.input.checked = true;
    }
  } catch {
    sessionStorage.removeItem(STORE_KEY);
  }
  for (const input of modeInputs) input.checked = input.value === mode;
  sync();

  return { connect };
}
