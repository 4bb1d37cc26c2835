//! Message Actions v3: create, list with next_token / sync_token, get,
//! update, delete, handlers, and their documented errors.

mod common;

use common::*;
use serde_json::{json, Value};

fn new_action(name: &str) -> Value {
    json!({"name": name, "hint": "Does something useful", "message_types": ["text"]})
}

#[tokio::test]
async fn create_returns_the_envelope_with_defaults() {
    let sb = sandbox().await;
    let a = sb
        .api(
            "POST",
            "/api/v3/messageactions",
            Some(&new_action("Summarise")),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let j = a.json();
    let id = j["data"]["id"].as_str().unwrap_or("").to_string();
    assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(j["url"], format!("/api/v3/messageactions/{id}"));
    assert_eq!(j["type"], "messageaction");
    let d = &j["data"];
    assert_eq!(d["execution_type"], "deluge");
    assert_eq!(d["scope"], "organization");
    assert_eq!(d["status"], "enabled");
    assert_eq!(d["type"], "custom");
    assert_eq!(d["handlers"], json!([{"type": "execution_handler"}]));
    assert_eq!(d["creator"]["id"], SCOTT);
    let got = sb
        .api("GET", &format!("/api/v3/messageactions/{id}"), None)
        .await;
    assert_eq!(got.json(), j);
}

#[tokio::test]
async fn create_validates_like_the_documents() {
    let sb = sandbox().await;
    let cases = [
        (json!({"hint": "h"}), "invalid_inputs"),
        (json!({"name": "n"}), "invalid_inputs"),
        (json!({"name": "", "hint": "h"}), "invalid_inputs"),
        (
            json!({"name": "x".repeat(31), "hint": "h"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "x".repeat(129)}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "execution_type": "webhook"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "execution_type": "webhook", "execution_url": format!("https://e.com/{}", "x".repeat(220))}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "execution_type": "lambda"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "scope": "team"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "scope": "team", "team_ids": [1, 2, 3, 4, 5]}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "scope": "organization", "team_ids": [1]}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "scope": "world"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "message_types": []}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "message_types": ["text", "text"]}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "message_types": ["video"]}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "multi_selectable": "yes"}),
            "invalid_inputs",
        ),
        (
            json!({"name": "n", "hint": "h", "colour": "red"}),
            "extra_key_found",
        ),
        (
            json!({"name": "Create Ticket", "hint": "h"}),
            "msgaction_name_already_exists",
        ),
        (
            json!({"name": "create ticket", "hint": "h"}),
            "msgaction_name_already_exists",
        ),
    ];
    for (body, code) in cases {
        let a = sb.api("POST", "/api/v3/messageactions", Some(&body)).await;
        assert_eq!((a.status, a.code().as_str()), (400, code), "{body}");
    }
    let a = sb
        .api(
            "POST",
            "/api/v3/messageactions",
            Some(&json!({"name": "n", "hint": "h", "colour": 1})),
        )
        .await;
    assert_eq!(
        a.json()["message"],
        "'colour' is an extra key in the JSON Object."
    );
    let ok = json!({"name": "x".repeat(30), "hint": "x".repeat(128), "execution_type": "webhook",
        "execution_url": format!("https://e.com/{}", "x".repeat(225 - 14)), "scope": "team",
        "team_ids": [1, 2, 3, 4], "message_types": ["text", "link", "attachment"], "multi_selectable": true,
        "image": "iVBORw0KGgo="});
    let a = sb.api("POST", "/api/v3/messageactions", Some(&ok)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["data"]["team_ids"], json!([1, 2, 3, 4]));
    // Teams without a scope: the default scope is undocumented, so the
    // teams say it.
    let teams_only = json!({"name": "teams-only", "hint": "h", "team_ids": [3]});
    let a = sb
        .api("POST", "/api/v3/messageactions", Some(&teams_only))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["data"]["scope"], "team");
}

