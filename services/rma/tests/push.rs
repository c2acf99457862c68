//! PUSH mode: a repair center with an endpoint receives its events signed, again after it
//! failed, and never twice once delivered, even across a restart of the dispatcher.

// Test helpers (the receiver): a failure here is a test failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use aws_lc_rs::hmac;
use common::*;
use serde_json::{Value, json};
use testkit::TestApp;

const SECRET: &str = "center-1-push-secret";

#[derive(Clone, Debug)]
struct Delivery {
    event_id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
    answered: u16,
}

impl Delivery {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A partner's endpoint that records every delivery and fails the first `failures`.
#[derive(Clone)]
struct Receiver {
    url: String,
    deliveries: Arc<Mutex<Vec<Delivery>>>,
}

#[derive(Clone)]
struct ReceiverState {
    deliveries: Arc<Mutex<Vec<Delivery>>>,
    failures_left: Arc<AtomicUsize>,
}

async fn hook(state: web::Data<ReceiverState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let fail = state
        .failures_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let answered = if fail { 503 } else { 204 };
    state.deliveries.lock().unwrap().push(Delivery {
        event_id: header("x-rma-event-id"),
        timestamp: header("x-rma-timestamp"),
        signature: header("x-rma-signature"),
        body: body.to_vec(),
        answered,
    });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(answered).unwrap()).finish()
}

fn receiver(failures: usize) -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let state = ReceiverState {
        deliveries: Arc::default(),
        failures_left: Arc::new(AtomicUsize::new(failures)),
    };
    let deliveries = state.deliveries.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .route("/hook", web::post().to(hook))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    Receiver { url, deliveries }
}

impl Receiver {
    fn all(&self) -> Vec<Delivery> {
        self.deliveries.lock().unwrap().clone()
    }

    /// Waits until `count` deliveries arrived (or fails after 10 s).
    async fn wait_for(&self, count: usize) -> Vec<Delivery> {
        for _ in 0..500 {
            let all = self.all();
            if all.len() >= count {
                return all;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("expected {count} deliveries, got {:?}", self.all());
    }
}

async fn spawn_pushing(database_url: Option<String>) -> TestApp {
    testkit::spawn_with(&rma::SPEC, rma::start, |s: &mut rma::config::Settings| {
        s.outbox.enabled = true;
        s.outbox.poll_interval_ms = 20;
        s.outbox.retry_base_ms = 100;
        s.outbox.retry_max_ms = 400;
        s.outbox.timeout_ms = 2000;
        if let Some(url) = database_url {
            s.database.url = url;
        }
    })
    .await
}

async fn register(app: &TestApp, receiver: &Receiver) {
    let res = app
        .send(
            app.request(reqwest::Method::PUT, "/api/partners/center-1/push-endpoint")
                .bearer_auth(retailer())
                .json(&json!({"url": receiver.url, "secret": SECRET})),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

fn assert_signed(delivery: &Delivery) {
    let signature = delivery.signature.strip_prefix("sha256=").unwrap();
    let tag: Vec<u8> = (0..signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&signature[i..i + 2], 16).unwrap())
        .collect();
    let mut message = format!("{}.", delivery.timestamp).into_bytes();
    message.extend_from_slice(&delivery.body);
    let key = hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes());
    assert!(
        hmac::verify(&key, &message, &tag).is_ok(),
        "bad signature on {delivery:?}"
    );
    let timestamp: i64 = delivery.timestamp.parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - timestamp).abs() < 60);
    assert_eq!(delivery.json()["event_id"], delivery.event_id);
}

