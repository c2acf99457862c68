//! Per-client rate limits (in memory, and shared through Redis) and CORS.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{api_token, create, spawn_gateway};
use reqwest::Method;

fn unique_prefix() -> String {
    format!("gateway-test:{}:", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn a_client_over_its_burst_gets_429_with_retry_after_in_the_routes_dialect() {
    let app = spawn_gateway(|g| {
        g.rate_limit.burst = 3;
        g.rate_limit.rate_per_sec = 0.2;
    })
    .await;
    let first = api_token(&app);
    let second = api_token(&app);
    let call = |token: &str| {
        app.request(Method::GET, "/api/demands/x")
            .header("x-api-token", token)
    };
    for _ in 0..3 {
        assert_eq!(app.send(call(&first)).await.status, 200);
    }
    let limited = app.send(call(&first)).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("5"));
    assert_eq!(limited.json()["status"], "KO");
    assert_eq!(limited.json()["error_code"], "RATE_LIMITED");
    // Another client has its own bucket.
    assert_eq!(app.send(call(&second)).await.status, 200);
}

/// Seed 000 promises more than 50 requests/s to a consumer, and a chatbot is one client.
#[tokio::test]
async fn the_default_limit_lets_a_busy_client_through() {
    let app = spawn_gateway(|_| {}).await;
    let token = api_token(&app);
    let statuses = futures_util::future::join_all((0..10).map(|_| async {
        let mut statuses = Vec::new();
        for _ in 0..150 {
            let call = app
                .request(Method::GET, "/api/demands/x")
                .header("x-api-token", &token);
            statuses.push(app.send(call).await.status);
        }
        statuses
    }))
    .await;
    let statuses: Vec<u16> = statuses.into_iter().flatten().collect();
    assert_eq!(statuses.len(), 1500);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

#[tokio::test]
async fn replicas_sharing_redis_enforce_one_limit() {
    let redis_url =
        std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let prefix = unique_prefix();
    let configure = |s: &mut gateway::config::Settings| {
        let g = &mut s.service;
        g.rate_limit.burst = 4;
        g.rate_limit.rate_per_sec = 0.1;
        g.rate_limit.redis_url = Some(redis_url.clone());
        g.rate_limit.redis_prefix = prefix.clone();
    };
    let one = common::spawn_replica(None, configure).await;
    let other = common::spawn_replica(Some(&one.db.url), configure).await;
    let token = create(&one, "api-token", &[])["credentials"]["api_token"]
        .as_str()
        .unwrap()
        .to_string();
    let call = |app: &testkit::TestApp| {
        app.request(Method::GET, "/api/sav/1")
            .header("x-api-token", &token)
    };
    for replica in [&one, &other, &one, &other] {
        assert_eq!(replica.send(call(replica)).await.status, 200);
    }
    for replica in [&one, &other] {
        let limited = replica.send(call(replica)).await;
        assert_eq!(limited.status, 429);
        assert!(
            limited
                .header("retry-after")
                .unwrap()
                .parse::<u64>()
                .unwrap()
                >= 1
        );
        assert_eq!(limited.json()["success"], false);
    }
}

#[tokio::test]
async fn cors_answers_only_allowed_origins() {
    let app =
        spawn_gateway(|g| g.cors_allowed_origins = vec!["https://backoffice.example".into()]).await;
    let preflight = |origin: &str| {
        app.request(Method::OPTIONS, "/api/token/create")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
    };
    let allowed = app.send(preflight("https://backoffice.example")).await;
    assert!(allowed.status < 300, "{}", allowed.status);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://backoffice.example")
    );
    let refused = app.send(preflight("https://evil.example")).await;
    assert_eq!(refused.header("access-control-allow-origin"), None);

    let closed = spawn_gateway(|_| {}).await;
    let res = closed
        .send(
            closed
                .request(Method::OPTIONS, "/api/token/create")
                .header("origin", "https://backoffice.example")
                .header("access-control-request-method", "POST"),
        )
        .await;
    assert_eq!(
        res.header("access-control-allow-origin"),
        None,
        "no CORS by default"
    );
}
