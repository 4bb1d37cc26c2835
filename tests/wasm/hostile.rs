//! Hostile input: ids, names and emails carrying URL syntax never change
//! the endpoint a request reaches (checked with the runtime's own URL
//! parser), dot segments and control characters are refused naming the
//! field before any request, and hostile bodies from the server leave the
//! instance working.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zoho_cliq_wasm::endpoint::Operation;

use super::support::*;

/// Values that would change a URL if they were pasted into it.
const HOSTILE: [&str; 10] = [
    "a/b",
    "a?b=1&c",
    "a#b",
    "50% off",
    "a b+c",
    "ünï😀",
    "a\\b",
    "...",
    "/../../etc",
    "x;y=z",
];

/// Refused before any request: (value, what the message says).
const REFUSED: [(&str, &str); 6] = [
    (".", "\".\""),
    ("..", "\"..\""),
    ("%2e%2E", "\"..\""),
    ("a\nb", "control characters"),
    ("a\u{0}b", "control characters"),
    ("", "non-empty"),
];

/// `{name}` parameters of an operation's path, in order.
fn params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// The arguments after the path parameters: something each method accepts.
fn rest(method: &str) -> Vec<JsValue> {
    match method {
        "postToChannel" | "postToBot" | "postToChat" | "postToUser" | "editMessage" => {
            vec!["hi".into()]
        }
        "addReaction" | "removeReaction" => vec!["👍".into()],
        "updateMessageAction" => vec![js(r#"{"hint": "h"}"#)],
        "updateMessageActionHandler" => vec![js(r#"{"permissions": ["chat"]}"#)],
        _ => vec![],
    }
}

/// A client whose fetch records `(url, method)` and answers `204`.
fn recording_client() -> (JsValue, Function) {
    let calls = Array::new();
    let fetch = function(
        "calls",
        "return (url, init) => { calls.push({ url, method: init.method });
                                 return Promise.resolve(new Response(null, { status: 204 })); };",
    )
    .call1(&JsValue::UNDEFINED, &calls)
    .unwrap();
    let opts = options(&unique("inj"), r#"{"maxRetries": 0}"#);
    set(&opts, "fetch", &fetch);
    let cliq: JsValue = CliqClient::new(opts).unwrap().into();
    let take: Function = function(
        "calls",
        "return () => { const out = calls.slice(); calls.length = 0; return out; };",
    )
    .call1(&JsValue::UNDEFINED, &calls)
    .unwrap()
    .unchecked_into();
    (cliq, take)
}

/// `url`'s path segments after the runtime's URL parser, raw and decoded,
/// its search and its hash.
fn parse(url: &str) -> JsValue {
    function(
        "url",
        "const u = new URL(url);
         const raw = u.pathname.split('/').slice(1);
         return { raw, decoded: raw.map(decodeURIComponent), search: u.search, hash: u.hash,
                  query: Object.fromEntries(u.searchParams) };",
    )
    .call1(&JsValue::UNDEFINED, &url.into())
    .unwrap()
}

pub async fn hostile_ids_reach_their_own_endpoint_and_bad_ones_are_refused() {
    let (cliq, take) = recording_client();
    for (method, _) in METHODS {
        let endpoint = Operation::from_name(method).unwrap().endpoint();
        let names = params(endpoint.path);
        let template: Vec<&str> = endpoint.path.split('/').skip(1).collect();
        for (i, name) in names.iter().enumerate() {
            let args_with = |value: &str| {
                let mut args: Vec<JsValue> = names
                    .iter()
                    .enumerate()
                    .map(|(j, _)| if j == i { value.into() } else { "X1".into() })
                    .collect();
                args.extend(rest(method));
                args
            };
            for value in HOSTILE {
                let _ = JsFuture::from(call(&cliq, method, &args_with(value))).await;
                let calls = Array::from(&take.call0(&JsValue::UNDEFINED).unwrap());
                assert_eq!(calls.length(), 1, "{method}({name} = {value:?}) sends once");
                let sent = calls.get(0);
                assert_eq!(text(&sent, "method"), endpoint.method.as_str());
                let url = parse(&text(&sent, "url"));
                let raw = Array::from(&get(&url, "raw"));
                let decoded = Array::from(&get(&url, "decoded"));
                // "/api/v2" + the template, segment for segment.
                assert_eq!(
                    raw.length() as usize,
                    2 + template.len(),
                    "{method}({name} = {value:?}): {}",
                    text(&sent, "url")
                );
                for (k, part) in template.iter().enumerate() {
                    let got = decoded.get(2 + k as u32).as_string().unwrap();
                    if *part == format!("{{{name}}}") {
                        assert_eq!(got, value, "{method}: {name} arrives as it was given");
                    } else if part.starts_with('{') {
                        assert_eq!(got, "X1");
                    } else {
                        assert_eq!(got, *part, "{method}({name} = {value:?})");
                    }
                }
                assert_eq!(text(&url, "hash"), "", "{method}({name} = {value:?})");
                if method != "removeReaction" {
                    assert_eq!(text(&url, "search"), "", "{method}({name} = {value:?})");
                }
            }
            for (value, says) in REFUSED {
                let e = fails(call(&cliq, method, &args_with(value))).await;
                assert_eq!(text(&e, "kind"), "invalid_input", "{method}({value:?})");
                assert_eq!(text(&e, "field"), *name, "{method}({value:?})");
                assert!(
                    text(&e, "message").contains(says),
                    "{}",
                    text(&e, "message")
                );
                let calls = Array::from(&take.call0(&JsValue::UNDEFINED).unwrap());
                assert_eq!(
                    calls.length(),
                    0,
                    "{method}({name} = {value:?}) sends nothing"
                );
            }
        }
    }
    // Query values are encoded whole: an emoji code or a bot name with URL
    // syntax stays one parameter.
    for value in HOSTILE {
        let _ = JsFuture::from(call(
            &cliq,
            "removeReaction",
            &["C1".into(), "M1".into(), value.into()],
        ))
        .await;
        let opts = js("{}");
        set(&opts, "botUniqueName", &value.into());
        let _ = JsFuture::from(call(
            &cliq,
            "postToChannel",
            &["c".into(), "hi".into(), opts],
        ))
        .await;
        let calls = Array::from(&take.call0(&JsValue::UNDEFINED).unwrap());
        let reaction = parse(&text(&calls.get(0), "url"));
        assert_eq!(
            json(&get(&reaction, "query")),
            json(&js(&format!(
                r#"{{"emoji_code": {}}}"#,
                json(&value.into())
            )))
        );
        let post = parse(&text(&calls.get(1), "url"));
        assert_eq!(text(&post, "query.bot_unique_name"), value);
        assert_eq!(text(&post, "hash"), "");
    }
}

pub async fn hostile_bodies_never_trap_and_the_same_client_works_next() {
    clear_faults().await;
    let cliq: JsValue = client(&unique("bodies")).into();
    let bodies = [
        r#"{"type": "empty"}"#,
        r#"{"type": "truncated"}"#,
        r#"{"type": "html200"}"#,
        r#"{"type": "malformed_json"}"#,
        r#"{"type": "huge"}"#,
    ];
    for body in bodies {
        for (method, _) in METHODS {
            let args = super::faults::arguments(method).await;
            fault(method, 1, body).await;
            match JsFuture::from(call(&cliq, method, &args)).await {
                Ok(_) => {}
                Err(e) => {
                    assert_eq!(text(&e, "name"), "CliqError", "{method} × {body}");
                    let kind = text(&e, "kind");
                    assert!(
                        kind == "bad_response" || kind == "network",
                        "{method} × {body}: {kind} {}",
                        text(&e, "message")
                    );
                }
            }
            clear_faults().await;
            super::faults::tidy(method, &args).await;
        }
    }
    // The same instance, after 90 hostile answers.
    let args = super::faults::arguments("getMessages").await;
    ok(call(&cliq, "getMessages", &args)).await;
    let args = super::faults::arguments("postToChat").await;
    ok(call(&cliq, "postToChat", &args)).await;
}
