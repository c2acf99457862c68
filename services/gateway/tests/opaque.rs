//! Seed 001's token shape: `/api/token/create` hands out 40 lowercase hex characters, which the
//! gateway exchanges for its signed token on every call, until the token expires or its client
//! is disabled or rotated.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{admin, claims_of, create, forwarded_token, spawn_gateway};
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

fn is_document_form(token: &str) -> bool {
    token.len() == 40
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A client-credentials client: (id, secret).
fn client(app: &TestApp, extra: &[&str]) -> (String, String) {
    let created = create(app, "client-credentials", extra);
    let credentials = &created["credentials"];
    (
        credentials["client_id"].as_str().unwrap().to_string(),
        credentials["client_secret"].as_str().unwrap().to_string(),
    )
}

async fn token_create(app: &TestApp, (id, secret): &(String, String)) -> Value {
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": secret, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()
}

/// A call through the gateway with `token`: the echo, or the refusal's status.
async fn call(app: &TestApp, token: &str) -> Result<Value, u16> {
    let res = app
        .send(
            app.request(Method::GET, "/api/demands/x")
                .bearer_auth(token),
        )
        .await;
    match res.status {
        200 => Ok(res.json()),
        status => Err(status),
    }
}

#[tokio::test]
async fn the_token_has_the_documents_form_and_is_exchanged_for_a_signed_one() {
    let app = spawn_gateway(|_| {}).await;
    let credentials = client(
        &app,
        &[
            "--scopes",
            "demands_status demands_accept",
            "--partner",
            "center-9",
        ],
    );
    let body = token_create(&app, &credentials).await;
    let token = body["access_token"].as_str().unwrap();
    assert!(is_document_form(token), "{token}");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["token_type"], "Bearer");

    for _ in 0..3 {
        let echo = call(&app, token).await.unwrap();
        let forwarded = forwarded_token(&echo);
        assert_ne!(forwarded, token, "the upstream gets the signed token");
        let claims = claims_of(&forwarded);
        assert_eq!(claims["sub"], credentials.0.as_str());
        assert_eq!(claims["partner"], "center-9");
        assert_eq!(claims["scope"], "demands_status demands_accept");
    }
    // Each request gets a token of its own.
    let other = token_create(&app, &credentials).await;
    assert_ne!(other["access_token"], body["access_token"]);
    // A token of the right form that the gateway never issued.
    assert_eq!(
        call(&app, "43db12155516ffc226655a1c51a9de9b3161f62d")
            .await
            .err(),
        Some(401)
    );
}

#[tokio::test]
async fn the_token_stops_at_once_when_its_client_is_disabled_or_rotated() {
    let app = spawn_gateway(|_| {}).await;
    let rotated = client(&app, &[]);
    let token = token_create(&app, &rotated).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    call(&app, &token).await.unwrap();
    admin(&app, &["clients", "rotate", &rotated.0]);
    assert_eq!(call(&app, &token).await.err(), Some(401), "after rotate");

    let disabled = client(&app, &[]);
    let token = token_create(&app, &disabled).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    call(&app, &token).await.unwrap();
    admin(&app, &["clients", "disable", &disabled.0]);
    assert_eq!(call(&app, &token).await.err(), Some(401), "after disable");
}

#[tokio::test]
async fn the_token_expires_after_its_lifetime() {
    let app = common::spawn_replica(None, |s| {
        s.service.token_ttl_secs = 1;
        s.service.lockout.max_failures = 3;
        s.auth.leeway_secs = 0;
    })
    .await;
    let credentials = client(&app, &[]);
    let body = token_create(&app, &credentials).await;
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap();
    call(&app, token).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Retrying with an expired token is not guessing: no lockout, a new token is issued.
    for _ in 0..5 {
        assert_eq!(call(&app, token).await.err(), Some(401), "expired");
    }
    let renewed = token_create(&app, &credentials).await;
    call(&app, renewed["access_token"].as_str().unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_token_format_is_per_client_and_each_endpoint_keeps_its_default() {
    let app = spawn_gateway(|_| {}).await;
    let credentials = client(&app, &[]);
    let oauth = |(id, secret): (String, String)| {
        let app = &app;
        async move {
            let res = app
                .post_form(
                    "/oauth/token",
                    &[
                        ("grant_type", "client_credentials"),
                        ("client_id", &id),
                        ("client_secret", &secret),
                    ],
                    None,
                )
                .await;
            assert_eq!(res.status, 200, "{}", res.text);
            res.json()["access_token"].as_str().unwrap().to_string()
        }
    };
    // By default: opaque at /api/token/create, a JWT at /oauth/token.
    let opaque = token_create(&app, &credentials).await["access_token"].clone();
    assert!(is_document_form(opaque.as_str().unwrap()));
    let jwt = oauth(credentials.clone()).await;
    assert_eq!(claims_of(&jwt)["sub"], credentials.0.as_str());

    // `jwt`: a signed token everywhere.
    let updated = admin(
        &app,
        &["clients", "update", &credentials.0, "--token-format", "jwt"],
    );
    assert_eq!(updated["client"]["token_format"], "jwt");
    let jwt = token_create(&app, &credentials).await["access_token"].clone();
    assert_eq!(
        claims_of(jwt.as_str().unwrap())["sub"],
        credentials.0.as_str()
    );

    // `opaque`: opaque everywhere, the narrowed scope of /oauth/token kept.
    let scoped = client(&app, &["--scopes", "a b", "--token-format", "opaque"]);
    let res = app
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &scoped.0),
                ("client_secret", &scoped.1),
                ("scope", "a"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let token = res.json()["access_token"].as_str().unwrap().to_string();
    assert!(is_document_form(&token));
    let echo = call(&app, &token).await.unwrap();
    assert_eq!(claims_of(&forwarded_token(&echo))["scope"], "a");

    let created = create(
        &app,
        "password",
        &[
            "--username",
            "shop-1",
            "--terminal",
            "1",
            "--token-format",
            "opaque",
        ],
    );
    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-1", "password": created["credentials"]["password"], "terminal": 1}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(is_document_form(
        res.json()["access_token"].as_str().unwrap()
    ));

    let bad = [
        "clients",
        "update",
        &credentials.0,
        "--token-format",
        "paseto",
    ];
    assert!(common::try_admin(&app, &bad, "").is_err());
}
