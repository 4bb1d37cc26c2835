//! Sans-IO decoding: status, headers and body to a result or a typed error.
//!
//! Results are JSON values in the shape the JS API returns: data records
//! (`Message`, `MessageAction`, `Handler`) keep Cliq's field names and any
//! unknown fields; shapes the library makes (`PostResult`, `Reactions`,
//! `MessageActionPage`) are camelCase. Nothing here can panic, whatever the
//! server sends.

#[allow(unused_imports)]
use crate::prelude::*;

use serde_json::{Map, Value};

use crate::endpoint::Operation;
use crate::error::{Error, ErrorKind};
use crate::model::reaction::ReactionEntry;

/// What arrived from the server, as the transport saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpResponse<'a> {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<&'a str>,
    /// The body as text (empty for 204).
    pub body: &'a str,
}

/// Parses `Retry-After` in delta-seconds (the HTTP-date form is not used by
/// Cliq and is ignored).
pub fn parse_retry_after_ms(value: &str) -> Option<u64> {
    value.trim().parse::<u64>().ok()?.checked_mul(1000)
}

/// Cliq's error body, in either documented shape.
fn error_fields(body: &str) -> (Option<String>, Option<String>) {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return (None, None);
    };
    let inner = match map.get("error") {
        Some(Value::Object(inner)) => inner,
        _ => &map,
    };
    let text = |key: &str| inner.get(key).and_then(Value::as_str).map(str::to_string);
    (text("code"), text("message"))
}

/// Classifies an error status into a typed error.
fn classify(op: Operation, resp: &HttpResponse<'_>) -> Error {
    let (code, server_message) = error_fields(resp.body);
    let throttled = resp.status == 429
        || (resp.status == 400 && code.as_deref() == Some("request_limit_exceeded"));
    let kind = match resp.status {
        _ if throttled => ErrorKind::RateLimited,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Http,
    };
    let mut message = format!("{} failed with HTTP {}", op.name(), resp.status);
    if let Some(m) = &server_message {
        message.push_str(": ");
        message.push_str(m);
    }
    if let Some(c) = &code {
        message.push_str(&format!(" ({c})"));
    }
    Error {
        status: Some(resp.status),
        code,
        retry_after_ms: if throttled {
            resp.retry_after.and_then(parse_retry_after_ms)
        } else {
            None
        },
        ..Error::new(kind, message)
    }
}

fn bad_response(op: Operation, status: u16, what: &str) -> Error {
    Error {
        status: Some(status),
        ..Error::new(
            ErrorKind::BadResponse,
            format!("{} got an unexpected response: {what}", op.name()),
        )
    }
}

/// Decodes a response of `op` into its JS-shaped result (`null` for the
/// operations that resolve to nothing).
pub fn decode(op: Operation, resp: &HttpResponse<'_>) -> Result<Value, Error> {
    if !(200..300).contains(&resp.status) {
        return Err(classify(op, resp));
    }
    use Operation::*;
    let empty = resp.body.trim().is_empty();
    match op {
        EditMessage | DeleteMessage | AddReaction | RemoveReaction | DeleteMessageAction => {
            return Ok(Value::Null)
        }
        // Decision 5: an empty 2xx is success for every mutation, never parsed.
        PostToChannel
        | PostToBot
        | PostToChat
        | PostToUser
        | CreateMessageAction
        | UpdateMessageAction
        | UpdateMessageActionHandler
            if empty =>
        {
            return Ok(Value::Object(Map::new()))
        }
        _ if empty => return Err(bad_response(op, resp.status, "an empty body")),
        _ => {}
    }
    let json: Value = serde_json::from_str(resp.body)
        .map_err(|_| bad_response(op, resp.status, "a body that is not valid JSON"))?;
    let shaped = match op {
        GetMessages => data_array(json)
            .map(|list| Value::Array(list.into_iter().map(normalize_message).collect())),
        GetMessage => Some(normalize_message(unwrap_data(json))),
        PostToChannel | PostToBot | PostToChat | PostToUser => post_result(json),
        GetReactions => reactions(json),
        ListMessageActions => action_page(json),
        _ => match unwrap_data(json) {
            record @ Value::Object(_) => Some(record),
            _ => None,
        },
    };
    shaped.ok_or_else(|| bad_response(op, resp.status, "not the documented shape"))
}

