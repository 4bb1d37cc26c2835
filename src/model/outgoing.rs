//! The message object posted to Cliq (§11 of the API notes), in Cliq's own
//! snake_case wire shape.
//!
//! Every field is optional so that any payload from Cliq's docs (or the wild)
//! parses; the constructors fill in what a well-formed message needs. Fields
//! this crate does not know are kept in `extra` and sent back unchanged.
//! Booleans also accept the strings `"true"` / `"false"` (older scripts send
//! them) and are written back as JSON booleans.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::button::Button;
use super::Extra;

/// A message to post: plain text, optionally with a card, slides and buttons.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// The message text (required by Cliq; markdown and mentions allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A message card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// Structured content blocks shown below the text (max 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slides: Option<Vec<Slide>>,
    /// Buttons attached to the message (max 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<Button>>,
    /// Overrides the sender's display name and avatar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<BotIdentity>,
    /// Display styles, e.g. `{"highlight": true}` (v2) or `{"background": "red", "markdown": true}` (v3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub styles: Option<Map<String, Value>>,
    /// Instant-button definitions referenced from the text as `[Label]($key)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<alloc::collections::BTreeMap<String, Reference>>,
    /// The id of the message this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Ask Cliq to return the new message's id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_bool"
    )]
    pub sync_message: Option<bool>,
    /// Mark the posted message as read for the sender.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_bool"
    )]
    pub mark_as_read: Option<bool>,
    /// Thread posts: also show the message in the parent chat.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_bool"
    )]
    pub post_in_parent: Option<bool>,
    /// Notify participants when the message is later edited.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_bool"
    )]
    pub notify_edit: Option<bool>,
    /// Start a thread from this parent message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_message_id: Option<String>,
    /// The title of a new thread (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_title: Option<String>,
    /// The thread chat id to post in (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_chat_id: Option<String>,
    /// A topic for the message (max 255).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_topic: Option<String>,
    /// Fields this crate does not know, sent unchanged.
    #[serde(flatten)]
    pub extra: Extra,
}

impl OutgoingMessage {
    /// A plain-text message.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }

    /// Attaches a card.
    pub fn with_card(mut self, card: Card) -> Self {
        self.card = Some(card);
        self
    }

    /// Appends a top-level button.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }

    /// Appends a slide.
    pub fn with_slide(mut self, slide: Slide) -> Self {
        self.slides.get_or_insert_with(Vec::new).push(slide);
        self
    }

    /// Posts under another display name (and avatar).
    pub fn with_bot(mut self, bot: BotIdentity) -> Self {
        self.bot = Some(bot);
        self
    }

    /// Defines the instant button referenced from the text as `[Label]($key)`.
    pub fn with_reference(mut self, key: impl Into<String>, button: Button) -> Self {
        self.references
            .get_or_insert_with(Default::default)
            .insert(key.into(), Reference::button(button));
        self
    }

    /// Replies to the given message id.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> Self {
        self.reply_to = Some(message_id.into());
        self
    }

    /// Asks Cliq to return the new message's id (`sync_message: true`).
    pub fn sync(mut self) -> Self {
        self.sync_message = Some(true);
        self
    }

    /// The wire form of this message.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl From<&str> for OutgoingMessage {
    fn from(text: &str) -> Self {
        Self::text(text)
    }
}

impl From<String> for OutgoingMessage {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

open_enum! {
    /// A card theme.
    CardTheme {
        /// `modern-inline`: header, optional sections and buttons.
        ModernInline => "modern-inline",
        /// `poll`: a question with 2–10 options.
        Poll => "poll",
        /// `prompt`: a question or an alert, usually with buttons.
        Prompt => "prompt",
        /// `basic`: the older default theme.
        Basic => "basic",
    }
}

/// A message card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Card {
    /// The theme; cards without one are accepted too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<CardTheme>,
    /// The title or question (max 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// HTTPS thumbnail URL (modern-inline); `""` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    /// Icon URL (older cards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Preview image URL (older cards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// Poll options (2–10 when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<PollOption>>,
    /// Labelled field sections (modern-inline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<CardSection>>,
    /// Buttons inside the card (max 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<Button>>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Card {
    fn themed(theme: CardTheme, title: impl Into<String>) -> Self {
        Self {
            theme: Some(theme),
            title: Some(title.into()),
            ..Self::default()
        }
    }

    /// A `modern-inline` card with a title.
    pub fn modern_inline(title: impl Into<String>) -> Self {
        Self::themed(CardTheme::ModernInline, title)
    }

