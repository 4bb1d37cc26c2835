//! The message rules: text, thread fields, cards, buttons and their actions,
//! instant buttons (`references`) and slides.
//!
//! Each limit below is stated by Zoho's documents, as gathered in
//! `docs/cliq-api.md` (§11 is the message object). Where the documents
//! disagree the larger value applies (Decision 7), so nothing Cliq accepts
//! is refused. Vocabularies (themes, button types, action and slide types,
//! confirm emotions) are `model`'s lists; values outside them pass unless
//! the document names the only allowed ones (button `type`, `emotion`).

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

use super::check::{get, index, key, opt, req, Check, Str, Strings, ANY};
use crate::model::{ActionType, Button, CardTheme, ConfirmDialog, SlideType};

/// docs/cliq-api.md Decision 7 and §11.1: `text` is at most 5000 characters
/// by the Messages API and 10,000 by the content pages; the larger applies.
/// It is required, and an empty text has nothing to post.
pub const TEXT_MAX: usize = 10_000;
/// docs/cliq-api.md §11.1: `reply_to`, a message id, is at most 100 characters.
pub const REPLY_TO_MAX: usize = 100;
/// docs/cliq-api.md §5 and §11.1: `thread_title` is at most 100 characters.
pub const THREAD_TITLE_MAX: usize = 100;
/// docs/cliq-api.md §5: `thread_chat_id` is at most 100 characters.
pub const THREAD_CHAT_ID_MAX: usize = 100;
/// docs/cliq-api.md §5 and §11.1: `message_topic` is at most 255 characters.
pub const MESSAGE_TOPIC_MAX: usize = 255;
/// docs/cliq-api.md Decision 7, §11.1 and §11.2: at most 5 buttons, at the
/// top level and (separately) in a card.
pub const BUTTONS_MAX: usize = 5;
/// docs/cliq-api.md Decision 7 and §11.1: at most 20 slides.
pub const SLIDES_MAX: usize = 20;
/// docs/cliq-api.md Decision 7 and §11.2: a card's `title` is at most 200
/// characters (required for `poll` and `prompt`; Zoho's own examples send
/// `modern-inline` cards without one).
pub const CARD_TITLE_MAX: usize = 200;
/// docs/cliq-api.md Decision 7 and §11.2: a poll's `options`, when present,
/// has at least 2 items (older payloads send none: accepted).
pub const POLL_OPTIONS_MIN: usize = 2;
/// docs/cliq-api.md Decision 7 and §11.2: a poll has at most 10 options.
pub const POLL_OPTIONS_MAX: usize = 10;
/// docs/cliq-api.md §11.2: a poll option's `text` (required) is at most 100 characters.
pub const POLL_OPTION_TEXT_MAX: usize = 100;
/// docs/cliq-api.md Decision 7 and §11.3: a button `label` (required) is at
/// most 20 characters by the buttons page and 30 by the cards page; the
/// larger applies, to instant buttons (§11.4) too.
pub const BUTTON_LABEL_MAX: usize = 30;
/// docs/cliq-api.md §11.3: a button `hint` is at most 100 characters.
pub const BUTTON_HINT_MAX: usize = 100;
/// docs/cliq-api.md §11.3: a button `key` is at most 100 characters.
pub const BUTTON_KEY_MAX: usize = 100;
/// docs/cliq-api.md §11.3: `open.url`'s `web` (required), `windows`, `iOS`
/// and `android` are each at most 256 characters.
pub const OPEN_URL_MAX: usize = 256;
/// docs/cliq-api.md §11.3: `preview.url`'s `data.url` is at most 500
/// characters. The cards page names the key `web` and states no limit, so
/// `web` is accepted at any length; one of the two is required.
pub const PREVIEW_URL_MAX: usize = 500;
/// docs/cliq-api.md §11.3: `copy`'s `text` (required) is at most 200 characters.
pub const COPY_TEXT_MAX: usize = 200;
/// docs/cliq-api.md §11.3: a confirm dialog's `title` (required) is at most 100 characters.
pub const CONFIRM_TITLE_MAX: usize = 100;
/// docs/cliq-api.md §11.3: a confirm dialog's `description` is at most 100 characters.
pub const CONFIRM_DESCRIPTION_MAX: usize = 100;
/// docs/cliq-api.md §11.3: a confirm dialog's `input` is at most 300 characters.
pub const CONFIRM_INPUT_MAX: usize = 300;
/// docs/cliq-api.md §11.3: a confirm dialog's `button_label` is at most 100 characters.
pub const CONFIRM_BUTTON_LABEL_MAX: usize = 100;
/// docs/cliq-api.md §11.3: a confirm dialog's `cancel_button_label` is at most 100 characters.
pub const CONFIRM_CANCEL_BUTTON_LABEL_MAX: usize = 100;
/// docs/cliq-api.md §11.5: a `percentage_chart` slide has at most 5 items.
pub const PERCENTAGE_CHART_ITEMS_MAX: usize = 5;
/// docs/cliq-api.md §11.5: a `graph` slide has at most 5 categories.
pub const GRAPH_CATEGORIES_MAX: usize = 5;
/// docs/cliq-api.md §11.5: a graph category has at most 20 values.
pub const GRAPH_VALUES_MAX: usize = 20;
/// docs/cliq-api.md §11.5: a chart point's `label` (percentage chart items,
/// graph values) is at most 20 characters.
pub const CHART_LABEL_MAX: usize = 20;
/// docs/cliq-api.md §11.5: a graph's `category` is at most 20 characters.
pub const GRAPH_CATEGORY_MAX: usize = 20;
/// docs/cliq-api.md §11.5: a graph's `styles.x_axis` and `styles.y_axis` are
/// each at most 20 characters.
pub const GRAPH_AXIS_MAX: usize = 20;

