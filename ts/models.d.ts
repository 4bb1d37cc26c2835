// Data models of zoho-cliq-wasm, in Cliq's own snake_case wire shape.
//
// Outgoing shapes (OutgoingMessage, NewMessageAction, …) are sent unchanged
// after validation. Incoming records (Message, MessageAction, Handler) keep
// every field Cliq sends, including ones not typed here.

// ------------------------------------------------------------ outgoing ----

/** A boolean; older scripts send the strings `"true"` / `"false"`, which Cliq accepts. */
export type BooleanLike = boolean | "true" | "false";

/**
 * A message to post. Paste JSON from Cliq's docs: every documented field is
 * typed. Only `text` is required (at most 10000 characters).
 */
export interface OutgoingMessage {
  /** The message text: markdown, mentions (`{@zuid}`) and instant buttons (`[Label]($key)`). Max 10000 characters. */
  text: string;
  /** A message card. */
  card?: Card;
  /** Structured content blocks below the text; at most 20. Top level, not inside `card`. */
  slides?: Slide[];
  /** Buttons under the message; at most 5. */
  buttons?: Button[];
  /** Overrides the sender's display name and avatar. */
  bot?: BotIdentity;
  /** Display styles. */
  styles?: MessageStyles;
  /** Instant-button definitions, keyed by the `$key` used in `text`. */
  references?: Record<string, InstantButtonReference>;
  /** The id of the message to reply to (max 100 characters). */
  reply_to?: string;
  /** Ask Cliq to return the new message's id. */
  sync_message?: BooleanLike;
  /** Mark the posted message as read for the sender. */
  mark_as_read?: BooleanLike;
  /** Thread posts: also show the message in the parent chat. */
  post_in_parent?: BooleanLike;
  /** Notify participants when the message is later edited. */
  notify_edit?: BooleanLike;
  /** Start a thread from this parent message id. */
  thread_message_id?: string;
  /** Title of the new thread (max 100 characters). */
  thread_title?: string;
  /** The thread chat id to post in (max 100 characters). */
  thread_chat_id?: string;
  /** A topic for the message (max 255 characters). */
  message_topic?: string;
}

/** Message styles: `highlight` (v2), `background` and `markdown` (v3). */
export interface MessageStyles {
  /** Highlight the message (v2). */
  highlight?: BooleanLike;
  /** Background colour (v3). */
  background?: "red" | "yellow" | "green" | "blue" | "grey";
  /** Render markdown (v3). */
  markdown?: BooleanLike;
}

/** The display identity a message is posted under. */
export interface BotIdentity {
  /** Display name. */
  name?: string;
  /** Public HTTPS avatar URL; `""` means none. */
  image?: string;
}

/** A card theme. Documented: `modern-inline`, `poll`, `prompt`; `basic` is the older default. */
export type CardTheme = "modern-inline" | "poll" | "prompt" | "basic";

/**
 * A message card. `title` (max 200) is required for `poll` and `prompt`;
 * a poll's `options`, when present, are 2–10; a prompt needs 1–5 buttons.
 */
export interface Card {
  theme?: CardTheme;
  /** Title or question, max 200 characters. */
  title?: string;
  /** HTTPS thumbnail URL (modern-inline); `""` means none. */
  thumbnail?: string;
  /** Icon URL (older cards). */
  icon?: string;
  /** Preview image URL (older cards). */
  preview?: string;
  /** Poll options, 2–10. */
  options?: PollOption[];
  /** Labelled field sections (modern-inline). */
  sections?: CardSection[];
  /** Buttons inside the card, at most 5. */
  buttons?: Button[];
}

/** One poll option; Cliq echoes `votes` on cards it returns. */
export interface PollOption {
  /** Max 100 characters. */
  text: string;
  votes?: number;
}

/** A labelled group of fields in a `modern-inline` card. */
export interface CardSection {
  title?: string;
  fields?: CardField[];
}

/** One key/value field of a card section. */
export interface CardField {
  title: string;
  value: string;
}

/** A button: at the top level, in a card, or as an instant button. */
export interface Button {
  /** Max 30 characters. */
  label: string;
  /** Tooltip, max 100 characters. */
  hint?: string;
  /** `"+"` positive (green) or `"-"` negative (red). */
  type?: "+" | "-";
  /** Your identifier for the button, max 100 characters. */
  key?: string;
  /** What a click does. */
  action?: ButtonAction;
  /** Custom key/values passed to an invoked function. */
  arguments?: Record<string, unknown>;
}

/** An instant button defined in `references`. */
export interface InstantButtonReference {
  type: "button";
  object: Button;
}

/** The action types this library knows and validates. */
export type KnownActionType = KnownButtonAction["type"];

/** Fields shared by every button action. */
export interface ActionBase {
  /** A confirmation dialog shown before the action runs. */
  confirm?: ConfirmDialog;
}

/** Invokes a Cliq function. */
export interface InvokeFunctionAction extends ActionBase {
  type: "invoke.function";
  data: { name: string; /** Email of the function owner. */ owner?: string; [key: string]: unknown };
}

