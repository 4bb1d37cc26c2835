//! Message actions (v3): the action record, its create/update inputs and its
//! execution handler.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::{de, Extra};

open_enum! {
    /// Who can see and use a message action.
    ActionScope {
        /// Everyone in the organization.
        Organization => "organization",
        /// Members of the listed teams (`team_ids`).
        Team => "team",
        /// Only the creator (and collaborators).
        Personal => "personal",
    }
}

open_enum! {
    /// How a message action runs.
    ExecutionType {
        /// A Deluge script on Zoho's side (the default).
        Deluge => "deluge",
        /// Cliq POSTs the event to `execution_url`.
        Webhook => "webhook",
    }
}

open_enum! {
    /// A kind of message an action applies to.
    MessageType {
        /// Text messages.
        Text => "text",
        /// Messages with links.
        Link => "link",
        /// Messages with attachments.
        Attachment => "attachment",
    }
}

open_enum! {
    /// An attribute forwarded to a webhook handler.
    Permission {
        /// Chat context.
        Chat => "chat",
        /// Message content and metadata.
        Message => "message",
        /// The sender's profile.
        User => "user",
        /// The sender's location.
        Location => "location",
        /// Attachment metadata.
        Attachments => "attachments",
    }
}

/// A team id: Cliq documents integers; strings keep ids beyond 2^53 exact for JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TeamId {
    /// A numeric id.
    Number(u64),
    /// An id given as a string of digits.
    String(String),
}

impl From<u64> for TeamId {
    fn from(id: u64) -> Self {
        Self::Number(id)
    }
}

impl From<&str> for TeamId {
    fn from(id: &str) -> Self {
        Self::String(id.to_owned())
    }
}

/// A message action: the `data` object of Cliq's v3 envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageAction {
    /// The id, a string of digits.
    #[serde(default, deserialize_with = "de::string_or_number")]
    pub id: String,
    /// The name shown in the menu.
    #[serde(default)]
    pub name: String,
    /// The hint shown below the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Who can use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ActionScope>,
    /// The teams, for team scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<TeamId>>,
    /// Whether it applies to several messages at once.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_bool"
    )]
    pub multi_selectable: Option<bool>,
    /// The message types it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_types: Option<Vec<MessageType>>,
    /// How it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<ExecutionType>,
    /// The webhook URL, for webhook actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_url: Option<String>,
    /// Its handlers, e.g. `[{"type": "execution_handler"}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handlers: Option<Vec<HandlerSummary>>,
    /// Who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Creator>,
    /// The status, e.g. `"enabled"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The action type, e.g. `"custom"`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A base64 icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A handler as listed inside a message action.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HandlerSummary {
    /// The handler type; only `execution_handler` exists.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The creator of a message action: the same `{id, name}` shape as a
/// message's sender.
pub type Creator = super::message::Sender;

/// The input of `createMessageAction`, sent unchanged (Cliq refuses unknown keys).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMessageAction {
    /// The name shown in the menu (1–30 characters).
    pub name: String,
    /// The hint shown below the name (1–128 characters).
    pub hint: String,
    /// How it runs (default `deluge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<ExecutionType>,
    /// The webhook URL (required for webhook actions; max 225).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_url: Option<String>,
    /// Who can use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ActionScope>,
    /// The teams (1–4; required for team scope, refused otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<TeamId>>,
    /// Whether it applies to several messages at once.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_bool"
    )]
    pub multi_selectable: Option<bool>,
    /// The message types it applies to (1–3, distinct).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_types: Option<Vec<MessageType>>,
    /// A base64 icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl NewMessageAction {
    /// Every key of the wire form (also those of [`MessageActionPatch`]):
    /// Cliq refuses any other (`extra_key_found`).
    pub const FIELDS: &'static [&'static str] = &[
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

    /// A Deluge action with a name and a hint.
    pub fn deluge(name: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            hint: hint.into(),
            execution_type: Some(ExecutionType::Deluge),
            ..Self::default()
        }
    }

    /// A webhook action that Cliq calls at `url`.
    pub fn webhook(
        name: impl Into<String>,
        hint: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Self {
            execution_type: Some(ExecutionType::Webhook),
            execution_url: Some(url.into()),
            ..Self::deluge(name, hint)
        }
    }

    /// Restricts the action to the given teams (`scope: team`).
    pub fn for_teams(mut self, team_ids: impl IntoIterator<Item = TeamId>) -> Self {
        self.scope = Some(ActionScope::Team);
        self.team_ids = Some(team_ids.into_iter().collect());
        self
    }

    /// Sets the message types it applies to.
    pub fn with_message_types(mut self, types: impl IntoIterator<Item = MessageType>) -> Self {
        self.message_types = Some(types.into_iter().collect());
        self
    }
}

