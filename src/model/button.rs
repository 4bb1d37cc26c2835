//! Buttons (§11.3 of the API notes): what a click does, and the
//! confirmation dialog before it, in Cliq's snake_case wire shape.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Extra;

/// A button, at the top level, in a card, or as an instant button.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Button {
    /// The label (required; max 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Tooltip (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Style: `"+"` (positive) or `"-"` (negative).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Your identifier for the button (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What a click does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ButtonAction>,
    /// Custom key/values passed to an invoked function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Map<String, Value>>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Button {
    /// The `type` of a positive (green) button.
    pub const POSITIVE: &'static str = "+";
    /// The `type` of a negative (red) button.
    pub const NEGATIVE: &'static str = "-";
    /// Every documented button `type`, in documentation order.
    pub const TYPES: &'static [&'static str] = &[Self::POSITIVE, Self::NEGATIVE];

    /// A button with a label and an action.
    pub fn new(label: impl Into<String>, action: ButtonAction) -> Self {
        Self {
            label: Some(label.into()),
            action: Some(action),
            ..Self::default()
        }
    }

    /// Styles the button as positive (`"+"`).
    pub fn positive(mut self) -> Self {
        self.kind = Some(Self::POSITIVE.to_owned());
        self
    }

    /// Styles the button as negative (`"-"`).
    pub fn negative(mut self) -> Self {
        self.kind = Some(Self::NEGATIVE.to_owned());
        self
    }

    /// Sets the tooltip.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the button key.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

open_enum! {
    /// What a button click does.
    ActionType {
        /// Invoke a Cliq function (`data.name`).
        InvokeFunction => "invoke.function",
        /// Open a URL in the browser (`data.web`).
        OpenUrl => "open.url",
        /// Preview a URL inside Cliq (`data.url` or `data.web`).
        PreviewUrl => "preview.url",
        /// Call a Cliq system API (`data.api`).
        SystemApi => "system.api",
        /// Copy text to the clipboard (`data.text`).
        Copy => "copy",
        /// Send a message to a bot (`data.bot_name`, `data.message`).
        InvokeBot => "invoke.bot",
    }
}

/// A button's action.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ButtonAction {
    /// The action type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActionType>,
    /// The payload; its keys depend on the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Map<String, Value>>,
    /// A confirmation dialog shown before the action runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<ConfirmDialog>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ButtonAction {
    /// An action of any type with its data.
    pub fn new<K: Into<String>, V: Into<Value>>(
        kind: impl Into<ActionType>,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            kind: Some(kind.into()),
            data: Some(
                data.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            ),
            ..Self::default()
        }
    }

    /// `invoke.function` with the function name.
    pub fn invoke_function(name: impl Into<String>) -> Self {
        Self::new(ActionType::InvokeFunction, [("name", name.into())])
    }

    /// `open.url` with the URL.
    pub fn open_url(url: impl Into<String>) -> Self {
        Self::new(ActionType::OpenUrl, [("web", url.into())])
    }

    /// `preview.url` with the URL (sent as `data.url`).
    pub fn preview_url(url: impl Into<String>) -> Self {
        Self::new(ActionType::PreviewUrl, [("url", url.into())])
    }

    /// `system.api`, e.g. `"videocall/12345678"`.
    pub fn system_api(api: impl Into<String>) -> Self {
        Self::new(ActionType::SystemApi, [("api", api.into())])
    }

    /// `copy` with the text to copy.
    pub fn copy(text: impl Into<String>) -> Self {
        Self::new(ActionType::Copy, [("text", text.into())])
    }

    /// `invoke.bot` with the bot and the message to send it.
    pub fn invoke_bot(bot_name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(
            ActionType::InvokeBot,
            [("bot_name", bot_name.into()), ("message", message.into())],
        )
    }

    /// Adds a confirmation dialog.
    pub fn with_confirm(mut self, confirm: ConfirmDialog) -> Self {
        self.confirm = Some(confirm);
        self
    }
}

/// A confirmation dialog shown before a button's action runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConfirmDialog {
    /// The dialog title (required; max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The message (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The input prompt (max 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The confirm button label (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button_label: Option<String>,
    /// The cancel button label (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_button_label: Option<String>,
    /// `positive` (default), `neutral` or `negative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<String>,
    /// Whether the input is required: the string `"true"` or `"false"`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_bool_string"
    )]
    pub mandatory: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ConfirmDialog {
    /// Every documented `emotion`, in documentation order.
    pub const EMOTIONS: &'static [&'static str] = &["positive", "neutral", "negative"];

    /// A dialog with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            ..Self::default()
        }
    }
}
