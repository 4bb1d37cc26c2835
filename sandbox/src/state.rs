//! The in-memory organisation: users, chats, messages, bots, threads and
//! message actions, with the lookups the operations need.

use serde_json::{json, Map, Value};

use crate::ids::IdGen;

/// A user of the organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// ZUID (numeric string).
    pub zuid: String,
    /// Email address.
    pub email: String,
    /// Display name.
    pub name: String,
}

/// What kind of conversation a chat is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A channel's chat.
    Channel,
    /// A direct message between two users (or a user's self chat).
    Dm,
    /// A user's chat with a bot.
    Bot,
    /// A thread under a message.
    Thread,
    /// A group chat.
    Group,
}

impl ChatKind {
    /// The name used in the state JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Channel => "channel",
            ChatKind::Dm => "dm",
            ChatKind::Bot => "bot",
            ChatKind::Thread => "thread",
            ChatKind::Group => "group",
        }
    }
}

/// One reaction of one user.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    /// Emoji code as sent (`:smile:` or a Unicode emoji).
    pub emoji: String,
    /// Who reacted.
    pub zuid: String,
    /// Their display name at the time.
    pub name: String,
    /// When (epoch ms).
    pub time: i64,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Message id, `<ms>_<digits>`.
    pub id: String,
    /// Epoch ms.
    pub time: i64,
    /// `text`, or `card` when a card is present.
    pub kind: String,
    /// Sender id (ZUID, or `b-<id>` for a bot).
    pub sender_id: String,
    /// Sender display name.
    pub sender_name: String,
    /// The message object as posted, minus delivery options.
    pub content: Map<String, Value>,
    /// Message replied to.
    pub reply_to: Option<String>,
    /// Edited since posting.
    pub edited: bool,
    /// Reactions in the order given.
    pub reactions: Vec<Reaction>,
}

/// A conversation holding messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Chat {
    /// Chat id, `CT_...`.
    pub chat_id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: ChatKind,
    /// Member ZUIDs (for threads: unused, the parent's members count).
    pub members: Vec<String>,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
}

/// A channel (its messages live in its chat).
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Unique name used by `channelsbyname`.
    pub unique_name: String,
    /// Display name.
    pub name: String,
    /// Channel id, `O...`.
    pub channel_id: String,
    /// The channel's chat id.
    pub chat_id: String,
    /// Bots that are participants (may post with `bot_unique_name`).
    pub bots: Vec<String>,
}

/// A bot; each subscriber has a chat with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bot {
    /// Unique name.
    pub unique_name: String,
    /// Display name.
    pub name: String,
    /// Sender id of its messages.
    pub id: String,
    /// Subscribed ZUIDs.
    pub subscribers: Vec<String>,
    /// (ZUID, chat id) of each user's chat with the bot.
    pub chats: Vec<(String, String)>,
}

/// A thread: a chat attached to a message of another chat.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// The thread's chat id, `<parent>-T-<digits>`.
    pub chat_id: String,
    /// The chat of the parent message.
    pub parent_chat_id: String,
    /// The parent message.
    pub thread_message_id: String,
    /// Title.
    pub title: String,
}

/// A message action with its execution handler.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageAction {
    /// Id (digits).
    pub id: String,
    /// The `data` object's fields: name, hint, scope, ... (without handler).
    pub fields: Map<String, Value>,
    /// Deluge script (deluge actions).
    pub script: String,
    /// Webhook payload permissions (webhook actions).
    pub permissions: Vec<String>,
    /// The handler's function id.
    pub function_id: String,
    /// Change counter value of the last change (for `sync_token`).
    pub changed: u64,
}

impl MessageAction {
    /// `execution_type` (`deluge` by default).
    pub fn execution_type(&self) -> &str {
        self.fields
            .get("execution_type")
            .and_then(Value::as_str)
            .unwrap_or("deluge")
    }

    /// The action's `name`.
    pub fn name(&self) -> &str {
        self.fields
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The `data` object as Cliq returns it.
    pub fn to_json(&self) -> Value {
        let mut data = self.fields.clone();
        data.insert("id".into(), json!(self.id));
        Value::Object(data)
    }

    /// The execution handler's `data` object.
    pub fn handler_json(&self) -> Value {
        if self.execution_type() == "webhook" {
            json!({"name": "execution_handler", "permissions": self.permissions,
                   "function_id": self.function_id})
        } else {
            json!({"name": "execution_handler", "script": self.script,
                   "function_id": self.function_id})
        }
    }
}

/// The whole organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    /// ZUID of the user that ordinary tokens act as.
    pub main_user: String,
    /// Users.
    pub users: Vec<User>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Chats (channels', DMs, bot chats, threads).
    pub chats: Vec<Chat>,
    /// Threads.
    pub threads: Vec<Thread>,
    /// Bots.
    pub bots: Vec<Bot>,
    /// Message actions in creation order.
    pub actions: Vec<MessageAction>,
    /// (change counter, id) of deleted message actions.
    pub deleted_actions: Vec<(u64, String)>,
    /// Change counter for message actions.
    pub action_changes: u64,
    /// Next message action id.
    pub next_action_id: u64,
    /// Id generator.
    pub ids: IdGen,
}

impl Org {
    /// The user with this ZUID or email (case-insensitive).
    pub fn user(&self, zuid_or_email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.zuid == zuid_or_email || u.email.eq_ignore_ascii_case(zuid_or_email))
    }

