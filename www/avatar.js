// A person's or a bot's avatar: initials on a colour derived from the name.
// Shared by the compose preview and the conversation.
import { h } from "./dom.js";

/** An avatar for `name` (decorative: the name is always shown beside it). */
export function avatar(name, isBot = false) {
  const initials = String(name || "?")
    .trim()
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]/u)?.[0] || "")
    .filter(Boolean)
    .slice(0, 2)
    .join("")
    .toUpperCase();
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  const el = h("span", { class: `avatar${isBot ? " bot" : ""}`, "aria-hidden": "true", text: initials || "?" });
  el.style.setProperty("--hue", String(hash % 360));
  return el;
}
