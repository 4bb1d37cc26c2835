//! Messages v2 and reactions: every operation and its documented errors.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn get_messages_returns_oldest_first_with_message_shape() {
    let sb = sandbox().await;
    let data = sb.messages(ENGINEERING).await;
    assert!(data.len() >= 10);
    let times: Vec<i64> = data
        .iter()
        .map(|m| m["time"].as_i64().unwrap_or(0))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let first = &data[0];
    assert!(first["id"].as_str().is_some_and(|id| id.contains('_')));
    assert_eq!(first["type"], "text");
    assert!(first["sender"]["id"].is_string() && first["sender"]["name"].is_string());
    assert!(first["content"]["text"].is_string());
    assert!(data
        .iter()
        .any(|m| m["type"] == "card" && m["content"]["card"]["title"].is_string()));
    let parent = data
        .iter()
        .find(|m| m["thread_information"].is_object())
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(parent["thread_information"]["chat_id"], THREAD);
}

#[tokio::test]
async fn get_messages_honours_fromtime_totime_and_limit() {
    let sb = sandbox().await;
    let all = sb.messages(ENGINEERING).await;
    let t = |i: usize| all[i]["time"].as_i64().unwrap_or(0);
    let path = format!(
        "/api/v2/chats/{ENGINEERING}/messages?fromtime={}&totime={}",
        t(2),
        t(5)
    );
    let some = sb.api("GET", &path, None).await.json()["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(some.len(), 4, "bounds are inclusive");
    assert_eq!(some[0]["id"], all[2]["id"]);
    let path = format!(
        "/api/v2/chats/{ENGINEERING}/messages?fromtime={}&limit=3",
        t(1)
    );
    let page = sb.api("GET", &path, None).await.json()["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ids: Vec<&Value> = page.iter().map(|m| &m["id"]).collect();
    assert_eq!(
        ids,
        vec![&all[1]["id"], &all[2]["id"], &all[3]["id"]],
        "the oldest `limit` from fromtime"
    );
}

#[tokio::test]
async fn get_messages_rejects_bad_limits_and_unknown_chats() {
    let sb = sandbox().await;
    for q in ["limit=0", "limit=101", "limit=x", "fromtime=yesterday"] {
        let a = sb
            .api(
                "GET",
                &format!("/api/v2/chats/{ENGINEERING}/messages?{q}"),
                None,
            )
            .await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (400, "invalid_inputs"),
            "{q}"
        );
    }
    let a = sb.api("GET", "/api/v2/chats/CT_nope/messages", None).await;
    assert_eq!((a.status, a.code().as_str()), (404, "chat_not_found"));
    let a = sb
        .api("GET", &format!("/api/v2/chats/{DESIGN}/messages"), None)
        .await;
    assert_eq!(a.status, 403, "Scott is not in #design");
    let a = sb
        .call(
            "GET",
            &format!("/api/v2/chats/{DESIGN}/messages"),
            Some(&format!("as:{DIANA}")),
            None,
        )
        .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn get_message_returns_the_bare_object() {
    let sb = sandbox().await;
    let first = &sb.messages(ENGINEERING).await[0];
    let id = first["id"].as_str().unwrap_or("");
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages/{id}"),
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(&a.json(), first);
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages/1_2"),
            None,
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "message_not_found"));
}

#[tokio::test]
async fn post_to_channel_answers_204_or_message_id() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/engineering/message",
            Some(&json!({"text": "plain"})),
        )
        .await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/engineering/message?mark_as_read=true",
            Some(&json!({"text": "sync", "sync_message": true})),
        )
        .await;
    assert_eq!(a.status, 200);
    let id = a.json()["message_id"].as_str().unwrap_or("").to_string();
    let last = sb.last_message(ENGINEERING).await;
    assert_eq!(last["id"], id);
    assert_eq!(last["content"]["text"], "sync");
    assert_eq!(last["sender"]["id"], SCOTT);
    assert!(
        last["content"].get("sync_message").is_none(),
        "delivery options are not content"
    );
}

#[tokio::test]
async fn post_to_channel_with_a_card_stores_a_card_message() {
    let sb = sandbox().await;
    let body = json!({"text": "poll", "card": {"title": "Lunch?", "theme": "poll",
        "options": [{"text": "yes"}, {"text": "no"}]}, "buttons": [{"label": "Vote"}], "x_custom": 1});
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/announcements/message",
            Some(&body),
        )
        .await;
    assert_eq!(a.status, 204);
    let last = sb.last_message(ANNOUNCEMENTS).await;
    assert_eq!(last["type"], "card");
    assert_eq!(last["content"]["card"]["title"], "Lunch?");
    assert_eq!(
        last["content"]["x_custom"], 1,
        "unknown fields pass through"
    );
}