/// The message text: required, non-empty, [`TEXT_MAX`] characters.
pub(super) const TEXT: Str = req(TEXT_MAX);

const MESSAGE_STRINGS: Strings = &[
    ("reply_to", opt(REPLY_TO_MAX)),
    ("thread_message_id", opt(ANY)),
    ("thread_title", opt(THREAD_TITLE_MAX)),
    ("thread_chat_id", opt(THREAD_CHAT_ID_MAX)),
    ("message_topic", opt(MESSAGE_TOPIC_MAX)),
];
/// docs/cliq-api.md §4–§6, §11.1: boolean flags of the message object.
const MESSAGE_BOOLS: &[&str] = &[
    "sync_message",
    "mark_as_read",
    "post_in_parent",
    "notify_edit",
];
const BOT_STRINGS: Strings = &[("name", opt(ANY)), ("image", opt(ANY))];
const CARD_STRINGS: Strings = &[
    ("thumbnail", opt(ANY)),
    ("icon", opt(ANY)),
    ("preview", opt(ANY)),
];
const GRAPH_STYLES: Strings = &[
    ("x_axis", opt(GRAPH_AXIS_MAX)),
    ("y_axis", opt(GRAPH_AXIS_MAX)),
];
const BUTTON_STRINGS: Strings = &[
    ("label", req(BUTTON_LABEL_MAX)),
    ("hint", opt(BUTTON_HINT_MAX)),
    ("key", opt(BUTTON_KEY_MAX)),
];
const CONFIRM_STRINGS: Strings = &[
    ("title", req(CONFIRM_TITLE_MAX)),
    ("description", opt(CONFIRM_DESCRIPTION_MAX)),
    ("input", opt(CONFIRM_INPUT_MAX)),
    ("button_label", opt(CONFIRM_BUTTON_LABEL_MAX)),
    ("cancel_button_label", opt(CONFIRM_CANCEL_BUTTON_LABEL_MAX)),
];

/// The strings a known action type's `data` carries (docs/cliq-api.md §11.3).
fn action_data(kind: &ActionType) -> Option<Strings> {
    const INVOKE_FUNCTION: Strings = &[("name", req(ANY)), ("owner", opt(ANY))];
    const OPEN_URL: Strings = &[
        ("web", req(OPEN_URL_MAX)),
        ("windows", opt(OPEN_URL_MAX)),
        ("iOS", opt(OPEN_URL_MAX)),
        ("android", opt(OPEN_URL_MAX)),
    ];
    // One of `url` and `web` is required: checked apart.
    const PREVIEW_URL: Strings = &[("url", opt(PREVIEW_URL_MAX)), ("web", opt(ANY))];
    const SYSTEM_API: Strings = &[("api", req(ANY))];
    const COPY: Strings = &[("text", req(COPY_TEXT_MAX))];
    const INVOKE_BOT: Strings = &[("bot_name", req(ANY))];
    match kind {
        ActionType::InvokeFunction => Some(INVOKE_FUNCTION),
        ActionType::OpenUrl => Some(OPEN_URL),
        ActionType::PreviewUrl => Some(PREVIEW_URL),
        ActionType::SystemApi => Some(SYSTEM_API),
        ActionType::Copy => Some(COPY),
        ActionType::InvokeBot => Some(INVOKE_BOT),
        ActionType::Other(_) => None,
    }
}

