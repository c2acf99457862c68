//! What a client of each dialect sees for success and for every kind of error, over HTTP, on
//! SQLite (default) or PostgreSQL (`TEST_POSTGRES_URL`).

mod common;

use platform::Dialect;
use platform::service::ServiceSpec;
use reqwest::Method;
use serde_json::{Value, json};
use testkit::{TestApp, TokenBuilder};

async fn probe(spec: &'static ServiceSpec) -> TestApp {
    testkit::spawn_with(spec, common::start(spec), |s| {
        s.http.body_limit_bytes = 1024
    })
    .await
}

/// The machine code and message of an error body, after checking the dialect's exact shape.
fn read_error(dialect: Dialect, body: &Value) -> (String, String) {
    let object = body.as_object().expect("an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let allowed: &[&str] = match dialect {
        Dialect::Sav => &["success", "message", "error_code", "errors", "request_id"],
        Dialect::Rma => &["status", "message", "error_code", "errors", "request_id"],
        Dialect::Customers => &["result", "message", "validation_messages", "request_id"],
        Dialect::Loyalty => &["code", "message", "details", "error_code", "request_id"],
        Dialect::Crm => &["error", "code", "errors", "request_id"],
        Dialect::Plain => &["error", "error_description", "errors", "request_id"],
    };
    assert!(
        keys.iter().all(|k| allowed.contains(k)),
        "{dialect:?}: unexpected keys in {body}"
    );
    let text = |key: &str| {
        body[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} in {body}"))
            .to_string()
    };
    match dialect {
        Dialect::Sav => {
            assert_eq!(body["success"], false);
            (text("error_code"), text("message"))
        }
        Dialect::Rma => {
            assert_eq!(body["status"], "KO");
            (text("error_code"), text("message"))
        }
        Dialect::Customers => (text("result"), text("message")),
        Dialect::Loyalty => {
            assert!(body["code"].is_u64(), "numbered code in {body}");
            (text("error_code"), text("message"))
        }
        Dialect::Crm => (text("code"), text("error")),
        Dialect::Plain => (
            text("error").to_ascii_uppercase(),
            text("error_description"),
        ),
    }
}

fn field_details(dialect: Dialect, body: &Value) -> &Value {
    match dialect {
        Dialect::Customers => &body["validation_messages"],
        Dialect::Loyalty => &body["details"],
        _ => &body["errors"],
    }
}

