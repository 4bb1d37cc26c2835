//! Validation of outgoing payloads against Cliq's documented limits.
//!
//! Rules run on the wire form (`serde_json::Value`), so exactly what is sent
//! is checked. Where Zoho's documents disagree the larger limit applies, and
//! only a broken stated limit is refused: unknown fields, cards without a
//! theme, `"true"` strings for booleans and `""` images all pass. Message
//! actions are the exception for unknown keys, which Cliq itself refuses
//! (`extra_key_found`).
//!
//! Lengths count Unicode scalar values (`char`s), except a handler `script`,
//! whose 250 KB limit counts bytes of UTF-8. No input makes a validator panic.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

/// One broken rule: the field path and a message naming the limit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The offending field, e.g. `card.buttons[5].label` or `team_ids`.
    pub field: String,
    /// What is wrong, e.g. `must be at most 30 characters (got 31)`.
    pub message: String,
}

impl Violation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl core::fmt::Display for Violation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {}", self.field, self.message)
    }
}

/// Which message-action call an input is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionMode {
    /// `createMessageAction`: `name` and `hint` are required.
    Create,
    /// `updateMessageAction`: every field is optional.
    Update,
}

/// Validates a message: a non-empty string (plain text, i.e. `{"text": s}`)
/// or an `OutgoingMessage` object in Cliq's wire shape.
pub fn validate_message(message: &Value) -> Vec<Violation> {
    let mut c = Check::default();
    match message {
        Value::String(text) => c.text(TEXT, "text", text),
        Value::Object(m) => c.message(m),
        _ => c.add("message", "must be a string or an object"),
    }
    c.out
}

/// Validates the new text of `editMessage` (field `text`).
pub fn validate_edit_text(text: &str) -> Vec<Violation> {
    let mut c = Check::default();
    c.text(TEXT, "text", text);
    c.out
}

/// Validates a `NewMessageAction` (create) or `MessageActionPatch` (update).
pub fn validate_message_action(input: &Value, mode: ActionMode) -> Vec<Violation> {
    let mut c = Check::default();
    match input.as_object() {
        Some(m) => c.message_action(m, mode == ActionMode::Create),
        None => c.add("input", "must be an object"),
    }
    c.out
}

/// Validates a handler patch `{script?, permissions?}`.
pub fn validate_handler_patch(patch: &Value) -> Vec<Violation> {
    let mut c = Check::default();
    match patch.as_object() {
        Some(m) => c.handler_patch(m),
        None => c.add("patch", "must be an object"),
    }
    c.out
}

// ---------------------------------------------------------------- rules ----

/// A string rule: presence, non-emptiness and a maximum length.
#[derive(Clone, Copy)]
struct Str {
    required: bool,
    non_empty: bool,
    max: usize,
    bytes: bool,
}

const ANY: usize = usize::MAX;

/// An optional string of at most `max` characters.
const fn opt(max: usize) -> Str {
    Str {
        required: false,
        non_empty: false,
        max,
        bytes: false,
    }
}

/// A required, non-empty string of at most `max` characters.
const fn req(max: usize) -> Str {
    Str {
        required: true,
        non_empty: true,
        ..opt(max)
    }
}

const TEXT: Str = req(10_000);
const BUTTONS_MAX: usize = 5;

const MESSAGE_STRINGS: &[(&str, Str)] = &[
    ("reply_to", opt(100)),
    ("thread_message_id", opt(ANY)),
    ("thread_title", opt(100)),
    ("thread_chat_id", opt(100)),
    ("message_topic", opt(255)),
];
const MESSAGE_BOOLS: &[&str] = &[
    "sync_message",
    "mark_as_read",
    "post_in_parent",
    "notify_edit",
];
const BUTTON_STRINGS: &[(&str, Str)] = &[("label", req(30)), ("hint", opt(100)), ("key", opt(100))];
const CONFIRM_STRINGS: &[(&str, Str)] = &[
    ("title", req(100)),
    ("description", opt(100)),
    ("input", opt(300)),
    ("button_label", opt(100)),
    ("cancel_button_label", opt(100)),
];

/// Known action types and the strings their `data` carries. For `preview.url`
/// either `url` or `web` is required (the docs disagree on the key).
const ACTIONS: &[(&str, &[(&str, Str)])] = &[
    (
        "invoke.function",
        &[("name", req(ANY)), ("owner", opt(ANY))],
    ),
    (
        "open.url",
        &[
            ("web", req(256)),
            ("windows", opt(256)),
            ("iOS", opt(256)),
            ("android", opt(256)),
        ],
    ),
    ("preview.url", &[("url", opt(500)), ("web", opt(500))]),
    ("system.api", &[("api", req(ANY))]),
    ("copy", &[("text", req(200))]),
    ("invoke.bot", &[("bot_name", req(ANY))]),
];

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    String,
    Array,
    Object,
}

/// Known slide types and the shape of their `data`.
const SLIDES: &[(&str, Shape)] = &[
    ("table", Shape::Object),
    ("list", Shape::Array),
    ("label", Shape::Array),
    ("images", Shape::Array),
    ("text", Shape::String),
    ("percentage_chart", Shape::Array),
    ("graph", Shape::Array),
];

const ACTION_FIELDS: &[&str] = &[
    "name",
    "hint",
    "execution_type",
    "execution_url",
    "scope",
    "team_ids",
    "multi_selectable",
    "message_types",
    "image",
];
const SCOPES: &[&str] = &["organization", "team", "personal"];
const MESSAGE_TYPES: &[&str] = &["text", "link", "attachment"];
const PERMISSIONS: &[&str] = &["chat", "message", "user", "location", "attachments"];
const SCRIPT: Str = Str {
    bytes: true,
    ..opt(256_000)
};

// ---------------------------------------------------------------- paths ----

fn key(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_owned()
    } else {
        format!("{path}.{k}")
    }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `obj[k]`, with `null` treated as absent.
fn get<'a>(obj: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    obj.get(k).filter(|v| !v.is_null())
}

/// A string for a message, quoted and cut to 40 characters.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{s}\"")
    }
}

fn count(n: usize, noun: (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { noun.0 } else { noun.1 })
}

// ---------------------------------------------------------------- check ----

#[derive(Default)]
struct Check {
    out: Vec<Violation>,
}

