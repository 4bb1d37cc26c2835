// A consumer of the published package, resolved through node_modules and
// package.json "exports" ("types" condition), as an app would.
import init, {
  initSync, CliqClient, CliqError, validateMessage, validateMessageAction,
  type ClientOptions, type CliqErrorKind, type Message, type MessageAction, type PostResult, type Violation,
} from "zoho-cliq-wasm";

export async function main(sandbox: string, channel: string, wasm?: WebAssembly.Module): Promise<string[]> {
  if (wasm) initSync({ module: wasm });
  else await init();

  const options: ClientOptions = {
    accessToken: `ts-${Date.now()}`,
    baseUrl: sandbox,
    rateLimit: { mode: "queue", timeScale: 60, maxWaitMs: 5000 },
    onRequest: (e) => console.log(e.method, e.url),
  };
  const cliq = new CliqClient(options);
  const seen: string[] = [];

  const page = await cliq.listMessageActions({ limit: 5 });
  page.data.forEach((a: MessageAction) => seen.push(a.name));

  const posted: PostResult = await cliq.postToChannel(channel, { text: "hello", sync_message: true });
  for await (const message of cliq.messages(posted.chatId ?? "CT_1", { pageSize: 50 })) {
    const m: Message = message;
    if (m.id === posted.messageId) break;
  }

  try {
    await cliq.getMessageAction("nope");
  } catch (e) {
    if (!(e instanceof CliqError)) throw e;
    const kind: CliqErrorKind = e.kind;
    const status: number | undefined = e.status;
    seen.push(`${kind}:${status ?? ""}:${e.retryAfterMs ?? ""}`);
  }

  const violations: Violation[] = [...validateMessage({ text: "" }), ...validateMessageAction({ name: "" }, "update")];
  seen.push(...violations.map((v) => `${v.field}: ${v.message}`));
  cliq.free();
  return seen;
}
