//! The demo works offline: the seeded organisation refers to nothing outside
//! the sandbox, whose own assets answer with the right content types.

mod common;

use cliq_sandbox::seed::WEBHOOK_URL;
use common::*;
use serde_json::Value;

/// Every string inside a JSON value.
fn strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Whether a string is (or contains) a URL or a path a page could load.
fn looks_like_url(s: &str) -> bool {
    s.contains("://") || s.starts_with('/') || s.starts_with("www.") || s.starts_with("data:")
}

#[tokio::test]
async fn every_url_in_the_seeded_state_is_the_sandboxs_own() {
    let sb = sandbox().await;
    // Everything the organisation holds: messages of every chat, message
    // actions with their handlers, and the state document.
    let documents: Vec<Value> = {
        let inner = sb.run.app.lock();
        let org = &inner.org;
        let mut docs: Vec<Value> = org
            .chats
            .iter()
            .flat_map(|chat| chat.messages.iter().map(|m| org.message_json(m)))
            .collect();
        docs.extend(org.actions.iter().map(|a| a.to_json()));
        docs.extend(org.actions.iter().map(|a| a.handler_json()));
        docs.push(org.state_json(&org.main_user));
        docs
    };
    let mut found = Vec::new();
    for doc in &documents {
        strings(doc, &mut found);
    }
    let urls: Vec<&str> = found.into_iter().filter(|s| looks_like_url(s)).collect();
    let mut own = 0;
    for url in &urls {
        if url.starts_with('/') && !url.starts_with("//") {
            let a = sb.call("GET", url, None, None).await;
            assert_eq!(a.status, 200, "{url} is served by the sandbox");
            own += 1;
        } else {
            // The one absolute URL: the webhook action's target, which Cliq
            // would call and nothing here requests, on a name that never resolves.
            assert_eq!(*url, WEBHOOK_URL, "a URL outside the sandbox");
            let host = reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(String::from))
                .unwrap_or_default();
            assert!(host.ends_with(".example"), "{host}");
        }
    }
    assert!(own >= 2, "the card's thumbnail and link: {urls:?}");
}

#[tokio::test]
async fn the_seeded_card_shows_the_sandboxs_own_thumbnail() {
    let sb = sandbox().await;
    let card = sb
        .messages(ANNOUNCEMENTS)
        .await
        .into_iter()
        .find(|m| m["content"]["card"].is_object())
        .unwrap_or(Value::Null);
    assert_eq!(
        card["content"]["card"]["thumbnail"],
        "/__sandbox/assets/release.svg"
    );
    assert_eq!(
        card["content"]["buttons"][0]["action"]["data"]["web"],
        "/__sandbox/assets/release-notes.html"
    );
}

#[tokio::test]
async fn assets_are_served_with_their_content_types() {
    let sb = sandbox().await;
    for (path, mime, start) in [
        ("/__sandbox/assets/release.svg", "image/svg+xml", "<svg"),
        (
            "/__sandbox/assets/release-notes.html",
            "text/html",
            "<!DOCTYPE html>",
        ),
    ] {
        let a = sb.call("GET", path, None, None).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(
            a.header("content-type")
                .is_some_and(|c| c.starts_with(mime)),
            "{path}: {:?}",
            a.header("content-type")
        );
        assert_eq!(
            a.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert!(a.text.starts_with(start), "{path}");
        assert!(a.text.len() < 4096, "{path} stays small");
        assert!(
            !a.text.contains("http://") || path.ends_with(".svg"),
            "{path}"
        );
    }
    for path in [
        "/__sandbox/assets/missing.png",
        "/__sandbox/assets/..%2fCargo.toml",
    ] {
        assert_eq!(sb.call("GET", path, None, None).await.status, 404, "{path}");
    }
    assert_eq!(
        sb.call("POST", "/__sandbox/assets/release.svg", None, None)
            .await
            .status,
        405
    );
}