/// `{"data": X}` gives X; anything else is returned as it is.
fn unwrap_data(json: Value) -> Value {
    match json {
        Value::Object(mut map) if map.get("data").is_some_and(Value::is_object) => {
            map.get_mut("data").map_or(Value::Null, Value::take)
        }
        other => other,
    }
}

fn data_array(json: Value) -> Option<Vec<Value>> {
    match json {
        Value::Object(mut map) => match map.get_mut("data").map(Value::take) {
            Some(Value::Array(list)) => Some(list),
            None => Some(Vec::new()),
            Some(_) => None,
        },
        Value::Array(list) => Some(list),
        _ => None,
    }
}

/// Cliq sometimes sends `time` as a numeric string; the API promises a number.
fn normalize_message(mut message: Value) -> Value {
    if let Some(time) = message.get_mut("time") {
        if let Some(n) = time.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
            *time = Value::from(n);
        }
    }
    message
}

/// `{message_id}` or the bot's `{user_ids, message_details}` to a `PostResult`.
fn post_result(json: Value) -> Option<Value> {
    let Value::Object(map) = unwrap_data(json) else {
        return None;
    };
    let mut out = Map::new();
    let mut copy = |from: &str, to: &str| {
        if let Some(v) = map.get(from).filter(|v| !v.is_null()) {
            let v = match v {
                Value::Number(n) => Value::String(n.to_string()),
                other => other.clone(),
            };
            out.insert(to.into(), v);
        }
    };
    copy("message_id", "messageId");
    copy("chat_id", "chatId");
    copy("user_ids", "userIds");
    if let Some(Value::Object(details)) = map.get("message_details") {
        let mut shaped = Map::new();
        for (user, d) in details {
            let field = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let mut entry = Map::new();
            entry.insert("chatId".into(), Value::String(field("chat_id")));
            entry.insert("messageId".into(), Value::String(field("message_id")));
            shaped.insert(user.clone(), Value::Object(entry));
        }
        out.insert("messageDetails".into(), Value::Object(shaped));
    }
    Some(Value::Object(out))
}

