//! The rule engine: generic checks of the wire form (presence, type, length,
//! count, enumeration, repeats) that name the offending field by its path,
//! e.g. `card.buttons[5].label`.
//!
//! The message and action rules (`message.rs`, `action.rs`) are written in
//! terms of these checks; this file knows nothing of Cliq.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

use crate::error::comma_list;

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

/// No limit: a length or a count that no document caps.
pub(super) const ANY: usize = usize::MAX;

/// A string rule: presence, non-emptiness and a maximum length.
#[derive(Clone, Copy)]
pub(super) struct Str {
    pub(super) required: bool,
    pub(super) non_empty: bool,
    pub(super) max: usize,
    /// Count bytes of UTF-8 rather than characters.
    pub(super) bytes: bool,
}

/// An optional string of at most `max` characters.
pub(super) const fn opt(max: usize) -> Str {
    Str {
        required: false,
        non_empty: false,
        max,
        bytes: false,
    }
}

/// A required, non-empty string of at most `max` characters.
pub(super) const fn req(max: usize) -> Str {
    Str {
        required: true,
        non_empty: true,
        ..opt(max)
    }
}

/// A string rule for each named key of an object.
pub(super) type Strings = &'static [(&'static str, Str)];

// ---------------------------------------------------------------- paths ----

/// The path of `k` inside the object at `path`.
pub(super) fn key(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_owned()
    } else {
        format!("{path}.{k}")
    }
}

/// The path of item `i` of the array at `path`.
pub(super) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `obj[k]`, with `null` treated as absent.
pub(super) fn get<'a>(obj: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    obj.get(k).filter(|v| !v.is_null())
}

/// A string for a message, quoted and cut to 40 characters.
pub(super) fn shown(s: &str) -> String {
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

/// The violations found so far; each check adds to them.
#[derive(Default)]
pub(super) struct Check {
    pub(super) out: Vec<Violation>,
}

impl Check {
    pub(super) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.out.push(Violation::new(field, message));
    }

    /// Checks a present string against a rule.
    pub(super) fn text(&mut self, rule: Str, path: &str, s: &str) {
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
    pub(super) fn string<'a>(
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

    /// Checks each key of `obj` that `rules` names.
    pub(super) fn strings(&mut self, obj: &Map<String, Value>, path: &str, rules: Strings) {
        for (k, rule) in rules {
            self.string(obj, path, k, *rule);
        }
    }

    /// Checks `obj[k]` is one of `allowed` when present (or required).
    pub(super) fn one_of<'a>(
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
                format!(
                    "must be one of {} (got {})",
                    comma_list(allowed.iter().copied()),
                    shown(s)
                ),
            );
            None
        }
    }

    /// `true`, `false`, `"true"` or `"false"` when present.
    pub(super) fn boolean(&mut self, obj: &Map<String, Value>, path: &str, k: &str) {
        match get(obj, k) {
            None | Some(Value::Bool(_)) => {}
            Some(Value::String(s)) if s == "true" || s == "false" => {}
            Some(_) => self.add(&key(path, k), "must be a boolean"),
        }
    }

    /// `v` as an object.
    pub(super) fn object<'a>(
        &mut self,
        v: &'a Value,
        path: &str,
    ) -> Option<&'a Map<String, Value>> {
        let m = v.as_object();
        if m.is_none() {
            self.add(path, "must be an object");
        }
        m
    }

    /// `obj[k]` as an object when present.
    pub(super) fn object_at<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        k: &str,
    ) -> Option<&'a Map<String, Value>> {
        get(obj, k).and_then(|v| self.object(v, &key(path, k)))
    }

    /// `obj[k]` as an array of `min..=max` items, when present (or required).
    pub(super) fn array<'a>(
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
    pub(super) fn distinct_of(&mut self, items: &[Value], path: &str, allowed: &[&str]) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = index(path, i);
            match item.as_str() {
                None => self.add(&p, "must be a string"),
                Some(s) if !allowed.contains(&s) => self.add(
                    &p,
                    format!(
                        "must be one of {} (got {})",
                        comma_list(allowed.iter().copied()),
                        shown(s)
                    ),
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

    #[test]
    fn violations_serialize_as_field_and_message() {
        let v = Violation::new("card.buttons[5].label", "is required");
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({"field": "card.buttons[5].label", "message": "is required"})
        );
        assert_eq!(v.to_string(), "card.buttons[5].label is required");
    }

    #[test]
    fn paths_join_keys_with_dots_and_indices_with_brackets() {
        assert_eq!(key("", "text"), "text");
        assert_eq!(
            key(&index(&key("card", "buttons"), 5), "label"),
            "card.buttons[5].label"
        );
    }

    #[test]
    fn shown_values_are_quoted_and_cut_at_40_characters() {
        assert_eq!(shown("ok"), "\"ok\"");
        assert_eq!(shown(&"é".repeat(40)), format!("\"{}\"", "é".repeat(40)));
        assert_eq!(shown(&"é".repeat(41)), format!("\"{}…\"", "é".repeat(40)));
    }

    #[test]
    fn counts_name_one_item_in_the_singular() {
        let obj = json!({"one": [1, 2], "none": []});
        let obj = obj.as_object().unwrap();
        let mut c = Check::default();
        c.array(obj, "", "one", (0, 1), ("item", "items"), false);
        c.array(obj, "", "none", (1, 5), ("item", "items"), false);
        c.array(obj, "", "absent", (1, 5), ("item", "items"), true);
        assert_eq!(
            c.out,
            vec![
                Violation::new("one", "at most 1 item is allowed (got 2)"),
                Violation::new("none", "at least 1 item is required (got 0)"),
                Violation::new("absent", "is required"),
            ]
        );
    }
}
