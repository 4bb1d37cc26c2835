//! Reactions: Cliq sends `{"data": {"<emoji>": ["<ms>:<zuid>:<name>", …]}}`.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One user's reaction, serialized camelCase as `{time, userId, userName}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReactionEntry {
    /// When the reaction was added, in epoch milliseconds.
    pub time: i64,
    /// The reacting user's ZUID.
    pub user_id: String,
    /// The reacting user's display name (may contain `:`).
    pub user_name: String,
}

impl ReactionEntry {
    /// Parses `"<ms>:<zuid>:<name>"`, splitting on the first two colons only.
    /// `None` when there are fewer than three parts or the time is not an integer.
    pub fn parse(entry: &str) -> Option<ReactionEntry> {
        let mut parts = entry.splitn(3, ':');
        let time = parts.next()?.trim().parse().ok()?;
        let user_id = parts.next()?.to_owned();
        let user_name = parts.next()?.to_owned();
        Some(ReactionEntry {
            time,
            user_id,
            user_name,
        })
    }
}

/// Reactions by emoji (Unicode or `:shortcode:`), keys in sorted order.
pub type Reactions = BTreeMap<String, Vec<ReactionEntry>>;

/// Builds [`Reactions`] from the `data` object of a reactions response.
/// Entries that are not strings of the documented form are skipped.
pub fn reactions_from_wire(data: &Map<String, Value>) -> Reactions {
    data.iter()
        .map(|(emoji, entries)| {
            let parsed = entries
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|e| e.as_str().and_then(ReactionEntry::parse))
                        .collect()
                })
                .unwrap_or_default();
            (emoji.clone(), parsed)
        })
        .collect()
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
    fn parse_splits_on_the_first_two_colons_only() {
        let e = ReactionEntry::parse("1710152648241:802515329:Dr: Who: Else").unwrap();
        assert_eq!(e.time, 1710152648241);
        assert_eq!(e.user_id, "802515329");
        assert_eq!(e.user_name, "Dr: Who: Else");
    }

    #[test]
    fn parse_rejects_entries_without_three_parts_or_with_a_bad_time() {
        assert_eq!(ReactionEntry::parse("1710152648241:802515329"), None);
        assert_eq!(ReactionEntry::parse("soon:802515329:Diana"), None);
        assert_eq!(ReactionEntry::parse(""), None);
    }

    #[test]
    fn documented_sample_becomes_camel_case_entries_by_emoji() {
        let data = json!({ "😍": ["1710152648241:802515329:Diana", "1710152690025:784333365:Celeste Liane"],
                           "🔥": ["1710152758419:788604182:Elizebet Tater", 42, "bad"],
                           ":x:": "not a list" });
        let r = reactions_from_wire(data.as_object().unwrap());
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({ ":x:": [],
                    "😍": [{"time": 1710152648241_i64, "userId": "802515329", "userName": "Diana"},
                           {"time": 1710152690025_i64, "userId": "784333365", "userName": "Celeste Liane"}],
                    "🔥": [{"time": 1710152758419_i64, "userId": "788604182", "userName": "Elizebet Tater"}] })
        );
        let back: Reactions = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
