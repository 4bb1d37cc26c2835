// Connection: the local sandbox by default (connected on load, nothing to
// type), the sandbox with real credentials (a webhook token, or an OAuth
// refresh token turned into access tokens by zohoOAuth against the
// sandbox's emulated accounts server), or a real Zoho data centre through
// the sandbox's --upstream proxy.
// Secrets (tokens, the client secret) live in this module's memory; only
// when the user ticks "remember" are they kept in sessionStorage (this tab
// only). They never go into a URL, the console, the DOM after connecting,
// or the request log.
import { h, field, select, uid, checkbox } from "./dom.js";
import { showError } from "./notices.js";

const STORE_KEY = "zoho-cliq-wasm-demo.connection";
const SANDBOX_TOKEN = "demo-token";

const MODES = [
  ["sandbox", "Local sandbox", "This server's emulated Cliq organisation. Any token works."],
  ["webhook", "Webhook token", "The sandbox, as a script or CI job posts: Cliq's zapikey. Posting only."],
  ["oauth", "OAuth refresh token", "The sandbox, as a server connects: zohoOAuth refreshes access tokens."],
  ["upstream", "Zoho data centre", "Your real Cliq, through this server's --upstream proxy."],
];

/** The modes that talk to the sandbox (and can read its organisation). */
const SANDBOX_MODES = new Set(["sandbox", "webhook", "oauth"]);

/**
 * @param {object} o
 * @param {HTMLElement} o.button   the header's connection status button
 * @param {object} o.lib           the library module (CliqClient, zohoOAuth, dataCenters, …)
 * @param {object} o.hooks         { onRequest, onResponse, onRateLimit }
 * @param {(c: {client, state, mode, label, postOnly}) => void} o.onConnected
 */