#[tokio::test]
async fn list_pages_with_next_token() {
    let sb = sandbox().await;
    for i in 0..7 {
        let a = sb
            .api(
                "POST",
                "/api/v3/messageactions",
                Some(&new_action(&format!("Action {i}"))),
            )
            .await;
        assert_eq!(a.status, 200);
    }
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &next {
            Some(t) => format!("/api/v3/messageactions?limit=4&next_token={}", urlencode(t)),
            None => "/api/v3/messageactions?limit=4".to_string(),
        };
        let j = sb.api("GET", &path, None).await.json();
        assert_eq!(j["url"], "/api/v3/messageactions");
        assert_eq!(j["type"], "messageaction");
        assert!(j["sync_token"].is_string());
        for item in j["data"].as_array().cloned().unwrap_or_default() {
            seen.push(item["id"].as_str().unwrap_or("").to_string());
        }
        pages += 1;
        match j["next_token"].as_str() {
            Some(t) => next = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 10);
    let mut dedup = seen.clone();
    dedup.dedup();
    assert_eq!(dedup, seen);
    let all = sb.api("GET", "/api/v3/messageactions", None).await.json();
    assert_eq!(
        all["data"].as_array().map(Vec::len),
        Some(10),
        "default limit 20 fits all"
    );
    assert!(all.get("next_token").is_none());
    for q in [
        "limit=0",
        "limit=101",
        "next_token=%%%",
        "next_token=bm9wZQ%3D%3D",
        "sync_token=garbage!",
    ] {
        let a = sb
            .api("GET", &format!("/api/v3/messageactions?{q}"), None)
            .await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (400, "invalid_inputs"),
            "{q}"
        );
    }
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

