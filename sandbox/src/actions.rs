//! Message Actions v3: create, list (with `next_token` and `sync_token`),
//! get, update, delete, and the execution handler.

use axum::http::StatusCode;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, Reply};
use crate::ids::now_ms;
use crate::messages::Caller;
use crate::state::{MessageAction, Org};
use crate::validate::{self, chars, Query};

/// Keys a create body may carry.
pub const CREATE_KEYS: [&str; 9] = [
    "name",
    "hint",
    "execution_type",
    "execution_url",
    "scope",
    "team_ids",
    "multi_selectable",
    "image",
    "message_types",
];
/// Keys an update body may carry (no `execution_type`: it cannot change).
pub const UPDATE_KEYS: [&str; 8] = [
    "execution_url",
    "name",
    "hint",
    "scope",
    "team_ids",
    "multi_selectable",
    "image",
    "message_types",
];
/// Handler permissions of webhook actions.
pub const PERMISSIONS: [&str; 5] = ["chat", "message", "user", "location", "attachments"];
/// Message types an action applies to.
pub const MESSAGE_TYPES: [&str; 3] = ["text", "link", "attachment"];
/// Longest Deluge script, in bytes (250 KB).
pub const SCRIPT_MAX: usize = 256_000;
/// How many message actions an organisation may have (Cliq's cap is unknown).
pub const ORG_MAX_ACTIONS: usize = 100;
/// Default and maximum page size of the list.
pub const LIST_DEFAULT: i64 = 20;
/// Largest `limit` of the list.
pub const LIST_MAX: i64 = 100;

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "msgaction_not_found",
        format!("Message action with the id '{id}' was not found."),
    )
}

fn envelope(url: String, kind: &str, data: Value) -> Reply {
    Reply::Json(json!({"url": url, "type": kind, "data": data}))
}

fn action_envelope(action: &MessageAction) -> Reply {
    envelope(
        format!("/api/v3/messageactions/{}", action.id),
        "messageaction",
        action.to_json(),
    )
}

fn check_keys(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(ApiError::extra_key(key)),
        None => Ok(()),
    }
}

fn string_field<'a>(
    body: &'a Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<&'a str>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(ApiError::invalid(format!("'{key}' must not be empty.")))
        }
        Some(Value::String(s)) if chars(s) > max => Err(ApiError::invalid(format!(
            "'{key}' is longer than {max} characters."
        ))),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::invalid(format!("'{key}' must be a string."))),
    }
}

fn check_url(url: &str) -> Result<(), ApiError> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Ok(())
    } else {
        Err(ApiError::invalid("'execution_url' must be an http(s) URL."))
    }
}

fn check_scope(value: &Value) -> Result<&str, ApiError> {
    match value.as_str() {
        Some(s @ ("organization" | "team" | "personal")) => Ok(s),
        _ => Err(ApiError::invalid(
            "'scope' must be one of organization, team, personal.",
        )),
    }
}

fn check_team_ids(value: &Value) -> Result<(), ApiError> {
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::invalid("'team_ids' must be an array."))?;
    if list.is_empty() || list.len() > 4 {
        return Err(ApiError::invalid("'team_ids' must have 1 to 4 items."));
    }
    let numeric = |v: &Value| match v {
        Value::Number(n) => n.is_u64(),
        Value::String(s) => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    if !list.iter().all(numeric) {
        return Err(ApiError::invalid(
            "'team_ids' must hold team ids (integers).",
        ));
    }
    Ok(())
}

fn check_message_types(value: &Value) -> Result<(), ApiError> {
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::invalid("'message_types' must be an array."))?;
    if list.is_empty() || list.len() > 3 {
        return Err(ApiError::invalid("'message_types' must have 1 to 3 items."));
    }
    let mut seen = Vec::new();
    for item in list {
        match item.as_str() {
            Some(t) if MESSAGE_TYPES.contains(&t) && !seen.contains(&t) => seen.push(t),
            Some(t) if seen.contains(&t) => {
                return Err(ApiError::invalid(format!("'message_types' repeats '{t}'.")))
            }
            _ => {
                return Err(ApiError::invalid(
                    "'message_types' items must be text, link or attachment.",
                ))
            }
        }
    }
    Ok(())
}