async fn check_dialect(spec: &'static ServiceSpec) {
    let dialect = spec.dialect;
    let app = probe(spec).await;

    // Success in the dialect's envelope.
    let ok = app.get("/probe/ok", None).await;
    assert_eq!(ok.status, 200);
    let expected = match dialect {
        Dialect::Sav => json!({"success": true, "answer": 42}),
        Dialect::Rma => json!({"status": "OK", "message": "Success", "data": {"answer": 42}}),
        _ => json!({"answer": 42}),
    };
    assert_eq!(ok.json(), expected, "{dialect:?}");
    assert!(ok.header("x-request-id").is_some());

    // Validation: 422 naming the field.
    let res = app.get("/probe/validation", None).await;
    assert_eq!(res.status, 422);
    let body = res.json();
    let (code, message) = read_error(dialect, &body);
    assert_eq!(code, "VALIDATION_ERROR");
    assert!(message.contains("email"), "{message}");
    assert_eq!(
        field_details(dialect, &body)["email"],
        "must be a valid email address"
    );

    // Business codes keep their exact spelling; loyalty carries its number.
    let res = app.get("/probe/not-found", None).await;
    assert_eq!(res.status, 404);
    assert_eq!(
        read_error(dialect, &res.json()),
        ("SALE_NOT_FOUND".into(), "Sale not found.".into())
    );
    let res = app.get("/probe/conflict", None).await;
    assert_eq!(res.status, 409);
    let body = res.json();
    assert_eq!(read_error(dialect, &body).0, "VOUCHER_ALREADY_USED");
    if dialect == Dialect::Loyalty {
        assert_eq!(body["code"], 451);
    }

    // Server errors: 500 with the request id, never the cause.
    for path in ["/probe/internal", "/probe/database", "/probe/panic"] {
        let res = app
            .send(
                app.request(Method::GET, path)
                    .header("x-request-id", "req-500"),
            )
            .await;
        assert_eq!(res.status, 500, "{path}");
        let body = res.json();
        let (code, _) = read_error(dialect, &body);
        assert_eq!(code, "INTERNAL_ERROR", "{path}");
        assert_eq!(body["request_id"], "req-500", "{path}");
        assert!(
            !res.text.contains("secret"),
            "{path} leaks its cause: {}",
            res.text
        );
        assert!(
            !res.text.to_ascii_lowercase().contains("select"),
            "{path} leaks SQL"
        );
    }
    // The worker survives a panic.
    assert_eq!(app.get("/probe/ok", None).await.status, 200);

    // Malformed JSON, wrong content type, invalid field, oversized body.
    let malformed = app
        .send(
            app.request(Method::POST, "/probe/json")
                .header("content-type", "application/json")
                .body("{\"email\": "),
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert_eq!(read_error(dialect, &malformed.json()).0, "MALFORMED_JSON");

    let wrong_type = app
        .send(
            app.request(Method::POST, "/probe/json")
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(wrong_type.status, 415);
    let (code, message) = read_error(dialect, &wrong_type.json());
    assert_eq!(code, "UNSUPPORTED_MEDIA_TYPE");
    assert!(message.contains("application/json"));

    let missing = app
        .post_json("/probe/json", &json!({"amount": "12,50"}), None)
        .await;
    assert_eq!(missing.status, 422);
    assert!(read_error(dialect, &missing.json()).1.contains("email"));

    let bad_amount = app
        .post_json(
            "/probe/json",
            &json!({"email": "a@b.c", "amount": "12.345"}),
            None,
        )
        .await;
    assert_eq!(bad_amount.status, 422);

    let good = app
        .post_json(
            "/probe/json",
            &json!({"email": "a@b.c", "amount": "158,45"}),
            None,
        )
        .await;
    assert_eq!(good.status, 201);

    let big = json!({"email": "x".repeat(2000), "amount": 1});
    let too_large = app.post_json("/probe/json", &big, None).await;
    assert_eq!(too_large.status, 413);
    assert_eq!(
        read_error(dialect, &too_large.json()).0,
        "PAYLOAD_TOO_LARGE"
    );

    // Unparsable query string, unknown route.
    let bad_query = app.get("/probe/query?page=abc", None).await;
    assert_eq!(bad_query.status, 400);
    let (code, message) = read_error(dialect, &bad_query.json());
    assert_eq!(code, "INVALID_QUERY");
    assert!(message.contains("page"), "{message}");

    let unknown = app.get("/no/such/route", None).await;
    assert_eq!(unknown.status, 404);
    let (code, message) = read_error(dialect, &unknown.json());
    assert_eq!(code, "ROUTE_NOT_FOUND");
    assert!(message.contains("/no/such/route"));

    // 401 without or with a bad token, 403 without the scope or permission.
    let res = app.get("/probe/scope", None).await;
    assert_eq!(res.status, 401);
    assert_eq!(read_error(dialect, &res.json()).0, "UNAUTHORIZED");
    let res = app
        .get("/probe/scope", Some(&testkit::token(&["other"], &[])))
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(read_error(dialect, &res.json()).0, "FORBIDDEN");
}

#[tokio::test]
async fn sav_dialect() {
    check_dialect(&common::SAV).await;
}

#[tokio::test]
async fn rma_dialect() {
    check_dialect(&common::RMA).await;
}

#[tokio::test]
async fn customers_dialect() {
    check_dialect(&common::CUSTOMERS).await;
}

#[tokio::test]
async fn loyalty_dialect() {
    check_dialect(&common::LOYALTY).await;
}

#[tokio::test]
async fn crm_dialect() {
    check_dialect(&common::CRM).await;
}

#[tokio::test]
async fn plain_dialect() {
    check_dialect(&common::PLAIN).await;
}

#[tokio::test]
async fn tokens_are_verified_before_any_scope_check() {
    let app = probe(&common::RMA).await;
    let cases = [
        (
            "expired",
            TokenBuilder::new()
                .scopes(&["probe_read"])
                .expires_in(-120)
                .sign(),
        ),
        (
            "wrong audience",
            TokenBuilder::new()
                .scopes(&["probe_read"])
                .audience("elsewhere")
                .sign(),
        ),
        (
            "foreign key",
            TokenBuilder::new()
                .scopes(&["probe_read"])
                .sign_with_foreign_key(),
        ),
        ("garbage", "not.a.jwt".to_string()),
    ];
    for (what, token) in cases {
        let res = app.get("/probe/scope", Some(&token)).await;
        assert_eq!(res.status, 401, "{what}");
        assert_eq!(res.header("www-authenticate"), Some("Bearer"), "{what}");
    }

    let valid = TokenBuilder::new().scopes(&["probe_read"]).sign();
    let mut parts: Vec<String> = valid.split('.').map(str::to_string).collect();
    let elevated = TokenBuilder::new().scopes(&["probe_read", "admin"]).sign();
    parts[1] = elevated.split('.').nth(1).expect("a payload").to_string();
    let res = app.get("/probe/scope", Some(&parts.join("."))).await;
    assert_eq!(res.status, 401, "tampered payload");

    let good = TokenBuilder::new()
        .scopes(&["probe_read", "demands_status"])
        .subject("center-client")
        .partner("center-9")
        .terminal("12")
        .sign();
    let res = app.get("/probe/scope", Some(&good)).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json(),
        json!({"sub": "center-client", "scopes": ["probe_read", "demands_status"], "partner": "center-9", "terminal": "12"})
    );

    let res = app.get("/probe/permission", Some(&good)).await;
    assert_eq!(res.status, 403);
    let with_permission = TokenBuilder::new()
        .permissions(&["customer.view_phone"])
        .sign();
    assert_eq!(
        app.get("/probe/permission", Some(&with_permission))
            .await
            .status,
        200
    );
}
