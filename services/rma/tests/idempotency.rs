//! `Idempotency-Key` (the platform's, here on the RMA): a retried write with the same key gets
//! the first answer and does nothing twice.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{Value, json};
use testkit::{TestApp, TestResponse};

async fn message(app: &TestApp, token: &str, key: Option<&str>, body: Value) -> TestResponse {
    let mut request = app
        .request(Method::POST, "/api/demands/message")
        .bearer_auth(token)
        .json(&body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    app.send(request).await
}

async fn messages(app: &TestApp, number: &str) -> usize {
    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await
        .json();
    whole["data"]["messages"]
        .as_array()
        .expect("the demand lists its messages")
        .len()
}

#[tokio::test]
async fn a_retried_message_is_recorded_once() {
    let app = spawn().await;
    let number = create(&app, demand("REP", "center-1")).await;
    let center = center("center-1");
    let body = json!({"demand_number": number, "message": "Numéro de série illisible"});

    let first = message(&app, &center, Some("msg-1"), body.clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    let retry = message(&app, &center, Some("msg-1"), body.clone()).await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.text, first.text);
    assert_eq!(messages(&app, &number).await, 1);

    // The same key on another request is refused; without a key nothing is remembered.
    let other = json!({"demand_number": number, "message": "Autre chose"});
    let res = message(&app, &center, Some("msg-1"), other.clone()).await;
    assert_ko(&res, 422, "IDEMPOTENCY_KEY_REUSED");
    message(&app, &center, None, other.clone()).await;
    message(&app, &center, None, other).await;
    assert_eq!(messages(&app, &number).await, 3);

    // Keys are the caller's own: the retailer's "msg-1" is another key.
    let res = message(&app, &retailer(), Some("msg-1"), body).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("idempotent-replayed"), None);
    assert_eq!(messages(&app, &number).await, 4);
}

#[tokio::test]
async fn what_is_replayed_and_what_is_not() {
    let app = spawn().await;
    let number = create(&app, demand("REP", "center-1")).await;
    let center = center("center-1");
    let status = json!({"demand_number": number, "status_code": "D"});
    let send = |key: &'static str, token: String, body: Value| {
        app.request(Method::POST, "/api/demands/status")
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&body)
    };

    // A business answer is final: the retry gets it again, even once the rule would pass.
    let refused = app.send(send("st-1", center.clone(), status.clone())).await;
    assert_ko(&refused, 409, "DEMAND_NOT_ACCEPTED");
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A"}),
        200,
    )
    .await;
    let replayed = app.send(send("st-1", center.clone(), status.clone())).await;
    assert_ko(&replayed, 409, "DEMAND_NOT_ACCEPTED");
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    let res = app.send(send("st-2", center.clone(), status.clone())).await;
    assert_eq!(res.status, 200, "{}", res.text);

    // A 401 is not kept: the retry with a valid token runs.
    let res = app
        .send(send("st-3", "expired".into(), status.clone()))
        .await;
    assert_ko(&res, 401, "UNAUTHORIZED");
    let res = app.send(send("st-3", center.clone(), status)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.header("idempotent-replayed"), None);

    let too_long = "k".repeat(256);
    let res = app
        .send(
            app.request(Method::POST, "/api/demands/status")
                .bearer_auth(&center)
                .header("Idempotency-Key", too_long)
                .json(&json!({})),
        )
        .await;
    assert_ko(&res, 400, "INVALID_IDEMPOTENCY_KEY");
}

#[tokio::test]
async fn concurrent_retries_do_the_work_once() {
    let app = spawn().await;
    let number = create(&app, demand("REP", "center-1")).await;
    let center = center("center-1");
    let body = json!({"demand_number": number, "message": "Relance"});
    let sends = (0..10).map(|_| message(&app, &center, Some("burst"), body.clone()));
    let answers = futures_util::future::join_all(sends).await;
    for res in &answers {
        assert!(
            res.status == 200
                || (res.status == 409 && res.json()["error_code"] == "IDEMPOTENCY_KEY_IN_USE"),
            "{} {}",
            res.status,
            res.text
        );
    }
    assert!(answers.iter().any(|r| r.status == 200));
    assert_eq!(messages(&app, &number).await, 1);
}
