// Every marked line below must FAIL to type-check: tests/ts/check.mjs asserts
// that tsc reports an error on each marked line and nowhere else.
import { CliqClient, zohoOAuth } from "../../pkg/zoho_cliq_wasm.js";

export async function misuse(cliq: CliqClient): Promise<void> {
  new CliqClient({ dataCenter: "eu" }); // error: a token is required
  new CliqClient({ accessToken: "a", getAccessToken: () => "b" }); // error: both tokens
  new CliqClient({ accessToken: "a", webhookToken: "w" }); // error: a webhook token is exclusive too
  zohoOAuth({ clientId: "c", refreshToken: "r" }); // error: clientSecret is required
  new CliqClient({ accessToken: "a", dataCenter: "mars" }); // error: unknown data centre
  new CliqClient({ accessToken: "a", rateLimit: { mode: "fast" } }); // error: unknown mode
  await cliq.getMessages(42); // error: chatId is a string
  await cliq.postToChannel("general", { txt: "typo" }); // error: unknown message field
  await cliq.postToBot("bot", "hi", { userIds: "1,2" }); // error: userIds is an array
  await cliq.createMessageAction({ name: "x", hint: "y", scope: "everyone" }); // error: unknown scope
  await cliq.updateMessageActionHandler("1", { permissions: ["camera"] }); // error: unknown permission
  const n: number = (await cliq.getMessage("a", "b")).sender; // error: sender is not a number
  void n;
}
