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

/** Exactly one of `accessToken` / `getAccessToken`. */
export type ClientOptions = ClientOptionsBase & (
  | { accessToken: string; getAccessToken?: never }
  | { accessToken?: never; getAccessToken: (reason: "initial" | "expired") => string | Promise<string> }
);

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

export interface RateLimitStatus { remaining: number; resetInMs: number; lockedForMs: number }

/** One broken rule: the field path and a message naming the limit. */
export interface Violation { field: string; message: string }

/** The only error the client rejects with. */
export declare class CliqError extends Error {
  name: "CliqError";
  kind: CliqErrorKind;
  operation: Operation | "constructor";
  status?: number;
  code?: string;
  field?: string;
  retryAfterMs?: number;
}
