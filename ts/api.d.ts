/** The 18 operations, named as the client's methods. */
export type Operation =
  | "getMessages" | "getMessage" | "postToChannel" | "postToBot" | "postToChat" | "postToUser"
  | "editMessage" | "deleteMessage" | "addReaction" | "getReactions" | "removeReaction"
  | "createMessageAction" | "listMessageActions" | "getMessageAction" | "updateMessageAction"
  | "deleteMessageAction" | "getMessageActionHandler" | "updateMessageActionHandler";

/** `CliqError.kind`. */
export type CliqErrorKind =
  | "invalid_input" | "unauthorized" | "forbidden" | "not_found" | "rate_limited"
  | "server" | "network" | "timeout" | "aborted" | "bad_response" | "http";

/** Zoho data centres serving Cliq. */
export type DataCenter = "us" | "eu" | "in" | "au" | "jp" | "cn" | "ca" | "sa" | "uk";

/** A proactive wait for quota, a server throttle, or a call refused during a lock. */
export interface RateLimitEvent {
  operation: Operation;
  type: "wait" | "throttle" | "locked";
  /** Real milliseconds until the call can go (or the lock ends). */
  retryAfterMs: number;
}

/** Emitted before each attempt. Never contains the access token. */
export interface RequestEvent {
  operation: Operation;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  attempt: number;
}

/** Emitted after each attempt: `status` when an answer arrived, else `error`. */
export interface ResponseEvent extends RequestEvent {
  status?: number;
  error?: "network" | "timeout" | "aborted";
  durationMs: number;
}

export interface RateLimitOptions {
  /** "queue" (default) waits for quota, "reject" fails fast, "off" does no budgeting. */
  mode?: "queue" | "reject" | "off";
  /** Default 1; 60 = one quota minute passes in one real second (tests). */
  timeScale?: number;
  /** Queue mode: reject instead of waiting longer than this. Default 60000. */
  maxWaitMs?: number;
}

interface ClientOptionsBase {
  authScheme?: "Zoho-oauthtoken" | "Bearer";
  dataCenter?: DataCenter;
  /** Overrides dataCenter: a proxy or the sandbox, e.g. "http://127.0.0.1:8787". */
  baseUrl?: string;
  /** Cliq network unique name: "{base}/network/{network}/api/...". */
  network?: string;
  fetch?: typeof fetch;
  /** Per attempt, default 30000. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
  rateLimit?: RateLimitOptions;
  onRateLimit?: (e: RateLimitEvent) => void;
  onRequest?: (e: RequestEvent) => void;
  onResponse?: (e: ResponseEvent) => void;
}

/** A token provider: called lazily, and once more after a 401 (`"expired"`). */
export type AccessTokenProvider = (reason: "initial" | "expired") => string | Promise<string>;

/** Exactly one of `accessToken` / `getAccessToken` / `webhookToken`. */
export type ClientOptions = ClientOptionsBase & (
  | { accessToken: string; getAccessToken?: never; webhookToken?: never }
  | { accessToken?: never; getAccessToken: AccessTokenProvider; webhookToken?: never }
  /** Cliq's webhook token (`zapikey`): the four posting methods only; the others reject with `invalid_input`. */
  | { accessToken?: never; getAccessToken?: never; webhookToken: string }
);

/** `zohoOAuth(options)`: a refresh token turned into access tokens (Node, Deno, Bun, Workers). */
export interface ZohoOAuthOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Default "us": that centre's accounts server. */
  dataCenter?: DataCenter;
  /** Overrides dataCenter: the sandbox or a proxy, e.g. "http://127.0.0.1:8787". */
  accountsUrl?: string;
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface GetMessagesQuery { fromTime?: number; toTime?: number; limit?: number }
export interface MessagesQuery { fromTime?: number; toTime?: number; pageSize?: number }
export interface ListMessageActionsQuery { limit?: number; nextToken?: string; syncToken?: string }
export interface MessageActionsQuery { pageSize?: number }
export interface PostToChannelOptions extends CallOptions { botUniqueName?: string; markAsRead?: boolean }
export interface PostToBotOptions extends CallOptions { userIds?: string[]; broadcast?: boolean }
export interface EditMessageOptions extends CallOptions { notifyEdit?: boolean }

export interface PostResult {
  messageId?: string;
  chatId?: string;
  userIds?: string[];
  messageDetails?: Record<string, { chatId: string; messageId: string }>;
}

export type Reactions = Record<string, Array<{ time: number; userId: string; userName: string }>>;

export interface MessageActionPage {
  data: MessageAction[];
  nextToken?: string;
  syncToken?: string;
  /** Ids deleted since `syncToken` (sync responses only). */
  deleted?: string[];
}

export interface RateLimitStatus {
  /** Cliq's per-minute quota for the operation (per user). */
  limit: number;
  /** Calls the client may still send in the current minute. */
  remaining: number;
  /** When the oldest call of the minute leaves the window. */
  resetInMs: number;
  /** How long the operation stays locked after a throttle (0 when not). */
  lockedForMs: number;
}

/** One broken rule: the field path and a message naming the limit. */
export interface Violation { field: string; message: string }

/** The only error the client rejects with. */
export declare class CliqError extends Error {
  /** The client creates these; `fields` are copied when present. */
  constructor(message: string, fields?: Partial<Pick<CliqError, "kind" | "operation" | "status" | "code" | "field" | "retryAfterMs">>);
  name: "CliqError";
  kind: CliqErrorKind;
  /** The method, `"constructor"`, or `"zohoOAuth"` for its provider's own errors. */
  operation: Operation | "constructor" | "zohoOAuth";
  status?: number;
  code?: string;
  field?: string;
  retryAfterMs?: number;
}

/** A Zoho Cliq client: every method returns a Promise that rejects only with a `CliqError`. */
export declare class CliqClient {
  /** Throws a `CliqError` of kind `invalid_input` for bad options. */
  constructor(options: ClientOptions);