/** Opens a URL (http, https, tel, sms, sip) in the browser; each URL max 256 characters. */
export interface OpenUrlAction extends ActionBase {
  type: "open.url";
  data: { web: string; windows?: string; iOS?: string; android?: string; [key: string]: unknown };
}

/** Previews a URL inside Cliq; the docs name the key `url` or `web` (max 500 characters). */
export interface PreviewUrlAction extends ActionBase {
  type: "preview.url";
  data:
    | { url: string; web?: string; [key: string]: unknown }
    | { web: string; url?: string; [key: string]: unknown };
}

/**
 * Calls a Cliq system API: `audiocall/{zuid}`, `videocall/{zuid}`,
 * `startchat/{zuid}`, `invite/{zuid}` or `locationpermission`.
 */
export interface SystemApiAction extends ActionBase {
  type: "system.api";
  data: { api: string; [key: string]: unknown };
}

/** Copies text (max 200 characters) to the clipboard. */
export interface CopyAction extends ActionBase {
  type: "copy";
  data: { text: string; [key: string]: unknown };
}

/** Sends a message to a bot. */
export interface InvokeBotAction extends ActionBase {
  type: "invoke.bot";
  data: { bot_name: string; message?: string; [key: string]: unknown };
}

/** The known button actions, discriminated by `type`. */
export type KnownButtonAction =
  | InvokeFunctionAction
  | OpenUrlAction
  | PreviewUrlAction
  | SystemApiAction
  | CopyAction
  | InvokeBotAction;

/** An action type this library does not know; passed through unvalidated. */
export interface OtherButtonAction extends ActionBase {
  type: string;
  data?: Record<string, unknown>;
}

/** A button's action. */
export type ButtonAction = KnownButtonAction | OtherButtonAction;

/** A confirmation dialog shown before a button's action runs. */
export interface ConfirmDialog {
  /** Max 100 characters. */
  title: string;
  /** Max 100 characters. */
  description?: string;
  /** Input prompt, max 300 characters. */
  input?: string;
  /** Max 100 characters. */
  button_label?: string;
  /** Max 100 characters. */
  cancel_button_label?: string;
  /** Default `positive`. */
  emotion?: "positive" | "neutral" | "negative";
  /** Whether the input is required; documented as the strings `"true"` / `"false"`. */
  mandatory?: BooleanLike;
}

/** Fields shared by every slide. */
export interface SlideBase {
  /** Optional heading. */
  title?: string;
}

/** A table; `rows` map header names to cells. */
export interface TableSlide extends SlideBase {
  type: "table";
  data: {
    headers: string[];
    rows: Array<Record<string, string | number | boolean | null>>;
    styles?: {
      /** Column widths in percent, summing to 100. */
      width?: Array<number | string>;
      sticky?: { rows?: 0 | 1 | 2; columns?: 0 | 1 | 2 };
    };
  };
  styles?: Record<string, unknown>;
}

/** A bulleted or numbered list. */
export interface ListSlide extends SlideBase {
  type: "list";
  data: string[];
  styles?: {
    type?:
      | "disc"
      | "circle"
      | "square"
      | "decimal"
      | "lower-alpha"
      | "upper-alpha"
      | "lower-roman"
      | "upper-roman";
  };
}

/** Key/value pairs: `[{"Key": "Value"}]` or `[{label, value}]` (the docs show both). */
export interface LabelSlide extends SlideBase {
  type: "label";
  data: Array<Record<string, string>>;
  styles?: Record<string, unknown>;
}

/** Images from public HTTPS URLs. */
export interface ImagesSlide extends SlideBase {
  type: "images";
  data: string[];
  styles?: Record<string, unknown>;
}

/** A text block. */
export interface TextSlide extends SlideBase {
  type: "text";
  data: string;
  styles?: Record<string, unknown>;
}

/** A pie-style chart of at most 5 items (labels max 20 characters). */
export interface PercentageChartSlide extends SlideBase {
  type: "percentage_chart";
  data: Array<{ label: string; value: number }>;
  styles?: { preview?: "pie" | "doughnut" | "semi_doughnut" };
}

/** A graph of at most 5 categories of at most 20 values (labels max 20 characters). */
export interface GraphSlide extends SlideBase {
  type: "graph";
  data: Array<{ category: string; values: Array<{ label: string; value: number }> }>;
  styles?: {
    preview?: "vertical_bar" | "vertical_stacked_bar" | "trend";
    /** Max 20 characters. */
    x_axis?: string;
    /** Max 20 characters. */
    y_axis?: string;
  };
}

/** The known slides, discriminated by `type`. */
export type KnownSlide =
  | TableSlide
  | ListSlide
  | LabelSlide
  | ImagesSlide
  | TextSlide
  | PercentageChartSlide
  | GraphSlide;

/** A slide type this library does not know; passed through unvalidated. */
export interface OtherSlide extends SlideBase {
  type: string;
  data?: unknown;
  styles?: Record<string, unknown>;
}

/** A structured content block. */
export type Slide = KnownSlide | OtherSlide;

// ------------------------------------------------------------ incoming ----