/// `{"data": {"😍": ["<ms>:<zuid>:<name>", …]}}` to
/// `{"😍": [{time, userId, userName}]}`; entries not in that form are skipped.
fn reactions(json: Value) -> Option<Value> {
    let Value::Object(map) = unwrap_data(json) else {
        return None;
    };
    let mut out = Map::new();
    for (emoji, entries) in map {
        let list = entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(ReactionEntry::parse)
                    .map(|e| {
                        let mut m = Map::new();
                        m.insert("time".into(), Value::from(e.time));
                        m.insert("userId".into(), Value::String(e.user_id));
                        m.insert("userName".into(), Value::String(e.user_name));
                        Value::Object(m)
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.insert(emoji, Value::Array(list));
    }
    Some(Value::Object(out))
}

/// The v3 list envelope to `{data, nextToken?, syncToken?, deleted?}`.
fn action_page(json: Value) -> Option<Value> {
    let Value::Object(mut map) = json else {
        return None;
    };
    // `take` rather than `remove`: the wasm then needs no B-tree removal code.
    let data = match map.get_mut("data").map(Value::take) {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return None,
    };
    let mut out = Map::new();
    out.insert("data".into(), Value::Array(data));
    for (from, to) in [
        ("next_token", "nextToken"),
        ("sync_token", "syncToken"),
        ("deleted", "deleted"),
    ] {
        match map.get_mut(from).map(Value::take) {
            Some(Value::Null) | None => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(v) => {
                out.insert(to.into(), v);
            }
        }
    }
    Some(Value::Object(out))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;
    use serde_json::json;

    fn ok(status: u16, body: &str) -> HttpResponse<'_> {
        HttpResponse {
            status,
            retry_after: None,
            body,
        }
    }

    fn decoded(op: Operation, status: u16, body: &str) -> Value {
        decode(op, &ok(status, body)).unwrap()
    }

    fn failed(op: Operation, status: u16, body: &str) -> Error {
        decode(op, &ok(status, body)).unwrap_err()
    }

    #[test]
    fn get_messages_documented_example_decodes_to_the_message_list() {
        let body = r#"{ "data": [
          { "id": "1542711601585_349430767610289", "time": 1542798001273, "type": "text",
            "sender": { "id": "55743307", "name": "Scott Fisher" },
            "content": { "text": "Hi! What time is the review meeting today?" } },
          { "id": "1543384891842_351840917549285", "time": "1542798001274", "type": "file",
            "sender": { "id": "55743307", "name": "John Doe" },
            "content": { "file": { "name": "Feature-overview.jpg", "type": "image/jpeg", "id": "f3791c",
                         "dimensions": { "height": 3510, "width": 2552, "size": 559008 } },
                         "comment": "Hey Emily!" } } ] }"#;
        let list = decoded(Operation::GetMessages, 200, body);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(
            list[0]["content"]["text"],
            "Hi! What time is the review meeting today?"
        );
        assert_eq!(
            list[1]["time"],
            json!(1542798001274_i64),
            "numeric string becomes a number"
        );
        assert_eq!(list[1]["content"]["file"]["dimensions"]["size"], 559008);
    }

    #[test]
    fn get_messages_without_data_is_an_empty_list() {
        assert_eq!(decoded(Operation::GetMessages, 200, "{}"), json!([]));
    }

    #[test]
    fn get_message_documented_example_keeps_thread_information() {
        let body = r#"{ "sender": {"name": "Scott Fisher", "id": "12345678"},
          "id": "1629465328414_83277101498", "time": 1629465328414, "type": "text",
          "content": {"text": "Hello Guys!"},
          "thread_information": { "is_follower": true, "message_count": 19, "follower_count": 2,
             "thread_message_id": "1629426730589%2040288830613", "title": "Daily Updates",
             "chat_id": "CT_1256254372211218512_15067887-T-1256254377053952763" } }"#;
        let msg = decoded(Operation::GetMessage, 200, body);
        assert_eq!(
            msg["thread_information"]["chat_id"],
            "CT_1256254372211218512_15067887-T-1256254377053952763"
        );
    }

    #[test]
    fn get_message_accepts_a_data_wrapper() {
        let msg = decoded(
            Operation::GetMessage,
            200,
            r#"{"data": {"id": "1_2", "time": "5"}}"#,
        );
        assert_eq!(msg, json!({"id": "1_2", "time": 5}));
    }

    #[test]
    fn a_post_answered_with_204_resolves_to_an_empty_result() {
        for op in [
            Operation::PostToChannel,
            Operation::PostToBot,
            Operation::PostToChat,
            Operation::PostToUser,
        ] {
            assert_eq!(decoded(op, 204, ""), json!({}));
            assert_eq!(decoded(op, 200, "  "), json!({}));
        }
    }

    #[test]
    fn an_empty_success_of_an_action_mutation_is_still_success() {
        for op in [
            Operation::CreateMessageAction,
            Operation::UpdateMessageAction,
            Operation::UpdateMessageActionHandler,
        ] {
            assert_eq!(decoded(op, 204, ""), json!({}));
        }
    }

    #[test]
    fn a_synced_post_returns_its_message_id() {
        let r = decoded(
            Operation::PostToChat,
            200,
            r#"{"message_id": "1599387839188_229293271789"}"#,
        );
        assert_eq!(r, json!({"messageId": "1599387839188_229293271789"}));
    }

    #[test]
    fn a_synced_bot_post_returns_message_details_per_user() {
        let body = r#"{ "user_ids": ["55743307","55622727"],
          "message_details": { "55622727": {"chat_id": "CT_1203304812000146098_55622663-B2",
                                             "message_id": "1709038327622%2029706114886"} } }"#;
        let r = decoded(Operation::PostToBot, 200, body);
        assert_eq!(
            r,
            json!({"userIds": ["55743307","55622727"], "messageDetails": {"55622727":
                {"chatId": "CT_1203304812000146098_55622663-B2", "messageId": "1709038327622%2029706114886"}}})
        );
    }

    #[test]
    fn mutations_without_a_result_ignore_any_body() {
        for op in [
            Operation::EditMessage,
            Operation::DeleteMessage,
            Operation::AddReaction,
            Operation::RemoveReaction,
            Operation::DeleteMessageAction,
        ] {
            assert_eq!(decoded(op, 204, ""), Value::Null);
            assert_eq!(decoded(op, 200, r#"{"data": ""}"#), Value::Null);
        }
    }

    #[test]
    fn reactions_seed_sample_splits_on_the_first_two_colons() {
        let body = r#"{ "data": { "😍": ["1710152648241:802515329:Diana", "1710152690025:784333365:Celeste: Liane"],
                                  "🔥": ["1710152758419:788604182:Elizebet Tater", "garbage"] } }"#;
        let r = decoded(Operation::GetReactions, 200, body);
        assert_eq!(
            r["😍"][1],
            json!({"time": 1710152690025_i64, "userId": "784333365", "userName": "Celeste: Liane"})
        );
        assert_eq!(
            r["🔥"].as_array().unwrap().len(),
            1,
            "malformed entries are skipped"
        );
        assert_eq!(
            decoded(Operation::GetReactions, 200, r#"{"data": {}}"#),
            json!({})
        );
    }

    #[test]
    fn message_action_envelope_gives_its_data() {
        let body = r#"{"url": "/api/v3/messageactions/53719000002124010", "type": "messageaction",
          "data": {"id": "53719000002124010", "name": "Create Task", "status": "enabled", "type": "custom",
                   "handlers": [{"type": "execution_handler"}], "future": 1}}"#;
        for op in [
            Operation::CreateMessageAction,
            Operation::GetMessageAction,
            Operation::UpdateMessageAction,
        ] {
            let action = decoded(op, 200, body);
            assert_eq!(action["id"], "53719000002124010");
            assert_eq!(action["future"], 1);
        }
    }

    #[test]
    fn handler_envelope_gives_its_data() {
        let body = r#"{"url": "/api/v3/messageactions/1/handlers/execution_handler", "type": "execution_handler",
          "data": {"name": "execution_handler", "script": "return {};", "function_id": "77"}}"#;
        let h = decoded(Operation::GetMessageActionHandler, 200, body);
        assert_eq!(
            h,
            json!({"name": "execution_handler", "script": "return {};", "function_id": "77"})
        );
    }

    #[test]
    fn message_action_page_maps_tokens_to_camel_case() {
        let body = r#"{"url": "/api/v3/messageactions", "type": "messageaction", "sync_token": "c3luYw==",
          "next_token": "bmV4dA==", "data": [{"id": "1"}, {"id": "2"}]}"#;
        let page = decoded(Operation::ListMessageActions, 200, body);
        assert_eq!(
            page,
            json!({"data": [{"id": "1"}, {"id": "2"}], "nextToken": "bmV4dA==", "syncToken": "c3luYw=="})
        );
        let last = decoded(
            Operation::ListMessageActions,
            200,
            r#"{"data": [], "next_token": ""}"#,
        );
        assert_eq!(last, json!({"data": []}));
    }

    #[test]
    fn success_with_malformed_json_is_bad_response() {
        let err = failed(Operation::GetMessages, 200, r#"{"data": ["#);
        assert_eq!(err.kind, ErrorKind::BadResponse);
        assert_eq!(err.status, Some(200));
    }

    #[test]
    fn success_with_the_wrong_shape_is_bad_response() {
        assert_eq!(
            failed(Operation::GetMessages, 200, r#"{"data": 5}"#).kind,
            ErrorKind::BadResponse
        );
        assert_eq!(
            failed(Operation::GetMessageAction, 200, "[1]").kind,
            ErrorKind::BadResponse
        );
        assert_eq!(
            failed(Operation::GetMessageAction, 200, "").kind,
            ErrorKind::BadResponse
        );
    }

    #[test]
    fn throttle_as_400_request_limit_exceeded_is_rate_limited() {
        let err = failed(
            Operation::PostToChannel,
            400,
            r#"{"code":"request_limit_exceeded","message":"You have exceeded the URL throttle limits."}"#,
        );
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.code.as_deref(), Some("request_limit_exceeded"));
        assert!(err
            .message
            .contains("You have exceeded the URL throttle limits."));
    }

    #[test]
    fn throttle_as_429_reads_retry_after_seconds() {
        let err = decode(
            Operation::GetMessages,
            &HttpResponse {
                status: 429,
                retry_after: Some("2"),
                body: "",
            },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.retry_after_ms, Some(2000));
    }

    #[test]
    fn other_400s_are_http_errors_with_the_server_message() {
        let err = failed(
            Operation::CreateMessageAction,
            400,
            r#"{"code":"msgaction_name_already_exists","message":"Name already exists."}"#,
        );
        assert_eq!(err.kind, ErrorKind::Http);
        assert_eq!(err.code.as_deref(), Some("msgaction_name_already_exists"));
        assert!(err.message.contains("Name already exists."));
    }

    #[test]
    fn nested_error_bodies_are_understood() {
        let err = failed(
            Operation::GetMessages,
            400,
            r#"{"error": {"code": "invalid.inputs.submitted", "message": "Bad input"}}"#,
        );
        assert_eq!(err.code.as_deref(), Some("invalid.inputs.submitted"));
        assert!(err.message.contains("Bad input"));
    }

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (405, ErrorKind::Http),
            (500, ErrorKind::Server),
            (503, ErrorKind::Server),
        ];
        for (status, kind) in cases {
            assert_eq!(
                failed(Operation::GetMessage, status, "").kind,
                kind,
                "{status}"
            );
        }
    }

    #[test]
    fn html_and_empty_401_bodies_do_not_fail_parsing() {
        let err = failed(
            Operation::GetMessage,
            401,
            "<html><body>Unauthorized</body></html>",
        );
        assert_eq!(err.kind, ErrorKind::Unauthorized);
        assert_eq!(err.code, None);
        let err = failed(
            Operation::GetMessage,
            401,
            r#"{"code":"oauthtoken_invalid","message":"Invalid OAuth token passed."}"#,
        );
        assert_eq!(err.code.as_deref(), Some("oauthtoken_invalid"));
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after_ms("3"), Some(3000));
        assert_eq!(parse_retry_after_ms(" 0 "), Some(0));
        assert_eq!(parse_retry_after_ms("0.5"), None);
        assert_eq!(parse_retry_after_ms("-1"), None);
        assert_eq!(parse_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn decoding_arbitrary_bodies_never_panics() {
        let bodies = [
            "",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "1e999",
            "{\"data\": null}",
            "{\"data\": {\"a\": 1}}",
            "{\"data\": [1, \"x\", null]}",
            "{\"error\": 5}",
            "{\"code\": 5}",
            "\u{0}\u{fffd}",
            "{\"message_details\": {\"1\": 5}}",
            "{\"data\": {\"😍\": [1, null, \"1:2\"]}}",
        ];
        for op in Operation::ALL {
            for status in [200, 204, 400, 401, 429, 500, 302] {
                for body in bodies {
                    let _ = decode(*op, &ok(status, body));
                }
            }
        }
    }
}