  /** `GET /api/v2/chats/{chatId}/messages`: a conversation's messages. */
  getMessages(chatId: string, query?: GetMessagesQuery, opts?: CallOptions): Promise<Message[]>;
  /** Every message of a conversation, oldest first, paging forward in time with `getMessages`. */
  messages(chatId: string, query?: MessagesQuery, opts?: CallOptions): CliqIterator<Message>;
  /** `GET /api/v2/chats/{chatId}/messages/{messageId}`: one message. */
  getMessage(chatId: string, messageId: string, opts?: CallOptions): Promise<Message>;
  /** `POST /api/v2/channelsbyname/{name}/message`: post to a channel, optionally as a bot. */
  postToChannel(channelUniqueName: string, message: string | OutgoingMessage, opts?: PostToChannelOptions): Promise<PostResult>;
  /** `POST /api/v2/bots/{name}/message`: message a bot's subscribers, or broadcast. */
  postToBot(botUniqueName: string, message: string | OutgoingMessage, opts?: PostToBotOptions): Promise<PostResult>;
  /** `POST /api/v2/chats/{chatId}/message`: post to a chat, or to a thread by its chat id. */
  postToChat(chatId: string, message: string | OutgoingMessage, opts?: CallOptions): Promise<PostResult>;
  /** `POST /api/v2/buddies/{emailOrZuid}/message`: a direct message to a user. */
  postToUser(emailOrZuid: string, message: string | OutgoingMessage, opts?: CallOptions): Promise<PostResult>;
  /** `PUT /api/v2/chats/{chatId}/messages/{messageId}`: edit a message's text. */
  editMessage(chatId: string, messageId: string, text: string, opts?: EditMessageOptions): Promise<void>;
  /** `DELETE /api/v2/chats/{chatId}/messages/{messageId}`: delete a message. */
  deleteMessage(chatId: string, messageId: string, opts?: CallOptions): Promise<void>;
  /** `POST …/messages/{messageId}/reactions`: react with an emoji. */
  addReaction(chatId: string, messageId: string, emojiCode: string, opts?: CallOptions): Promise<void>;
  /** `GET …/messages/{messageId}/reactions`: reactions by emoji. */
  getReactions(chatId: string, messageId: string, opts?: CallOptions): Promise<Reactions>;
  /** `DELETE …/messages/{messageId}/reactions?emoji_code=…`: remove a reaction. */
  removeReaction(chatId: string, messageId: string, emojiCode: string, opts?: CallOptions): Promise<void>;

