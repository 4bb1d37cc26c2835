//! Real credentials: Zoho's `POST /oauth/v2/token` (refresh grant), the
//! access tokens it issues, webhook tokens (`?zapikey=`) on the posting
//! endpoints, the control API that mints them, and secrets kept out of logs.

mod common;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use axum::http::Uri;
use axum::routing::any;
use axum::Router;
use cliq_sandbox::credentials::{CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, WEBHOOK_TOKEN};
use cliq_sandbox::Config;
use common::*;
use serde_json::{json, Value};

const FORM: &str = "application/x-www-form-urlencoded";
const CHANNEL_POST: &str = "/api/v2/channelsbyname/engineering/message";

/// A sandbox with limits off at this time scale.
async fn scaled(time_scale: f64) -> Sandbox {
    with(Config {
        limits: false,
        time_scale,
        ..Config::default()
    })
    .await
}

/// `POST /__sandbox/revoke` for `token`.
async fn revoke(sb: &Sandbox, token: &str) -> Answer {
    sb.call(
        "POST",
        "/__sandbox/revoke",
        None,
        Some(&json!({ "token": token })),
    )
    .await
}

/// `POST /oauth/v2/token` with a form body and a raw query string.
async fn token_request(sb: &Sandbox, query: &str, form: &str) -> Answer {
    let mut url = sb.url("/oauth/v2/token");
    if !query.is_empty() {
        url = format!("{url}?{query}");
    }
    let mut request = sb.http.post(url);
    if !form.is_empty() {
        request = request.header("Content-Type", FORM).body(form.to_string());
    }
    answer(request.send().await.expect("token request")).await
}

fn grant(client_id: &str, client_secret: &str, refresh_token: &str) -> String {
    serde_urlencoded::to_string([
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("refresh_token", refresh_token),
    ])
    .expect("form")
}

/// A refresh with the seed client, as the library sends it.
async fn refresh(sb: &Sandbox, refresh_token: &str) -> Answer {
    token_request(sb, "", &grant(CLIENT_ID, CLIENT_SECRET, refresh_token)).await
}