#[tokio::test]
async fn endpoints_are_managed_by_the_retailer() {
    let app = spawn_pushing(None).await;
    let put = |token: String, body: Value| {
        app.request(reqwest::Method::PUT, "/api/partners/center-1/push-endpoint")
            .bearer_auth(token)
            .json(&body)
    };
    let res = app
        .send(put(
            center("center-1"),
            json!({"url": "http://x.test/h", "secret": SECRET}),
        ))
        .await;
    assert_ko(&res, 403, "FORBIDDEN");
    let manager_of_a_center = testkit::TokenBuilder::new()
        .partner("center-1")
        .scopes(&["partners_manage"])
        .sign();
    let res = app
        .send(put(
            manager_of_a_center,
            json!({"url": "http://x.test/h", "secret": SECRET}),
        ))
        .await;
    assert_ko(&res, 403, "RETAILER_ONLY");
    let res = app
        .send(put(
            retailer(),
            json!({"url": "x.test/h", "secret": SECRET}),
        ))
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert!(res.json()["errors"]["url"].is_string());
    let res = app
        .send(put(
            retailer(),
            json!({"url": "http://x.test/h", "secret": "short"}),
        ))
        .await;
    assert!(res.json()["errors"]["secret"].is_string());
    let res = app
        .get("/api/partners/center-1/push-endpoint", Some(&retailer()))
        .await;
    assert_ko(&res, 404, "ENDPOINT_NOT_FOUND");

    let res = app
        .send(put(
            retailer(),
            json!({"url": "http://x.test/h", "secret": SECRET, "enabled": false}),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let shown = app
        .get("/api/partners/center-1/push-endpoint", Some(&retailer()))
        .await
        .json();
    assert_eq!(shown["data"]["url"], "http://x.test/h");
    assert_eq!(shown["data"]["enabled"], false);
    assert!(
        !shown.to_string().contains(SECRET),
        "the secret is never shown"
    );
}

#[tokio::test]
async fn events_arrive_signed_and_pull_keeps_working() {
    let app = spawn_pushing(None).await;
    let receiver = receiver(0);
    register(&app, &receiver).await;
    let center = center("center-1");

    let number = create(&app, demand("REP", "center-1")).await;
    let first = receiver.wait_for(1).await;
    assert_signed(&first[0]);
    let event = first[0].json();
    assert_eq!(event["event"], "demand.assigned");
    assert_eq!(event["partner"], "center-1");
    assert_eq!(event["demand"]["demand_number"], number.as_str());
    assert_eq!(event["demand"]["current_status_code"], "RMAD");

    // A center without an endpoint is not pushed to; PULL serves both.
    let other = create(&app, demand("REP", "center-2")).await;
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=RMAD").await),
        [number.as_str()]
    );
    assert_eq!(
        numbers(&retrieve(&app, &crate::center("center-2"), "").await),
        [other.as_str()]
    );

    post(
        &app,
        "/api/demands/message",
        &retailer(),
        json!({"demand_number": number, "message": "Client joignable le matin"}),
        200,
    )
    .await;
    // The center's own actions are not echoed back to it.
    post(
        &app,
        "/api/demands/refuse",
        &center,
        json!({"demand_number": number, "reason": "Modèle non couvert"}),
        200,
    )
    .await;
    post(
        &app,
        "/api/demands/resubmit",
        &retailer(),
        json!({"demand_number": number, "comment": "Modèle ajouté au contrat"}),
        200,
    )
    .await;
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A-9"}),
        200,
    )
    .await;
    post(
        &app,
        "/api/demands/quotation",
        &center,
        json!({"demand_number": number, "quote_number": "Q-1",
               "prestation": [{"label_prestation": "Écran", "quantity": "1", "price": "89,90"}]}),
        200,
    )
    .await;
    post(
        &app,
        "/api/demands/responsequote",
        &retailer(),
        json!({"demand_number": number, "response": "VDE"}),
        200,
    )
    .await;

    let all = receiver.wait_for(4).await;
    let events: Vec<_> = all.iter().map(|d| d.json()["event"].clone()).collect();
    assert_eq!(
        events,
        [
            "demand.assigned",
            "message.created",
            "demand.resubmitted",
            "quote.answered"
        ]
    );
    for delivery in &all {
        assert_signed(delivery);
    }
    assert_eq!(all[1].json()["message"], "Client joignable le matin");
    assert_eq!(all[3].json()["quote"]["state"], "VDE");
    assert_eq!(all[3].json()["quote"]["total"], "89.90");
    assert_eq!(all[3].json()["demand"]["current_status_code"], "VDE");
    let ids: std::collections::HashSet<_> = all.iter().map(|d| d.event_id.clone()).collect();
    assert_eq!(ids.len(), 4);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.all().len(), 4, "nothing is delivered twice");
}

