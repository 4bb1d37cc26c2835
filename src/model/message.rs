//! An incoming message, as returned by the list and retrieve endpoints.
//!
//! Cliq is loose here: `time` may be a number, a numeric string or a date,
//! ids may arrive as numbers, and `content` may be a bare string. All of these
//! are read; unknown fields are kept in `extra`.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{de, Card, Extra};

/// A message read from Cliq.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Message {
    /// The message id, e.g. `"1542711601585_349430767610289"`.
    #[serde(default, deserialize_with = "de::string_or_number")]
    pub id: String,
    /// Epoch milliseconds (read from a number or a numeric string).
    #[serde(default, deserialize_with = "de::epoch_ms")]
    pub time: i64,
    /// The message type: `text`, `file`, `card`, … (open).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Who sent it.
    #[serde(default)]
    pub sender: Sender,
    /// The content.
    #[serde(default, deserialize_with = "de_content")]
    pub content: MessageContent,
    /// Thread details, when the message started a thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_information: Option<ThreadInformation>,
    /// Reactions, when Cliq includes them (shape not documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactions: Option<Value>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

fn de_content<'de, D: serde::Deserializer<'de>>(d: D) -> Result<MessageContent, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(MessageContent::default()),
        Value::String(text) => Ok(MessageContent {
            text: Some(text),
            ..MessageContent::default()
        }),
        other => serde_json::from_value(other).map_err(serde::de::Error::custom),
    }
}

/// Who sent a message (or created a message action, see [`Creator`](super::Creator)): an id and a display name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sender {
    /// The ZUID (or a bot id such as `b-…`).
    #[serde(default, deserialize_with = "de::string_or_number")]
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The content of a message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageContent {
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The attached file, for file messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileInfo>,
    /// The file's preview thumbnail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Thumbnail>,
    /// The comment posted with a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The card, for card messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// Fields this crate does not know (buttons, slides, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A shared file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FileInfo {
    /// The file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The MIME type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The file id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_string_or_number"
    )]
    pub id: Option<String>,
    /// Image dimensions and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file's dimensions and size.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dimensions {
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file's preview thumbnail.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Thumbnail {
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    /// A tiny base64 JPEG placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blur_data: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Thread details of a message that started a thread.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThreadInformation {
    /// Whether the current user follows the thread.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_bool"
    )]
    pub is_follower: Option<bool>,
    /// Messages in the thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<u64>,
    /// Followers of the thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follower_count: Option<u64>,
    /// The parent message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_message_id: Option<String>,
    /// The thread title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The thread's chat id, for the thread endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
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

    fn round_trip(v: Value) -> Message {
        let m: Message = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&m).unwrap(), v);
        m
    }

    #[test]
    fn v2_threads_single_message_round_trips_unchanged() {
        let m = round_trip(
            json!({ "sender": {"name": "Scott Fisher", "id": "12345678"},
          "id": "1629465328414_83277101498", "time": 1629465328414_i64, "type": "text",
          "content": {"text": "Hello Guys!"},
          "thread_information": { "is_follower": true, "message_count": 19, "follower_count": 2,
             "thread_message_id": "1629426730589%2040288830613", "title": "Daily Updates",
             "chat_id": "CT_1256254372211218512_15067887-T-1256254377053952763" } }),
        );
        assert_eq!(m.time, 1629465328414);
        assert_eq!(m.thread_information.unwrap().message_count, Some(19));
    }

    #[test]
    fn file_message_round_trips_unchanged() {
        let m = round_trip(
            json!({ "id": "1543384891842_351840917549285", "time": 1542798001273_i64, "type": "file",
            "sender": { "id": "55743307", "name": "John Doe" },
            "content": {
              "file": { "name": "Feature-overview.jpg", "type": "image/jpeg", "id": "f3791c",
                        "dimensions": { "height": 3510, "width": 2552, "size": 559008 } },
              "thumbnail": { "height": 230, "width": 400, "blur_data": "AAAA" },
              "comment": "Hey Emily! Hope you understand the above design" } }),
        );
        assert_eq!(
            m.content.file.unwrap().dimensions.unwrap().size,
            Some(559008)
        );
    }

    #[test]
    fn unknown_fields_in_message_sender_and_content_survive_a_round_trip() {
        round_trip(json!({"id": "1", "time": 5, "type": "card", "edited": true,
            "sender": {"id": "b-1", "name": "Bot", "first_name": "B"},
            "content": {"text": "t", "card": {"theme": "modern-inline"}, "buttons": [{"label": "Update"}]},
            "reactions": {"👍": 2}}));
    }

    #[test]
    fn time_given_as_numeric_string_is_read_as_a_number() {
        let m: Message =
            serde_json::from_value(json!({"id": "1", "time": "1493707283711", "type": "text"}))
                .unwrap();
        assert_eq!(m.time, 1493707283711);
        assert_eq!(
            serde_json::to_value(&m).unwrap()["time"],
            json!(1493707283711_i64)
        );
    }

    #[test]
    fn mentions_style_message_with_numeric_id_and_date_time_parses() {
        let m: Message = serde_json::from_value(json!({"id": 1.779939003876963e23, "type": "card",
            "time": "2026-05-28T09:00:03+05:30", "content": {"text": "x"},
            "sender": {"id": "b-12737000004306349", "name": "Supportify"}}))
        .unwrap();
        assert_eq!(m.time, 1_779_939_003_000);
        assert!(!m.id.is_empty());
    }

    #[test]
    fn content_given_as_a_bare_string_becomes_its_text() {
        let m: Message =
            serde_json::from_value(json!({"id": "1", "time": 1, "type": "text", "content": "hi"}))
                .unwrap();
        assert_eq!(m.content.text.as_deref(), Some("hi"));
    }
}
