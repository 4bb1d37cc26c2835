//! The start-up organisations: `demo` (enough for the demo page to look
//! alive) and `empty` (the same people and places, no content). Nothing in
//! them points outside the sandbox: images and links are its own assets.

use serde_json::{json, Map, Value};

use crate::actions::new_action;
use crate::assets;
use crate::ids::{now_ms, IdGen};
use crate::state::{Bot, Channel, Chat, ChatKind, Message, Org, Reaction, Thread, User};

/// Which organisation the sandbox starts with (and returns to on reset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedKind {
    /// Users, channels, a DM, a thread, bots, messages with reactions, message actions.
    Demo,
    /// The same users, channels, DM and bots, without messages, threads or actions.
    Empty,
}

/// `execution_url` of the seeded webhook action. Cliq would call it, nothing
/// here ever does; `.example` is a reserved name that never resolves.
pub const WEBHOOK_URL: &str = "https://hooks.zylker.example/cliq/archive";

/// ZUID of the main user (Scott Fisher), whom ordinary tokens act as.
pub const MAIN_USER: &str = "55743307";

const USERS: [(&str, &str, &str); 6] = [
    (MAIN_USER, "scott.fisher@zylker.com", "Scott Fisher"),
    ("802515329", "diana.moore@zylker.com", "Diana Moore"),
    ("784333365", "celeste.liane@zylker.com", "Celeste Liane"),
    ("788604182", "elizebet.tater@zylker.com", "Elizebet Tater"),
    ("55622727", "emily.jones@zylker.com", "Emily Jones"),
    ("65113112", "james.carter@zylker.com", "James Carter"),
];

const SCOTT: &str = MAIN_USER;
const DIANA: &str = "802515329";
const CELESTE: &str = "784333365";
const ELIZEBET: &str = "788604182";
const EMILY: &str = "55622727";
const JAMES: &str = "65113112";
const ALL: [&str; 6] = [SCOTT, DIANA, CELESTE, ELIZEBET, EMILY, JAMES];

/// Chat id of the `announcements` channel.
pub const ANNOUNCEMENTS_CHAT: &str = "CT_1203304812000146101_55743307";
/// Chat id of the `engineering` channel.
pub const ENGINEERING_CHAT: &str = "CT_1203304812000146102_55743307";
/// Chat id of the `design` channel (the main user is not a member).
pub const DESIGN_CHAT: &str = "CT_1203304812000146103_802515329";
/// Chat id of the `random` channel.
pub const RANDOM_CHAT: &str = "CT_1203304812000146104_55622727";
/// Chat id of the DM between Scott Fisher and Emily Jones.
pub const DM_CHAT: &str = "CT_1203304812000146110_55743307";
/// Chat id of the thread in `engineering`.
pub const THREAD_CHAT: &str = "CT_1203304812000146102_55743307-T-1203304812000146301";

fn channel(
    unique: &str,
    name: &str,
    number: u32,
    chat: &str,
    members: &[&str],
    bots: &[&str],
) -> (Channel, Chat) {
    (
        Channel {
            unique_name: unique.into(),
            name: name.into(),
            channel_id: format!("O1203304812000146{number}"),
            chat_id: chat.into(),
            bots: bots.iter().map(|b| b.to_string()).collect(),
        },
        Chat {
            chat_id: chat.into(),
            title: name.into(),
            kind: ChatKind::Channel,
            members: members.iter().map(|m| m.to_string()).collect(),
            messages: Vec::new(),
        },
    )
}

fn bot(unique: &str, name: &str, id: &str, number: u32, subscribers: &[&str]) -> (Bot, Vec<Chat>) {
    let mut chats = Vec::new();
    let mut pairs = Vec::new();
    for (i, zuid) in subscribers.iter().enumerate() {
        let chat_id = format!("CT_1203304812000146{}_{zuid}-B2", number + i as u32);
        pairs.push((zuid.to_string(), chat_id.clone()));
        chats.push(Chat {
            chat_id,
            title: name.into(),
            kind: ChatKind::Bot,
            members: vec![zuid.to_string()],
            messages: Vec::new(),
        });
    }
    (
        Bot {
            unique_name: unique.into(),
            name: name.into(),
            id: id.into(),
            subscribers: subscribers.iter().map(|s| s.to_string()).collect(),
            chats: pairs,
        },
        chats,
    )
}