/** A message read from Cliq. Fields not typed here are kept. */
export interface Message {
  /** e.g. `"1542711601585_349430767610289"`. */
  id: string;
  /** Epoch milliseconds (Cliq sometimes sends a string; it is converted). */
  time: number;
  /** `text`, `file`, `card`, `poll`, … (open). */
  type: string;
  sender: MessageSender;
  content: MessageContent;
  /** Present when the message started a thread. */
  thread_information?: ThreadInformation;
  /** Reactions, when Cliq includes them (shape not documented). */
  reactions?: unknown;
  [key: string]: unknown;
}

/** The sender of a message. */
export interface MessageSender {
  /** ZUID, or a bot id such as `b-…`. */
  id: string;
  name: string;
  [key: string]: unknown;
}

/** The content of a message. */
export interface MessageContent {
  text?: string;
  /** The attached file, for file messages. */
  file?: FileInfo;
  /** The file's preview thumbnail. */
  thumbnail?: Thumbnail;
  /** The comment posted with a file. */
  comment?: string;
  /** The card, for card messages. */
  card?: Card;
  [key: string]: unknown;
}

/** A shared file. */
export interface FileInfo {
  name?: string;
  /** MIME type. */
  type?: string;
  id?: string;
  dimensions?: { height?: number; width?: number; size?: number; [key: string]: unknown };
  [key: string]: unknown;
}

/** A file's preview thumbnail. */
export interface Thumbnail {
  height?: number;
  width?: number;
  /** A tiny base64 JPEG placeholder. */
  blur_data?: string;
  [key: string]: unknown;
}

/** Thread details of a message that started a thread. */
export interface ThreadInformation {
  is_follower?: boolean;
  message_count?: number;
  follower_count?: number;
  /** The parent message id. */
  thread_message_id?: string;
  title?: string;
  /** The thread chat id, for the thread endpoints. */
  chat_id?: string;
  [key: string]: unknown;
}

// ----------------------------------------------------- message actions ----

/** Who can use a message action. */
export type ActionScope = "organization" | "team" | "personal";
/** How a message action runs (`deluge` by default). */
export type ExecutionType = "deluge" | "webhook";
/** The kinds of message an action applies to. */
export type MessageType = "text" | "link" | "attachment";
/** The attributes forwarded to a webhook handler. */
export type Permission = "chat" | "message" | "user" | "location" | "attachments";
/** A team id: Cliq documents integers; a string of digits keeps ids beyond 2^53 exact. */
export type TeamId = number | string;

/** A message action: the `data` object of Cliq's v3 envelope. */
export interface MessageAction {
  /** A string of digits. */
  id: string;
  name: string;
  hint?: string;
  scope?: ActionScope;
  team_ids?: TeamId[];
  multi_selectable?: boolean;
  message_types?: MessageType[];
  execution_type?: ExecutionType;
  execution_url?: string;
  handlers?: Array<{ type: "execution_handler"; [key: string]: unknown }>;
  creator?: { id: string; name: string; [key: string]: unknown };
  /** e.g. `"enabled"`. */
  status?: string;
  /** e.g. `"custom"`. */
  type?: string;
  /** Base64 icon. */
  image?: string;
  [key: string]: unknown;
}

/** Fields shared by NewMessageAction and MessageActionPatch. */
export interface MessageActionFields {
  /** 1–30 characters. */
  name: string;
  /** 1–128 characters. */
  hint: string;
  multi_selectable?: boolean;
  /** 1–3 distinct values. */
  message_types?: MessageType[];
  /** Base64 icon. */
  image?: string;
}

/**
 * The input of `createMessageAction`. Webhook actions need `execution_url`
 * (max 225); team scope needs 1–4 `team_ids`, which other scopes refuse.
 * Cliq refuses unknown keys.
 */
export type NewMessageAction = MessageActionFields &
  (
    | { execution_type?: "deluge"; execution_url?: string }
    | { execution_type: "webhook"; execution_url: string }
  ) &
  (
    | { scope: "team"; team_ids: TeamId[] }
    | { scope?: "organization" | "personal"; team_ids?: never }
  );

/** The input of `updateMessageAction`: omitted fields stay unchanged. */
export interface MessageActionPatch extends Partial<MessageActionFields> {
  execution_type?: ExecutionType;
  /** Max 225 characters. */
  execution_url?: string;
  scope?: ActionScope;
  /** 1–4 ids; allowed without `scope` (the server knows the current scope). */
  team_ids?: TeamId[];
}

/** A message action's execution handler: the `data` object of Cliq's envelope. */
export interface Handler {
  /** `execution_handler`. */
  name?: string;
  /** The Deluge script (Deluge actions). */
  script?: string;
  /** The forwarded attributes (webhook actions). */
  permissions?: Permission[];
  function_id?: string;
  [key: string]: unknown;
}

/**
 * The input of `updateMessageActionHandler`: a Deluge `script` (max 256000
 * bytes of UTF-8), webhook `permissions` (at most 5, distinct), or both.
 */
export type HandlerPatch =
  | { script: string; permissions?: Permission[] }
  | { script?: string; permissions: Permission[] };
