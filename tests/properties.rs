//! No input makes the core panic (a panic in the wasm traps and poisons the
//! instance): arbitrary bytes and arbitrary JSON through every decoder,
//! validator and request builder (proptest, natively).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{Map, Value};
use zoho_cliq_wasm::arguments::request_of;
use zoho_cliq_wasm::endpoint::Operation;
use zoho_cliq_wasm::oauth::{decode_token, OAuthConfig};
use zoho_cliq_wasm::options::ClientConfig;
use zoho_cliq_wasm::region::ApiRoot;
use zoho_cliq_wasm::response::{decode, HttpResponse};
use zoho_cliq_wasm::validate::{validate_message, validate_message_action, ActionMode};
use zoho_cliq_wasm::walk::Walk;

/// Any JSON value, a few levels deep, with Cliq's field names mixed in so
/// that the interesting branches are reached.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("text".to_string()),
        Just("card".to_string()),
        Just("buttons".to_string()),
        Just("data".to_string()),
        Just("time".to_string()),
        Just("id".to_string()),
        Just("name".to_string()),
        Just("error".to_string()),
        Just("access_token".to_string()),
        Just("expires_in".to_string()),
        Just("nextToken".to_string()),
        Just("message_id".to_string()),
        Just("message_details".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn operation() -> impl Strategy<Value = Operation> {
    (0..Operation::COUNT).prop_map(|i| {
        Operation::ALL
            .get(i)
            .copied()
            .unwrap_or(Operation::GetMessages)
    })
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        json().prop_map(|v| v.to_string()),
        json().prop_map(|v| {
            let text = v.to_string();
            text.get(..text.len() / 2).unwrap_or_default().to_string()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn decoding_any_answer_never_panics(op in operation(), status in 0u16..1000, body in body(), retry in proptest::option::of(".{0,12}")) {
        let _ = decode(op, &HttpResponse { status, retry_after: retry.as_deref(), body: &body });
        let _ = decode_token(status, &body, 0.0);
    }

    #[test]
    fn validating_any_json_never_panics(value in json()) {
        let _ = validate_message(&value);
        let _ = validate_message_action(&value, ActionMode::Create);
        let _ = validate_message_action(&value, ActionMode::Update);
        let _ = ClientConfig::from_json(&value);
        let _ = OAuthConfig::from_json(&value);
    }

    #[test]
    fn building_any_request_never_panics(op in operation(), args in prop::collection::vec(json(), 0..5)) {
        let root = ApiRoot::new(None, Some("http://127.0.0.1:8787/p"), Some("net")).map_err(|e| TestCaseError::fail(e.message))?;
        if let Ok(req) = request_of(op, &args, &root) {
            prop_assert!(req.url.starts_with("http://127.0.0.1:8787/p/network/net/api/v"));
        }
    }

    #[test]
    fn walks_take_any_page(chat in json(), query in json(), pages in prop::collection::vec(json(), 0..4)) {
        let root = ApiRoot::new(None, None, None).map_err(|e| TestCaseError::fail(e.message))?;
        for mut walk in [Walk::messages(&chat, &query), Walk::actions(&query)].into_iter().flatten() {
            for page in pages.clone() {
                let _ = walk.next_request(&root);
                let _ = walk.feed(page);
            }
        }
    }
}