#[tokio::test]
async fn a_failing_partner_gets_the_event_again() {
    let app = spawn_pushing(None).await;
    let receiver = receiver(2);
    register(&app, &receiver).await;
    create(&app, demand("PAD", "center-1")).await;

    let all = receiver.wait_for(3).await;
    assert_eq!(
        all.iter().map(|d| d.answered).collect::<Vec<_>>(),
        [503, 503, 204]
    );
    assert!(all.iter().all(|d| d.event_id == all[0].event_id));
    for delivery in &all {
        assert_signed(delivery);
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.all().len(), 3, "delivered once it succeeded");
}

#[tokio::test]
async fn no_duplicate_after_the_dispatcher_restarts() {
    let first = spawn_pushing(None).await;
    let receiver = receiver(0);
    register(&first, &receiver).await;
    create(&first, demand("REP", "center-1")).await;
    let delivered = receiver.wait_for(1).await;
    first.stop().await;

    // A new process over the same database.
    let second = spawn_pushing(Some(first.db.url.clone())).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        receiver.all().len(),
        1,
        "the delivered event is not sent again"
    );

    create(&second, demand("REP", "center-1")).await;
    let all = receiver.wait_for(2).await;
    assert_ne!(all[1].event_id, delivered[0].event_id);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.all().len(), 2);
}

#[tokio::test]
async fn two_dispatchers_share_the_work_without_sending_twice() {
    let first = spawn_pushing(None).await;
    let second = spawn_pushing(Some(first.db.url.clone())).await;
    let receiver = receiver(0);
    register(&first, &receiver).await;
    for _ in 0..10 {
        create(&second, demand("REP", "center-1")).await;
    }
    receiver.wait_for(10).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let all = receiver.all();
    let ids: std::collections::HashSet<_> = all.iter().map(|d| d.event_id.clone()).collect();
    assert_eq!((all.len(), ids.len()), (10, 10));
}

/// How many events the outbox holds, read from the service's database.
fn outbox_rows(database_url: &str) -> i64 {
    use diesel::prelude::*;
    let target = platform::db::DbTarget::parse(database_url).unwrap();
    let settings = platform::config::DatabaseSettings {
        url: database_url.to_string(),
        pool_size: 1,
        connection_timeout_ms: 1000,
    };
    let pool = platform::db::pool(target, &settings);
    let mut conn = pool.get().unwrap();
    platform::outbox::outbox::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

#[tokio::test]
async fn delivered_events_are_deleted_once_kept_long_enough() {
    let first = spawn_pushing(None).await;
    let receiver = receiver(0);
    register(&first, &receiver).await;
    create(&first, demand("REP", "center-1")).await;
    receiver.wait_for(1).await;
    first.stop().await;
    let url = first.db.url.clone();

    // Kept seven days by default: a restart leaves the delivered event in place.
    let second = spawn_pushing(Some(url.clone())).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    second.stop().await;
    let count_url = url.clone();
    let kept = tokio::task::spawn_blocking(move || outbox_rows(&count_url))
        .await
        .unwrap();
    assert_eq!(kept, 1);

    // Kept zero hours: deleted at the dispatcher's start.
    let third = testkit::spawn_with(&rma::SPEC, rma::start, |s: &mut rma::config::Settings| {
        s.outbox.enabled = true;
        s.outbox.poll_interval_ms = 20;
        s.outbox.keep_delivered_hours = 0;
        s.database.url = url.clone();
    })
    .await;
    let mut left = 1;
    for _ in 0..100 {
        let count_url = url.clone();
        left = tokio::task::spawn_blocking(move || outbox_rows(&count_url))
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0);
    third.stop().await;
    assert_eq!(receiver.all().len(), 1);
}