/// The people, channels, DM and bots shared by both seeds.
fn skeleton() -> Org {
    let users = USERS
        .iter()
        .map(|(zuid, email, name)| User {
            zuid: zuid.to_string(),
            email: email.to_string(),
            name: name.to_string(),
        })
        .collect();
    let mut channels = Vec::new();
    let mut chats = Vec::new();
    for (c, chat) in [
        channel(
            "announcements",
            "Announcements",
            101,
            ANNOUNCEMENTS_CHAT,
            &ALL,
            &["deploybot"],
        ),
        channel(
            "engineering",
            "Engineering",
            102,
            ENGINEERING_CHAT,
            &[SCOTT, DIANA, EMILY, JAMES],
            &["deploybot", "standupbot"],
        ),
        channel(
            "design",
            "Design",
            103,
            DESIGN_CHAT,
            &[DIANA, CELESTE, ELIZEBET],
            &[],
        ),
        channel("random", "Random", 104, RANDOM_CHAT, &ALL, &[]),
    ] {
        channels.push(c);
        chats.push(chat);
    }
    chats.push(Chat {
        chat_id: DM_CHAT.into(),
        title: "Scott Fisher & Emily Jones".into(),
        kind: ChatKind::Dm,
        members: vec![SCOTT.into(), EMILY.into()],
        messages: Vec::new(),
    });
    let mut bots = Vec::new();
    for (b, bot_chats) in [
        bot(
            "deploybot",
            "Deploy Bot",
            "b-1203304812000146201",
            120,
            &[SCOTT, DIANA, JAMES],
        ),
        bot(
            "standupbot",
            "Standup Bot",
            "b-1203304812000146202",
            130,
            &ALL,
        ),
    ] {
        bots.push(b);
        chats.extend(bot_chats);
    }
    Org {
        main_user: MAIN_USER.into(),
        users,
        channels,
        chats,
        threads: Vec::new(),
        bots,
        actions: Vec::new(),
        deleted_actions: Vec::new(),
        action_changes: 0,
        next_action_id: 53_719_000_002_124_010,
        ids: IdGen::new(now_ms() as u64),
    }
}

/// Builds the start-up organisation.
pub fn build(kind: SeedKind) -> Org {
    let mut org = skeleton();
    if kind == SeedKind::Demo {
        demo_content(&mut org, now_ms());
    }
    org
}

struct Post<'a> {
    chat: &'a str,
    minutes_ago: i64,
    sender: &'a str,
    text: &'a str,
    reactions: &'a [(&'a str, &'a [&'a str])],
    extra: Option<Value>,
}

const fn post<'a>(chat: &'a str, minutes_ago: i64, sender: &'a str, text: &'a str) -> Post<'a> {
    Post {
        chat,
        minutes_ago,
        sender,
        text,
        reactions: &[],
        extra: None,
    }
}

fn add(org: &mut Org, now: i64, p: Post<'_>) -> String {
    let time = now - p.minutes_ago * 60_000;
    let (sender_id, sender_name) = match org.user(p.sender) {
        Some(u) => (u.zuid.clone(), u.name.clone()),
        None => match org.bot(p.sender) {
            Some(b) => (b.id.clone(), b.name.clone()),
            None => (p.sender.to_string(), p.sender.to_string()),
        },
    };
    let mut content = Map::new();
    content.insert("text".into(), json!(p.text));
    if let Some(Value::Object(extra)) = p.extra {
        content.extend(extra);
    }
    let kind = if content.contains_key("card") {
        "card"
    } else {
        "text"
    };
    let reactions = p
        .reactions
        .iter()
        .flat_map(|(emoji, who)| who.iter().map(move |z| (*emoji, *z)))
        .enumerate()
        .map(|(i, (emoji, zuid))| Reaction {
            emoji: emoji.into(),
            zuid: zuid.into(),
            name: org.user(zuid).map(|u| u.name.clone()).unwrap_or_default(),
            time: time + 45_000 + i as i64 * 7_000,
        })
        .collect();
    let message = Message {
        id: org.ids.message_id(time),
        time,
        kind: kind.into(),
        sender_id,
        sender_name,
        content,
        reply_to: None,
        edited: false,
        reactions,
    };
    let id = message.id.clone();
    org.push_message(p.chat, message);
    id
}

const DAY: i64 = 24 * 60;