#[tokio::test]
async fn sync_token_returns_changes_and_deletions_since() {
    let sb = sandbox().await;
    let first = sb.api("GET", "/api/v3/messageactions", None).await.json();
    let token = first["sync_token"].as_str().unwrap_or("").to_string();
    let quiet = sb
        .api(
            "GET",
            &format!("/api/v3/messageactions?sync_token={}", urlencode(&token)),
            None,
        )
        .await
        .json();
    assert_eq!(quiet["data"], json!([]));
    assert_eq!(quiet["deleted"], json!([]));
    let ids: Vec<String> = first["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| a["id"].as_str().unwrap_or("").to_string())
        .collect();
    let created = sb
        .api("POST", "/api/v3/messageactions", Some(&new_action("Fresh")))
        .await
        .json()["data"]["id"]
        .clone();
    sb.api(
        "PATCH",
        &format!("/api/v3/messageactions/{}", ids[0]),
        Some(&json!({"hint": "changed"})),
    )
    .await;
    sb.api(
        "DELETE",
        &format!("/api/v3/messageactions/{}", ids[1]),
        None,
    )
    .await;
    let delta = sb
        .api(
            "GET",
            &format!("/api/v3/messageactions?sync_token={}", urlencode(&token)),
            None,
        )
        .await
        .json();
    let changed: Vec<Value> = delta["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(changed, vec![json!(ids[0]), created]);
    assert_eq!(delta["deleted"], json!([ids[1]]));
    assert_ne!(delta["sync_token"], json!(token));
}

#[tokio::test]
async fn update_patches_fields_and_keeps_the_rest() {
    let sb = sandbox().await;
    let id = sb.create_action(&new_action("Patchable")).await;
    let path = format!("/api/v3/messageactions/{id}");
    let a = sb
        .api(
            "PATCH",
            &path,
            Some(&json!({"hint": "New hint", "scope": "team", "team_ids": [7]})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let d = a.json()["data"].clone();
    assert_eq!(
        (d["hint"].as_str(), d["name"].as_str(), d["scope"].as_str()),
        (Some("New hint"), Some("Patchable"), Some("team"))
    );
    let a = sb
        .api("PATCH", &path, Some(&json!({"scope": "personal"})))
        .await;
    assert!(
        a.json()["data"].get("team_ids").is_none(),
        "team_ids go with the team scope"
    );
    let cases = [
        (json!({"execution_type": "webhook"}), 400, "extra_key_found"),
        (
            json!({"name": "Translate"}),
            400,
            "msgaction_name_already_exists",
        ),
        (json!({"name": ""}), 400, "invalid_inputs"),
        (json!({"team_ids": [1]}), 400, "invalid_inputs"),
        (
            json!({"execution_url": "https://e.com/x"}),
            400,
            "invalid_inputs",
        ),
        (
            json!({"message_types": ["text", "link", "attachment", "text"]}),
            400,
            "invalid_inputs",
        ),
    ];
    for (body, status, code) in cases {
        let a = sb.api("PATCH", &path, Some(&body)).await;
        assert_eq!((a.status, a.code().as_str()), (status, code), "{body}");
    }
    let a = sb
        .api("PATCH", &path, Some(&json!({"name": "patchable"})))
        .await;
    assert_eq!(a.status, 200, "renaming to itself (other case) is fine");
    let a = sb
        .api(
            "PATCH",
            "/api/v3/messageactions/424242",
            Some(&json!({"hint": "x"})),
        )
        .await;
    assert_eq!((a.status, a.code().as_str()), (404, "msgaction_not_found"));
}

#[tokio::test]
async fn delete_removes_the_action_and_its_handler() {
    let sb = sandbox().await;
    let id = sb.create_action(&new_action("Doomed")).await;
    let path = format!("/api/v3/messageactions/{id}");
    let a = sb.api("DELETE", &path, None).await;
    assert_eq!((a.status, a.text.as_str()), (204, ""));
    for (method, p) in [
        ("GET", path.clone()),
        ("DELETE", path.clone()),
        ("GET", format!("{path}/handlers/execution_handler")),
    ] {
        let a = sb.api(method, &p, None).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (404, "msgaction_not_found"),
            "{method} {p}"
        );
    }
    assert_eq!(sb.state().await["message_actions"], 3);
}

#[tokio::test]
async fn deluge_handlers_take_a_script() {
    let sb = sandbox().await;
    let id = sb.create_action(&new_action("Scripted")).await;
    let path = format!("/api/v3/messageactions/{id}/handlers/execution_handler");
    let a = sb.api("GET", &path, None).await;
    assert_eq!(a.status, 200);
    let j = a.json();
    assert_eq!(j["url"], path);
    assert_eq!(j["type"], "execution_handler");
    assert_eq!(j["data"]["name"], "execution_handler");
    assert!(j["data"]["script"].is_string() && j["data"]["function_id"].is_string());
    let a = sb
        .api(
            "PATCH",
            &path,
            Some(&json!({"script": "return {\"text\": \"ok\"};"})),
        )
        .await;
    assert_eq!(a.json()["data"]["script"], "return {\"text\": \"ok\"};");
    assert_eq!(
        sb.api("GET", &path, None).await.json()["data"]["script"],
        "return {\"text\": \"ok\"};"
    );
    let big = "x".repeat(256_001);
    let cases = [
        (json!({"script": big}), "invalid_inputs"),
        (json!({"permissions": ["chat"]}), "invalid_inputs"),
        (json!({"script": 1}), "invalid_inputs"),
        (json!({"code": "x"}), "extra_key_found"),
    ];
    for (body, code) in cases {
        let a = sb.api("PATCH", &path, Some(&body)).await;
        assert_eq!((a.status, a.code().as_str()), (400, code));
    }
    let a = sb
        .api(
            "PATCH",
            &path,
            Some(&json!({"script": "x".repeat(256_000)})),
        )
        .await;
    assert_eq!(a.status, 200, "250 KB is allowed");
    let other = format!("/api/v3/messageactions/{id}/handlers/button_handler");
    let a = sb.api("GET", &other, None).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (404, "execution_handler_not_found")
    );
}

#[tokio::test]
async fn webhook_handlers_take_permissions() {
    let sb = sandbox().await;
    let body = json!({"name": "Hooked", "hint": "h", "execution_type": "webhook", "execution_url": "https://hooks.example.com/x"});
    let created = sb
        .api("POST", "/api/v3/messageactions", Some(&body))
        .await
        .json();
    assert_eq!(
        created["data"]["execution_url"],
        "https://hooks.example.com/x"
    );
    let id = created["data"]["id"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v3/messageactions/{id}/handlers/execution_handler");
    let j = sb.api("GET", &path, None).await.json();
    assert!(j["data"]["permissions"].is_array() && j["data"].get("script").is_none());
    let a = sb
        .api(
            "PATCH",
            &path,
            Some(&json!({"permissions": ["chat", "message", "user", "location", "attachments"]})),
        )
        .await;
    assert_eq!(
        a.json()["data"]["permissions"].as_array().map(Vec::len),
        Some(5)
    );
    for body in [
        json!({"permissions": ["chat", "secrets"]}),
        json!({"permissions": ["chat", "chat"]}),
        json!({"script": "x"}),
        json!({"permissions": "chat"}),
    ] {
        let a = sb.api("PATCH", &path, Some(&body)).await;
        assert_eq!(
            (a.status, a.code().as_str()),
            (400, "invalid_inputs"),
            "{body}"
        );
    }
    let a = sb
        .api(
            "PATCH",
            &format!("/api/v3/messageactions/{id}"),
            Some(&json!({"execution_url": "https://new.example.com/y"})),
        )
        .await;
    assert_eq!(
        a.json()["data"]["execution_url"],
        "https://new.example.com/y"
    );
}

#[tokio::test]
async fn the_demo_has_three_message_actions() {
    let sb = sandbox().await;
    let j = sb.api("GET", "/api/v3/messageactions", None).await.json();
    let names: Vec<&str> = j["data"]
        .as_array()
        .map(|d| d.iter().filter_map(|a| a["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, vec!["Create Ticket", "Translate", "Archive to Wiki"]);
}