  /** `POST /api/v3/messageactions`: create a message action. */
  createMessageAction(input: NewMessageAction, opts?: CallOptions): Promise<MessageAction>;
  /** `GET /api/v3/messageactions`: one page of message actions. */
  listMessageActions(query?: ListMessageActionsQuery, opts?: CallOptions): Promise<MessageActionPage>;
  /** Every message action, following `next_token` page by page. */
  messageActions(query?: MessageActionsQuery, opts?: CallOptions): CliqIterator<MessageAction>;
  /** `GET /api/v3/messageactions/{id}`: one message action. */
  getMessageAction(id: string, opts?: CallOptions): Promise<MessageAction>;
  /** `PATCH /api/v3/messageactions/{id}`: change some fields of a message action. */
  updateMessageAction(id: string, patch: MessageActionPatch, opts?: CallOptions): Promise<MessageAction>;
  /** `DELETE /api/v3/messageactions/{id}`: delete a message action and its handler. */
  deleteMessageAction(id: string, opts?: CallOptions): Promise<void>;
  /** `GET /api/v3/messageactions/{id}/handlers/execution_handler`. */
  getMessageActionHandler(id: string, opts?: CallOptions): Promise<Handler>;
  /** `PATCH /api/v3/messageactions/{id}/handlers/execution_handler`: the Deluge script or the webhook permissions. */
  updateMessageActionHandler(id: string, patch: HandlerPatch, opts?: CallOptions): Promise<Handler>;

  /** Budget left per operation, for dashboards. */
  rateLimitStatus(): Record<Operation, RateLimitStatus>;
  /** How many times the token provider has been called (diagnostics and tests). */
  readonly tokenRefreshCount: number;
  /** Releases the client's wasm memory now (garbage collection also does). */
  free(): void;
}

/** What `messages()` and `messageActions()` return: `for await (const item of …)`. */
export declare class CliqIterator<T> implements AsyncIterableIterator<T> {
  private constructor();
  /** The next item; pages are fetched lazily, one call at a time. */
  next(): Promise<IteratorResult<T>>;
  /** Ends the walk (what `break` calls). */
  return(value?: unknown): Promise<IteratorResult<T>>;
  [Symbol.asyncIterator](): CliqIterator<T>;
  /** Releases the iterator's wasm memory now (garbage collection also does). */
  free(): void;
}

/** The rules a message breaks (`[]` when it can be sent). */
export declare function validateMessage(message: string | OutgoingMessage): Violation[];
/** The rules a message action (create) or patch (update) breaks (`[]` when it can be sent). */
export declare function validateMessageAction(input: NewMessageAction | MessageActionPatch, mode: "create" | "update"): Violation[];
/** The library version. */
export declare function version(): string;
/** One Zoho data centre that serves Cliq. */
export interface DataCenterInfo {
  /** The `dataCenter` option's value (`"eu"`). */
  name: DataCenter;
  /** Where it is, for people (`"Europe"`). */
  label: string;
  /** Cliq's API origin (`"https://cliq.zoho.eu"`). */
  cliq: string;
  /** Zoho's accounts (OAuth) origin (`"https://accounts.zoho.eu"`). */
  accounts: string;
}
/** Zoho's data centres that serve Cliq, as `dataCenter` accepts them. */
export declare function dataCenters(): DataCenterInfo[];
/**
 * A `getAccessToken` provider from a refresh token: form-encoded refresh
 * grant, the token cached until 5 minutes before it expires, one refresh
 * shared by concurrent callers, never more than 10 refreshes in 10 minutes.
 * Throws a `CliqError` (`invalid_input`) for bad options.
 */
export declare function zohoOAuth(options: ZohoOAuthOptions): (reason: "initial" | "expired") => Promise<string>;
