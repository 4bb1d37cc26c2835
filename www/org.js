// What the page knows of the organisation, from the sandbox's state (null
// for a real data centre): the directory that names people and channels in
// mentions, and the chats a user can pick from.

/**
 * The directory preview.js resolves mentions with:
 * `{ people: Map<zuid | lower-case email, name>, channels: Map<channel_id, name> }`.
 */
export function directoryFrom(state) {
  const people = new Map();
  for (const u of state?.users || []) {
    if (u.zuid) people.set(String(u.zuid), u.name);
    if (u.email) people.set(String(u.email).toLowerCase(), u.name);
  }
  const channels = new Map();
  for (const c of state?.channels || []) {
    if (c.channel_id) channels.set(String(c.channel_id), c.name || c.unique_name);
  }
  return { people, channels };
}

/** Every chat and thread of the state as `[chat_id, label, type]`, chats first. */
export function chatChoices(state) {
  const chats = state?.chats || [];
  const known = new Set(chats.map((c) => c.chat_id));
  return [
    ...chats.map((c) => [c.chat_id, c.title, c.type]),
    ...(state?.threads || []).filter((t) => !known.has(t.chat_id)).map((t) => [t.chat_id, t.title, "thread"]),
  ];
}
