//! Document 000's next step, webhooks on SAV status changes: a partner registers an endpoint
//! and gets each status change once, signed, in order, also after its endpoint was down.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use common::{create_sav, feed, sale, token};
use serde_json::{Value, json};
use testkit::TestApp;
use testkit::receiver::Receiver;

const SECRET: &str = "partner-webhook-secret-1";

async fn spawn_delivering() -> TestApp {
    testkit::spawn_with(&sav::SPEC, sav::start, |s: &mut sav::config::Settings| {
        s.outbox.enabled = true;
        s.outbox.poll_interval_ms = 20;
        s.outbox.retry_base_ms = 100;
        s.outbox.retry_max_ms = 300;
        s.outbox.timeout_ms = 2000;
        s.webhooks.allow_http_loopback = true;
    })
    .await
}

async fn register(app: &TestApp, url: &str) -> String {
    let res = app
        .post_json(
            "/api/webhooks",
            &json!({"url": url, "secret": SECRET, "events": ["sav.status_changed"]}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json()["webhook"]["id"].as_str().unwrap().to_string()
}

async fn deliveries(app: &TestApp) -> Vec<Value> {
    let res = app.get("/api/webhooks/deliveries", Some(&token())).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["deliveries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_status_change_reaches_the_endpoint_once_signed_after_it_was_down() {
    let app = spawn_delivering().await;
    let endpoint = Receiver::down();
    let webhook = register(&app, &endpoint.url).await;
    feed(
        &app,
        sale("ORDER123", "customer@example.com", "200", "complete", None),
    )
    .await;
    let id = create_sav(&app, &[("sale_ref", "ORDER123")]).await;
    let res = app
        .post_form(
            &format!("/sav/update-new-sale-sav/{id}"),
            &[("status", "1")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // The endpoint is down: attempts fail and are recorded, then retried.
    for _ in 0..500 {
        let failed = deliveries(&app)
            .await
            .iter()
            .filter(|d| d["outcome"] == "failed")
            .count();
        if failed >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let attempts = deliveries(&app).await;
    assert!(
        attempts.iter().filter(|d| d["outcome"] == "failed").count() >= 3,
        "{attempts:?}"
    );
    assert!(attempts.iter().all(|d| d["webhook_id"] == webhook.as_str()));

    endpoint.start();
    let received = endpoint.wait_for(2).await;
    // Give a duplicate the time to show up, if one were sent.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let received = {
        let all = endpoint.received();
        assert_eq!(all.len(), received.len(), "nothing sent twice: {all:?}");
        all
    };
    assert_eq!(received.len(), 2, "{received:?}");
    let ids: HashSet<_> = received
        .iter()
        .map(|r| r.header("x-webhook-id").unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "one event id per change");
    for delivery in &received {
        let signature = delivery.header("x-webhook-signature").unwrap();
        assert!(
            platform::webhooks::sign::verify(SECRET, signature, &delivery.body),
            "signed with the registered secret: {signature}"
        );
        assert_eq!(
            delivery.header("x-webhook-event"),
            Some("sav.status_changed")
        );
        assert_eq!(
            delivery.json()["event_id"],
            delivery.header("x-webhook-id").unwrap()
        );
    }
    // In order: the creation's first status, then the validation.
    let data: Vec<Value> = received.iter().map(|r| r.json()["data"].clone()).collect();
    assert_eq!(data[0]["savId"], id);
    assert_eq!(data[0]["saleRef"], "ORDER123");
    assert_eq!(data[0]["from"], Value::Null);
    assert_eq!(data[0]["to"], 0);
    assert_eq!(data[1]["from"], 0);
    assert_eq!(data[1]["to"], 1);
    assert_eq!(data[1]["toLabel"], "Validé");

    let delivered: Vec<Value> = deliveries(&app)
        .await
        .into_iter()
        .filter(|d| d["outcome"] == "delivered")
        .collect();
    assert_eq!(delivered.len(), 2, "{delivered:?}");
}

#[tokio::test]
async fn an_update_that_keeps_the_status_tells_nothing() {
    let app = spawn_delivering().await;
    let endpoint = Receiver::up();
    register(&app, &endpoint.url).await;
    feed(
        &app,
        sale("ORDER9", "customer@example.com", "200", "complete", None),
    )
    .await;
    let id = create_sav(&app, &[("sale_ref", "ORDER9"), ("status", "5")]).await;
    endpoint.wait_for(1).await;
    let res = app
        .post_form(
            &format!("/sav/update-new-sale-sav/{id}"),
            &[("status", "5"), ("observations", "rappel client")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let received = endpoint.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].json()["data"]["to"], 5);
}

#[tokio::test]
async fn webhooks_need_the_sav_read_scope() {
    let app = spawn_delivering().await;
    let res = app
        .post_json(
            "/api/webhooks",
            &json!({"url": "https://partner.example/hooks", "secret": SECRET}),
            Some(&testkit::token(&["sales_write"], &[])),
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.text);
    assert_eq!(res.json()["success"], false);
}

#[tokio::test]
async fn an_endpoint_is_an_https_url_of_a_host_and_nothing_else() {
    let app = spawn_delivering().await;
    let reader = testkit::token(&["sav_read"], &[]);
    let with_query = "https://partner.example:8443/hooks?token=a%20b";
    for (url, status) in [
        (with_query, 201),
        ("https://9ub.com*", 422),
        ("https://user@partner.example/", 422),
        ("https://partner.example/hooks#part", 422),
        ("https://0", 422),
    ] {
        let res = app
            .post_json(
                "/api/webhooks",
                &json!({"url": url, "secret": SECRET}),
                Some(&reader),
            )
            .await;
        assert_eq!(res.status, status, "{url}: {}", res.text);
    }
}
