//! Issue 16, flow 4: with the coupon check configured, the chatbot's forgotten coupon must be an
//! active voucher of the loyalty service, asked over HTTP with the SAV service's own client
//! credentials from the gateway; with loyalty down, the answer is the configured one, quickly.

#![allow(clippy::unwrap_used)]

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{feed, issuer, sale, token};
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

const CARD: &str = "13732365477";

async fn loyalty_post(loyalty: &TestApp, path: &str, body: Value, token: &str) {
    let res = loyalty
        .send(
            loyalty
                .request(Method::POST, path)
                .bearer_auth(token)
                .json(&body),
        )
        .await;
    assert!(
        res.status == 201 || res.status == 200,
        "{path}: {}",
        res.text
    );
}

/// The gateway, and the loyalty service trusting its tokens, with a card holding an active
/// voucher `SUMMER10` and a used one `USED5`; the SAV service's gateway client.
async fn peers() -> (TestApp, TestApp, (String, String)) {
    let gateway = testkit::spawn(&gateway::SPEC, gateway::start).await;
    let jwks_url = gateway.url("/.well-known/jwks.json");
    let loyalty = testkit::spawn_with(&loyalty::SPEC, loyalty::start, |settings| {
        settings.auth.jwks = None;
        settings.auth.jwks_url = Some(jwks_url);
    })
    .await;
    let office = issuer::client(&gateway, "back-office", "loyalty_vouchers", "", None);
    let office = issuer::token(&gateway, &office).await;
    loyalty_post(
        &loyalty,
        "/api/v1/customers",
        json!({"lastname": "SOUPE", "cards": [CARD]}),
        &office,
    )
    .await;
    for (number, kind, value) in [
        ("SUMMER10", "percentage", "10"),
        ("USED5", "percentage", "5"),
    ] {
        loyalty_post(
            &loyalty,
            &format!("/api/v1/cards/{CARD}/vouchers"),
            json!({"number": number, "type": kind, "value": value}),
            &office,
        )
        .await;
    }
    let date = chrono::Utc::now().to_rfc3339();
    let purchase = json!({"receipt": "R1", "date": date, "voucherUsed": ["USED5"],
        "purchases": [{"operation": {"id": 1}, "amount": 20, "quantity": 1}]});
    loyalty_post(
        &loyalty,
        &format!("/api/v1/cards/{CARD}/sales"),
        purchase,
        &office,
    )
    .await;
    let sav_client = issuer::client(&gateway, "sav", "loyalty", "", None);
    (gateway, loyalty, sav_client)
}

/// The SAV service checking coupons at `loyalty_url`, through `gateway`'s client credentials.
async fn sav_checking(
    gateway: &TestApp,
    (id, secret): &(String, String),
    loyalty_url: String,
    when_unavailable: sav::config::WhenUnavailable,
) -> TestApp {
    let sav = testkit::spawn_with(&sav::SPEC, sav::start, |settings| {
        settings.client.gateway_url = gateway.url("");
        settings.client.client_id = Some(id.clone());
        settings.client.client_secret = Some(secret.clone());
        settings.service.coupon_check.loyalty_url = Some(loyalty_url);
        settings.service.coupon_check.when_unavailable = when_unavailable;
    })
    .await;
    feed(
        &sav,
        json!([
            sale("A1", "c@example.com", "200.00", "processing", None),
            sale("A2", "c@example.com", "200.00", "processing", None),
        ]),
    )
    .await;
    sav
}

/// The eligibility's `error_code`, or `None` when allowed.
async fn eligibility(sav: &TestApp, increment_id: &str, coupon: &str) -> Option<String> {
    let res = sav
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": increment_id, "coupon_code": coupon, "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    if body["allowed"] == true {
        return None;
    }
    Some(body["error_code"].as_str().unwrap().to_string())
}

async fn ticket(sav: &TestApp, increment_id: &str, coupon: &str) -> (u16, Value) {
    let res = sav
        .post_json(
            "/api/sav",
            &json!({"increment_id": increment_id, "sav_type": "forgotten-coupon",
                "coupon_code": coupon, "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    (res.status, res.json())
}

#[tokio::test]
async fn the_coupon_must_be_an_active_voucher_of_the_loyalty_service() {
    let (gateway, loyalty, sav_client) = peers().await;
    let refuse = sav::config::WhenUnavailable::Refuse;
    let sav = sav_checking(&gateway, &sav_client, loyalty.url(""), refuse).await;

    assert_eq!(eligibility(&sav, "A1", "SUMMER10").await, None);
    assert_eq!(
        eligibility(&sav, "A1", "NOPE").await.as_deref(),
        Some("COUPON_NOT_FOUND")
    );
    assert_eq!(
        eligibility(&sav, "A1", "USED5").await.as_deref(),
        Some("COUPON_NOT_USABLE")
    );
    // Local rules come first: a blank code is refused without asking.
    assert_eq!(
        eligibility(&sav, "A1", " ").await.as_deref(),
        Some("INVALID_COUPON_CODE")
    );

    let (status, body) = ticket(&sav, "A1", "NOPE").await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (422, json!("COUPON_NOT_FOUND"))
    );
    let (status, body) = ticket(&sav, "A1", "SUMMER10").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposed_gesture_amount"], 20);
}

#[tokio::test]
async fn with_the_loyalty_service_down_the_settings_answer_quickly() {
    let (gateway, loyalty, sav_client) = peers().await;
    let loyalty_url = loyalty.url("");
    loyalty.stop().await;
    // Nothing listens there any more; a port closed outright is checked too.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    for url in [loyalty_url, closed] {
        let refuse = sav::config::WhenUnavailable::Refuse;
        let sav = sav_checking(&gateway, &sav_client, url.clone(), refuse).await;
        let started = Instant::now();
        assert_eq!(
            eligibility(&sav, "A1", "SUMMER10").await.as_deref(),
            Some("COUPON_CHECK_UNAVAILABLE")
        );
        let (status, body) = ticket(&sav, "A1", "SUMMER10").await;
        assert_eq!(
            (status, body["error_code"].clone()),
            (503, json!("COUPON_CHECK_UNAVAILABLE"))
        );
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );

        let allow = sav::config::WhenUnavailable::Allow;
        let sav = sav_checking(&gateway, &sav_client, url, allow).await;
        assert_eq!(eligibility(&sav, "A2", "SUMMER10").await, None);
        let (status, body) = ticket(&sav, "A2", "SUMMER10").await;
        assert_eq!(status, 200, "{body}");
    }
}