export function createConnection({ button, lib, hooks, onConnected }) {
  const statusText = h("span", { class: "conn-text", text: "Connecting…" });
  const dot = h("span", { class: "conn-dot", "aria-hidden": "true" });
  button.replaceChildren(dot, statusText);
  button.setAttribute("aria-haspopup", "dialog");
  // The data centres the library knows: [{ name, label, cliq, accounts }].
  const dataCenters = lib.dataCenters();
  const dataCenter = (name) => dataCenters.find((d) => d.name === name) || dataCenters[0];

  // What is connected (`mode`) and what the dialog has selected (`choice`).
  let mode = "sandbox";
  let choice = mode;
  // Secrets, per mode, in memory only.
  const secrets = { upstream: "", webhook: "", oauth: null };
  let oauthProvider = null; // zohoOAuth's provider for secrets.oauth (it caches the access token)
  let sandboxCredentials = null; // from GET /__sandbox/state; never passed on with the state

  // ------------------------------------------------------------ dialog
  const modeName = uid("conn");
  const modeInputs = [];
  const modeGroup = h("div", { class: "mode-cards", role: "radiogroup", "aria-label": "Backend and credentials" });
  for (const [value, label, desc] of MODES) {
    const input = h("input", { type: "radio", name: modeName, value, id: uid("cm"), checked: value === choice });
    input.addEventListener("change", () => {
      choice = value;
      sync();
      prefill();
    });
    modeInputs.push(input);
    modeGroup.append(h("label", { class: "mode-card", for: input.id }, input, h("span", { class: "mode-title", text: label }), h("span", { class: "mode-desc", text: desc })));
  }

  // A real data centre, through the proxy.
  const dc = field("Data centre", select(dataCenters.map((d) => [d.name, `${d.label} — ${new URL(d.cliq).host}`])));
  const token = field("Access token", secretInput("1000.xxxx"), {
    hint: "An OAuth access token with the ZohoCliq scopes. Kept in memory only.",
  });
  const network = field("Network (optional)", h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "zylkerclients" }), {
    hint: "A Cliq network's unique name, for external-collaboration spaces.",
  });
  const proxyHint = h("code", { class: "command" });
  const upstreamBox = h(
    "div",
    { class: "stack" },
    dc.wrap,
    h("div", { class: "callout" }, h("p", { text: "Browsers cannot call Cliq directly (no CORS). Start this server as a proxy:" }), proxyHint),
    token.wrap,
    network.wrap,
  );

  // The sandbox with a webhook token.
  const webhook = field("Webhook token", secretInput("1001.xxxx"), {
    hint: "Sent as ?zapikey= on the four posting calls, with no Authorization header. Kept in memory only.",
  });
  const webhookFill = h("button", { type: "button", class: "btn btn-small fill-btn", text: "Use the sandbox's webhook token", onclick: () => fillFromSandbox("webhook", true) });
  webhook.wrap.insertBefore(webhookFill, webhook.error);
  const webhookBox = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "callout" },
      h("p", { text: "What scripts and CI jobs use: no OAuth app, nothing to refresh. Compose posts as usual; reading messages, reactions and message actions need an OAuth token, and say so." }),
      h("code", { class: "command", text: "new CliqClient({ webhookToken, baseUrl })" }),
    ),
    webhook.wrap,
  );

  // The sandbox with an OAuth refresh token.
  const clientId = field("Client ID", h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "1000.XXXX" }));
  const clientSecret = field("Client secret", secretInput(""));
  const refreshToken = field("Refresh token", secretInput("1000.xxxx.xxxx"), {
    hint: "Exchanged at the sandbox's /oauth/v2/token for access tokens, refreshed when they expire. Kept in memory only.",
  });
  const oauthFill = h("button", { type: "button", class: "btn btn-small fill-btn", text: "Use the sandbox's OAuth client", onclick: () => fillFromSandbox("oauth", true) });
  refreshToken.wrap.insertBefore(oauthFill, refreshToken.error);
  const oauthCall = h("code", { class: "command" });
  const oauthBox = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "callout" },
      h("p", { text: "What a server, worker or bot does. The sandbox emulates Zoho's accounts server; for a real organisation this runs on your server, since a client secret does not belong in a web page." }),
      oauthCall,
    ),
    h("div", { class: "grid-2" }, clientId.wrap, clientSecret.wrap),
    refreshToken.wrap,
  );

  const remember = checkbox("Remember the token in this tab (sessionStorage)");
  const rememberText = remember.label.querySelector("span");
  const dialogError = h("p", { class: "field-error", hidden: true, role: "alert" });
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
    webhookBox,
    oauthBox,
    remember.label,
    dialogError,
    h("div", { class: "dialog-actions" }, forgetBtn, cancelBtn, connectBtn),
  );
  const dialog = h("dialog", { class: "connection-dialog", "aria-labelledby": titleId }, form);
  document.body.append(dialog);
  dc.control.addEventListener("change", sync);
  // Whatever was typed or filled in is not left in the page once the dialog closes.
  dialog.addEventListener("close", () => {
    clearSecretFields();
    clearErrors();
    sync();
  });

  function clearSecretFields() {
    for (const f of [token, webhook, clientSecret, refreshToken]) f.control.value = "";
  }

  function sync() {
    upstreamBox.hidden = choice !== "upstream";
    webhookBox.hidden = choice !== "webhook";
    oauthBox.hidden = choice !== "oauth";
    remember.label.hidden = choice === "sandbox";
    rememberText.textContent =
      choice === "oauth" ? "Remember the client and refresh token in this tab (sessionStorage)" : "Remember the token in this tab (sessionStorage)";
    proxyHint.textContent = `UPSTREAM=${dataCenter(dc.control.value).cliq} ./scripts/demo`;
    oauthCall.textContent = `getAccessToken: zohoOAuth({\n  clientId, clientSecret, refreshToken,\n  accountsUrl: "${location.origin}",\n})`;
    // A secret held in memory is never shown again: the field says it is there.
    token.control.placeholder = secrets.upstream ? "In use (hidden); type to replace" : "1000.xxxx";
    webhook.control.placeholder = secrets.webhook ? "In use (hidden); type to replace" : "1001.xxxx";
    clientSecret.control.placeholder = secrets.oauth ? "In use (hidden); type to replace" : "";
    refreshToken.control.placeholder = secrets.oauth ? "In use (hidden); type to replace" : "1000.xxxx.xxxx";
    forgetBtn.hidden = !sessionStorage.getItem(STORE_KEY);
  }

  function clearErrors() {
    for (const f of [token, webhook, clientId, clientSecret, refreshToken]) setError(f, "");
    dialogError.hidden = true;
    dialogError.textContent = "";
  }

  function setError(f, message) {
    f.error.textContent = message;
    f.error.hidden = !message;
    if (message) f.control.setAttribute("aria-invalid", "true");
    else f.control.removeAttribute("aria-invalid");
  }

  function showDialogError(message) {
    dialogError.textContent = message;
    dialogError.hidden = !message;
  }

  /** Choosing a sandbox credential mode fills its empty fields from the sandbox. */
  function prefill() {
    if (choice === "webhook" && !secrets.webhook && !webhook.control.value) fillFromSandbox("webhook", false);
    if (choice === "oauth" && !secrets.oauth && !clientSecret.control.value && !refreshToken.control.value) fillFromSandbox("oauth", false);
  }

  async function fillFromSandbox(which, asked) {
    let creds = asked ? null : sandboxCredentials;
    if (!creds) {
      try {
        creds = await readSandboxCredentials();
      } catch (err) {
        if (asked) showDialogError(`The sandbox's credentials could not be read: ${err?.message || err}`);
        return;
      }
    }
    if (!creds) {
      if (asked) showDialogError("This server has no sandbox credentials (it is running as a proxy to a data centre).");
      return;
    }
    if (choice !== which || !dialog.open) return;
    showDialogError("");
    if (which === "webhook") {
      if (!asked && webhook.control.value) return;
      webhook.control.value = creds.webhook_token || "";
      setError(webhook, "");
    } else {
      if (!asked && (clientSecret.control.value || refreshToken.control.value)) return;
      clientId.control.value = creds.client_id || "";
      clientSecret.control.value = creds.client_secret || "";
      refreshToken.control.value = creds.refresh_token || "";
      for (const f of [clientId, clientSecret, refreshToken]) setError(f, "");
    }
  }

  async function readSandboxCredentials() {
    const res = await fetch(new URL("/__sandbox/state", location.origin), {
      headers: { Authorization: `Zoho-oauthtoken ${SANDBOX_TOKEN}` },
      cache: "no-store",
    });
    if (!res.ok) throw new Error(`GET /__sandbox/state answered ${res.status}`);
    const state = await res.json();
    sandboxCredentials = state?.credentials || null;
    return sandboxCredentials;
  }

  function open() {
    choice = mode;
    for (const input of modeInputs) input.checked = input.value === choice;
    clearErrors();
    sync();
    dialog.showModal();
  }
  button.addEventListener("click", open);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors();
    const next = choice;
    let saved = null; // what "remember" keeps for this mode
    if (next === "upstream") {
      const t = token.control.value.trim() || secrets.upstream;
      if (!t) return missing(token, "Enter an access token.");
      secrets.upstream = t;
      saved = { token: t, dataCenter: dc.control.value, network: network.control.value.trim() };
    } else if (next === "webhook") {
      const t = webhook.control.value.trim() || secrets.webhook;
      if (!t) return missing(webhook, "Enter a webhook token, or use the sandbox's.");
      secrets.webhook = t;
      saved = { mode: "webhook", webhookToken: t };
    } else if (next === "oauth") {
      const held = secrets.oauth || {};
      const creds = {
        clientId: clientId.control.value.trim() || held.clientId || "",
        clientSecret: clientSecret.control.value.trim() || held.clientSecret || "",
        refreshToken: refreshToken.control.value.trim() || held.refreshToken || "",
      };
      if (!creds.clientId) return missing(clientId, "Enter the OAuth client's id.");
      if (!creds.clientSecret) return missing(clientSecret, "Enter the OAuth client's secret.");
      if (!creds.refreshToken) return missing(refreshToken, "Enter a refresh token, or use the sandbox's.");
      // Get the first access token now, so wrong credentials are said here.
      let provider;
      connectBtn.disabled = true;
      connectBtn.textContent = "Getting a token…";
      try {
        provider = providerFor(creds);
        await provider("initial");
      } catch (err) {
        explainRefreshError(err);
        return;
      } finally {
        connectBtn.disabled = false;
        connectBtn.textContent = "Connect";
      }
      secrets.oauth = creds;
      oauthProvider = provider;
      saved = { mode: "oauth", ...creds };
    }
    if (saved) {
      if (remember.input.checked) sessionStorage.setItem(STORE_KEY, JSON.stringify(saved));
      else sessionStorage.removeItem(STORE_KEY);
    }
    mode = next;
    clearSecretFields(); // the secrets are not left in the page
    dialog.close();
    await connect();
  });

  function missing(f, message) {
    setError(f, message);
    f.control.focus();
  }

  function explainRefreshError(err) {
    if (err?.kind === "unauthorized" && err.code === "invalid_client") {
      setError(clientSecret, "The accounts server does not know this client id and secret (invalid_client).");
      clientSecret.control.focus();
    } else if (err?.kind === "unauthorized" && err.code === "invalid_code") {
      setError(refreshToken, "The accounts server does not know this refresh token, or it was revoked (invalid_code).");
      refreshToken.control.focus();
    } else if (err?.kind === "rate_limited") {
      const wait = err.retryAfterMs ? ` Try again in ${Math.ceil(err.retryAfterMs / 1000)} s.` : "";
      showDialogError(`Too many token refreshes for this refresh token (Zoho allows about 10 in 10 minutes).${wait}`);
    } else {
      const what = [err?.kind, err?.code].filter(Boolean).join(", ");
      showDialogError(`No access token${what ? ` (${what})` : ""}: ${err?.message || err}`);
    }
  }

  /** One provider per set of credentials: it caches the access token and counts refreshes. */
  function providerFor(creds) {
    if (oauthProvider && secrets.oauth && sameCredentials(secrets.oauth, creds)) return oauthProvider;
    return lib.zohoOAuth({ ...creds, accountsUrl: location.origin, fetch: loggedFetch });
  }

  // The provider's token requests go through this fetch, so the request log
  // shows them next to the API calls: method, path and status only (the
  // secrets are in the form body, which is never shown).
  let tokenRequests = 0;
  function loggedFetch(input, init) {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input?.url;
    const method = String(init?.method || input?.method || "GET").toUpperCase();
    let url = "";
    try {
      const u = new URL(String(raw), location.href);
      url = u.origin + u.pathname;
    } catch {
      url = "/oauth/v2/token";
    }
    tokenRequests += 1;
    const event = { method, url, operation: "oauthToken", attempt: 1, requestId: `oauth-${tokenRequests}` };
    hooks.onRequest?.(event);
    const started = performance.now();
    return fetch(input, init).then(
      (res) => {
        hooks.onResponse?.({ ...event, status: res.status, durationMs: performance.now() - started });
        return res;
      },
      (err) => {
        hooks.onResponse?.({ ...event, error: "network", durationMs: performance.now() - started });
        throw err;
      },
    );
  }

  function forget() {
    sessionStorage.removeItem(STORE_KEY);
    // The connected client keeps what it uses; the page holds nothing more.
    secrets.upstream = "";
    secrets.webhook = "";
    secrets.oauth = null;
    oauthProvider = null;
    remember.input.checked = false;
    sync();
  }

  // ------------------------------------------------------------ connect

  async function connect() {
    setStatus("busy", "Connecting…");
    let client;
    try {
      const options = {
        baseUrl: location.origin,
        onRequest: hooks.onRequest,
        onResponse: hooks.onResponse,
        onRateLimit: hooks.onRateLimit,
      };
      if (mode === "sandbox") options.accessToken = SANDBOX_TOKEN;
      else if (mode === "webhook") options.webhookToken = secrets.webhook;
      else if (mode === "oauth") {
        if (!oauthProvider) oauthProvider = providerFor(secrets.oauth || {});
        options.getAccessToken = oauthProvider;
      } else {
        options.accessToken = secrets.upstream;
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
    if (SANDBOX_MODES.has(mode)) {
      try {
        const res = await fetch(new URL("/__sandbox/state", location.origin), {
          headers: { Authorization: `Zoho-oauthtoken ${SANDBOX_TOKEN}` },
          cache: "no-store",
        });
        if (!res.ok) throw new Error(`GET /__sandbox/state answered ${res.status}`);
        const { credentials, ...rest } = await res.json();
        sandboxCredentials = credentials || null; // kept here, for the dialog's "use the sandbox's" buttons
        state = rest;
      } catch (err) {
        showError("The sandbox's organisation could not be read; ids must be typed by hand", err);
      }
    }
    const who = state?.me?.name ? ` · ${state.me.name}` : "";
    const label = {
      sandbox: `Sandbox${who}`,
      webhook: "Sandbox · webhook token",
      oauth: `Sandbox · OAuth${who}`,
    }[mode] || `${dataCenter(dc.control.value).label} via proxy`;
    setStatus("ok", label);
    onConnected({ client, state, mode, label, postOnly: mode === "webhook" });
  }

  function setStatus(tone, text) {
    button.dataset.state = tone;
    statusText.textContent = text;
    button.setAttribute("aria-label", `Connection: ${text}. Change connection`);
  }

  // Credentials remembered in this tab reconnect with them; otherwise the sandbox.
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
    if (saved?.mode === "webhook" && saved.webhookToken) {
      mode = "webhook";
      secrets.webhook = saved.webhookToken;
      remember.input.checked = true;
    } else if (saved?.mode === "oauth" && saved.clientId && saved.clientSecret && saved.refreshToken) {
      mode = "oauth";
      secrets.oauth = { clientId: saved.clientId, clientSecret: saved.clientSecret, refreshToken: saved.refreshToken };
      clientId.control.value = saved.clientId;
      remember.input.checked = true;
    } else if (saved?.token) {
      mode = "upstream";
      secrets.upstream = saved.token;
      dc.control.value = dataCenter(saved.dataCenter).name;
      network.control.value = saved.network || "";
      remember.input.checked = true;
    }
  } catch {
    sessionStorage.removeItem(STORE_KEY);
  }
  choice = mode;
  for (const input of modeInputs) input.checked = input.value === choice;
  sync();

  return { connect, open };
}

function secretInput(placeholder) {
  return h("input", { type: "password", autocomplete: "off", spellcheck: "false", placeholder });
}

function sameCredentials(a, b) {
  return a.clientId === b.clientId && a.clientSecret === b.clientSecret && a.refreshToken === b.refreshToken;
}