#[tokio::test]
async fn post_to_channel_as_a_bot_never_returns_an_id() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/engineering/message?bot_unique_name=deploybot",
            Some(&json!({"text": "deployed", "sync_message": true})),
        )
        .await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    assert_eq!(
        sb.last_message(ENGINEERING).await["sender"]["name"],
        "Deploy Bot"
    );
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/random/message?bot_unique_name=deploybot",
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!(a.status, 403, "the bot is not a participant of #random");
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/random/message?bot_unique_name=nobot",
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!(a.status, 404);
}

#[tokio::test]
async fn post_to_channel_errors() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/design/message",
            Some(&json!({"text": "hi"})),
        )
        .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (403, "access_denied"),
        "not a member"
    );
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/nochannel/message",
            Some(&json!({"text": "hi"})),
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "chat_not_found"));
    let bad_bodies = [
        json!({}),
        json!({"text": ""}),
        json!({"text": 42}),
        json!({"text": "x".repeat(10_001)}),
        json!({"text": "t", "card": {"title": "x".repeat(201)}}),
        json!({"text": "t", "card": {"theme": "prompt"}}),
        json!({"text": "t", "buttons": vec![json!({"label": "b"}); 6]}),
        json!({"text": "t", "card": {"title": "t", "buttons": vec![json!({"label": "b"}); 6]}}),
        json!({"text": "t", "buttons": [{"label": "x".repeat(31)}]}),
        json!({"text": "t", "card": {"title": "p", "theme": "poll", "options": [{"text": "only"}]}}),
        json!({"text": "t", "slides": vec![json!({"type": "text", "data": "s"}); 21]}),
        json!({"text": "t", "sync_message": "maybe"}),
        json!(["text"]),
    ];
    for body in bad_bodies {
        let a = sb
            .api(
                "POST",
                "/api/v2/channelsbyname/engineering/message",
                Some(&body),
            )
            .await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (400, "invalid_inputs"),
            "{body}"
        );
    }
    // Documented limits only: a titleless inline card and a prompt without
    // buttons are what real integrations post.
    for body in [
        json!({"text": "t", "card": {"theme": "modern-inline"}}),
        json!({"text": "t", "card": {"theme": "prompt", "title": "Deploy failed"}}),
    ] {
        let a = sb
            .api(
                "POST",
                "/api/v2/channelsbyname/engineering/message",
                Some(&body),
            )
            .await;
        assert_eq!(a.status, 204, "{body}");
    }
    let ok = json!({"text": "x".repeat(10_000)});
    assert_eq!(
        sb.api(
            "POST",
            "/api/v2/channelsbyname/engineering/message",
            Some(&ok)
        )
        .await
        .status,
        204
    );
    for raw in [b"{not json".to_vec(), vec![0xff, 0xfe], Vec::new()] {
        let a = sb
            .raw("POST", "/api/v2/channelsbyname/engineering/message", raw)
            .await;
        assert_eq!(a.status, 400);
    }
}

#[tokio::test]
async fn post_to_chat_posts_in_chats_and_threads() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            &format!("/api/v2/chats/{DM}/message"),
            Some(&json!({"text": "to dm", "sync_message": true})),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(sb.last_message(DM).await["id"], a.json()["message_id"]);
    let before = sb.messages(ENGINEERING).await.len();
    let a = sb
        .api(
            "POST",
            &format!("/api/v2/chats/{THREAD}/message"),
            Some(&json!({"text": "in thread"})),
        )
        .await;
    assert_eq!(a.status, 204);
    assert_eq!(
        sb.last_message(THREAD).await["content"]["text"],
        "in thread"
    );
    assert_eq!(
        sb.messages(ENGINEERING).await.len(),
        before,
        "not in the parent"
    );
    let a = sb
        .api(
            "POST",
            &format!("/api/v2/chats/{THREAD}/message"),
            Some(&json!({"text": "also parent", "post_in_parent": true})),
        )
        .await;
    assert_eq!(a.status, 204);
    assert_eq!(
        sb.last_message(ENGINEERING).await["content"]["text"],
        "also parent"
    );
    let a = sb
        .api(
            "POST",
            "/api/v2/chats/CT_missing/message",
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "chat_not_found"));
    let a = sb
        .api(
            "POST",
            &format!("/api/v2/chats/{DESIGN}/message"),
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!(a.status, 403);
}

#[tokio::test]
async fn a_channel_post_with_thread_message_id_starts_a_thread() {
    let sb = sandbox().await;
    let parent = sb.messages(ENGINEERING).await[0]["id"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let body =
        json!({"text": "first reply", "thread_message_id": parent, "thread_title": "Side topic"});
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/engineering/message",
            Some(&body),
        )
        .await;
    assert_eq!(a.status, 204);
    let state = sb.state().await;
    let thread = state["threads"].as_array().and_then(|t| {
        t.iter()
            .find(|t| t["thread_message_id"] == parent.as_str())
            .cloned()
    });
    let thread = thread.unwrap_or(Value::Null);
    assert_eq!(thread["title"], "Side topic");
    let chat = thread["chat_id"].as_str().unwrap_or("");
    assert!(chat.starts_with(&format!("{ENGINEERING}-T-")));
    assert_eq!(
        sb.last_message(chat).await["content"]["text"],
        "first reply"
    );
}