/// Checks each field that is present (shared by create and update).
fn check_fields(body: &Map<String, Value>) -> Result<(), ApiError> {
    string_field(body, "name", 30)?;
    string_field(body, "hint", 128)?;
    if let Some(url) = string_field(body, "execution_url", 225)? {
        check_url(url)?;
    }
    if let Some(scope) = body.get("scope") {
        check_scope(scope)?;
    }
    if let Some(ids) = body.get("team_ids") {
        check_team_ids(ids)?;
    }
    if let Some(v) = body.get("multi_selectable") {
        if !v.is_boolean() {
            return Err(ApiError::invalid("'multi_selectable' must be a boolean."));
        }
    }
    if let Some(v) = body.get("image") {
        if !v.is_string() {
            return Err(ApiError::invalid("'image' must be a string."));
        }
    }
    if let Some(types) = body.get("message_types") {
        check_message_types(types)?;
    }
    Ok(())
}

fn check_unique_name(org: &Org, name: &str, except: Option<&str>) -> Result<(), ApiError> {
    let taken = org.actions.iter().any(|a| {
        Some(a.id.as_str()) != except && a.name().trim().eq_ignore_ascii_case(name.trim())
    });
    if taken {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "msgaction_name_already_exists",
            format!("A message action with the name '{name}' already exists."),
        ));
    }
    Ok(())
}

/// POST /messageactions → 200 envelope.
pub fn create(org: &mut Org, caller: &Caller, body: &[u8]) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    check_keys(&body, &CREATE_KEYS)?;
    check_fields(&body)?;
    let name = string_field(&body, "name", 30)?
        .ok_or_else(|| ApiError::invalid("'name' is required."))?
        .to_string();
    if string_field(&body, "hint", 128)?.is_none() {
        return Err(ApiError::invalid("'hint' is required."));
    }
    let execution_type = match body.get("execution_type") {
        None => "deluge",
        Some(v) => match v.as_str() {
            Some(t @ ("deluge" | "webhook")) => t,
            _ => {
                return Err(ApiError::invalid(
                    "'execution_type' must be deluge or webhook.",
                ))
            }
        },
    };
    let has_url = body.contains_key("execution_url");
    if execution_type == "webhook" && !has_url {
        return Err(ApiError::invalid(
            "'execution_url' is required for webhook message actions.",
        ));
    }
    if execution_type == "deluge" && has_url {
        return Err(ApiError::invalid(
            "'execution_url' applies only to webhook message actions.",
        ));
    }
    // Cliq does not document the default scope (docs/cliq-api.md §16.7):
    // teams given without one mean a team action, else the organisation.
    let has_teams = body.contains_key("team_ids");
    let scope = body
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or(if has_teams { "team" } else { "organization" });
    match (scope, has_teams) {
        ("team", false) => {
            return Err(ApiError::invalid(
                "'team_ids' is required when scope is team.",
            ))
        }
        (s, true) if s != "team" => {
            return Err(ApiError::invalid(
                "'team_ids' is allowed only when scope is team.",
            ))
        }
        _ => {}
    }
    check_unique_name(org, &name, None)?;
    if org.actions.len() >= ORG_MAX_ACTIONS {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "msgaction_creation_limit_exceeded",
            "The organisation has reached the maximum number of message actions.",
        ));
    }
    let mut fields = body.clone();
    fields.insert("execution_type".into(), json!(execution_type));
    fields.insert("scope".into(), json!(scope));
    fields.entry("multi_selectable").or_insert(json!(false));
    fields
        .entry("message_types")
        .or_insert(json!(MESSAGE_TYPES));
    fields.insert("handlers".into(), json!([{"type": "execution_handler"}]));
    fields.insert(
        "creator".into(),
        json!({"name": caller.name, "id": caller.zuid}),
    );
    fields.insert("status".into(), json!("enabled"));
    fields.insert("type".into(), json!("custom"));
    let action = new_action(org, fields, &name);
    let reply = action_envelope(&action);
    org.actions.push(action);
    Ok(reply)
}