fn demo_content(org: &mut Org, now: i64) {
    let a = ANNOUNCEMENTS_CHAT;
    let e = ENGINEERING_CHAT;
    let d = DESIGN_CHAT;
    let r = RANDOM_CHAT;
    let dm = DM_CHAT;
    let posts = vec![
        Post { reactions: &[("🎉", &[DIANA, EMILY, JAMES]), (":thumbsup:", &[CELESTE])], ..post(a, 3 * DAY + 120, SCOTT, "Welcome to the Zylker workspace on Cliq! Announcements go here, chatter goes to #random.") },
        Post { reactions: &[("👍", &[SCOTT, EMILY])], ..post(a, 3 * DAY + 60, DIANA, "Office hours for the design review are Thursday 3-5 pm.") },
        Post {
            reactions: &[("🚀", &[SCOTT, DIANA, JAMES, ELIZEBET])],
            extra: Some(json!({"card": {"title": "Release 2.1 is out", "theme": "modern-inline",
                "thumbnail": assets::url("release.svg")},
                "buttons": [{"label": "Release notes", "type": "+",
                    "action": {"type": "open.url", "data": {"web": assets::url("release-notes.html")}}}]})),
            ..post(a, 2 * DAY + 30, "deploybot", "Release 2.1 is live in all data centres.")
        },
        post(a, DAY + 200, JAMES, "Reminder: the all-hands is tomorrow at 10:00."),
        Post { reactions: &[("❤️", &[DIANA, CELESTE, EMILY])], ..post(a, 90, SCOTT, "Thanks everyone for a great quarter!") },
        post(e, 3 * DAY + 100, JAMES, "Morning! CI is green again after last night's fix."),
        Post { reactions: &[("👀", &[SCOTT])], ..post(e, 3 * DAY + 95, EMILY, "Can someone review the pagination PR? It moves fromtime forward instead of keeping a cursor.") },
        post(e, 3 * DAY + 80, SCOTT, "On it. Remember messages can share a timestamp, so dedupe by id."),
        Post { reactions: &[("✅", &[EMILY, JAMES])], ..post(e, 2 * DAY + 300, DIANA, "Release 2.1 checklist: docs, changelog, demo page, smoke tests.") },
        post(e, 2 * DAY + 200, "standupbot", "Standup reminder: post your update before 10:00."),
        post(e, 2 * DAY + 100, JAMES, "The quota for getMessages is 15 per minute, lock 10 minutes. Let's not hit it from the dashboard."),
        Post { reactions: &[("😂", &[SCOTT, DIANA])], ..post(e, DAY + 500, EMILY, "I may have hit it from the dashboard.") },
        post(e, DAY + 400, SCOTT, "Message actions API is wired up: create, list, update, handlers."),
        Post {
            extra: Some(json!({"card": {"title": "Which day for the release retro?", "theme": "poll",
                "options": [{"text": "Tuesday"}, {"text": "Wednesday"}, {"text": "Friday"}]}})),
            reactions: &[("🗳️", &[JAMES])],
            ..post(e, DAY + 100, DIANA, "Quick poll for the retro.")
        },
        post(e, 300, JAMES, "Deploy of the sandbox build finished."),
        Post { reactions: &[("🔥", &[SCOTT, EMILY, DIANA])], ..post(e, 45, EMILY, "Benchmarks are in: p50 4 ms against the sandbox.") },
        post(e, 10, SCOTT, "Nice. Let's ship it."),
        post(d, 2 * DAY + 240, DIANA, "New icon set is in the shared folder."),
        Post { reactions: &[("😍", &[DIANA, ELIZEBET])], ..post(d, 2 * DAY + 200, CELESTE, "Love the new colours.") },
        post(d, DAY + 60, ELIZEBET, "Mockups for the message-action menu are ready for feedback."),
        post(d, 120, DIANA, "Let's review them after lunch."),
        post(r, 3 * DAY + 10, EMILY, "Who's up for lunch at the new ramen place?"),
        Post { reactions: &[("🍜", &[SCOTT, JAMES, CELESTE])], ..post(r, 3 * DAY + 5, JAMES, "Count me in!") },
        post(r, DAY + 30, CELESTE, "Found a lost umbrella in meeting room 2."),
        Post { reactions: &[("☕", &[EMILY])], ..post(r, 20, SCOTT, "Coffee machine on floor 3 is fixed.") },
        post(dm, 2 * DAY + 50, EMILY, "Hi Scott, do you have a minute for the API limits question?"),
        post(dm, 2 * DAY + 45, SCOTT, "Sure, what's up?"),
        post(dm, 2 * DAY + 40, EMILY, "Do edits count against the post quota?"),
        Post { reactions: &[("🙏", &[EMILY])], ..post(dm, 2 * DAY + 35, SCOTT, "No, editMessage has its own budget: 20 per minute.") },
        post(dm, 15, EMILY, "Thanks! The dashboard now shows the remaining quota."),
    ];
    let mut checklist = String::new();
    for p in posts {
        let is_checklist = p.text.starts_with("Release 2.1 checklist");
        let id = add(org, now, p);
        if is_checklist {
            checklist = id;
        }
    }
    org.threads.push(Thread {
        chat_id: THREAD_CHAT.into(),
        parent_chat_id: ENGINEERING_CHAT.into(),
        thread_message_id: checklist,
        title: "Release 2.1".into(),
    });
    org.chats.push(Chat {
        chat_id: THREAD_CHAT.into(),
        title: "Release 2.1".into(),
        kind: ChatKind::Thread,
        members: Vec::new(),
        messages: Vec::new(),
    });
    let t = THREAD_CHAT;
    for p in [
        post(
            t,
            2 * DAY + 290,
            EMILY,
            "Docs: done, README quick start runs as a test.",
        ),
        Post {
            reactions: &[("👏", &[DIANA])],
            ..post(t, 2 * DAY + 280, JAMES, "Changelog: done.")
        },
        post(
            t,
            2 * DAY + 250,
            SCOTT,
            "Demo page: works against the sandbox, checking the proxy mode next.",
        ),
        post(t, 2 * DAY + 210, DIANA, "Smoke tests green. Shipping!"),
    ] {
        add(org, now, p);
    }
    let bot_chat = |org: &Org, bot: &str, zuid: &str| {
        org.bot(bot)
            .and_then(|b| b.chats.iter().find(|(u, _)| u == zuid))
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };
    let deploy = bot_chat(org, "deploybot", SCOTT);
    let standup = bot_chat(org, "standupbot", SCOTT);
    for p in [
        post(
            &deploy,
            2 * DAY + 35,
            "deploybot",
            "Deployment of zylker-web 2.1.0 to production succeeded.",
        ),
        post(
            &deploy,
            400,
            "deploybot",
            "Deployment of cliq-sandbox 0.1.0 to staging succeeded.",
        ),
        post(
            &standup,
            DAY + 900,
            "standupbot",
            "What did you work on yesterday?",
        ),
        post(
            &standup,
            DAY + 895,
            SCOTT,
            "Rate limiter and the retry policy.",
        ),
        post(
            &standup,
            600,
            "standupbot",
            "What did you work on yesterday?",
        ),
    ] {
        add(org, now, p);
    }
    seed_actions(org);
}