#[tokio::test]
async fn post_to_user_uses_or_creates_the_dm() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v2/buddies/emily.jones@zylker.com/message",
            Some(&json!({"text": "by email", "sync_message": true})),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(sb.last_message(DM).await["id"], a.json()["message_id"]);
    let a = sb
        .api(
            "POST",
            "/api/v2/buddies/55622727/message",
            Some(&json!({"text": "by zuid"})),
        )
        .await;
    assert_eq!(a.status, 204);
    assert_eq!(sb.last_message(DM).await["content"]["text"], "by zuid");
    // A new DM with Celeste appears.
    let a = sb
        .api(
            "POST",
            &format!("/api/v2/buddies/{CELESTE}/message"),
            Some(&json!({"text": "hello"})),
        )
        .await;
    assert_eq!(a.status, 204);
    let state = sb.state().await;
    let dms: Vec<Value> = state["chats"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c["type"] == "dm")
        .collect();
    assert_eq!(dms.len(), 2);
    let new = dms
        .iter()
        .find(|c| c["chat_id"] != DM)
        .cloned()
        .unwrap_or(Value::Null);
    let as_celeste = format!("as:{CELESTE}");
    let path = format!(
        "/api/v2/chats/{}/messages",
        new["chat_id"].as_str().unwrap_or("")
    );
    let seen = sb.call("GET", &path, Some(&as_celeste), None).await.json();
    assert_eq!(
        seen["data"][0]["content"]["text"], "hello",
        "Celeste sees it"
    );
    let a = sb
        .api(
            "POST",
            "/api/v2/buddies/nobody@zylker.com/message",
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!(a.status, 404);
}

#[tokio::test]
async fn post_to_bot_delivers_to_users_and_broadcasts() {
    let sb = sandbox().await;
    let a = sb
        .api("POST", "/api/v2/bots/deploybot/message", Some(&json!({"text": "to two", "userids": "802515329,james.carter@zylker.com", "sync_message": true})))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let j = a.json();
    assert_eq!(j["user_ids"], json!(["802515329", "65113112"]));
    let diana = &j["message_details"]["802515329"];
    let chat = diana["chat_id"].as_str().unwrap_or("");
    let seen = sb
        .call(
            "GET",
            &format!("/api/v2/chats/{chat}/messages"),
            Some(&format!("as:{DIANA}")),
            None,
        )
        .await
        .json();
    let last = seen["data"]
        .as_array()
        .and_then(|d| d.last().cloned())
        .unwrap_or(Value::Null);
    assert_eq!(last["id"], diana["message_id"]);
    assert_eq!(last["sender"]["name"], "Deploy Bot");
    let a = sb
        .api(
            "POST",
            "/api/v2/bots/standupbot/message",
            Some(&json!({"text": "all", "broadcast": true, "sync_message": true})),
        )
        .await;
    assert_eq!(a.json()["user_ids"].as_array().map(Vec::len), Some(6));
    let a = sb
        .api(
            "POST",
            "/api/v2/bots/deploybot/message",
            Some(&json!({"text": "me"})),
        )
        .await;
    assert_eq!(a.status, 204);
    let bot_chat = sb.state().await["bots"][0]["chat_id"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(sb.last_message(&bot_chat).await["content"]["text"], "me");
    let a = sb
        .api(
            "POST",
            "/api/v2/bots/deploybot/message",
            Some(&json!({"text": "x", "userids": "784333365"})),
        )
        .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (400, "botmessage_no_valid_users")
    );
    let a = sb
        .api(
            "POST",
            "/api/v2/bots/nobot/message",
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!(a.status, 404);
    let a = sb
        .api(
            "POST",
            "/api/v2/bots/deploybot/message",
            Some(&json!({"text": "x", "userids": 5})),
        )
        .await;
    assert_eq!(a.status, 400);
}

#[tokio::test]
async fn edit_message_changes_text_and_only_the_sender_may() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v2/channelsbyname/engineering/message",
            Some(&json!({"text": "typo", "sync_message": true})),
        )
        .await;
    let id = a.json()["message_id"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v2/chats/{ENGINEERING}/messages/{id}");
    let a = sb
        .api(
            "PUT",
            &path,
            Some(&json!({"text": "fixed", "notify_edit": true})),
        )
        .await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    let m = sb.api("GET", &path, None).await.json();
    assert_eq!(m["content"]["text"], "fixed");
    let a = sb
        .call(
            "PUT",
            &path,
            Some(&format!("as:{DIANA}")),
            Some(&json!({"text": "hijack"})),
        )
        .await;
    assert_eq!(a.status, 403);
    let a = sb
        .api("PUT", &path, Some(&json!({"notify_edit": true})))
        .await;
    assert_eq!((a.status, a.code().as_str()), (400, "invalid_inputs"));
    let a = sb
        .api(
            "PUT",
            &format!("/api/v2/chats/{ENGINEERING}/messages/9_9"),
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "message_not_found"));
    let a = sb
        .api(
            "PUT",
            &format!("/api/v2/chats/CT_x/messages/{id}"),
            Some(&json!({"text": "x"})),
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "chat_not_found"));
}