    /// Adds a user named `name` (any text, markup included) and makes them a
    /// member of `channels` (unique names; `None`: every channel). The email
    /// defaults to `user.<zuid>@zylker.com`. Returns the new user.
    pub fn add_user(
        &mut self,
        name: &str,
        email: Option<&str>,
        channels: Option<&[String]>,
    ) -> Result<User, String> {
        if let Some(email) = email {
            if !email.contains('@') || self.user(email).is_some() {
                return Err(format!("'{email}' is not a new email address."));
            }
        }
        let chats: Vec<String> = match channels {
            None => self.channels.iter().map(|c| c.chat_id.clone()).collect(),
            Some(names) => names
                .iter()
                .map(|name| {
                    self.channel(name)
                        .map(|c| c.chat_id.clone())
                        .ok_or(format!("No channel '{name}'."))
                })
                .collect::<Result<_, _>>()?,
        };
        let mut zuid = self.ids.digits(9);
        while self.user(&zuid).is_some() {
            zuid = self.ids.digits(9);
        }
        let user = User {
            email: email.map_or_else(|| format!("user.{zuid}@zylker.com"), String::from),
            name: name.to_string(),
            zuid,
        };
        for chat_id in chats {
            if let Some(chat) = self.chat_mut(&chat_id) {
                if !chat.members.contains(&user.zuid) {
                    chat.members.push(user.zuid.clone());
                }
            }
        }
        self.users.push(user.clone());
        Ok(user)
    }

    /// The chat with this id.
    pub fn chat(&self, chat_id: &str) -> Option<&Chat> {
        self.chats.iter().find(|c| c.chat_id == chat_id)
    }

    /// The chat with this id, mutable.
    pub fn chat_mut(&mut self, chat_id: &str) -> Option<&mut Chat> {
        self.chats.iter_mut().find(|c| c.chat_id == chat_id)
    }

    /// The thread whose chat this is.
    pub fn thread(&self, chat_id: &str) -> Option<&Thread> {
        self.threads.iter().find(|t| t.chat_id == chat_id)
    }

    /// Whether `zuid` may read and post in a chat (threads: the parent's members).
    pub fn is_member(&self, chat_id: &str, zuid: &str) -> bool {
        let target = match self.thread(chat_id) {
            Some(thread) => thread.parent_chat_id.as_str(),
            None => chat_id,
        };
        self.chat(target)
            .is_some_and(|chat| chat.members.iter().any(|m| m == zuid))
    }

    /// The channel with this unique name (case-insensitive).
    pub fn channel(&self, unique_name: &str) -> Option<&Channel> {
        self.channels
            .iter()
            .find(|c| c.unique_name.eq_ignore_ascii_case(unique_name))
    }

    /// The bot with this unique name (case-insensitive).
    pub fn bot(&self, unique_name: &str) -> Option<&Bot> {
        self.bots
            .iter()
            .find(|b| b.unique_name.eq_ignore_ascii_case(unique_name))
    }

    /// Appends a message to a chat, keeping it ordered by time.
    pub fn push_message(&mut self, chat_id: &str, message: Message) -> bool {
        match self.chat_mut(chat_id) {
            None => false,
            Some(chat) => {
                let time = message.time;
                chat.messages.push(message);
                let n = chat.messages.len();
                if n > 1 && chat.messages[n - 2].time > time {
                    chat.messages.sort_by_key(|m| m.time);
                }
                true
            }
        }
    }

    /// A new chat id `CT_<19 digits>_<zuid>`.
    pub fn new_chat_id(&mut self, zuid: &str) -> String {
        format!("CT_{}_{}", self.ids.digits(19), zuid)
    }

    /// The DM chat between two users, created when missing.
    pub fn dm_chat(&mut self, a: &User, b: &User) -> String {
        let found = self.chats.iter().find(|c| {
            c.kind == ChatKind::Dm
                && c.members.contains(&a.zuid)
                && c.members.contains(&b.zuid)
                && (a.zuid != b.zuid || c.members.len() == 1)
        });
        if let Some(chat) = found {
            return chat.chat_id.clone();
        }
        let chat_id = self.new_chat_id(&a.zuid);
        let mut members = vec![a.zuid.clone()];
        let title = if a.zuid == b.zuid {
            a.name.clone()
        } else {
            members.push(b.zuid.clone());
            format!("{} & {}", a.name, b.name)
        };
        self.chats.push(Chat {
            chat_id: chat_id.clone(),
            title,
            kind: ChatKind::Dm,
            members,
            messages: Vec::new(),
        });
        chat_id
    }