/// The input of `updateMessageAction`: omitted fields stay unchanged.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageActionPatch {
    /// A new name (1–30 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new hint (1–128 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// A new execution type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<ExecutionType>,
    /// A new webhook URL (max 225).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_url: Option<String>,
    /// A new scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ActionScope>,
    /// New teams (1–4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<TeamId>>,
    /// New multi-selection behaviour.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_bool"
    )]
    pub multi_selectable: Option<bool>,
    /// New message types (1–3, distinct).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_types: Option<Vec<MessageType>>,
    /// A new base64 icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// A message action's execution handler: the `data` object of Cliq's envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Handler {
    /// The handler name, `execution_handler`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Deluge script (Deluge actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// The forwarded attributes (webhook actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
    /// The id of the function behind the handler.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_string_or_number"
    )]
    pub function_id: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The input of `updateMessageActionHandler`: a script, permissions, or both.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlerPatch {
    /// A new Deluge script (max 256000 bytes of UTF-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// New forwarded attributes (at most 5, distinct).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
}

impl HandlerPatch {
    /// Every key of the wire form: Cliq refuses any other.
    pub const FIELDS: &'static [&'static str] = &["script", "permissions"];

    /// A patch that replaces the Deluge script.
    pub fn script(script: impl Into<String>) -> Self {
        Self {
            script: Some(script.into()),
            permissions: None,
        }
    }

    /// A patch that replaces the webhook permissions.
    pub fn permissions(permissions: impl IntoIterator<Item = Permission>) -> Self {
        Self {
            script: None,
            permissions: Some(permissions.into_iter().collect()),
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
    use serde_json::{json, Value};

    #[test]
    fn create_response_data_round_trips_unchanged() {
        let v = json!({"name": "Bulk Archive", "id": "53719000002124012",
            "hint": "Archive selected messages", "scope": "team", "team_ids": [100001, 100002],
            "multi_selectable": true, "message_types": ["text"],
            "handlers": [{"type": "execution_handler"}], "creator": {"name": "James", "id": "65113112"},
            "execution_type": "deluge", "status": "enabled", "type": "custom", "shared_with": ["x"]});
        let a: MessageAction = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(a.scope, Some(ActionScope::Team));
        assert_eq!(
            a.team_ids,
            Some(vec![TeamId::Number(100001), TeamId::Number(100002)])
        );
        assert_eq!(serde_json::to_value(&a).unwrap(), v);
    }

    #[test]
    fn handler_response_data_round_trips_unchanged() {
        let v = json!({"name": "execution_handler", "permissions": ["chat", "message", "user", "attachments"],
            "function_id": "53719000002124011"});
        let h: Handler = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(h.permissions.as_ref().map(Vec::len), Some(4));
        assert_eq!(serde_json::to_value(&h).unwrap(), v);
    }

    #[test]
    fn new_message_action_serializes_to_the_documented_webhook_body() {
        let a =
            NewMessageAction::webhook("Log to Jira", "Send this message to Jira", "https://h.io/x")
                .with_message_types([MessageType::Text, MessageType::Link]);
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({"name": "Log to Jira", "hint": "Send this message to Jira", "execution_type": "webhook",
                "execution_url": "https://h.io/x", "message_types": ["text", "link"]})
        );
        assert!(a.validate().is_empty());
    }

    #[test]
    fn team_scoped_action_with_string_team_ids_validates() {
        let a =
            NewMessageAction::deluge("A", "B").for_teams(["53719000002124010".into(), 7.into()]);
        assert!(a.validate().is_empty());
        assert_eq!(
            serde_json::to_value(&a).unwrap()["team_ids"],
            json!(["53719000002124010", 7])
        );
    }

    fn keys(v: Value) -> Vec<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn field_lists_name_every_key_of_the_wire_form() {
        let full = NewMessageAction {
            execution_url: Some("u".into()),
            scope: Some(ActionScope::Team),
            team_ids: Some(vec![1.into()]),
            multi_selectable: Some(true),
            message_types: Some(vec![MessageType::Text]),
            image: Some("i".into()),
            ..NewMessageAction::deluge("n", "h")
        };
        let patch: MessageActionPatch =
            serde_json::from_value(serde_json::to_value(&full).unwrap()).unwrap();
        for v in [
            serde_json::to_value(&full).unwrap(),
            serde_json::to_value(&patch).unwrap(),
        ] {
            assert_eq!(keys(v), sorted(NewMessageAction::FIELDS));
        }
        let handler = HandlerPatch {
            script: Some("s".into()),
            permissions: Some(vec![Permission::Chat]),
        };
        assert_eq!(
            keys(serde_json::to_value(&handler).unwrap()),
            sorted(HandlerPatch::FIELDS)
        );
    }

    #[test]
    fn enums_use_snake_case_wire_names() {
        let v: Vec<Value> = [
            Permission::Attachments.to_string(),
            ActionScope::Organization.to_string(),
        ]
        .into_iter()
        .map(Value::from)
        .collect();
        assert_eq!(v, vec![json!("attachments"), json!("organization")]);
        assert!(
            HandlerPatch::permissions([Permission::Chat, Permission::Location])
                .validate()
                .is_empty()
        );
    }
}