    /// A `poll` card with a question and its options.
    pub fn poll<S: Into<String>>(
        title: impl Into<String>,
        options: impl IntoIterator<Item = S>,
    ) -> Self {
        Self {
            options: Some(options.into_iter().map(PollOption::new).collect()),
            ..Self::themed(CardTheme::Poll, title)
        }
    }

    /// A `prompt` card with a question and its buttons.
    pub fn prompt(title: impl Into<String>, buttons: Vec<Button>) -> Self {
        Self {
            buttons: Some(buttons),
            ..Self::themed(CardTheme::Prompt, title)
        }
    }

    /// Sets the thumbnail URL.
    pub fn with_thumbnail(mut self, url: impl Into<String>) -> Self {
        self.thumbnail = Some(url.into());
        self
    }

    /// Appends a section.
    pub fn with_section(mut self, section: CardSection) -> Self {
        self.sections.get_or_insert_with(Vec::new).push(section);
        self
    }

    /// Appends a button inside the card.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }
}

/// One labelled group of fields in a `modern-inline` card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardSection {
    /// Optional heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The key/value fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<CardField>>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CardSection {
    /// A section with a heading and `(title, value)` fields.
    pub fn new<K: Into<String>, V: Into<String>>(
        title: impl Into<String>,
        fields: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            title: Some(title.into()),
            fields: Some(
                fields
                    .into_iter()
                    .map(|(k, v)| CardField::new(k, v))
                    .collect(),
            ),
            extra: Extra::new(),
        }
    }
}

/// One key/value field of a card section.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardField {
    /// The label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CardField {
    /// A field with a label and a value.
    pub fn new(title: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            value: Some(value.into()),
            extra: Extra::new(),
        }
    }
}

/// One option of a poll card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PollOption {
    /// The option text (max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Fields this crate does not know (Cliq echoes `votes`).
    #[serde(flatten)]
    pub extra: Extra,
}

impl PollOption {
    /// An option with its text.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            extra: Extra::new(),
        }
    }
}

open_enum! {
    /// A slide type.
    SlideType {
        /// `data`: `{headers: [..], rows: [{header: cell}]}`.
        Table => "table",
        /// `data`: `[string]`.
        List => "list",
        /// `data`: `[{"Key": "Value"}]` or `[{label, value}]`.
        Label => "label",
        /// `data`: `[url]`.
        Images => "images",
        /// `data`: a string.
        Text => "text",
        /// `data`: `[{label, value}]`, at most 5.
        PercentageChart => "percentage_chart",
        /// `data`: `[{category, values: [{label, value}]}]`, at most 5 categories.
        Graph => "graph",
    }
}

/// A structured content block (`slides[]`, top level, not inside the card).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Slide {
    /// The slide type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SlideType>,
    /// Optional heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The content; its shape depends on the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Type-specific styles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub styles: Option<Map<String, Value>>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Slide {
    /// A slide of any type with its data.
    pub fn new(kind: impl Into<SlideType>, data: impl Into<Value>) -> Self {
        Self {
            kind: Some(kind.into()),
            data: Some(data.into()),
            ..Self::default()
        }
    }

    /// A text slide.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(SlideType::Text, text.into())
    }

    /// A bulleted list slide.
    pub fn list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Self::new(
            SlideType::List,
            items.into_iter().map(Into::into).collect::<Vec<String>>(),
        )
    }

    /// An images slide.
    pub fn images<S: Into<String>>(urls: impl IntoIterator<Item = S>) -> Self {
        Self::new(
            SlideType::Images,
            urls.into_iter().map(Into::into).collect::<Vec<String>>(),
        )
    }

    /// A table slide from headers and rows of cells (in header order).
    pub fn table<H: Into<String>, C: Into<Value>>(
        headers: impl IntoIterator<Item = H>,
        rows: impl IntoIterator<Item = Vec<C>>,
    ) -> Self {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|row| {
                Value::Object(
                    headers
                        .iter()
                        .cloned()
                        .zip(row.into_iter().map(Into::into))
                        .collect(),
                )
            })
            .collect();
        Self::new(
            SlideType::Table,
            serde_json::json!({ "headers": headers, "rows": rows }),
        )
    }

    /// Sets the heading.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}

/// The display identity a message is posted under (`bot`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BotIdentity {
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A public HTTPS avatar URL; `""` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BotIdentity {
    /// An identity with a display name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Sets the avatar URL.
    pub fn with_image(mut self, url: impl Into<String>) -> Self {
        self.image = Some(url.into());
        self
    }
}

