//! The token endpoints, each as its document shows, and the admin command's round trip.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, claims_of, client_credentials_token, create, spawn_gateway};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn client_credentials_at_api_token_create_as_seed_001_shows() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(
        &app,
        "client-credentials",
        &[
            "--scopes",
            "demands_accept demands_status",
            "--partner",
            "center-9",
            "--token-format",
            "jwt",
        ],
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
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let body = res.json();
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "demands_accept demands_status");
    let claims = claims_of(body["access_token"].as_str().unwrap());
    assert_eq!(claims["sub"], id);
    assert_eq!(claims["partner"], "center-9");
    assert_eq!(claims["scope"], "demands_accept demands_status");

    // Wrong secret, unknown client: the same 401, in seed 001's dialect.
    for (id, secret) in [(id, "wrong"), ("cl_unknown", secret)] {
        let res = app
            .post_json(
                "/api/token/create",
                &json!({"client_id": id, "client_secret": secret}),
                None,
            )
            .await;
        assert_eq!(res.status, 401);
        assert_eq!(
            res.json(),
            json!({"status": "KO", "message": "Invalid client credentials.", "error_code": "UNAUTHORIZED"})
        );
    }

    let res = app
        .post_json("/api/token/create", &json!({"client_id": id}), None)
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["errors"]["client_secret"], "is required");

    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": secret, "grant_type": "password"}),
            None,
        )
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error_code"], "UNSUPPORTED_GRANT_TYPE");
}

#[tokio::test]
async fn username_password_terminal_at_api_token_as_seed_003_shows() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(
        &app,
        "password",
        &[
            "--username",
            "shop-12",
            "--terminal",
            "12",
            "--scopes",
            "loyalty",
        ],
    );
    let password = created["credentials"]["password"].as_str().unwrap();

    // JSON with an integer terminal, as the document says.
    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-12", "password": password, "terminal": 12}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(
        claims_of(body["access_token"].as_str().unwrap())["terminal"],
        "12"
    );

    // A form works too.
    let res = app
        .post_form(
            "/api/token",
            &[
                ("username", "shop-12"),
                ("password", password),
                ("terminal", "12"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-12", "password": password, "terminal": 99}),
            None,
        )
        .await;
    assert_eq!(res.status, 401);
    let body = res.json();
    assert_eq!(body["code"], 200);
    assert_eq!(body["message"], "Terminal not found.");

    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-12", "password": "nope", "terminal": 12}),
            None,
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["message"], "Invalid credentials.");

    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-12", "terminal": 12}),
            None,
        )
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["code"], 102);
    assert_eq!(res.json()["details"]["password"], "is required");
}

#[tokio::test]
async fn oauth_token_speaks_rfc_6749() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(&app, "basic", &["--scopes", "customer.read customer.write"]);
    let (id, secret) = (
        created["credentials"]["client_id"]
            .as_str()
            .unwrap()
            .to_string(),
        created["credentials"]["client_secret"]
            .as_str()
            .unwrap()
            .to_string(),
    );

    // Client authentication by Basic header.
    let res = app
        .send(
            app.request(Method::POST, "/oauth/token")
                .basic_auth(&id, Some(&secret))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["scope"], "customer.read customer.write");

    // By form fields, narrowing the scope.
    let res = app
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("scope", "customer.read"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        claims_of(res.json()["access_token"].as_str().unwrap())["scope"],
        "customer.read"
    );

    let cases = [
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", id.as_str()),
                ("client_secret", "x"),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![("grant_type", "client_credentials")],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", id.as_str()),
                ("client_secret", secret.as_str()),
            ],
            400,
            "unsupported_grant_type",
        ),
        (vec![("client_id", id.as_str())], 400, "invalid_request"),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", id.as_str()),
                ("client_secret", secret.as_str()),
                ("scope", "admin"),
            ],
            400,
            "invalid_scope",
        ),
    ];
    for (form, status, error) in cases {
        let res = app.post_form("/oauth/token", &form, None).await;
        assert_eq!(res.status, status, "{form:?}: {}", res.text);
        assert_eq!(res.json()["error"], error, "{form:?}");
        assert!(res.json()["error_description"].is_string());
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_client_out_for_a_while() {
    let app = spawn_gateway(|g| g.lockout.max_failures = 3).await;
    let created = create(&app, "client-credentials", &[]);
    let (id, secret) = (
        created["credentials"]["client_id"].as_str().unwrap(),
        created["credentials"]["client_secret"].as_str().unwrap(),
    );
    for _ in 0..3 {
        let res = app
            .post_json(
                "/api/token/create",
                &json!({"client_id": id, "client_secret": "bad"}),
                None,
            )
            .await;
        assert_eq!(res.status, 401);
    }
    // Locked: even the right secret waits.
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": secret}),
            None,
        )
        .await;
    assert_eq!(res.status, 429);
    assert!(res.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(res.json()["error_code"], "TOO_MANY_FAILED_ATTEMPTS");
}

#[tokio::test]
async fn the_admin_command_creates_rotates_and_disables_clients() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(&app, "client-credentials", &["--scopes", "a b"]);
    let id = created["client"]["id"].as_str().unwrap().to_string();
    let old_secret = created["credentials"]["client_secret"]
        .as_str()
        .unwrap()
        .to_string();
    client_credentials_token(&app, &id, &old_secret).await;

    let listed = admin(&app, &["clients", "list"]);
    let listed_client = &listed["clients"][0];
    assert_eq!(listed_client["id"], id.as_str());
    assert_eq!(listed_client["enabled"], true);
    assert!(
        listed_client.get("secret_hash").is_none(),
        "hashes are never printed"
    );

    let rotated = admin(&app, &["clients", "rotate", &id]);
    let new_secret = rotated["credentials"]["client_secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_secret, old_secret);
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": old_secret}),
            None,
        )
        .await;
    assert_eq!(res.status, 401, "the old secret is refused at once");
    client_credentials_token(&app, &id, &new_secret).await;

    assert_eq!(admin(&app, &["clients", "disable", &id])["enabled"], false);
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": new_secret}),
            None,
        )
        .await;
    assert_eq!(res.status, 401, "a disabled client is refused at once");
    assert_eq!(
        admin(&app, &["clients", "list"])["clients"][0]["enabled"],
        false
    );
}