impl Check {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.out.push(Violation::new(field, message));
    }

    /// Checks a present string against a rule.
    fn text(&mut self, rule: Str, path: &str, s: &str) {
        if rule.non_empty && s.is_empty() {
            return self.add(path, "must not be empty");
        }
        // A string is never longer in chars than in bytes: count only when needed.
        if s.len() > rule.max {
            let (n, unit) = if rule.bytes {
                (s.len(), "bytes of UTF-8")
            } else {
                (s.chars().count(), "characters")
            };
            if n > rule.max {
                self.add(
                    path,
                    format!("must be at most {} {unit} (got {n})", rule.max),
                );
            }
        }
    }

    /// Checks `obj[k]` against a string rule; returns the string when it is one.
    fn string<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        k: &str,
        rule: Str,
    ) -> Option<&'a str> {
        let p = key(path, k);
        match get(obj, k) {
            None if rule.required => self.add(&p, "is required"),
            None => {}
            Some(Value::String(s)) => {
                self.text(rule, &p, s);
                return Some(s);
            }
            Some(_) => self.add(&p, "must be a string"),
        }
        None
    }

    fn strings(&mut self, obj: &Map<String, Value>, path: &str, rules: &[(&str, Str)]) {
        for (k, rule) in rules {
            self.string(obj, path, k, *rule);
        }
    }

    /// Checks `obj[k]` is one of `allowed` when present (or required).
    fn one_of<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        k: &str,
        allowed: &[&str],
        required: bool,
    ) -> Option<&'a str> {
        let rule = Str {
            required,
            ..opt(ANY)
        };
        let s = self.string(obj, path, k, rule)?;
        if allowed.contains(&s) {
            Some(s)
        } else {
            self.add(
                &key(path, k),
                format!("must be one of {} (got {})", allowed.join(", "), shown(s)),
            );
            None
        }
    }

    /// `true`, `false`, `"true"` or `"false"` when present.
    fn boolean(&mut self, obj: &Map<String, Value>, path: &str, k: &str) {
        match get(obj, k) {
            None | Some(Value::Bool(_)) => {}
            Some(Value::String(s)) if s == "true" || s == "false" => {}
            Some(_) => self.add(&key(path, k), "must be a boolean"),
        }
    }

    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        let m = v.as_object();
        if m.is_none() {
            self.add(path, "must be an object");
        }
        m
    }

    /// `obj[k]` as an object when present.
    fn object_at<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        k: &str,
    ) -> Option<&'a Map<String, Value>> {
        get(obj, k).and_then(|v| self.object(v, &key(path, k)))
    }

    /// `obj[k]` as an array of `min..=max` items, when present (or required).
    fn array<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        k: &str,
        (min, max): (usize, usize),
        noun: (&str, &str),
        required: bool,
    ) -> Option<&'a Vec<Value>> {
        let p = key(path, k);
        match get(obj, k) {
            None => {
                if required {
                    self.add(&p, "is required");
                }
                None
            }
            Some(Value::Array(a)) => {
                let n = a.len();
                if n > max {
                    let verb = if max == 1 { "is" } else { "are" };
                    self.add(
                        &p,
                        format!("at most {} {verb} allowed (got {n})", count(max, noun)),
                    );
                } else if n < min {
                    let verb = if min == 1 { "is" } else { "are" };
                    self.add(
                        &p,
                        format!("at least {} {verb} required (got {n})", count(min, noun)),
                    );
                }
                Some(a)
            }
            Some(_) => {
                self.add(&p, "must be an array");
                None
            }
        }
    }

    /// Each item of `items` must be one of `allowed`, without repeats.
    fn distinct_of(&mut self, items: &[Value], path: &str, allowed: &[&str]) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = index(path, i);
            match item.as_str() {
                None => self.add(&p, "must be a string"),
                Some(s) if !allowed.contains(&s) => self.add(
                    &p,
                    format!("must be one of {} (got {})", allowed.join(", "), shown(s)),
                ),
                Some(s) => match seen.iter().position(|x| *x == s) {
                    Some(j) => self.add(
                        &p,
                        format!("repeats {} (already {})", shown(s), index(path, j)),
                    ),
                    None => seen.push(s),
                },
            }
        }
    }

    // ------------------------------------------------------------ message --

    fn message(&mut self, m: &Map<String, Value>) {
        self.string(m, "", "text", TEXT);
        self.strings(m, "", MESSAGE_STRINGS);
        for k in MESSAGE_BOOLS {
            self.boolean(m, "", k);
        }
        if let Some(bot) = self.object_at(m, "", "bot") {
            self.strings(bot, "bot", &[("name", opt(ANY)), ("image", opt(ANY))]);
        }
        self.object_at(m, "", "styles");
        let top_buttons = self.buttons(m, "");
        if let Some(slides) = self.array(m, "", "slides", (0, 20), ("slide", "slides"), false) {
            for (i, s) in slides.iter().enumerate() {
                self.slide(&index("slides", i), s);
            }
        }
        if let Some(card) = self.object_at(m, "", "card") {
            self.card(card, top_buttons);
        }
        if let Some(refs) = self.object_at(m, "", "references") {
            for (k, r) in refs {
                let p = key("references", k);
                let Some(r) = self.object(r, &p) else {
                    continue;
                };
                self.string(r, &p, "type", opt(ANY));
                match get(r, "object") {
                    Some(b) => self.button(&key(&p, "object"), b),
                    None => self.add(&key(&p, "object"), "is required"),
                }
            }
        }
    }

    /// Checks `obj.buttons` (at most 5); returns how many there are.
    fn buttons(&mut self, obj: &Map<String, Value>, path: &str) -> usize {
        let Some(list) = self.array(
            obj,
            path,
            "buttons",
            (0, BUTTONS_MAX),
            ("button", "buttons"),
            false,
        ) else {
            return 0;
        };
        let p = key(path, "buttons");
        for (i, b) in list.iter().enumerate() {
            self.button(&index(&p, i), b);
        }
        list.len()
    }

    fn button(&mut self, path: &str, v: &Value) {
        let Some(b) = self.object(v, path) else {
            return;
        };
        self.strings(b, path, BUTTON_STRINGS);
        self.one_of(b, path, "type", &["+", "-"], false);
        self.object_at(b, path, "arguments");
        if let Some(a) = self.object_at(b, path, "action") {
            self.action(&key(path, "action"), a);
        }
    }

    fn action(&mut self, path: &str, a: &Map<String, Value>) {
        let kind = self.string(a, path, "type", req(ANY));
        if let Some(c) = self.object_at(a, path, "confirm") {
            let p = key(path, "confirm");
            self.strings(c, &p, CONFIRM_STRINGS);
            self.one_of(
                c,
                &p,
                "emotion",
                &["positive", "neutral", "negative"],
                false,
            );
            self.boolean(c, &p, "mandatory");
        }
        // An unknown action type is passed through unvalidated.
        let Some((kind, rules)) = kind.and_then(|k| ACTIONS.iter().find(|(t, _)| *t == k)) else {
            return;
        };
        let p = key(path, "data");
        let data = match get(a, "data") {
            Some(Value::Object(d)) => d,
            Some(_) => return self.add(&p, "must be an object"),
            None => return self.add(&p, format!("is required for a {kind} action")),
        };
        self.strings(data, &p, rules);
        if *kind == "preview.url" && get(data, "url").is_none() && get(data, "web").is_none() {
            self.add(&key(&p, "url"), "is required (or data.web)");
        }
    }

    fn card(&mut self, c: &Map<String, Value>, top_buttons: usize) {
        let theme = self.string(c, "card", "theme", opt(ANY));
        // Zoho's own examples send modern-inline cards without a title.
        let titled = matches!(theme, Some("poll" | "prompt"));
        self.string(
            c,
            "card",
            "title",
            Str {
                required: titled,
                non_empty: titled,
                ..opt(200)
            },
        );
        self.strings(
            c,
            "card",
            &[
                ("thumbnail", opt(ANY)),
                ("icon", opt(ANY)),
                ("preview", opt(ANY)),
            ],
        );
        let n = self.buttons(c, "card");
        if theme == Some("prompt")
            && n == 0
            && top_buttons == 0
            && matches!(get(c, "buttons"), None | Some(Value::Array(_)))
        {
            self.add(
                "card.buttons",
                "at least 1 button is required for a prompt card (got 0)",
            );
        }
        if let Some(options) =
            self.array(c, "card", "options", (2, 10), ("option", "options"), false)
        {
            for (i, o) in options.iter().enumerate() {
                let p = index("card.options", i);
                if let Some(o) = self.object(o, &p) {
                    self.string(o, &p, "text", req(100));
                }
            }
        }
        if let Some(sections) = self.array(
            c,
            "card",
            "sections",
            (0, ANY),
            ("section", "sections"),
            false,
        ) {
            for (i, s) in sections.iter().enumerate() {
                let p = index("card.sections", i);
                let Some(s) = self.object(s, &p) else {
                    continue;
                };
                self.string(s, &p, "title", opt(ANY));
                let fields = self.array(s, &p, "fields", (0, ANY), ("field", "fields"), false);
                for (j, f) in fields.into_iter().flatten().enumerate() {
                    self.object(f, &index(&key(&p, "fields"), j));
                }
            }
        }
    }

    fn slide(&mut self, path: &str, v: &Value) {
        let Some(s) = self.object(v, path) else {
            return;
        };
        let kind = self.string(s, path, "type", req(ANY));
        self.string(s, path, "title", opt(ANY));
        let styles = self.object_at(s, path, "styles");
        let Some((kind, shape)) = kind.and_then(|k| SLIDES.iter().find(|(t, _)| *t == k)) else {
            return;
        };
        let p = key(path, "data");
        let data = get(s, "data");
        let fits = match (shape, data) {
            (_, None) => true,
            (Shape::String, Some(d)) => d.is_string(),
            (Shape::Array, Some(d)) => d.is_array(),
            (Shape::Object, Some(d)) => d.is_object(),
        };
        if !fits {
            let what = match shape {
                Shape::String => "a string",
                Shape::Array => "an array",
                Shape::Object => "an object",
            };
            return self.add(&p, format!("must be {what} for a {kind} slide"));
        }
        match *kind {
            "percentage_chart" => self.points(s, path, "data", ("item", "items"), 5),
            "graph" => {
                if let Some(styles) = styles {
                    self.strings(
                        styles,
                        &key(path, "styles"),
                        &[("x_axis", opt(20)), ("y_axis", opt(20))],
                    );
                }
                let cats = self.array(s, path, "data", (0, 5), ("category", "categories"), false);
                for (i, c) in cats.into_iter().flatten().enumerate() {
                    let cp = index(&p, i);
                    let Some(c) = self.object(c, &cp) else {
                        continue;
                    };
                    self.string(c, &cp, "category", opt(20));
                    self.points(c, &cp, "values", ("value", "values"), 20);
                }
            }
            _ => {}
        }
    }

    /// Chart points `obj[k]`: at most `max` objects whose `label` is at most 20 characters.
    fn points(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        k: &str,
        noun: (&str, &str),
        max: usize,
    ) {
        let p = key(path, k);
        for (i, item) in self
            .array(obj, path, k, (0, max), noun, false)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ip = index(&p, i);
            if let Some(item) = self.object(item, &ip) {
                self.string(item, &ip, "label", opt(20));
            }
        }
    }

    // ---------------------------------------------------- message actions --

    fn message_action(&mut self, m: &Map<String, Value>, create: bool) {
        for k in m.keys().filter(|k| !ACTION_FIELDS.contains(&k.as_str())) {
            self.add(k, "is not a known field");
        }
        let named = |max| Str {
            required: create,
            ..req(max)
        };
        self.string(m, "", "name", named(30));
        self.string(m, "", "hint", named(128));
        let exec = self.one_of(m, "", "execution_type", &["deluge", "webhook"], false);
        let url_required = create && exec == Some("webhook");
        self.string(
            m,
            "",
            "execution_url",
            Str {
                required: url_required,
                non_empty: url_required,
                ..opt(225)
            },
        );
        let scope = self.one_of(m, "", "scope", SCOPES, false);
        self.boolean(m, "", "multi_selectable");
        self.string(m, "", "image", opt(ANY));
        if let Some(types) = self.array(
            m,
            "",
            "message_types",
            (1, 3),
            ("message type", "message types"),
            false,
        ) {
            self.distinct_of(types, "message_types", MESSAGE_TYPES);
        }
        // team_ids: required with team scope (on create), refused with any other
        // scope; a patch may send them alone (the server knows the scope).
        match scope {
            Some(s) if s != "team" && get(m, "team_ids").is_some() => self.add(
                "team_ids",
                format!(
                    "is only allowed when scope is team (got scope {})",
                    shown(s)
                ),
            ),
            None if create && get(m, "team_ids").is_some() && get(m, "scope").is_none() => self
                .add(
                    "team_ids",
                    "is only allowed when scope is team (scope is not set)",
                ),
            _ => {
                let required = create && scope == Some("team");
                let ids = self.array(m, "", "team_ids", (1, 4), ("team id", "team ids"), required);
                for (i, id) in ids.into_iter().flatten().enumerate() {
                    let is_id = id.is_u64()
                        || id.as_str().is_some_and(|s| {
                            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
                        });
                    if !is_id {
                        self.add(
                            &index("team_ids", i),
                            "must be an integer team id (a number or a string of digits)",
                        );
                    }
                }
            }
        }
    }

    fn handler_patch(&mut self, m: &Map<String, Value>) {
        for k in m
            .keys()
            .filter(|k| !["script", "permissions"].contains(&k.as_str()))
        {
            self.add(k, "is not a known field");
        }
        if get(m, "script").is_none() && get(m, "permissions").is_none() {
            self.add("patch", "must contain script or permissions");
        }
        self.string(m, "", "script", SCRIPT);
        if let Some(p) = self.array(
            m,
            "",
            "permissions",
            (0, 5),
            ("permission", "permissions"),
            false,
        ) {
            self.distinct_of(p, "permissions", PERMISSIONS);
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    /// Sets the value at a JSON pointer, creating objects (and array slots) on the way.
    fn set(root: &mut Value, pointer: &str, x: Value) {
        let mut cur = root;
        for part in pointer.trim_start_matches('/').split('/') {
            cur = match (cur, part.parse::<usize>()) {
                (Value::Array(a), Ok(i)) => {
                    while a.len() <= i {
                        a.push(json!({}));
                    }
                    &mut a[i]
                }
                (c, _) => {
                    if !c.is_object() {
                        *c = json!({});
                    }
                    c.as_object_mut()
                        .unwrap()
                        .entry(part)
                        .or_insert(Value::Null)
                }
            };
        }
        *cur = x;
    }

    fn with(mut base: Value, pointer: &str, x: Value) -> Value {
        set(&mut base, pointer, x);
        base
    }

    fn fields(v: &[Violation]) -> Vec<&str> {
        v.iter().map(|v| v.field.as_str()).collect()
    }

    fn button() -> Value {
        json!({"label": "Go", "action": {"type": "invoke.function", "data": {"name": "f"}}})
    }

    fn msg(extra: Value) -> Value {
        let mut m = json!({"text": "hi"});
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m
    }

    /// Base payloads the string-limit table writes into.
    fn poll() -> Value {
        msg(
            json!({"card": {"theme": "poll", "title": "Q", "options": [{"text": "a"}, {"text": "b"}]}}),
        )
    }
    fn action_msg(kind: &str, data: Value) -> Value {
        msg(json!({"buttons": [{"label": "Go", "action": {"type": kind, "data": data}}]}))
    }
    fn confirm_msg() -> Value {
        let mut m = action_msg("invoke.function", json!({"name": "f"}));
        m["buttons"][0]["action"]["confirm"] = json!({"title": "Sure?"});
        m
    }
    fn chart(kind: &str, data: Value) -> Value {
        msg(json!({"slides": [{"type": kind, "data": data}]}))
    }

    fn assert_string_limit(
        base: Value,
        pointer: &str,
        max: usize,
        field: &str,
        validate: &dyn Fn(&Value) -> Vec<Violation>,
    ) {
        // 'é' is two bytes: counting characters, not bytes, lets `max` of them pass.
        let at = with(base.clone(), pointer, json!("é".repeat(max)));
        assert!(
            !fields(&validate(&at)).contains(&field),
            "{field} at {max} should pass: {:?}",
            validate(&at)
        );
        let over = with(base, pointer, json!("é".repeat(max + 1)));
        let v = validate(&over);
        let hit = v
            .iter()
            .find(|v| v.field == field)
            .unwrap_or_else(|| panic!("{field} over {max} should fail: {v:?}"));
        assert_eq!(
            hit.message,
            format!("must be at most {max} characters (got {})", max + 1)
        );
    }

    #[test]
    fn every_message_string_limit_passes_at_the_limit_and_fails_one_over() {
        let b = msg(json!({"buttons": [button()]}));
        let cases: Vec<(Value, &str, usize, &str)> = vec![
            (msg(json!({})), "/text", 10_000, "text"),
            (msg(json!({})), "/reply_to", 100, "reply_to"),
            (msg(json!({})), "/thread_title", 100, "thread_title"),
            (msg(json!({})), "/thread_chat_id", 100, "thread_chat_id"),
            (msg(json!({})), "/message_topic", 255, "message_topic"),
            (poll(), "/card/title", 200, "card.title"),
            (msg(json!({"card": {}})), "/card/title", 200, "card.title"),
            (poll(), "/card/options/1/text", 100, "card.options[1].text"),
            (b.clone(), "/buttons/0/label", 30, "buttons[0].label"),
            (b.clone(), "/buttons/0/hint", 100, "buttons[0].hint"),
            (b.clone(), "/buttons/0/key", 100, "buttons[0].key"),
            (
                msg(json!({"card": {"buttons": [button()]}})),
                "/card/buttons/0/label",
                30,
                "card.buttons[0].label",
            ),
            (
                msg(json!({"references": {"1": {"type": "button", "object": button()}}})),
                "/references/1/object/label",
                30,
                "references.1.object.label",
            ),
            (
                action_msg("open.url", json!({"web": "w"})),
                "/buttons/0/action/data/web",
                256,
                "buttons[0].action.data.web",
            ),
            (
                action_msg("open.url", json!({"web": "w"})),
                "/buttons/0/action/data/iOS",
                256,
                "buttons[0].action.data.iOS",
            ),
            (
                action_msg("preview.url", json!({"web": "w"})),
                "/buttons/0/action/data/url",
                500,
                "buttons[0].action.data.url",
            ),
            (
                action_msg("preview.url", json!({"url": "u"})),
                "/buttons/0/action/data/web",
                500,
                "buttons[0].action.data.web",
            ),
            (
                action_msg("copy", json!({"text": "t"})),
                "/buttons/0/action/data/text",
                200,
                "buttons[0].action.data.text",
            ),
            (
                confirm_msg(),
                "/buttons/0/action/confirm/title",
                100,
                "buttons[0].action.confirm.title",
            ),
            (
                confirm_msg(),
                "/buttons/0/action/confirm/description",
                100,
                "buttons[0].action.confirm.description",
            ),
            (
                confirm_msg(),
                "/buttons/0/action/confirm/input",
                300,
                "buttons[0].action.confirm.input",
            ),
            (
                confirm_msg(),
                "/buttons/0/action/confirm/button_label",
                100,
                "buttons[0].action.confirm.button_label",
            ),
            (
                confirm_msg(),
                "/buttons/0/action/confirm/cancel_button_label",
                100,
                "buttons[0].action.confirm.cancel_button_label",
            ),
            (
                chart("percentage_chart", json!([{"value": 1}])),
                "/slides/0/data/0/label",
                20,
                "slides[0].data[0].label",
            ),
            (
                chart("graph", json!([{"values": []}])),
                "/slides/0/data/0/category",
                20,
                "slides[0].data[0].category",
            ),
            (
                chart("graph", json!([{"values": [{"value": 1}]}])),
                "/slides/0/data/0/values/0/label",
                20,
                "slides[0].data[0].values[0].label",
            ),
            (
                chart("graph", json!([])),
                "/slides/0/styles/x_axis",
                20,
                "slides[0].styles.x_axis",
            ),
        ];
        for (base, pointer, max, field) in cases {
            assert!(
                validate_message(&base).is_empty(),
                "base for {field} must be valid: {:?}",
                validate_message(&base)
            );
            assert_string_limit(base, pointer, max, field, &validate_message);
        }
    }

    #[test]
    fn every_message_action_string_limit_passes_at_the_limit_and_fails_one_over() {
        let create =
            json!({"name": "N", "hint": "H", "execution_type": "webhook", "execution_url": "u"});
        for mode in [ActionMode::Create, ActionMode::Update] {
            let validate = move |v: &Value| validate_message_action(v, mode);
            for (pointer, max, field) in [
                ("/name", 30, "name"),
                ("/hint", 128, "hint"),
                ("/execution_url", 225, "execution_url"),
            ] {
                assert_string_limit(create.clone(), pointer, max, field, &validate);
            }
        }
    }

    #[test]
    fn edit_text_passes_at_10000_characters_and_fails_at_10001() {
        assert!(validate_edit_text(&"é".repeat(10_000)).is_empty());
        assert_eq!(
            validate_edit_text(&"x".repeat(10_001)),
            vec![Violation::new(
                "text",
                "must be at most 10000 characters (got 10001)"
            )]
        );
        assert_eq!(
            validate_edit_text(""),
            vec![Violation::new("text", "must not be empty")]
        );
    }

    #[test]
    fn plain_string_message_is_checked_as_text() {
        assert!(validate_message(&json!("hello")).is_empty());
        assert_eq!(fields(&validate_message(&json!(""))), ["text"]);
        assert_eq!(
            validate_message(&json!("x".repeat(10_001))),
            vec![Violation::new(
                "text",
                "must be at most 10000 characters (got 10001)"
            )]
        );
    }

    /// (payload with `n` items, field, min, max, noun) for every counted array.
    type CountCase = (
        Box<dyn Fn(usize) -> Value>,
        &'static str,
        usize,
        usize,
        &'static str,
    );

    #[test]
    fn every_message_count_limit_passes_at_the_limit_and_fails_one_over() {
        let n_of = |item: Value| move |n: usize| Value::Array(vec![item.clone(); n]);
        let buttons = n_of(button());
        let cases: Vec<CountCase> = vec![
            (
                Box::new(move |n| msg(json!({"buttons": buttons(n)}))),
                "buttons",
                0,
                5,
                "buttons",
            ),
            (
                Box::new(move |n| msg(json!({"card": {"buttons": n_of(button())(n)}}))),
                "card.buttons",
                0,
                5,
                "buttons",
            ),
            (
                Box::new(move |n| {
                    msg(json!({"slides": n_of(json!({"type": "text", "data": "s"}))(n)}))
                }),
                "slides",
                0,
                20,
                "slides",
            ),
            (
                Box::new(move |n| {
                    msg(
                        json!({"card": {"theme": "poll", "title": "Q", "options": n_of(json!({"text": "o"}))(n)}}),
                    )
                }),
                "card.options",
                2,
                10,
                "options",
            ),
            (
                Box::new(move |n| {
                    chart(
                        "percentage_chart",
                        n_of(json!({"label": "l", "value": 1}))(n),
                    )
                }),
                "slides[0].data",
                0,
                5,
                "items",
            ),
            (
                Box::new(move |n| chart("graph", n_of(json!({"category": "c", "values": []}))(n))),
                "slides[0].data",
                0,
                5,
                "categories",
            ),
            (
                Box::new(move |n| {
                    chart(
                        "graph",
                        json!([{"category": "c", "values": n_of(json!({"label": "l", "value": 1}))(n)}]),
                    )
                }),
                "slides[0].data[0].values",
                0,
                20,
                "values",
            ),
        ];
        for (make, field, min, max, noun) in cases {
            assert!(
                !fields(&validate_message(&make(max))).contains(&field),
                "{field} at {max}"
            );
            let over = validate_message(&make(max + 1));
            let hit = over
                .iter()
                .find(|v| v.field == field)
                .unwrap_or_else(|| panic!("{field} over: {over:?}"));
            assert_eq!(
                hit.message,
                format!("at most {max} {noun} are allowed (got {})", max + 1)
            );
            if min > 0 {
                assert!(!fields(&validate_message(&make(min))).contains(&field));
                assert!(
                    fields(&validate_message(&make(min - 1))).contains(&field),
                    "{field} under {min}"
                );
            }
        }
    }

    #[test]
    fn poll_with_one_option_names_the_minimum() {
        let v = validate_message(&with(poll(), "/card/options", json!([{"text": "only"}])));
        assert_eq!(
            v,
            vec![Violation::new(
                "card.options",
                "at least 2 options are required (got 1)"
            )]
        );
    }

    #[test]
    fn six_top_level_buttons_name_the_limit() {
        let v = validate_message(&msg(json!({"buttons": vec![button(); 6]})));
        assert_eq!(
            v,
            vec![Violation::new(
                "buttons",
                "at most 5 buttons are allowed (got 6)"
            )]
        );
    }

    #[test]
    fn message_text_is_required_and_non_empty() {
        assert_eq!(
            validate_message(&json!({"card": {}})),
            vec![Violation::new("text", "is required")]
        );
        assert_eq!(fields(&validate_message(&json!({"text": ""}))), ["text"]);
        assert_eq!(fields(&validate_message(&json!({"text": 5}))), ["text"]);
        assert_eq!(
            validate_message(&json!(5)),
            vec![Violation::new("message", "must be a string or an object")]
        );
    }

    #[test]
    fn button_label_is_required_and_type_must_be_plus_or_minus() {
        let v = validate_message(&msg(json!({"buttons": [{"type": "*"}]})));
        assert_eq!(fields(&v), ["buttons[0].label", "buttons[0].type"]);
        assert_eq!(v[1].message, r#"must be one of +, - (got "*")"#);
        for t in ["+", "-"] {
            assert!(
                validate_message(&msg(json!({"buttons": [{"label": "x", "type": t}]}))).is_empty()
            );
        }
    }

    #[test]
    fn card_title_is_required_for_poll_and_prompt_only() {
        let poll = validate_message(&msg(json!({"card": {"theme": "poll"}})));
        assert_eq!(poll, vec![Violation::new("card.title", "is required")]);
        let prompt = validate_message(&msg(
            json!({"card": {"theme": "prompt", "buttons": [button()]}}),
        ));
        assert_eq!(fields(&prompt), ["card.title"]);
        for theme in [json!("modern-inline"), json!("basic"), Value::Null] {
            assert!(validate_message(&msg(json!({"card": {"theme": theme}}))).is_empty());
        }
    }

    #[test]
    fn prompt_card_needs_a_button_in_the_card_or_at_the_top_level() {
        let bare = msg(json!({"card": {"theme": "prompt", "title": "Deploy?"}}));
        assert_eq!(
            validate_message(&bare),
            vec![Violation::new(
                "card.buttons",
                "at least 1 button is required for a prompt card (got 0)"
            )]
        );
        assert!(
            validate_message(&with(bare.clone(), "/card/buttons", json!([button()]))).is_empty()
        );
        assert!(validate_message(&with(bare, "/buttons", json!([button()]))).is_empty());
    }

    #[test]
    fn known_action_types_require_their_data_keys() {
        let cases = [
            ("invoke.function", "name"),
            ("open.url", "web"),
            ("preview.url", "url"),
            ("system.api", "api"),
            ("copy", "text"),
            ("invoke.bot", "bot_name"),
        ];
        for (kind, k) in cases {
            let v = validate_message(&action_msg(kind, json!({})));
            assert_eq!(
                fields(&v),
                [format!("buttons[0].action.data.{k}")],
                "{kind}"
            );
            let v = validate_message(&msg(
                json!({"buttons": [{"label": "x", "action": {"type": kind}}]}),
            ));
            assert_eq!(
                fields(&v),
                ["buttons[0].action.data"],
                "{kind} without data"
            );
        }
        assert!(
            validate_message(&action_msg("preview.url", json!({"web": "https://v.io"}))).is_empty()
        );
        assert!(validate_message(&action_msg(
            "invoke.bot",
            json!({"bot_name": "b", "message": "m"})
        ))
        .is_empty());
        let no_type = validate_message(&msg(
            json!({"buttons": [{"label": "x", "action": {"data": {}}}]}),
        ));
        assert_eq!(
            no_type,
            vec![Violation::new("buttons[0].action.type", "is required")]
        );
    }

    #[test]
    fn unknown_action_type_is_passed_through_unvalidated() {
        let v = action_msg(
            "open.portal",
            json!({"web": "x".repeat(5000), "n": [1, {"deep": null}]}),
        );
        assert!(validate_message(&v).is_empty());
        assert!(validate_message(&msg(
            json!({"buttons": [{"label": "x", "action": {"type": "teleport", "data": 7}}]})
        ))
        .is_empty());
    }

    #[test]
    fn confirm_needs_a_title_and_a_known_emotion() {
        let mut m = confirm_msg();
        m["buttons"][0]["action"]["confirm"] = json!({"emotion": "angry", "mandatory": "maybe"});
        let v = validate_message(&m);
        assert_eq!(
            fields(&v),
            [
                "buttons[0].action.confirm.title",
                "buttons[0].action.confirm.emotion",
                "buttons[0].action.confirm.mandatory"
            ]
        );
        for (emotion, mandatory) in [
            ("positive", json!("true")),
            ("neutral", json!(false)),
            ("negative", json!("false")),
        ] {
            m["buttons"][0]["action"]["confirm"] =
                json!({"title": "t", "emotion": emotion, "mandatory": mandatory});
            assert!(validate_message(&m).is_empty());
        }
    }

    #[test]
    fn references_are_checked_like_buttons() {
        let m = msg(
            json!({"references": {"1": {"type": "button", "object": {"label": "x".repeat(31)}}, "2": {"type": "button"}, "3": 4}}),
        );
        assert_eq!(
            fields(&validate_message(&m)),
            [
                "references.1.object.label",
                "references.2.object",
                "references.3"
            ]
        );
    }

    #[test]
    fn slide_needs_a_type_and_known_types_need_their_data_shape() {
        let m = msg(
            json!({"slides": [{"data": "x"}, {"type": "list", "data": "x"}, {"type": "table", "data": []}, {"type": "text", "data": ["x"]}, 7]}),
        );
        let v = validate_message(&m);
        assert_eq!(
            fields(&v),
            [
                "slides[0].type",
                "slides[1].data",
                "slides[2].data",
                "slides[3].data",
                "slides[4]"
            ]
        );
        assert_eq!(v[1].message, "must be an array for a list slide");
    }

    #[test]
    fn wrong_types_on_known_fields_are_violations() {
        let m = json!({"text": "t", "reply_to": 1, "sync_message": 1, "bot": "b", "styles": [], "card": [],
            "buttons": {}, "slides": "s", "references": [], "thread_title": false});
        let v = validate_message(&m);
        assert_eq!(
            fields(&v),
            [
                "reply_to",
                "thread_title",
                "sync_message",
                "bot",
                "styles",
                "buttons",
                "slides",
                "card",
                "references"
            ]
        );
        assert!(v.iter().any(|v| v.message == "must be a boolean"));
    }

    #[test]
    fn messy_but_valid_payloads_pass() {
        let payloads = [
            // string booleans, "" images, a card without a theme, slides without a card
            json!({"text": "t", "sync_message": "true", "mark_as_read": "false", "post_in_parent": "true", "notify_edit": false,
                   "bot": {"name": "Bot", "image": ""}, "card": {"title": "x", "thumbnail": ""},
                   "slides": [{"type": "label", "data": [{"Key": "Value"}]}, {"type": "label", "data": [{"label": "k", "value": "v"}]}]}),
            json!({"text": "t", "slides": [{"type": "images", "data": ["https://i.io/a.png"]}, {"type": "sparkle", "data": 3}]}),
            // buttons without a type or an action, unknown fields everywhere, nulls for absent fields
            json!({"text": "t", "buttons": [{"label": "A"}, {"label": "B", "color": "red", "action": {"type": "open.url", "data": {"web": "https://x"}, "x": 1}}],
                   "future": {"anything": [1, 2]}, "reply_to": null, "card": null}),
            // a poll card without options (older payloads); a basic card
            json!({"text": "t", "card": {"theme": "poll", "title": "Lunch?"}}),
            json!({"text": "t", "card": {"theme": "basic", "title": "x", "icon": "", "preview": ""}}),
            // Zoho's own examples: a modern-inline card without a title, and the v2 highlight style
            json!({"text": "Invite", "card": {"theme": "modern-inline", "thumbnail": "/cliq/help/restapi/images/cliq_icon.png"},
                   "buttons": [{"label": "View Agenda", "type": "+", "key": "view_agenda",
                                "action": {"type": "open.url", "data": {"web": "https://events.zylker.com/sales-meet-2024"}}},
                               {"label": "Watch Promo", "type": "+", "action": {"type": "preview.url", "data": {"url": "https://m.io"}}}],
                   "styles": {"highlight": true}}),
            json!({"text": "Q4", "card": {"title": "Q4 Budget Proposal", "theme": "modern-inline",
                   "sections": [{"title": "S", "fields": [{"title": "k", "value": "v"}]}]}, "hint": "Please review"}),
        ];
        for p in payloads {
            assert_eq!(validate_message(&p), vec![], "{p}");
        }
    }

    #[test]
    fn message_action_create_requires_name_and_hint() {
        let v = validate_message_action(&json!({}), ActionMode::Create);
        assert_eq!(
            v,
            vec![
                Violation::new("name", "is required"),
                Violation::new("hint", "is required")
            ]
        );
        assert!(validate_message_action(&json!({}), ActionMode::Update).is_empty());
        let empty = validate_message_action(&json!({"name": "", "hint": ""}), ActionMode::Update);
        assert_eq!(fields(&empty), ["name", "hint"]);
    }

    #[test]
    fn webhook_action_requires_execution_url_on_create() {
        let hook = json!({"name": "N", "hint": "H", "execution_type": "webhook"});
        assert_eq!(
            validate_message_action(&hook, ActionMode::Create),
            vec![Violation::new("execution_url", "is required")]
        );
        assert!(validate_message_action(&hook, ActionMode::Update).is_empty());
        let bad = with(hook, "/execution_type", json!("lambda"));
        assert_eq!(
            fields(&validate_message_action(&bad, ActionMode::Create)),
            ["execution_type"]
        );
    }

    #[test]
    fn team_ids_are_required_with_team_scope_and_refused_otherwise() {
        let team = json!({"name": "N", "hint": "H", "scope": "team"});
        assert_eq!(
            validate_message_action(&team, ActionMode::Create),
            vec![Violation::new("team_ids", "is required")]
        );
        for n in 1..=4 {
            let ok = with(
                team.clone(),
                "/team_ids",
                json!((1..=n).collect::<Vec<u64>>()),
            );
            assert!(validate_message_action(&ok, ActionMode::Create).is_empty());
        }
        for n in [0, 5] {
            let bad = with(
                team.clone(),
                "/team_ids",
                json!((1..=n).collect::<Vec<u64>>()),
            );
            assert_eq!(
                fields(&validate_message_action(&bad, ActionMode::Create)),
                ["team_ids"],
                "{n} ids"
            );
        }
        let other = json!({"name": "N", "hint": "H", "scope": "organization", "team_ids": [1]});
        let v = validate_message_action(&other, ActionMode::Update);
        assert_eq!(
            v,
            vec![Violation::new(
                "team_ids",
                r#"is only allowed when scope is team (got scope "organization")"#
            )]
        );
        let unscoped = json!({"name": "N", "hint": "H", "team_ids": [1]});
        assert_eq!(
            fields(&validate_message_action(&unscoped, ActionMode::Create)),
            ["team_ids"]
        );
        assert!(
            validate_message_action(&json!({"team_ids": [1, "2"]}), ActionMode::Update).is_empty()
        );
        let odd = validate_message_action(&json!({"team_ids": [-1, "x", 1.5]}), ActionMode::Update);
        assert_eq!(fields(&odd), ["team_ids[0]", "team_ids[1]", "team_ids[2]"]);
    }

    #[test]
    fn message_types_need_one_to_three_distinct_known_values() {
        let check = |types: Value| {
            fields(&validate_message_action(
                &json!({"message_types": types}),
                ActionMode::Update,
            ))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
        };
        assert!(check(json!(["text"])).is_empty());
        assert!(check(json!(["text", "link", "attachment"])).is_empty());
        assert_eq!(check(json!([])), ["message_types"]);
        assert_eq!(
            check(json!(["text", "link", "attachment", "text"])),
            ["message_types", "message_types[3]"]
        );
        assert_eq!(check(json!(["text", "photo"])), ["message_types[1]"]);
        assert_eq!(check(json!(["link", "link"])), ["message_types[1]"]);
    }

    #[test]
    fn message_action_refuses_unknown_keys_and_bad_scope() {
        let v = validate_message_action(
            &json!({"name": "N", "hint": "H", "color": "red", "scope": "galaxy", "multi_selectable": "yes"}),
            ActionMode::Create,
        );
        assert_eq!(fields(&v), ["color", "scope", "multi_selectable"]);
        assert_eq!(v[0].message, "is not a known field");
        let fine = json!({"name": "N", "hint": "H", "scope": "personal", "multi_selectable": "true", "image": "iVBOR", "execution_type": "deluge"});
        assert!(validate_message_action(&fine, ActionMode::Create).is_empty());
        assert_eq!(
            fields(&validate_message_action(&json!([]), ActionMode::Create)),
            ["input"]
        );
    }

    #[test]
    fn script_limit_counts_bytes_of_utf8() {
        for (script, ok) in [
            ("x".repeat(256_000), true),
            ("é".repeat(128_000), true),
            ("x".repeat(256_001), false),
            ("é".repeat(128_001), false),
        ] {
            let v = validate_handler_patch(&json!({ "script": script }));
            assert_eq!(v.is_empty(), ok, "{} bytes", script.len());
        }
        let v = validate_handler_patch(&json!({"script": "é".repeat(128_001)}));
        assert_eq!(
            v,
            vec![Violation::new(
                "script",
                "must be at most 256000 bytes of UTF-8 (got 256002)"
            )]
        );
    }

    #[test]
    fn handler_patch_permissions_are_at_most_five_distinct_known_values() {
        let all = json!(["chat", "message", "user", "location", "attachments"]);
        assert!(validate_handler_patch(&json!({ "permissions": all })).is_empty());
        assert!(validate_handler_patch(&json!({"permissions": []})).is_empty());
        let six = validate_handler_patch(
            &json!({"permissions": ["chat", "message", "user", "location", "attachments", "chat"]}),
        );
        assert_eq!(fields(&six), ["permissions", "permissions[5]"]);
        assert_eq!(six[0].message, "at most 5 permissions are allowed (got 6)");
        assert_eq!(
            fields(&validate_handler_patch(&json!({"permissions": ["camera"]}))),
            ["permissions[0]"]
        );
    }

    #[test]
    fn handler_patch_needs_script_or_permissions_and_refuses_unknown_keys() {
        assert_eq!(
            validate_handler_patch(&json!({})),
            vec![Violation::new(
                "patch",
                "must contain script or permissions"
            )]
        );
        assert_eq!(
            fields(&validate_handler_patch(
                &json!({"script": "x", "type": "deluge"})
            )),
            ["type"]
        );
        assert_eq!(
            fields(&validate_handler_patch(&json!({"script": 5}))),
            ["script"]
        );
        assert_eq!(fields(&validate_handler_patch(&json!("x"))), ["patch"]);
        assert!(
            validate_handler_patch(&json!({"script": "return 1;", "permissions": ["chat"]}))
                .is_empty()
        );
    }

    fn odd_values() -> Vec<Value> {
        let mut deep = json!("bottom");
        for i in 0..1000 {
            deep = if i % 2 == 0 {
                json!([deep])
            } else {
                json!({ "card": deep })
            };
        }
        vec![
            Value::Null,
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5e308),
            json!(u64::MAX),
            json!(""),
            json!("x"),
            json!("é".repeat(300_000)),
            json!([]),
            json!([[[]]]),
            json!([null, 1, "a", {}]),
            json!({}),
            json!({"": null, "type": [], "data": {"data": {}}}),
            deep,
        ]
    }

    #[test]
    fn validators_never_panic_on_odd_values_anywhere() {
        let pointers = [
            "",
            "/text",
            "/card",
            "/card/theme",
            "/card/title",
            "/card/options",
            "/card/options/0",
            "/card/options/0/text",
            "/card/sections",
            "/card/sections/0/fields",
            "/card/sections/0/fields/0",
            "/card/buttons",
            "/buttons",
            "/buttons/0",
            "/buttons/0/label",
            "/buttons/0/type",
            "/buttons/0/action",
            "/buttons/0/action/type",
            "/buttons/0/action/data",
            "/buttons/0/action/confirm",
            "/buttons/0/action/confirm/emotion",
            "/slides",
            "/slides/0",
            "/slides/0/type",
            "/slides/0/data",
            "/slides/0/styles",
            "/references",
            "/references/1",
            "/references/1/object",
            "/bot",
            "/bot/image",
            "/styles",
            "/sync_message",
            "/name",
            "/scope",
            "/team_ids",
            "/team_ids/0",
            "/message_types",
            "/message_types/0",
            "/script",
            "/permissions",
            "/permissions/0",
        ];
        let bases = [
            json!({"text": "t", "card": {"theme": "prompt", "title": "x"}, "buttons": [button()]}),
            json!({"text": "t", "card": {"theme": "poll"}, "slides": [{"type": "graph", "data": [{"values": [{}]}]}, {"type": "percentage_chart"}]}),
            action_msg("preview.url", json!({})),
            json!({"name": "n", "hint": "h", "scope": "team", "team_ids": [1]}),
        ];
        for odd in odd_values() {
            for base in &bases {
                for p in pointers {
                    let v = if p.is_empty() {
                        odd.clone()
                    } else {
                        with(base.clone(), p, odd.clone())
                    };
                    let _ = validate_message(&v);
                    let _ = validate_message_action(&v, ActionMode::Create);
                    let _ = validate_message_action(&v, ActionMode::Update);
                    let _ = validate_handler_patch(&v);
                }
            }
            if let Some(s) = odd.as_str() {
                let _ = validate_edit_text(s);
            }
        }
    }

    #[test]
    fn huge_arrays_are_reported_once_per_limit_without_panicking() {
        let m = msg(
            json!({"buttons": vec![json!({"label": "x"}); 100_000], "slides": vec![json!(null); 100_000]}),
        );
        let v = validate_message(&m);
        assert_eq!(v.len(), 2 + 100_000, "the two counts plus each null slide");
        assert_eq!(fields(&v)[..2], ["buttons", "slides"]);
    }

    #[test]
    fn violations_serialize_as_field_and_message() {
        let v = Violation::new("card.buttons[5].label", "is required");
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({"field": "card.buttons[5].label", "message": "is required"})
        );
        assert_eq!(v.to_string(), "card.buttons[5].label is required");
    }
}
