//! The token requests of the seeds, sent as their documents show them, and our answers locked
//! in snapshots: what a partner's client parses from us, and what the token says of it. The
//! token itself, the client id and the moments change on every run and are redacted.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{claims_of, create, spawn_gateway};
use serde_json::{Value, json};

/// Seed 001's scope string, in its order.
const SEED_001_SCOPES: &str = "demands_create demands_status demands_adddocument \
demands_messagecenter demands_resubmit demands_update demands_responsequote demands_accept \
demands_refuse";

/// The token's claims, once checked that it lasts what `expires_in` says.
fn claims(body: &Value) -> Value {
    let claims = claims_of(body["access_token"].as_str().unwrap());
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    assert_eq!(Some(lifetime), body["expires_in"].as_u64());
    claims
}

#[tokio::test]
async fn seed_001_token_create() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(&app, "client-credentials", &["--scopes", SEED_001_SCOPES]);
    let (id, secret) = (
        created["credentials"]["client_id"].as_str().unwrap(),
        created["credentials"]["client_secret"].as_str().unwrap(),
    );

    // The document's body, its keys in its order.
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_secret": secret, "client_id": id, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    let token = body["access_token"].as_str().unwrap();
    assert!(
        token.len() == 40
            && token
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "the document's form: {token}"
    );
    insta::assert_json_snapshot!("seed_001_token_create", body, {".access_token" => "[opaque token]"});

    // What the signed token says, for a client whose tokens are JWTs.
    let created = create(
        &app,
        "client-credentials",
        &["--scopes", SEED_001_SCOPES, "--token-format", "jwt"],
    );
    let (id, secret) = (
        created["credentials"]["client_id"].as_str().unwrap(),
        created["credentials"]["client_secret"].as_str().unwrap(),
    );
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_secret": secret, "client_id": id, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    let body = res.json();
    insta::assert_json_snapshot!("seed_001_token_create_claims", claims(&body), {
        ".sub" => "[client id]", ".jti" => "[uuid]", ".iat" => "[issued at]", ".exp" => "[expires at]",
    });
}

#[tokio::test]
async fn seed_003_api_token() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(
        &app,
        "password",
        &["--username", "avomark-shop", "--terminal", "1"],
    );
    let password = created["credentials"]["password"].as_str().unwrap();

    // The document's three parameters, as a form.
    let res = app
        .post_form(
            "/api/token",
            &[
                ("username", "avomark-shop"),
                ("password", password),
                ("terminal", "1"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    insta::assert_json_snapshot!("seed_003_api_token", body, {".access_token" => "[jwt]"});
    insta::assert_json_snapshot!("seed_003_api_token_claims", claims(&body), {
        ".sub" => "[client id]", ".jti" => "[uuid]", ".iat" => "[issued at]", ".exp" => "[expires at]",
    });
}
