//! The real gateway binary, after partners used it (token issuance and proxied calls, so the
//! argon2 checks, the credential cache and the upstream connection pools have all run), stops
//! on SIGTERM: status 0 within its shutdown timeout, in-flight calls answered.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde_json::Value;
use testkit::process::{Binary, assert_stops_gracefully};

#[tokio::test]
async fn shutdown_on_sigterm_answers_in_flight_calls() {
    let upstream = common::spawn_echo_with("sav", Duration::from_secs(30));
    let binary = Binary::new(env!("CARGO_BIN_EXE_gateway"), "gateway", 5)
        .env("SERVICE__UPSTREAMS__SAV__URL", &upstream);
    let created = binary.command(&[
        "clients",
        "create",
        "--name",
        "partner",
        "--kind",
        "client-credentials",
        "--scopes",
        "sav_read",
    ]);
    let created: Value = serde_json::from_slice(&created.stdout).unwrap();
    let id = created["credentials"]["client_id"]
        .as_str()
        .unwrap()
        .to_string();
    let secret = created["credentials"]["client_secret"]
        .as_str()
        .unwrap()
        .to_string();
    let mut gateway = binary.spawn().await;

    let client = reqwest::Client::new();
    let issue = || {
        client
            .post(gateway.url("/oauth/token"))
            .basic_auth(&id, Some(&secret))
            .form(&[("grant_type", "client_credentials")])
    };
    let issued: Value = issue().send().await.unwrap().json().await.unwrap();
    let token = issued["access_token"].as_str().unwrap().to_string();
    let proxied = |path: &str| client.get(gateway.url(path)).bearer_auth(&token);
    let basic = |path: &str| client.get(gateway.url(path)).basic_auth(&id, Some(&secret));
    for _ in 0..3 {
        assert_eq!(
            proxied("/svc/sav/readyz").send().await.unwrap().status(),
            200
        );
        assert_eq!(basic("/svc/sav/readyz").send().await.unwrap().status(), 200);
    }

    let in_flight = vec![
        proxied("/svc/sav/slow"),
        issue(),
        basic("/svc/sav/readyz"),
        proxied("/svc/sav/readyz"),
    ];
    let statuses = assert_stops_gracefully(&mut gateway, in_flight).await;
    assert_eq!(statuses, [200, 200, 200, 200]);
}

/// The stop is bounded even when work started by the process never ends: here the periodic key
/// refresh, a background task's blocking query, waits on a lock another session holds past the
/// stop, and the end of the runtime would wait for it. PostgreSQL only: SQLite's readers never
/// wait for a writer.
#[tokio::test]
async fn shutdown_is_bounded_when_a_background_query_is_stuck() {
    let binary = Binary::new(env!("CARGO_BIN_EXE_gateway"), "gateway", 2)
        .env("SERVICE__KEYS_REFRESH_SECS", "1");
    if !binary.is_postgres() {
        return;
    }
    let mut gateway = binary.spawn().await;
    let mut holder = PgConnection::establish(gateway.database_url()).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE signing_keys IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    // Past the next refresh, which now waits on the lock.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    gateway.terminate();
    let (status, _) = gateway.exit().await;
    assert!(!status.success(), "a stop cut short says so: {status}");
    assert!(
        gateway
            .log()
            .contains("still running after the stop deadline"),
        "{}",
        gateway.log()
    );
}
