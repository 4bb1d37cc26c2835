// Type-checked with `tsc --strict` against pkg/zoho_cliq_wasm.d.ts: every
// method and option of the public API, used as documented.
import init, {
  CliqClient, CliqError, validateMessage, validateMessageAction, zohoOAuth,
  type ZohoOAuthOptions,
  type ClientOptions, type CallOptions, type Message, type OutgoingMessage, type PostResult,
  type Reactions, type MessageAction, type NewMessageAction, type MessageActionPatch,
  type MessageActionPage, type Handler, type HandlerPatch, type Violation, type Operation,
  type CliqErrorKind,
} from "../../pkg/zoho_cliq_wasm.js";

export async function everything(): Promise<void> {
  await init();
  const options: ClientOptions = {
    accessToken: "1000.x", authScheme: "Bearer", dataCenter: "eu", baseUrl: "http://127.0.0.1:8787",
    network: "zylker", fetch: globalThis.fetch, timeoutMs: 5000, maxRetries: 1,
    rateLimit: { mode: "queue", timeScale: 60, maxWaitMs: 1000 },
    onRateLimit: (e) => { const op: Operation = e.operation; void op; void e.retryAfterMs; },
    onRequest: (e) => { void e.url; void e.attempt; },
    onResponse: (e) => { void e.status; void e.durationMs; },
  };
  const cliq = new CliqClient(options);
  const provided = new CliqClient({ getAccessToken: async (reason) => (reason === "expired" ? "new" : "old") });
  void provided;
  const hook = new CliqClient({ webhookToken: "1001.x", dataCenter: "eu" });
  await hook.postToChannel("releases", "Build passed");
  const oauth: ZohoOAuthOptions = { clientId: "1000.c", clientSecret: "s", refreshToken: "1000.r", dataCenter: "eu" };
  const getAccessToken: (reason: "initial" | "expired") => Promise<string> = zohoOAuth(oauth);
  const server = new CliqClient({ dataCenter: "eu", getAccessToken });
  void server;
  const call: CallOptions = { signal: new AbortController().signal, timeoutMs: 100 };

  const messages: Message[] = await cliq.getMessages("CT_1", { fromTime: 0, toTime: 1, limit: 10 }, call);
  for await (const m of cliq.messages("CT_1", { pageSize: 50 })) { const t: number = m.time; void t; }
  const one: Message = await cliq.getMessage("CT_1", "1_2");
  const card: OutgoingMessage = {
    text: "Release", sync_message: true,
    card: { theme: "modern-inline", title: "2.1", thumbnail: "https://x/y.png" },
    buttons: [{ label: "Notes", type: "+", action: { type: "open.url", data: { web: "https://x" } } }],
    slides: [{ type: "list", title: "Changes", data: ["a", "b"] }],
  };
  const posted: PostResult = await cliq.postToChannel("general", card, { botUniqueName: "deploybot", markAsRead: true });
  const id: string | undefined = posted.messageId;
  await cliq.postToBot("deploybot", "hi", { userIds: ["1", "2"], broadcast: false });
  await cliq.postToChat("CT_1", "hi", call);
  await cliq.postToUser("a@b.c", { text: "hi" });
  await cliq.editMessage("CT_1", "1_2", "fixed", { notifyEdit: true });
  await cliq.deleteMessage("CT_1", "1_2");
  await cliq.addReaction("CT_1", "1_2", ":smile:");
  const reactions: Reactions = await cliq.getReactions("CT_1", "1_2");
  const who: string | undefined = reactions[":smile:"]?.[0]?.userName;
  await cliq.removeReaction("CT_1", "1_2", ":smile:");

  const input: NewMessageAction = { name: "Task", hint: "Make a task", execution_type: "webhook",
    execution_url: "https://x/hook", scope: "team", team_ids: [1], message_types: ["text", "link"] };
  const action: MessageAction = await cliq.createMessageAction(input);
  const page: MessageActionPage = await cliq.listMessageActions({ limit: 10, nextToken: page0(), syncToken: undefined });
  for await (const a of cliq.messageActions({ pageSize: 10 })) { void a.id; }
  const patch: MessageActionPatch = { hint: "New hint" };
  await cliq.updateMessageAction(action.id, patch);
  await cliq.getMessageAction(action.id);
  const handlerPatch: HandlerPatch = { permissions: ["chat", "message"] };
  const handler: Handler = await cliq.updateMessageActionHandler(action.id, handlerPatch);
  await cliq.getMessageActionHandler(action.id);
  await cliq.deleteMessageAction(action.id);
  const status = cliq.rateLimitStatus();
  const left: number = status.postToChannel.remaining + status.getMessages.lockedForMs;

  const violations: Violation[] = [...validateMessage(card), ...validateMessageAction(patch, "update")];
  try { await cliq.getMessage("a", "b"); } catch (e) {
    if (e instanceof CliqError) {
      const kind: CliqErrorKind = e.kind;
      const extra: [number | undefined, string | undefined, string | undefined, number | undefined] = [e.status, e.code, e.field, e.retryAfterMs];
      void kind; void extra;
    }
  }
  void messages; void one; void id; void who; void page; void handler; void left; void violations;
}

function page0(): string | undefined { return undefined; }
