//! Partners' webhooks on the rma: a center hears of every change to its own demands, from
//! either side, signed and in order; it never hears of another center's demands.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::TestApp;
use testkit::receiver::Receiver;

const SECRET: &str = "center-1-webhook-secret";

async fn spawn_delivering() -> TestApp {
    testkit::spawn_with(&rma::SPEC, rma::start, |s: &mut rma::config::Settings| {
        s.outbox.enabled = true;
        s.outbox.poll_interval_ms = 20;
        s.outbox.retry_base_ms = 100;
        s.outbox.retry_max_ms = 300;
        s.webhooks.allow_http_loopback = true;
    })
    .await
}

#[tokio::test]
async fn a_center_hears_of_its_demands_changes_from_either_side() {
    let app = spawn_delivering().await;
    let endpoint = Receiver::up();
    let center = center("center-1");
    let res = app
        .post_json(
            "/api/webhooks",
            &json!({"url": endpoint.url, "secret": SECRET}),
            Some(&center),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);

    create(&app, demand("REP", "center-2")).await;
    let number = create(&app, demand("REP", "center-1")).await;
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_numero": number, "agreement_numero": "9999999915", "status_code": "ATTEXP"}),
        200,
    )
    .await;
    post(
        &app,
        "/api/demands/close",
        &retailer(),
        json!({"demand_number": number}),
        200,
    )
    .await;

    endpoint.wait_for(3).await;
    // Give a late or duplicate event the time to show up, if one were sent.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let received = endpoint.received();
    let events: Vec<(String, Value)> = received
        .iter()
        .map(|r| {
            assert!(platform::webhooks::sign::verify(
                SECRET,
                r.header("x-webhook-signature").unwrap(),
                &r.body
            ));
            let body = r.json();
            (
                body["event"].as_str().unwrap().to_string(),
                body["data"].clone(),
            )
        })
        .collect();
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["demand.created", "demand.status_changed", "demand.closed"],
        "only center-1's demand, in order: {events:?}"
    );
    assert!(
        events
            .iter()
            .all(|(_, d)| d["demand"]["demand_number"] == number.as_str())
    );
    assert_eq!(events[1].1["by"], "partner");
    assert_eq!(events[1].1["previous_status"], "RMAD");
    assert_eq!(events[2].1["by"], "retailer");
}
