//! Quotas and lock periods per token and per operation, at a time scale.

mod common;

use std::time::{Duration, Instant};

use cliq_sandbox::Config;
use common::*;
use serde_json::json;

const ACTION: &str = "/api/v3/messageactions/53719000002124010";

async fn limited(time_scale: f64) -> Sandbox {
    with(Config {
        time_scale,
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn exceeding_the_quota_answers_400_then_locks_until_the_period_ends() {
    // At scale 30 a quota minute lasts 2 s: ten quick calls fit in one window.
    let sb = limited(30.0).await;
    for i in 0..10 {
        let a = sb.api("GET", ACTION, None).await;
        assert_eq!(a.status, 200, "call {i}");
    }
    let refused = sb.api("GET", ACTION, None).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.json(),
        json!({"code": "request_limit_exceeded", "message": "You have exceeded the URL throttle limits."})
    );
    assert!(refused.header("retry-after").is_none());
    // Locked: the same answer again; other operations and tokens are free.
    assert_eq!(
        sb.api("GET", ACTION, None).await.code(),
        "request_limit_exceeded"
    );
    assert_eq!(
        sb.api("GET", &format!("{ACTION}/handlers/execution_handler"), None)
            .await
            .status,
        200
    );
    assert_eq!(
        sb.call("GET", ACTION, Some("another-token"), None)
            .await
            .status,
        200
    );
    // Shrink the running lock (5 min / 600 = 0.5 s) and poll through it: calls
    // during the lock are refused and do not extend it.
    let put = sb
        .call(
            "PUT",
            "/__sandbox/config",
            None,
            Some(&json!({"time_scale": 600})),
        )
        .await;
    assert_eq!(put.status, 204);
    let started = Instant::now();
    let mut refusals = 0;
    loop {
        let a = sb.api("GET", ACTION, None).await;
        if a.status == 200 {
            break;
        }
        assert_eq!(a.code(), "request_limit_exceeded");
        refusals += 1;
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the lock never ended"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refusals >= 1 || started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn throttle_status_429_sends_retry_after() {
    let sb = with(Config {
        time_scale: 30.0,
        throttle_status: 429,
        ..Config::default()
    })
    .await;
    for _ in 0..15 {
        assert_eq!(
            sb.api(
                "GET",
                &format!("/api/v2/chats/{ENGINEERING}/messages?limit=1"),
                None
            )
            .await
            .status,
            200
        );
    }
    let a = sb
        .api(
            "GET",
            &format!("/api/v2/chats/{ENGINEERING}/messages?limit=1"),
            None,
        )
        .await;
    assert_eq!(a.status, 429);
    assert_eq!(a.code(), "request_limit_exceeded");
    // 10 min / 30 = 20 s.
    let secs: u64 = a
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=20).contains(&secs), "{secs}");
    assert_eq!(
        a.header("access-control-expose-headers").as_deref(),
        Some("retry-after")
    );
}

#[tokio::test]
async fn quotas_follow_the_decision_table() {
    let sb = limited(30.0).await;
    // postToChannel: 50 per minute.
    for i in 0..50 {
        let a = sb
            .api(
                "POST",
                "/api/v2/channelsbyname/random/message",
                Some(&json!({"text": format!("n{i}")})),
            )
            .await;
        assert_eq!(a.status, 204, "post {i}");
    }
    assert_eq!(
        sb.api(
            "POST",
            "/api/v2/channelsbyname/random/message",
            Some(&json!({"text": "x"}))
        )
        .await
        .status,
        400
    );
    // postToChat has its own budget of 20.
    for _ in 0..20 {
        assert_eq!(
            sb.api(
                "POST",
                &format!("/api/v2/chats/{DM}/message"),
                Some(&json!({"text": "x"}))
            )
            .await
            .status,
            204
        );
    }
    assert_eq!(
        sb.api(
            "POST",
            &format!("/api/v2/chats/{DM}/message"),
            Some(&json!({"text": "x"}))
        )
        .await
        .code(),
        "request_limit_exceeded"
    );
    // createMessageAction: 30, and the refused call creates nothing.
    for i in 0..30 {
        let a = sb
            .api(
                "POST",
                "/api/v3/messageactions",
                Some(&json!({"name": format!("A{i}"), "hint": "h"})),
            )
            .await;
        assert_eq!(a.status, 200);
    }
    assert_eq!(
        sb.api(
            "POST",
            "/api/v3/messageactions",
            Some(&json!({"name": "Z", "hint": "h"}))
        )
        .await
        .status,
        400
    );
    assert_eq!(sb.state().await["message_actions"], 33);
}

#[tokio::test]
async fn as_tokens_have_their_own_budgets() {
    let sb = limited(30.0).await;
    for _ in 0..10 {
        assert_eq!(
            sb.call("GET", ACTION, Some("as:802515329"), None)
                .await
                .status,
            200
        );
    }
    assert_eq!(
        sb.call("GET", ACTION, Some("as:802515329"), None)
            .await
            .status,
        400
    );
    assert_eq!(
        sb.call("GET", ACTION, Some("as:55622727"), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn no_limits_disables_quotas() {
    let sb = sandbox().await; // limits off
    for _ in 0..40 {
        assert_eq!(sb.api("GET", ACTION, None).await.status, 200);
    }
}

#[tokio::test]
async fn limits_can_be_switched_at_run_time_and_reset_clears_locks() {
    let sb = limited(30.0).await;
    for _ in 0..11 {
        sb.api("GET", ACTION, None).await;
    }
    assert_eq!(sb.api("GET", ACTION, None).await.status, 400);
    let put = sb
        .call(
            "PUT",
            "/__sandbox/config",
            None,
            Some(&json!({"limits": false})),
        )
        .await;
    assert_eq!(put.status, 204);
    assert_eq!(sb.api("GET", ACTION, None).await.status, 200);
    sb.call(
        "PUT",
        "/__sandbox/config",
        None,
        Some(&json!({"limits": true})),
    )
    .await;
    assert_eq!(
        sb.api("GET", ACTION, None).await.status,
        400,
        "the lock is still there"
    );
    assert_eq!(
        sb.call("POST", "/__sandbox/reset", None, None).await.status,
        204
    );
    assert_eq!(sb.api("GET", ACTION, None).await.status, 200);
    for body in [
        json!({"time_scale": 0}),
        json!({"throttle_status": 418}),
        json!({"limits": "no"}),
        json!({"speed": 1}),
    ] {
        assert_eq!(
            sb.call("PUT", "/__sandbox/config", None, Some(&body))
                .await
                .status,
            400,
            "{body}"
        );
    }
}