/// One instant-button definition in `references`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The reference type; `"button"`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Button>,
    /// Fields this crate does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Reference {
    /// An instant button.
    pub fn button(button: Button) -> Self {
        Self {
            kind: Some("button".to_owned()),
            object: Some(button),
            extra: Extra::new(),
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
    use crate::model::{ActionType, ButtonAction};
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn round_trip(v: Value) {
        let m: OutgoingMessage = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&m).unwrap(), v);
    }

    #[test]
    fn instant_buttons_example_round_trips_unchanged() {
        round_trip(json!({"text": "Lunch? [Yes]($1) [Call]($2)",
          "references": {
            "1": {"type": "button", "object": {"label": "Yes", "type": "+",
                  "action": {"type": "invoke.function", "data": {"name": "teammatch"}}}},
            "2": {"type": "button", "object": {"label": "Call", "type": "+",
                  "action": {"type": "system.api", "data": {"api": "videocall/12345678"}}}}}}));
    }

    #[test]
    fn card_with_slides_and_confirm_round_trips_unchanged() {
        round_trip(json!({
            "text": "The Q4 marketing budget is ready for review.",
            "card": {"title": "Q4 Budget Proposal", "theme": "modern-inline"},
            "hint": "Please review the allocation details before approval.",
            "buttons": [{"label": "Approve Budget", "type": "+", "key": "approve_budget_q4",
              "action": {"type": "invoke.function",
                "data": {"name": "approve_q4_budget", "owner": "finance@zylker.com"},
                "confirm": {"title": "Finalize Budget Approval",
                  "description": "Please provide approval remarks before proceeding.",
                  "input": "Enter approval remarks", "emotion": "positive",
                  "button_label": "Confirm Approval", "cancel_button_label": "Review Again",
                  "mandatory": "true"}}}],
            "slides": [{"type": "table", "title": "Details",
              "data": {"headers": ["Field", "Value"], "rows": [{"Field": "Ticket ID", "Value": "#TKT-00892"}]}},
              {"type": "sparkline", "data": [1, 2, 3]}]
        }));
    }

    #[test]
    fn unknown_fields_at_every_level_survive_a_round_trip() {
        round_trip(json!({
            "text": "x", "future_flag": {"a": [1]},
            "card": {"theme": "holo", "title": "t", "options": [{"text": "a", "votes": 3}], "glow": 1},
            "bot": {"name": "n", "image": "", "badge": true},
            "styles": {"highlight": true},
            "buttons": [{"label": "b", "shape": "round", "action": {"type": "teleport", "data": {"to": "mars"}, "speed": 9}}]
        }));
    }

    #[test]
    fn string_booleans_are_read_as_booleans() {
        let m: OutgoingMessage = serde_json::from_value(
            json!({"text": "x", "sync_message": "true", "mark_as_read": "false"}),
        )
        .unwrap();
        assert_eq!((m.sync_message, m.mark_as_read), (Some(true), Some(false)));
    }

    #[test]
    fn constructors_build_the_documented_wire_shape() {
        let m = OutgoingMessage::text("Release 2.1 is out")
            .with_card(Card::poll("Lunch?", ["Pizza", "Sushi"]))
            .with_button(Button::new("Docs", ButtonAction::open_url("https://x.io")).positive())
            .with_slide(Slide::table(["Field", "Value"], [vec!["Id", "7"]]).with_title("T"))
            .with_bot(BotIdentity::new("Deploy Bot"))
            .sync();
        assert_eq!(
            m.to_value(),
            json!({"text": "Release 2.1 is out",
                "card": {"theme": "poll", "title": "Lunch?", "options": [{"text": "Pizza"}, {"text": "Sushi"}]},
                "buttons": [{"label": "Docs", "type": "+", "action": {"type": "open.url", "data": {"web": "https://x.io"}}}],
                "slides": [{"type": "table", "title": "T", "data": {"headers": ["Field", "Value"], "rows": [{"Field": "Id", "Value": "7"}]}}],
                "bot": {"name": "Deploy Bot"}, "sync_message": true})
        );
        assert!(m.validate().is_empty());
    }

    #[test]
    fn open_enums_keep_unknown_values_verbatim() {
        assert_eq!(CardTheme::from("poll"), CardTheme::Poll);
        assert_eq!(CardTheme::from("neon"), CardTheme::Other("neon".into()));
        assert_eq!(
            serde_json::to_value(ActionType::from("x.y")).unwrap(),
            json!("x.y")
        );
    }
}
