//! Every sandbox fault against every operation, as docs/faults.md's table
//! says: the table is read here, so the documentation cannot drift from
//! what the client does.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::support::*;

/// docs/faults.md, the documentation and this test's table.
const DOC: &str = include_str!("../../docs/faults.md");

/// One cell: `None` for success, or the error kind; and requests sent.
#[derive(Debug, PartialEq)]
struct Outcome {
    kind: Option<String>,
    sent: u32,
}

/// The markdown table rows under the heading `## {title}`, cells trimmed,
/// header and separator dropped.
fn table(title: &str) -> Vec<Vec<String>> {
    let start = DOC
        .find(&format!("## {title}\n"))
        .unwrap_or_else(|| panic!("docs/faults.md has no '## {title}'"));
    DOC[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .filter(|row: &Vec<String>| !row[0].starts_with("---"))
        .skip(1)
        .collect()
}

/// The faults: (column name, sandbox fault JSON).
fn faults() -> Vec<(String, String)> {
    table("The faults")
        .into_iter()
        .map(|row| (row[0].clone(), row[1].trim_matches('`').to_string()))
        .collect()
}

fn outcome(cell: &str) -> Outcome {
    let (kind, sent) = cell
        .split_once(" ×")
        .unwrap_or_else(|| panic!("a cell reads 'kind ×N', got '{cell}'"));
    Outcome {
        kind: (kind != "ok").then(|| kind.to_string()),
        sent: sent.parse().expect("a count"),
    }
}

/// Fresh arguments for one call of `op`: what it reads, edits or deletes is
/// created here, by another user's client.
pub(crate) async fn arguments(op: &str) -> Vec<JsValue> {
    let setup = client(&unique("setup"));
    let (name, chat_id) = channel().await;
    let st = state().await;
    let u = JsValue::UNDEFINED;
    let message = || async {
        let r = ok(setup.post_to_channel(
            name.clone().into(),
            js(r#"{"text": "fault target", "sync_message": true}"#),
            JsValue::UNDEFINED,
        ))
        .await;
        get(&r, "messageId")
    };
    let action = || async {
        let input = js(&format!(
            r#"{{"name": "{}", "hint": "h", "execution_type": "webhook",
                "execution_url": "https://example.com/hook", "scope": "personal", "message_types": ["text"]}}"#,
            unique("F").chars().take(30).collect::<String>()
        ));
        get(
            &ok(setup.create_message_action(input, JsValue::UNDEFINED)).await,
            "id",
        )
    };
    let chat: JsValue = chat_id.clone().into();
    match op {
        "getMessages" => vec![chat, js(r#"{"limit": 1}"#), u],
        "getMessage" | "deleteMessage" | "getReactions" => vec![chat, message().await, u],
        "postToChannel" => vec![name.into(), unique("post").into(), u],
        "postToBot" => {
            let bot = Array::from(&get(&st, "bots")).get(0);
            vec![get(&bot, "unique_name"), unique("post").into(), u]
        }
        "postToChat" => vec![chat, unique("post").into(), u],
        "postToUser" => {
            let user = Array::from(&get(&st, "users")).get(1);
            vec![get(&user, "email"), unique("post").into(), u]
        }
        "editMessage" => vec![chat, message().await, "edited".into(), u],
        "addReaction" => vec![chat, message().await, "👍".into(), u],
        "removeReaction" => {
            let id = message().await;
            ok(setup.add_reaction(chat.clone(), id.clone(), "👍".into(), u.clone())).await;
            vec![chat, id, "👍".into(), u]
        }
        "createMessageAction" => {
            let input = js(&format!(
                r#"{{"name": "{}", "hint": "h", "execution_type": "webhook",
                    "execution_url": "https://example.com/hook", "scope": "personal", "message_types": ["text"]}}"#,
                unique("C").chars().take(30).collect::<String>()
            ));
            vec![input, u]
        }
        "listMessageActions" => vec![js(r#"{"limit": 1}"#), u],
        "getMessageAction" | "deleteMessageAction" | "getMessageActionHandler" => {
            vec![action().await, u]
        }
        "updateMessageAction" => vec![action().await, js(r#"{"hint": "changed"}"#), u],
        "updateMessageActionHandler" => {
            vec![action().await, js(r#"{"permissions": ["chat"]}"#), u]
        }
        other => panic!("docs/faults.md names an unknown operation {other}"),
    }
}

/// Deletes the message action a cell read, changed or created: the sandbox
/// holds at most 100, and every suite shares it.
pub(crate) async fn tidy(op: &str, args: &[JsValue]) {
    let setup = client(&unique("tidy"));
    let u = JsValue::UNDEFINED;
    let ids: Vec<JsValue> = match op {
        "getMessageAction"
        | "updateMessageAction"
        | "deleteMessageAction"
        | "getMessageActionHandler"
        | "updateMessageActionHandler" => vec![args[0].clone()],
        "createMessageAction" => {
            let name = text(&args[0], "name");
            let page = ok(setup.list_message_actions(js(r#"{"limit": 100}"#), u.clone())).await;
            Array::from(&get(&page, "data"))
                .iter()
                .filter(|a| text(a, "name") == name)
                .map(|a| get(&a, "id"))
                .collect()
        }
        _ => vec![],
    };
    for id in ids {
        // Already gone after a delete: that is fine.
        let _ = JsFuture::from(setup.delete_message_action(id, u.clone())).await;
    }
}

/// Counts rejections nobody handled, in a page, a worker or Node.
fn watch_unhandled_rejections() {
    function(
        "",
        "if (globalThis.__unhandled !== undefined) return;
         globalThis.__unhandled = 0;
         const count = () => { globalThis.__unhandled += 1; };
         if (typeof process !== 'undefined' && process.on) process.on('unhandledRejection', count);
         else globalThis.addEventListener('unhandledrejection', count);",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap();
}

fn unhandled() -> f64 {
    Reflect::get(&js_sys::global(), &"__unhandled".into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}

pub async fn every_fault_meets_every_operation_as_docs_faults_md_says() {
    watch_unhandled_rejections();
    clear_faults().await;
    let faults = faults();
    assert_eq!(faults.len(), 9, "the nine faults of issue 13");
    let rows = table("The outcomes");
    let ops: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let expected: Vec<&str> = METHODS.iter().map(|(m, _)| *m).collect();
    assert_eq!(ops, expected, "one row per operation, in the table's order");
    let mut mismatches = Vec::new();
    for row in &rows {
        let op = row[0].as_str();
        for ((fault_name, spec), cell) in faults.iter().zip(&row[1..]) {
            let want = outcome(cell);
            let args = arguments(op).await;
            let target: JsValue = client_with(&unique("f"), r#"{"timeoutMs": 400}"#).into();
            let before = logged(op).await;
            fault(op, 1, spec).await;
            let result = JsFuture::from(call(&target, op, &args)).await;
            // Late requests (the slow fault's first one) are logged on arrival.
            let sent = logged(op).await - before;
            clear_faults().await;
            let got = Outcome {
                kind: match &result {
                    Ok(_) => None,
                    Err(e) => {
                        assert_eq!(text(e, "name"), "CliqError", "{op} × {fault_name}");
                        assert_eq!(text(e, "operation"), op, "{op} × {fault_name}");
                        Some(text(e, "kind"))
                    }
                },
                sent,
            };
            if got != want {
                let detail = result
                    .err()
                    .map(|e| text(&e, "message"))
                    .unwrap_or_default();
                mismatches.push(format!(
                    "{op} × {fault_name}: documented {cell}, got {got:?} {detail}"
                ));
            }
            // The same client keeps working (on another operation: a
            // throttle locks this one, as documented).
            let other = if op == "getMessages" {
                "listMessageActions"
            } else {
                "getMessages"
            };
            let more = arguments(other).await;
            ok(call(&target, other, &more)).await;
            tidy(op, &args).await;
        }
    }
    assert!(
        mismatches.is_empty(),
        "docs/faults.md disagrees with the client:\n{}",
        mismatches.join("\n")
    );
    sleep(50).await;
    assert_eq!(unhandled(), 0.0, "no rejection went unhandled");
}