/// A fresh refresh token from the control API.
async fn mint(sb: &Sandbox, body: Option<Value>) -> Value {
    let a = sb
        .call(
            "POST",
            "/__sandbox/oauth/refresh-tokens",
            None,
            body.as_ref(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()
}

async fn minted_refresh_token(sb: &Sandbox) -> String {
    mint(sb, None).await["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

async fn mint_webhook(sb: &Sandbox) -> String {
    let a = sb
        .call("POST", "/__sandbox/webhook-tokens", None, None)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()["webhook_token"]
        .as_str()
        .expect("webhook_token")
        .to_string()
}

async fn access_token(sb: &Sandbox, refresh_token: &str) -> String {
    let a = refresh(sb, refresh_token).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

/// A post with `?zapikey=` and no Authorization header.
async fn hook_post(sb: &Sandbox, path: &str, key: &str, body: &Value) -> Answer {
    let query = serde_urlencoded::to_string([("zapikey", key)]).expect("query");
    sb.call("POST", &format!("{path}?{query}"), None, Some(body))
        .await
}

fn invalid_token() -> Value {
    json!({"code": "oauthtoken_invalid", "message": "Invalid OAuth token passed."})
}

#[tokio::test]
async fn a_refresh_gives_a_bearer_token_that_works_on_the_api_and_expires() {
    // At x1800 an hour lasts two seconds.
    let sb = scaled(1800.0).await;
    let a = refresh(&sb, REFRESH_TOKEN).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    let body = a.json();
    let token = body["access_token"].as_str().expect("access_token");
    assert!(token.starts_with("1000.") && token.len() > 40, "{token}");
    assert_eq!(body["api_domain"], sb.run.url);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let path = format!("/api/v2/chats/{ENGINEERING}/messages");
    assert_eq!(sb.call("GET", &path, Some(token), None).await.status, 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let dead = sb.call("GET", &path, Some(token), None).await;
    assert_eq!(dead.status, 401);
    assert_eq!(dead.json(), invalid_token());
    // Arbitrary tokens are still accepted as before.
    assert_eq!(sb.api("GET", &path, None).await.status, 200);
}

#[tokio::test]
async fn every_refresh_issues_a_new_token() {
    let sb = sandbox().await;
    let first = access_token(&sb, REFRESH_TOKEN).await;
    let second = access_token(&sb, REFRESH_TOKEN).await;
    assert_ne!(first, second);
    let path = format!("/api/v2/chats/{ENGINEERING}/messages");
    for token in [&first, &second] {
        assert_eq!(sb.call("GET", &path, Some(token), None).await.status, 200);
    }
}

#[tokio::test]
async fn an_unknown_or_revoked_refresh_token_is_invalid_code() {
    let sb = sandbox().await;
    let a = refresh(&sb, "1000.not.issued").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), json!({"error": "invalid_code"}));
    let missing = token_request(
        &sb,
        "",
        "grant_type=refresh_token&client_id=1000.SANDBOXCLIENT&client_secret=sandbox-client-secret-7b3e9f",
    )
    .await;
    assert_eq!(missing.json(), json!({"error": "invalid_code"}));
    let minted = minted_refresh_token(&sb).await;
    let revoked = revoke(&sb, &minted).await;
    assert_eq!(revoked.status, 204, "{}", revoked.text);
    let a = refresh(&sb, &minted).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), json!({"error": "invalid_code"}));
}

#[tokio::test]
async fn a_wrong_secret_or_an_unknown_client_is_invalid_client() {
    let sb = sandbox().await;
    for form in [
        grant(CLIENT_ID, "wrong-secret", REFRESH_TOKEN),
        grant("1000.UNKNOWNCLIENT", CLIENT_SECRET, REFRESH_TOKEN),
        grant(CLIENT_ID, "", REFRESH_TOKEN),
        "grant_type=refresh_token&refresh_token=x".to_string(),
    ] {
        let a = token_request(&sb, "", &form).await;
        assert_eq!(a.status, 200, "{form}");
        assert_eq!(a.json(), json!({"error": "invalid_client"}), "{form}");
    }
}

#[tokio::test]
async fn the_eleventh_refresh_in_ten_minutes_is_access_denied_until_the_window_moves() {
    // At x300 ten minutes last two seconds.
    let sb = with(Config {
        time_scale: 300.0,
        ..Config::default()
    })
    .await;
    let mine = minted_refresh_token(&sb).await;
    for i in 0..10 {
        assert_eq!(refresh(&sb, &mine).await.status, 200, "refresh {i}");
    }
    let denied = refresh(&sb, &mine).await;
    assert_eq!(denied.status, 400);
    assert_eq!(
        denied.json(),
        json!({
            "error_description": "You have made too many requests continuously. Please try again after some time.",
            "error": "Access Denied",
            "status": "failure",
        })
    );
    // Another refresh token has its own budget.
    assert_eq!(refresh(&sb, REFRESH_TOKEN).await.status, 200);
    tokio::time::sleep(Duration::from_millis(2050)).await;
    let again = refresh(&sb, &mine).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert!(again.json()["access_token"].is_string());
}

#[tokio::test]
async fn parameters_are_read_from_the_query_string_too() {
    let sb = sandbox().await;
    let query = grant(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN);
    let a = token_request(&sb, &query, "").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(a.json()["access_token"].is_string());
    // Split between the two, and client credentials by Basic auth.
    let a = token_request(
        &sb,
        "grant_type=refresh_token",
        &format!(
            "client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&refresh_token={REFRESH_TOKEN}"
        ),
    )
    .await;
    assert!(a.json()["access_token"].is_string(), "{}", a.text);
    let basic = sb
        .http
        .post(sb.url("/oauth/v2/token"))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .header("Content-Type", FORM)
        .body(format!(
            "grant_type=refresh_token&refresh_token={REFRESH_TOKEN}"
        ))
        .send()
        .await
        .expect("send");
    let a = answer(basic).await;
    assert!(a.json()["access_token"].is_string(), "{}", a.text);
}

#[tokio::test]
async fn a_body_not_declared_as_a_form_is_ignored() {
    let sb = sandbox().await;
    let response = sb
        .http
        .post(sb.url("/oauth/v2/token"))
        .header("Content-Type", "text/plain;charset=UTF-8")
        .body(grant(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))
        .send()
        .await
        .expect("send");
    let a = answer(response).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), json!({"error": "unsupported_grant_type"}));
}