fn seed_actions(org: &mut Org) {
    let scott = json!({"name": "Scott Fisher", "id": SCOTT});
    let specs = [
        json!({"name": "Create Ticket", "hint": "Create a helpdesk ticket", "execution_type": "deluge",
               "scope": "organization", "multi_selectable": true, "message_types": ["text", "link"]}),
        json!({"name": "Translate", "hint": "Translate selected message to English", "execution_type": "deluge",
               "scope": "personal", "multi_selectable": false, "message_types": ["text"]}),
        json!({"name": "Archive to Wiki", "hint": "Save the selected messages to the team wiki",
               "execution_type": "webhook", "execution_url": WEBHOOK_URL,
               "scope": "team", "team_ids": [53719000000012001_u64], "multi_selectable": true,
               "message_types": ["text", "link", "attachment"]}),
    ];
    for spec in specs {
        let Value::Object(mut fields) = spec else {
            continue;
        };
        fields.insert("handlers".into(), json!([{"type": "execution_handler"}]));
        fields.insert("creator".into(), scott.clone());
        fields.insert("status".into(), json!("enabled"));
        fields.insert("type".into(), json!("custom"));
        let name = fields
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let action = new_action(org, fields, &name);
        org.actions.push(action);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_alive() {
        let org = build(SeedKind::Demo);
        let total: usize = org.chats.iter().map(|c| c.messages.len()).sum();
        assert!(total >= 30, "{total} messages");
        assert_eq!(org.actions.len(), 3);
        assert_eq!(org.threads.len(), 1);
        assert!(org.chat(THREAD_CHAT).is_some_and(|c| c.messages.len() == 4));
        for chat in &org.chats {
            assert!(chat.messages.windows(2).all(|w| w[0].time <= w[1].time));
        }
    }

    #[test]
    fn empty_has_people_but_no_content() {
        let org = build(SeedKind::Empty);
        assert_eq!(org.users.len(), 6);
        assert!(org.chats.iter().all(|c| c.messages.is_empty()));
        assert!(org.actions.is_empty() && org.threads.is_empty());
    }
}