    /// The chat between a bot and a user, created (and subscribed) when missing.
    pub fn bot_chat(&mut self, bot_index: usize, zuid: &str) -> Option<String> {
        let existing = self
            .bots
            .get(bot_index)?
            .chats
            .iter()
            .find(|(user, _)| user == zuid)
            .map(|(_, chat)| chat.clone());
        if let Some(chat) = existing {
            return Some(chat);
        }
        let chat_id = format!("CT_{}_{}-B2", self.ids.digits(19), zuid);
        let bot = self.bots.get_mut(bot_index)?;
        bot.chats.push((zuid.to_string(), chat_id.clone()));
        if !bot.subscribers.iter().any(|s| s == zuid) {
            bot.subscribers.push(zuid.to_string());
        }
        let title = bot.name.clone();
        self.chats.push(Chat {
            chat_id: chat_id.clone(),
            title,
            kind: ChatKind::Bot,
            members: vec![zuid.to_string()],
            messages: Vec::new(),
        });
        Some(chat_id)
    }

    /// A message as Cliq returns it (with `thread_information` on thread parents).
    pub fn message_json(&self, message: &Message) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(message.id));
        out.insert("time".into(), json!(message.time));
        out.insert("type".into(), json!(message.kind));
        out.insert(
            "sender".into(),
            json!({"id": message.sender_id, "name": message.sender_name}),
        );
        out.insert("content".into(), Value::Object(message.content.clone()));
        if let Some(reply_to) = &message.reply_to {
            out.insert("reply_to".into(), json!(reply_to));
        }
        if message.edited {
            out.insert("is_edited".into(), json!(true));
        }
        if let Some(thread) = self
            .threads
            .iter()
            .find(|t| t.thread_message_id == message.id)
        {
            let count = self.chat(&thread.chat_id).map_or(0, |c| c.messages.len());
            let mut followers: Vec<&str> = Vec::new();
            if let Some(chat) = self.chat(&thread.chat_id) {
                for m in &chat.messages {
                    if !followers.contains(&m.sender_id.as_str()) {
                        followers.push(&m.sender_id);
                    }
                }
            }
            out.insert(
                "thread_information".into(),
                json!({"thread_message_id": thread.thread_message_id, "title": thread.title,
                       "chat_id": thread.chat_id, "message_count": count,
                       "follower_count": followers.len()}),
            );
        }
        Value::Object(out)
    }

    /// The reactions of a message in Cliq's `{"emoji": ["<ms>:<zuid>:<name>"]}` form.
    pub fn reactions_json(message: &Message) -> Value {
        let mut map = Map::new();
        for reaction in &message.reactions {
            let entry = format!("{}:{}:{}", reaction.time, reaction.zuid, reaction.name);
            match map.get_mut(&reaction.emoji) {
                Some(Value::Array(list)) => list.push(json!(entry)),
                _ => {
                    map.insert(reaction.emoji.clone(), json!([entry]));
                }
            }
        }
        Value::Object(map)
    }

    /// `GET /__sandbox/state` for a request acting as `me`.
    pub fn state_json(&self, me: &str) -> Value {
        let user_json = |u: &User| json!({"zuid": u.zuid, "email": u.email, "name": u.name});
        let me_json = self.user(me).map(user_json).unwrap_or(Value::Null);
        let channels: Vec<Value> = self
            .channels
            .iter()
            .map(|c| {
                let members = self.chat(&c.chat_id).map(|chat| chat.members.clone());
                json!({"unique_name": c.unique_name, "name": c.name, "channel_id": c.channel_id,
                       "chat_id": c.chat_id, "members": members.unwrap_or_default(),
                       "bots": c.bots})
            })
            .collect();
        let chats: Vec<Value> = self
            .chats
            .iter()
            .filter(|c| match c.kind {
                ChatKind::Bot | ChatKind::Dm => c.members.iter().any(|m| m == me),
                _ => true,
            })
            .map(|c| {
                json!({"chat_id": c.chat_id, "title": c.title, "type": c.kind.as_str(),
                       "members": c.members, "message_count": c.messages.len()})
            })
            .collect();
        let threads: Vec<Value> = self
            .threads
            .iter()
            .map(|t| {
                json!({"chat_id": t.chat_id, "parent_chat_id": t.parent_chat_id,
                       "thread_message_id": t.thread_message_id, "title": t.title})
            })
            .collect();
        let bots: Vec<Value> = self
            .bots
            .iter()
            .map(|b| {
                let chat = b
                    .chats
                    .iter()
                    .find(|(u, _)| u == me)
                    .map(|(_, c)| c.clone());
                json!({"unique_name": b.unique_name, "name": b.name, "chat_id": chat,
                       "subscribers": b.subscribers})
            })
            .collect();
        json!({
            "me": me_json,
            "users": self.users.iter().map(user_json).collect::<Vec<_>>(),
            "channels": channels,
            "chats": chats,
            "threads": threads,
            "bots": bots,
            "message_actions": self.actions.len(),
        })
    }
}