#[tokio::test]
async fn delete_message_removes_it() {
    let sb = sandbox().await;
    let id = sb.post_synced(DM, "oops").await;
    let path = format!("/api/v2/chats/{DM}/messages/{id}");
    let a = sb.call("DELETE", &path, Some("as:55622727"), None).await;
    assert_eq!(a.status, 403, "Emily did not send it");
    let a = sb.api("DELETE", &path, None).await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    assert_eq!(sb.api("GET", &path, None).await.status, 404);
    assert_eq!(
        sb.api("DELETE", &path, None).await.code(),
        "message_not_found"
    );
}

#[tokio::test]
async fn reactions_are_stored_per_user_in_cliq_form() {
    let sb = sandbox().await;
    let id = sb.messages(ANNOUNCEMENTS).await[1]["id"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let path = format!("/api/v2/chats/{ANNOUNCEMENTS}/messages/{id}/reactions");
    let before = sb.api("GET", &path, None).await.json();
    assert!(before["data"]["👍"].is_array());
    let a = sb
        .call(
            "POST",
            &path,
            Some(&format!("as:{CELESTE}")),
            Some(&json!({"emoji_code": "😍"})),
        )
        .await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    let a = sb
        .api("POST", &path, Some(&json!({"emoji_code": "😍"})))
        .await;
    assert_eq!(a.status, 204);
    let a = sb
        .api("POST", &path, Some(&json!({"emoji_code": "😍"})))
        .await;
    assert_eq!(a.status, 204, "adding twice is a no-op");
    let data = sb.api("GET", &path, None).await.json()["data"].clone();
    let entries: Vec<String> = data["😍"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(entries.len(), 2);
    let parts: Vec<&str> = entries[0].splitn(3, ':').collect();
    assert!(parts[0].parse::<i64>().is_ok());
    assert_eq!(&parts[1..], &[CELESTE, "Celeste Liane"]);
    // Remove mine, by query (percent-encoded emoji).
    let a = sb
        .api("DELETE", &format!("{path}?emoji_code=%F0%9F%98%8D"), None)
        .await;
    assert_eq!(a.status, 204);
    let data = sb.api("GET", &path, None).await.json()["data"].clone();
    assert_eq!(data["😍"].as_array().map(Vec::len), Some(1));
    // The body form works too; removing the last one removes the key.
    let a = sb
        .call(
            "DELETE",
            &path,
            Some(&format!("as:{CELESTE}")),
            Some(&json!({"emoji_code": "😍"})),
        )
        .await;
    assert_eq!(a.status, 204);
    assert!(sb.api("GET", &path, None).await.json()["data"]
        .get("😍")
        .is_none());
    // Errors.
    assert_eq!(
        sb.api("POST", &path, Some(&json!({}))).await.code(),
        "invalid_inputs"
    );
    assert_eq!(sb.api("DELETE", &path, None).await.code(), "invalid_inputs");
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ANNOUNCEMENTS}/messages/1_1/reactions"),
            None,
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "message_not_found"));
}

#[tokio::test]
async fn a_message_without_reactions_has_empty_data() {
    let sb = sandbox().await;
    let id = sb.post_synced(DM, "x").await;
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{DM}/messages/{id}/reactions"),
            None,
        )
        .await;
    assert_eq!(a.json(), json!({"data": {}}));
}

#[tokio::test]
async fn network_prefix_and_encoded_ids_work() {
    let sb = sandbox().await;
    let first = sb.messages(ENGINEERING).await[0].clone();
    let id = first["id"].as_str().unwrap_or("");
    let a = sb
        .api(
            "GET",
            &format!("/network/zylker/api/v2/chats/{ENGINEERING}/messages/{id}"),
            None,
        )
        .await;
    assert_eq!(a.json()["id"], first["id"]);
    let a = sb
        .api(
            "POST",
            "/network/zylker/api/v2/channelsbyname/engineering/message",
            Some(&json!({"text": "net"})),
        )
        .await;
    assert_eq!(a.status, 204);
}