#[derive(Clone, Copy)]
enum Shape {
    String,
    Array,
    Object,
}

/// The shape of a known slide type's `data` (docs/cliq-api.md §11.5).
fn slide_data(kind: &SlideType) -> Option<Shape> {
    match kind {
        SlideType::Table => Some(Shape::Object),
        SlideType::Text => Some(Shape::String),
        SlideType::List
        | SlideType::Label
        | SlideType::Images
        | SlideType::PercentageChart
        | SlideType::Graph => Some(Shape::Array),
        SlideType::Other(_) => None,
    }
}

impl Check {
    /// Checks a message object.
    pub(super) fn message(&mut self, m: &Map<String, Value>) {
        self.string(m, "", "text", TEXT);
        self.strings(m, "", MESSAGE_STRINGS);
        for k in MESSAGE_BOOLS {
            self.boolean(m, "", k);
        }
        if let Some(bot) = self.object_at(m, "", "bot") {
            self.strings(bot, "bot", BOT_STRINGS);
        }
        self.object_at(m, "", "styles");
        self.buttons(m, "");
        if let Some(slides) =
            self.array(m, "", "slides", (0, SLIDES_MAX), ("slide", "slides"), false)
        {
            for (i, s) in slides.iter().enumerate() {
                self.slide(&index("slides", i), s);
            }
        }
        if let Some(card) = self.object_at(m, "", "card") {
            self.card(card);
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

    /// Checks `obj.buttons`: at most [`BUTTONS_MAX`].
    fn buttons(&mut self, obj: &Map<String, Value>, path: &str) {
        let Some(list) = self.array(
            obj,
            path,
            "buttons",
            (0, BUTTONS_MAX),
            ("button", "buttons"),
            false,
        ) else {
            return;
        };
        let p = key(path, "buttons");
        for (i, b) in list.iter().enumerate() {
            self.button(&index(&p, i), b);
        }
    }

    fn button(&mut self, path: &str, v: &Value) {
        let Some(b) = self.object(v, path) else {
            return;
        };
        self.strings(b, path, BUTTON_STRINGS);
        self.one_of(b, path, "type", Button::TYPES, false);
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
            self.one_of(c, &p, "emotion", ConfirmDialog::EMOTIONS, false);
            self.boolean(c, &p, "mandatory");
        }
        // An unknown action type is passed through unvalidated.
        let Some((name, kind)) = kind.and_then(|k| Some((k, ActionType::known(k)?))) else {
            return;
        };
        let Some(rules) = action_data(&kind) else {
            return;
        };
        let p = key(path, "data");
        let data = match get(a, "data") {
            Some(Value::Object(d)) => d,
            Some(_) => return self.add(&p, "must be an object"),
            None => return self.add(&p, format!("is required for a {name} action")),
        };
        self.strings(data, &p, rules);
        if kind == ActionType::PreviewUrl
            && get(data, "url").is_none()
            && get(data, "web").is_none()
        {
            self.add(&key(&p, "url"), "is required (or data.web)");
        }
    }

    fn card(&mut self, c: &Map<String, Value>) {
        let theme = self
            .string(c, "card", "theme", opt(ANY))
            .and_then(CardTheme::known);
        let titled = matches!(theme, Some(CardTheme::Poll | CardTheme::Prompt));
        let title = Str {
            required: titled,
            non_empty: titled,
            ..opt(CARD_TITLE_MAX)
        };
        self.string(c, "card", "title", title);
        self.strings(c, "card", CARD_STRINGS);
        self.buttons(c, "card");
        let counts = (POLL_OPTIONS_MIN, POLL_OPTIONS_MAX);
        if let Some(options) =
            self.array(c, "card", "options", counts, ("option", "options"), false)
        {
            for (i, o) in options.iter().enumerate() {
                let p = index("card.options", i);
                if let Some(o) = self.object(o, &p) {
                    self.string(o, &p, "text", req(POLL_OPTION_TEXT_MAX));
                }
            }
        }
        let sections = self.array(
            c,
            "card",
            "sections",
            (0, ANY),
            ("section", "sections"),
            false,
        );
        for (i, s) in sections.into_iter().flatten().enumerate() {
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

    fn slide(&mut self, path: &str, v: &Value) {
        let Some(s) = self.object(v, path) else {
            return;
        };
        let kind = self.string(s, path, "type", req(ANY));
        self.string(s, path, "title", opt(ANY));
        let styles = self.object_at(s, path, "styles");
        let Some((name, kind)) = kind.and_then(|k| Some((k, SlideType::known(k)?))) else {
            return;
        };
        let Some(shape) = slide_data(&kind) else {
            return;
        };
        let p = key(path, "data");
        let fits = match (shape, get(s, "data")) {
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
            return self.add(&p, format!("must be {what} for a {name} slide"));
        }
        match kind {
            SlideType::PercentageChart => self.points(
                s,
                path,
                "data",
                ("item", "items"),
                PERCENTAGE_CHART_ITEMS_MAX,
            ),
            SlideType::Graph => {
                if let Some(styles) = styles {
                    self.strings(styles, &key(path, "styles"), GRAPH_STYLES);
                }
                let counts = (0, GRAPH_CATEGORIES_MAX);
                let cats = self.array(s, path, "data", counts, ("category", "categories"), false);
                for (i, c) in cats.into_iter().flatten().enumerate() {
                    let cp = index(&p, i);
                    let Some(c) = self.object(c, &cp) else {
                        continue;
                    };
                    self.string(c, &cp, "category", opt(GRAPH_CATEGORY_MAX));
                    self.points(c, &cp, "values", ("value", "values"), GRAPH_VALUES_MAX);
                }
            }
            _ => {}
        }
    }

    /// Chart points `obj[k]`: at most `max` objects whose `label` is at most
    /// [`CHART_LABEL_MAX`] characters.
    fn points(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        k: &str,
        noun: (&str, &str),
        max: usize,
    ) {
        let p = key(path, k);
        let items = self.array(obj, path, k, (0, max), noun, false);
        for (i, item) in items.into_iter().flatten().enumerate() {
            let ip = index(&p, i);
            if let Some(item) = self.object(item, &ip) {
                self.string(item, &ip, "label", opt(CHART_LABEL_MAX));
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
    use super::super::testing::*;
    use super::super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    /// Base payloads the string-limit table writes into.
    fn poll() -> Value {
        msg(
            json!({"card": {"theme": "poll", "title": "Q", "options": [{"text": "a"}, {"text": "b"}]}}),
        )
    }
    fn confirm_msg() -> Value {
        let mut m = action_msg("invoke.function", json!({"name": "f"}));
        m["buttons"][0]["action"]["confirm"] = json!({"title": "Sure?"});
        m
    }
    fn chart(kind: &str, data: Value) -> Value {
        msg(json!({"slides": [{"type": kind, "data": data}]}))
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

    /// Relaxed (issue #13): real alerts post a prompt card with a title and
    /// no buttons, and Decision 7 binds no minimum; the cards page's "at least
    /// 1" was refusing them.
    #[test]
    fn prompt_card_without_buttons_is_accepted() {
        let alerts = [
            // a CI reporter's failure alert
            json!({"text": "Pre-validation failure for staging. Basic test scenario failed.",
                   "bot": {"name": "Test Bot", "image": "https://i.io/bot.png"},
                   "card": {"theme": "prompt", "title": "Alert! -- Test Failure in staging"}}),
            // a monitoring script's bot broadcast, with a thumbnail
            json!({"text": "Texto enviado ao bot!", "broadcast": "true",
                   "card": {"title": "Disk full on db-1", "thumbnail": "https://i.io/a.gif", "theme": "prompt"}}),
            // empty button lists, in the card and at the top level
            json!({"text": "t", "card": {"theme": "prompt", "title": "Deploy?", "buttons": []}, "buttons": []}),
        ];
        for alert in alerts {
            assert_eq!(validate_message(&alert), vec![], "{alert}");
        }
        // The title stays required: the cards page states it for every theme.
        let untitled = msg(json!({"card": {"theme": "prompt", "buttons": [button()]}}));
        assert_eq!(fields(&validate_message(&untitled)), ["card.title"]);
    }

    /// Relaxed (issue #13): `preview.url`'s 500-character limit is stated for
    /// `data.url`; the cards page's `data.web` has none.
    #[test]
    fn preview_url_web_has_no_stated_limit() {
        let long = format!("https://v.io/{}", "x".repeat(2_000));
        assert!(validate_message(&action_msg("preview.url", json!({ "web": long }))).is_empty());
        let v = validate_message(&action_msg("preview.url", json!({ "url": long })));
        assert_eq!(fields(&v), ["buttons[0].action.data.url"]);
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
}