/// A new action with default handler settings and the next id.
pub fn new_action(org: &mut Org, fields: Map<String, Value>, name: &str) -> MessageAction {
    let id = org.next_action_id;
    org.next_action_id += 3;
    org.action_changes += 1;
    MessageAction {
        id: id.to_string(),
        fields,
        script: format!(
            "response = Map();\nresponse.put(\"text\", \"{} was run on: \" + message.get(\"text\"));\nreturn response;\n",
            name.replace('"', "'")
        ),
        permissions: vec!["chat".into(), "message".into(), "user".into()],
        function_id: (id + 1).to_string(),
        changed: org.action_changes,
    }
}

fn encode(text: &str) -> String {
    B64.encode(text)
}

fn decode(token: &str, kind: &str) -> Result<Vec<String>, ApiError> {
    let bad = || ApiError::invalid(format!("'{kind}' is invalid."));
    let bytes = B64.decode(token.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    Ok(text.split('|').map(String::from).collect())
}

fn id_number(id: &str) -> u64 {
    id.parse().unwrap_or(0)
}

/// GET /messageactions?limit&next_token&sync_token.
pub fn list(org: &Org, query: &Query) -> Result<Reply, ApiError> {
    let limit = query.int("limit")?.unwrap_or(LIST_DEFAULT);
    if !(1..=LIST_MAX).contains(&limit) {
        return Err(ApiError::invalid(format!(
            "'limit' must be between 1 and {LIST_MAX}."
        )));
    }
    let mut since: Option<u64> = None;
    let mut after: u64 = 0;
    if let Some(token) = query.get("sync_token").filter(|t| !t.is_empty()) {
        let parts = decode(token, "sync_token")?;
        match parts.as_slice() {
            [tag, changes, _] if tag == "s" => {
                since = Some(
                    changes
                        .parse()
                        .map_err(|_| ApiError::invalid("'sync_token' is invalid."))?,
                );
            }
            _ => return Err(ApiError::invalid("'sync_token' is invalid.")),
        }
    }
    let paging = query.get("next_token").filter(|t| !t.is_empty());
    if let Some(token) = paging {
        let parts = decode(token, "next_token")?;
        let bad = || ApiError::invalid("'next_token' is invalid.");
        match parts.as_slice() {
            [tag, s, last] if tag == "n" => {
                if !s.is_empty() {
                    since = Some(s.parse().map_err(|_| bad())?);
                }
                after = last.parse().map_err(|_| bad())?;
            }
            _ => return Err(bad()),
        }
    }
    let matching: Vec<&MessageAction> = org
        .actions
        .iter()
        .filter(|a| since.is_none_or(|s| a.changed > s))
        .filter(|a| id_number(&a.id) > after)
        .collect();
    let page: Vec<&MessageAction> = matching.iter().take(limit as usize).copied().collect();
    let mut out = Map::new();
    out.insert("url".into(), json!("/api/v3/messageactions"));
    out.insert("type".into(), json!("messageaction"));
    out.insert(
        "sync_token".into(),
        json!(encode(&format!("s|{}|{}", org.action_changes, now_ms()))),
    );
    if matching.len() > page.len() {
        if let Some(last) = page.last() {
            let s = since.map(|s| s.to_string()).unwrap_or_default();
            out.insert(
                "next_token".into(),
                json!(encode(&format!("n|{s}|{}", last.id))),
            );
        }
    }
    out.insert(
        "data".into(),
        Value::Array(page.iter().map(|a| a.to_json()).collect()),
    );
    if let Some(s) = since {
        if paging.is_none() {
            let deleted: Vec<&str> = org
                .deleted_actions
                .iter()
                .filter(|(seq, _)| *seq > s)
                .map(|(_, id)| id.as_str())
                .collect();
            out.insert("deleted".into(), json!(deleted));
        }
    }
    Ok(Reply::Json(Value::Object(out)))
}

/// GET /messageactions/{id}.
pub fn get(org: &Org, id: &str) -> Result<Reply, ApiError> {
    let action = org
        .actions
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| not_found(id))?;
    Ok(action_envelope(action))
}

