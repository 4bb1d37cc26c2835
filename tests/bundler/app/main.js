// A minimal web app as users write it: the package imported by name and
// bundled by Vite; the sandbox URL comes from the page's query string.
import init, { CliqClient, CliqError, validateMessage } from "zoho-cliq-wasm";

const status = document.getElementById("status");
const sandbox = new URLSearchParams(location.search).get("sandbox");

async function run() {
  await init();
  const cliq = new CliqClient({ accessToken: `vite-${Date.now()}`, baseUrl: sandbox });
  const state = await (await fetch(`${sandbox}/__sandbox/state`)).json();
  const channel = state.channels.find((c) => c.members.includes(state.me.zuid));
  const { messageId } = await cliq.postToChannel(channel.unique_name, { text: "Hello from a Vite build", sync_message: true });
  const message = await cliq.getMessage(channel.chat_id, messageId);
  const error = await cliq.getMessage(channel.chat_id, "nope").catch((e) => e);
  return {
    text: message.content.text,
    errorIsCliqError: error instanceof CliqError,
    errorKind: error.kind,
    violations: validateMessage({ text: "" }).length,
  };
}

run().then(
  (result) => { status.textContent = "done"; document.body.dataset.result = JSON.stringify(result); },
  (e) => { status.textContent = `failed: ${e && e.message}`; document.body.dataset.result = JSON.stringify({ failed: String(e && e.message) }); },
);