#[tokio::test]
async fn other_grant_types_are_unsupported() {
    let sb = sandbox().await;
    for form in [
        "grant_type=authorization_code&code=1000.x&client_id=1000.SANDBOXCLIENT".to_string(),
        "grant_type=client_credentials".to_string(),
        format!("client_id={CLIENT_ID}&refresh_token={REFRESH_TOKEN}"),
    ] {
        let a = token_request(&sb, "", &form).await;
        assert_eq!(a.status, 200, "{form}");
        assert_eq!(
            a.json(),
            json!({"error": "unsupported_grant_type"}),
            "{form}"
        );
    }
}

#[tokio::test]
async fn the_token_endpoint_speaks_cors() {
    let sb = sandbox().await;
    let preflight = sb
        .http
        .request(reqwest::Method::OPTIONS, sb.url("/oauth/v2/token"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    let response = sb
        .http
        .post(sb.url("/oauth/v2/token"))
        .header("Origin", "http://localhost:5173")
        .header("Content-Type", FORM)
        .body(grant(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))
        .send()
        .await
        .expect("send");
    let a = answer(response).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[tokio::test]
async fn issued_tokens_pass_a_token_allow_list_and_die_when_revoked() {
    let sb = with(Config {
        limits: false,
        tokens: vec!["only-this".into()],
        ..Config::default()
    })
    .await;
    let path = format!("/api/v2/chats/{ENGINEERING}/messages");
    assert_eq!(sb.api("GET", &path, None).await.status, 401);
    let token = access_token(&sb, REFRESH_TOKEN).await;
    assert_eq!(sb.call("GET", &path, Some(&token), None).await.status, 200);
    let revoked = revoke(&sb, &token).await;
    assert_eq!(revoked.status, 204);
    let dead = sb.call("GET", &path, Some(&token), None).await;
    assert_eq!(dead.status, 401);
    assert_eq!(dead.json(), invalid_token());
    let unknown = revoke(&sb, "never-issued").await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn minted_refresh_tokens_choose_their_user_and_lifetime() {
    let sb = sandbox().await;
    let minted = mint(
        &sb,
        Some(json!({"user": "diana.moore@zylker.com", "expires_in": 120})),
    )
    .await;
    assert_eq!(minted["client_id"], CLIENT_ID);
    assert_eq!(minted["client_secret"], CLIENT_SECRET);
    assert_eq!(minted["accounts_url"], sb.run.url);
    assert_eq!(minted["user"], DIANA);
    assert_eq!(minted["expires_in"], 120);
    let refresh_token = minted["refresh_token"].as_str().expect("refresh_token");
    assert_ne!(refresh_token, REFRESH_TOKEN);
    let a = refresh(&sb, refresh_token).await;
    assert_eq!(a.json()["expires_in"], 120);
    let token = a.json()["access_token"].as_str().unwrap_or("").to_string();
    let me = sb
        .call("GET", "/__sandbox/state", Some(&token), None)
        .await
        .json();
    assert_eq!(me["me"]["zuid"], DIANA);
    // Diana is in #design, the main user is not.
    let path = format!("/api/v2/chats/{DESIGN}/messages");
    assert_eq!(sb.call("GET", &path, Some(&token), None).await.status, 200);
    assert_eq!(sb.api("GET", &path, None).await.status, 403);
    for (body, code) in [
        (json!({"user": "nobody@zylker.com"}), "invalid_inputs"),
        (json!({"expires_in": 0}), "invalid_inputs"),
        (json!({"client_id": "x"}), "extra_key_found"),
    ] {
        let a = sb
            .call("POST", "/__sandbox/oauth/refresh-tokens", None, Some(&body))
            .await;
        assert_eq!(a.status, 400, "{body}");
        assert_eq!(a.code(), code, "{body}");
    }
}

#[tokio::test]
async fn state_lists_the_seed_credentials() {
    let sb = sandbox().await;
    let state = sb.state().await;
    assert_eq!(
        state["credentials"],
        json!({
            "accounts_url": sb.run.url,
            "client_id": "1000.SANDBOXCLIENT",
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
            "webhook_token": WEBHOOK_TOKEN,
        })
    );
}

#[tokio::test]
async fn reset_revives_the_seed_credentials_and_empties_refresh_windows() {
    let sb = with(Config::default()).await;
    for token in [REFRESH_TOKEN, WEBHOOK_TOKEN] {
        let a = revoke(&sb, token).await;
        assert_eq!(a.status, 204);
    }
    let mine = minted_refresh_token(&sb).await;
    for _ in 0..10 {
        assert_eq!(refresh(&sb, &mine).await.status, 200);
    }
    assert_eq!(refresh(&sb, &mine).await.status, 400);
    assert_eq!(
        refresh(&sb, REFRESH_TOKEN).await.json(),
        json!({"error": "invalid_code"})
    );
    let text = json!({"text": "hook"});
    assert_eq!(
        hook_post(&sb, CHANNEL_POST, WEBHOOK_TOKEN, &text)
            .await
            .status,
        401
    );
    assert_eq!(
        sb.call("POST", "/__sandbox/reset", None, None).await.status,
        204
    );
    assert_eq!(refresh(&sb, &mine).await.status, 200);
    assert_eq!(refresh(&sb, REFRESH_TOKEN).await.status, 200);
    assert_eq!(
        hook_post(&sb, CHANNEL_POST, WEBHOOK_TOKEN, &text)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn faults_can_target_the_token_endpoint_and_star_does_not() {
    let sb = sandbox().await;
    let star = json!({"operation": "*", "count": 1, "fault": {"type": "status", "status": 500}});
    let oauth =
        json!({"operation": "oauthToken", "count": 1, "fault": {"type": "status", "status": 503}});
    for fault in [&star, &oauth] {
        let a = sb
            .call("POST", "/__sandbox/faults", None, Some(fault))
            .await;
        assert_eq!(a.status, 204, "{}", a.text);
    }
    assert_eq!(refresh(&sb, REFRESH_TOKEN).await.status, 503);
    assert_eq!(refresh(&sb, REFRESH_TOKEN).await.status, 200);
    let throttle = json!({"operation": "oauthToken", "fault": {"type": "throttle"}});
    sb.call("POST", "/__sandbox/faults", None, Some(&throttle))
        .await;
    assert_eq!(
        refresh(&sb, REFRESH_TOKEN).await.json()["error"],
        "Access Denied"
    );
    // The "*" fault is still there for the API.
    assert_eq!(
        sb.api("GET", "/api/v3/messageactions", None).await.status,
        500
    );
}

#[tokio::test]
async fn a_webhook_token_posts_on_each_posting_endpoint_as_the_main_user() {
    let sb = sandbox().await;
    let minted = mint_webhook(&sb).await;
    assert!(minted.starts_with("1001."), "{minted}");
    for key in [WEBHOOK_TOKEN, minted.as_str()] {
        for path in [
            CHANNEL_POST.to_string(),
            "/api/v2/bots/deploybot/message".to_string(),
            format!("/api/v2/chats/{DM}/message"),
            "/api/v2/buddies/emily.jones@zylker.com/message".to_string(),
        ] {
            let a = hook_post(&sb, &path, key, &json!({"text": "from CI"})).await;
            assert_eq!(a.status, 204, "{path}: {}", a.text);
        }
    }
    let last = sb.last_message(ENGINEERING).await;
    assert_eq!(last["content"]["text"], "from CI");
    assert_eq!(last["sender"]["id"], SCOTT);
    let synced = hook_post(
        &sb,
        &format!("/api/v2/chats/{DM}/message"),
        WEBHOOK_TOKEN,
        &json!({"text": "synced", "sync_message": true}),
    )
    .await;
    assert!(synced.json()["message_id"].is_string(), "{}", synced.text);
}

#[tokio::test]
async fn an_unknown_webhook_token_is_a_401() {
    let sb = sandbox().await;
    for key in ["1001.not.issued", ""] {
        let a = hook_post(&sb, CHANNEL_POST, key, &json!({"text": "x"})).await;
        assert_eq!(a.status, 401, "{key:?}");
        assert_eq!(a.json(), invalid_token());
    }
}

#[tokio::test]
async fn a_webhook_token_does_not_authorise_other_operations() {
    let sb = sandbox().await;
    let message = sb.post_synced(ENGINEERING, "to edit").await;
    let key = format!("zapikey={WEBHOOK_TOKEN}");
    for (method, path) in [
        ("GET", format!("/api/v2/chats/{ENGINEERING}/messages?{key}")),
        (
            "PUT",
            format!("/api/v2/chats/{ENGINEERING}/messages/{message}?{key}"),
        ),
        ("GET", format!("/api/v3/messageactions?{key}")),
    ] {
        let a = sb
            .call(method, &path, None, Some(&json!({"text": "x"})))
            .await;
        assert_eq!(a.status, 401, "{method} {path}");
        assert_eq!(a.text, "", "a bare 401 as without a token: {path}");
    }
}

#[tokio::test]
async fn each_webhook_token_has_its_own_quota() {
    let sb = with(Config::default()).await;
    let first = mint_webhook(&sb).await;
    let second = mint_webhook(&sb).await;
    let path = format!("/api/v2/chats/{DM}/message");
    let text = json!({"text": "count me"});
    for i in 0..20 {
        let a = hook_post(&sb, &path, &first, &text).await;
        assert_eq!(a.status, 204, "post {i}");
    }
    let refused = hook_post(&sb, &path, &first, &text).await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.code(), "request_limit_exceeded");
    assert_eq!(hook_post(&sb, &path, &second, &text).await.status, 204);
    let as_oauth = sb.api("POST", &path, Some(&text)).await;
    assert_eq!(as_oauth.status, 204);
}

#[tokio::test]
async fn the_request_log_holds_no_secret() {
    let sb = sandbox().await;
    let minted = mint(&sb, None).await;
    let refresh_token = minted["refresh_token"].as_str().unwrap_or("").to_string();
    let hook = mint_webhook(&sb).await;
    let mut access = Vec::new();
    access.push(access_token(&sb, REFRESH_TOKEN).await);
    access.push(access_token(&sb, &refresh_token).await);
    let a = token_request(&sb, &grant(CLIENT_ID, CLIENT_SECRET, &refresh_token), "").await;
    access.push(a.json()["access_token"].as_str().unwrap_or("").to_string());
    token_request(&sb, "", &grant(CLIENT_ID, "typo-secret-123", REFRESH_TOKEN)).await;
    let basic = sb
        .http
        .post(sb.url("/oauth/v2/token?grant_type=refresh_token"))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .header("Content-Type", "application/json")
        .body(json!({"refresh_token": REFRESH_TOKEN, "client_secret": CLIENT_SECRET}).to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(basic.status().as_u16(), 200);
    for token in &access {
        sb.call(
            "POST",
            CHANNEL_POST,
            Some(token),
            Some(&json!({"text": "oauth"})),
        )
        .await;
    }
    for key in [WEBHOOK_TOKEN, hook.as_str(), "1001.unknown.hook"] {
        hook_post(&sb, CHANNEL_POST, key, &json!({"text": "hook"})).await;
        sb.call(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages?zapikey={key}"),
            None,
            None,
        )
        .await;
    }
    let text = sb.call("GET", "/__sandbox/requests", None, None).await.text;
    let mut secrets = vec![
        CLIENT_SECRET.to_string(),
        REFRESH_TOKEN.to_string(),
        refresh_token.clone(),
        WEBHOOK_TOKEN.to_string(),
        hook.clone(),
        "1001.unknown.hook".to_string(),
        "typo-secret-123".to_string(),
    ];
    secrets.extend(access.iter().cloned());
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert_eq!(
            text.matches(secret.as_str()).count(),
            0,
            "{secret} in {text}"
        );
    }
    // What the log does say.
    let log = sb.log().await;
    let oauth: Vec<&Value> = log
        .iter()
        .filter(|e| e["operation"] == "oauthToken")
        .collect();
    assert_eq!(oauth.len(), 5);
    assert_eq!(oauth[0]["path"], "/oauth/v2/token");
    assert_eq!(
        oauth[0]["body"],
        json!({"grant_type": "refresh_token", "client_id": CLIENT_ID,
               "client_secret": "<redacted>", "refresh_token": "<redacted>"})
    );
    assert!(oauth[2]["query"]
        .as_str()
        .is_some_and(|q| q.contains("client_secret=<redacted>")));
    let hooks: Vec<&Value> = log
        .iter()
        .filter(|e| e["query"] == "zapikey=<redacted>")
        .collect();
    assert_eq!(hooks.len(), 6);
    assert_eq!(hooks[0]["operation"], "postToChannel");
    assert_eq!(hooks[0]["token"], Value::Null);
}

#[tokio::test]
async fn proxy_mode_forwards_a_zapikey_and_never_logs_it() {
    // The data centre: answers 204 and tells what query it got.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let record = seen.clone();
    let upstream = Router::new().fallback(any(move |uri: Uri| {
        let record = record.clone();
        async move {
            if let Ok(mut list) = record.lock() {
                list.push(uri.query().unwrap_or("").to_string());
            }
            axum::http::StatusCode::NO_CONTENT
        }
    }));
    let listener = cliq_sandbox::bind("127.0.0.1", 0).await.expect("bind");
    let up = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(cliq_sandbox::serve(listener, upstream));
    let (mut child, base) = spawn_binary(&["--port", "0", "--upstream", &up], Stdio::piped());
    let secret = "1001.real-webhook-secret.42";
    let http = reqwest::Client::new();
    let status = http
        .post(format!(
            "{base}{CHANNEL_POST}?zapikey={secret}&bot_unique_name=x"
        ))
        .header("Content-Type", "application/json")
        .body(r#"{"text":"via proxy"}"#)
        .send()
        .await
        .expect("send")
        .status();
    assert_eq!(status.as_u16(), 204);
    let log = http
        .get(format!("{base}/__sandbox/requests"))
        .send()
        .await
        .expect("log")
        .text()
        .await
        .expect("text");
    let _ = child.kill();
    let _ = child.wait();
    task.abort();
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    let forwarded = seen.lock().map(|l| l.clone()).unwrap_or_default();
    assert_eq!(
        forwarded,
        vec![format!("zapikey={secret}&bot_unique_name=x")]
    );
    assert!(
        stderr.contains(&format!("POST {CHANNEL_POST} -> 204")),
        "{stderr}"
    );
    assert!(!stderr.contains(secret), "{stderr}");
    assert!(!log.contains(secret), "{log}");
    assert!(
        log.contains("zapikey=<redacted>&bot_unique_name=x"),
        "{log}"
    );
}

#[tokio::test]
async fn proxy_mode_does_not_emulate_oauth() {
    let sb = proxying_to_nowhere().await;
    let a = refresh(&sb, REFRESH_TOKEN).await;
    assert_eq!(a.status, 404);
    assert!(!a.text.contains("access_token"));
    assert_eq!(sb.state().await["credentials"], Value::Null);
}