/// PATCH /messageactions/{id}: any subset of the updatable fields.
pub fn update(org: &mut Org, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    check_keys(&body, &UPDATE_KEYS)?;
    check_fields(&body)?;
    let index = org
        .actions
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| not_found(id))?;
    let current = org.actions[index].clone();
    if body.contains_key("execution_url") && current.execution_type() != "webhook" {
        return Err(ApiError::invalid(
            "'execution_url' applies only to webhook message actions.",
        ));
    }
    let scope = body
        .get("scope")
        .or_else(|| current.fields.get("scope"))
        .and_then(Value::as_str)
        .unwrap_or("organization")
        .to_string();
    if scope != "team" && body.contains_key("team_ids") {
        return Err(ApiError::invalid(
            "'team_ids' is allowed only when scope is team.",
        ));
    }
    let mut fields = current.fields.clone();
    for (key, value) in &body {
        fields.insert(key.clone(), value.clone());
    }
    if scope != "team" {
        fields.remove("team_ids");
    } else if !fields.contains_key("team_ids") {
        return Err(ApiError::invalid(
            "'team_ids' is required when scope is team.",
        ));
    }
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        check_unique_name(org, name, Some(id))?;
    }
    org.action_changes += 1;
    let changes = org.action_changes;
    let action = &mut org.actions[index];
    action.fields = fields;
    action.changed = changes;
    Ok(action_envelope(action))
}

/// DELETE /messageactions/{id} → 204 (the handler goes with it).
pub fn delete(org: &mut Org, id: &str) -> Result<Reply, ApiError> {
    let index = org
        .actions
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| not_found(id))?;
    org.actions.remove(index);
    org.action_changes += 1;
    org.deleted_actions
        .push((org.action_changes, id.to_string()));
    Ok(Reply::NoContent)
}

fn handler_index(org: &Org, id: &str, handler: &str) -> Result<usize, ApiError> {
    let index = org
        .actions
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| not_found(id))?;
    if handler != "execution_handler" {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "execution_handler_not_found",
            format!("The handler '{handler}' was not found for this message action."),
        ));
    }
    Ok(index)
}

fn handler_reply(action: &MessageAction) -> Reply {
    envelope(
        format!(
            "/api/v3/messageactions/{}/handlers/execution_handler",
            action.id
        ),
        "execution_handler",
        action.handler_json(),
    )
}

/// GET /messageactions/{id}/handlers/execution_handler.
pub fn get_handler(org: &Org, id: &str, handler: &str) -> Result<Reply, ApiError> {
    let index = handler_index(org, id, handler)?;
    Ok(handler_reply(&org.actions[index]))
}

/// PATCH /messageactions/{id}/handlers/execution_handler: `script` for
/// Deluge actions, `permissions` for webhook actions.
pub fn update_handler(
    org: &mut Org,
    id: &str,
    handler: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let body = validate::json_object(body)?;
    check_keys(&body, &["script", "permissions"])?;
    let index = handler_index(org, id, handler)?;
    let webhook = org.actions[index].execution_type() == "webhook";
    let mut script = None;
    let mut permissions = None;
    if let Some(value) = body.get("script") {
        if webhook {
            return Err(ApiError::invalid(
                "'script' applies only to Deluge message actions; use 'permissions'.",
            ));
        }
        let text = value
            .as_str()
            .ok_or_else(|| ApiError::invalid("'script' must be a string."))?;
        if text.len() > SCRIPT_MAX {
            return Err(ApiError::invalid(format!(
                "'script' is larger than {SCRIPT_MAX} bytes."
            )));
        }
        script = Some(text.to_string());
    }
    if let Some(value) = body.get("permissions") {
        if !webhook {
            return Err(ApiError::invalid(
                "'permissions' apply only to webhook message actions; use 'script'.",
            ));
        }
        let list = value
            .as_array()
            .ok_or_else(|| ApiError::invalid("'permissions' must be an array."))?;
        let mut out: Vec<String> = Vec::new();
        for item in list {
            match item.as_str() {
                Some(p) if PERMISSIONS.contains(&p) && !out.iter().any(|o| o == p) => {
                    out.push(p.to_string())
                }
                _ => {
                    return Err(ApiError::invalid(
                        "'permissions' items must be distinct values of chat, message, user, location, attachments.",
                    ))
                }
            }
        }
        permissions = Some(out);
    }
    org.action_changes += 1;
    let changes = org.action_changes;
    let action = &mut org.actions[index];
    if let Some(script) = script {
        action.script = script;
    }
    if let Some(permissions) = permissions {
        action.permissions = permissions;
    }
    action.changed = changes;
    Ok(handler_reply(action))
}
