//! Issue 16, flow 3: a ticket the loyalty service saves for a card the CRM knows becomes a CRM
//! ticket and a credit of 0.5 × what was paid, exactly once, delivered by loyalty's outbox with
//! its own client credentials from the gateway; a return takes that credit back. Real gateway,
//! loyalty and CRM apps over their own databases, spoken to over HTTP.

#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use platform::outbox::outbox;
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

/// A card the CRM knows, and one it does not.
const CARD: &str = "13732365477";
const STRANGER: &str = "13732365999";

/// A client of the gateway with `scopes`: its id and secret.
fn gateway_client(gateway: &TestApp, name: &str, scopes: &str) -> (String, String) {
    let mut settings = gateway::config::Settings::defaults("gateway", 0);
    settings.database.url = gateway.db.url.clone();
    let args: Vec<String> = [
        "clients",
        "create",
        "--name",
        name,
        "--kind",
        "client-credentials",
        "--scopes",
        scopes,
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    let created = serde_json::to_value(gateway::admin::run(&args, &settings).unwrap()).unwrap();
    let credentials = &created["credentials"];
    (
        credentials["client_id"].as_str().unwrap().to_string(),
        credentials["client_secret"].as_str().unwrap().to_string(),
    )
}

async fn gateway_token(gateway: &TestApp, (id, secret): &(String, String)) -> String {
    let res = gateway
        .send(
            gateway
                .request(Method::POST, "/oauth/token")
                .basic_auth(id, Some(secret))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["access_token"].as_str().unwrap().to_string()
}

async fn post(app: &TestApp, path: &str, body: Value, token: &str) -> testkit::TestResponse {
    app.send(
        app.request(Method::POST, path)
            .bearer_auth(token)
            .json(&body),
    )
    .await
}

/// The gateway, the loyalty service's client there (scope `crm`), and the back office's
/// token (no `crm` scope).
struct Gateway {
    app: TestApp,
    loyalty_client: (String, String),
    office: String,
}

async fn gateway() -> Gateway {
    let app = testkit::spawn(&gateway::SPEC, gateway::start).await;
    let loyalty_client = gateway_client(&app, "loyalty", "crm");
    let office = gateway_client(&app, "back-office", "loyalty_vouchers");
    let office = gateway_token(&app, &office).await;
    Gateway {
        app,
        loyalty_client,
        office,
    }
}

/// The CRM trusting the gateway's tokens, on `listener`; over `database` when given (a
/// restart), else a fresh one.
async fn crm_on(gateway: &Gateway, listener: TcpListener, database: Option<String>) -> TestApp {
    let jwks_url = gateway.app.url("/.well-known/jwks.json");
    testkit::spawn_on(
        listener,
        &crm::SPEC,
        crm::start,
        |s: &mut crm::config::Settings| {
            s.auth.jwks = None;
            s.auth.jwks_url = Some(jwks_url);
            if let Some(url) = database {
                s.database.url = url;
            }
        },
    )
    .await
}

fn free_listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

/// A CRM customer holding `CARD`.
async fn crm_customer(crm: &TestApp, office: &str) -> String {
    let body = json!({"name": "Jon", "last_name": "Doe", "sexe": "f", "age": 30,
        "mail": "jon.doe@mail.com", "phone": "+33638614907"});
    let res = post(crm, "/api/create_customer", body, office).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let id = res.json()["idClient"].as_str().unwrap().to_string();
    let card: i64 = CARD.parse().unwrap();
    let path = format!("/api/data/{id}/cards");
    let res = post(crm, &path, json!({"carteFid": card}), office).await;
    assert_eq!(res.status, 200, "{}", res.text);
    id
}

/// The loyalty service feeding the CRM at `crm_url`, its dispatcher quick to retry, with
/// consumers holding `CARD` and `STRANGER`.
async fn loyalty_feeding(gateway: &Gateway, crm_url: String) -> TestApp {
    let jwks_url = gateway.app.url("/.well-known/jwks.json");
    let (id, secret) = gateway.loyalty_client.clone();
    let gateway_url = gateway.app.url("");
    let loyalty = testkit::spawn_with(&loyalty::SPEC, loyalty::start, |s| {
        s.auth.jwks = None;
        s.auth.jwks_url = Some(jwks_url);
        s.client.gateway_url = gateway_url;
        s.client.client_id = Some(id);
        s.client.client_secret = Some(secret);
        s.client.connect_timeout_ms = 300;
        s.client.timeout_ms = 2000;
        s.client.retries = 0;
        s.service.crm.url = Some(crm_url);
        s.outbox.enabled = true;
        s.outbox.poll_interval_ms = 20;
        s.outbox.retry_base_ms = 100;
        s.outbox.retry_max_ms = 400;
    })
    .await;
    for (name, card) in [("SOUPE", CARD), ("POTAGE", STRANGER)] {
        let body = json!({"lastname": name, "cards": [card]});
        let res = post(&loyalty, "/api/v1/customers", body, &gateway.office).await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    loyalty
}

/// Saves a ticket of `card`: `lines` of `(operation, amount, quantity, item)`.
async fn ticket(
    loyalty: &TestApp,
    office: &str,
    card: &str,
    receipt: &str,
    lines: &[(i64, &str, i64, &str)],
) {
    let purchases: Vec<Value> = lines
        .iter()
        .map(|(op, amount, quantity, item)| {
            json!({"operation": {"id": op}, "amount": amount, "quantity": quantity,
                "item": {"code": item, "label": "Article"}})
        })
        .collect();
    let body = json!({"receipt": receipt, "date": chrono::Utc::now().to_rfc3339(),
        "purchases": purchases});
    let res = post(
        loyalty,
        &format!("/api/v1/cards/{card}/sales"),
        body,
        office,
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

/// The credit of `CARD`'s holder in the CRM.
async fn credit(crm: &TestApp, office: &str) -> Option<f64> {
    let res = crm.get(&format!("/api/credit/{CARD}"), Some(office)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["Credit"].as_f64()
}

/// Waits (10 s at most) until the holder's credit is `expected`, then checks it stays so.
async fn credit_becomes(crm: &TestApp, office: &str, expected: f64) {
    let start = Instant::now();
    while credit(crm, office).await != Some(expected) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "credit {:?}, not {expected}",
            credit(crm, office).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(credit(crm, office).await, Some(expected));
}

async fn crm_tickets(crm: &TestApp, office: &str) -> Vec<Value> {
    let res = crm.get("/api/get_tickets", Some(office)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["tickets"].as_array().unwrap().clone()
}

/// Runs `work` on a connection to the service's database, off the async workers.
async fn with_db<T: Send + 'static>(
    url: &str,
    work: impl FnOnce(&mut platform::db::DbConn) -> T + Send + 'static,
) -> T {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        let target = platform::db::DbTarget::parse(&url).unwrap();
        let settings = platform::config::DatabaseSettings {
            url,
            pool_size: 1,
            connection_timeout_ms: 1000,
        };
        let pool = platform::db::pool(target, &settings);
        let mut conn = pool.get().unwrap();
        work(&mut conn)
    })
    .await
    .unwrap()
}

/// The outbox's events: (event id, payload, delivered).
async fn events(loyalty: &TestApp) -> Vec<(String, Value, bool)> {
    with_db(&loyalty.db.url, |conn| {
        outbox::table
            .order(outbox::id)
            .select((
                outbox::event_id,
                outbox::payload,
                outbox::delivered_at.is_not_null(),
            ))
            .load::<(String, String, bool)>(conn)
            .unwrap()
            .into_iter()
            .map(|(id, payload, done)| (id, serde_json::from_str(&payload).unwrap(), done))
            .collect()
    })
    .await
}

/// Waits until every event of the outbox is delivered.
async fn all_delivered(loyalty: &TestApp) -> Vec<(String, Value, bool)> {
    let start = Instant::now();
    loop {
        let events = events(loyalty).await;
        if events.iter().all(|e| e.2) {
            return events;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{events:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_sale_is_credited_once_and_its_returns_take_the_credit_back() {
    let gateway = gateway().await;
    let office = gateway.office.clone();
    let crm = crm_on(&gateway, free_listener(), None).await;
    let id_client = crm_customer(&crm, &office).await;
    let loyalty = loyalty_feeding(&gateway, crm.url("")).await;

    // Two of X1 for 20.00 (paid 20.00): a CRM ticket, and 0.5 × 20.00 credited.
    ticket(&loyalty, &office, CARD, "R1", &[(1, "20.00", 2, "X1")]).await;
    credit_becomes(&crm, &office, 10.0).await;
    let tickets = crm_tickets(&crm, &office).await;
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    let sale = &tickets[0];
    assert_eq!(sale["client"], json!(id_client));
    assert_eq!(
        (sale["prix"].clone(), sale["origin"].clone()),
        (json!(20), json!("loyalty"))
    );
    assert_eq!(sale["pointsFidelite"], json!(20));
    assert_eq!(sale["articles"][0]["codeProduit"], json!("X1"));
    assert_eq!(sale["articles"][0]["quantity"], json!(2));
    assert!(sale["id"].as_i64().unwrap() > 999_999_999_999, "{sale}");

    // Delivered again, by hand without a key and by the dispatcher under its key: nothing more.
    let delivered = all_delivered(&loyalty).await;
    assert_eq!(delivered.len(), 1);
    let (event_id, mut body, _) = delivered[0].clone();
    assert!(
        body["requestId"].is_string(),
        "the till's request id is kept: {body}"
    );
    body["eventId"] = json!(event_id);
    let token = gateway_token(&gateway.app, &gateway.loyalty_client).await;
    let again = post(&crm, "/api/loyalty-events", body.clone(), &token).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json()["status"], json!("ALREADY_RECEIVED"));
    let other = post(&crm, "/api/loyalty-events", body, &office).await;
    assert_eq!(other.status, 403, "only the scope crm may: {}", other.text);
    with_db(&loyalty.db.url, |conn| {
        // Due again at once (a claim leaves the next attempt at its lease's end).
        let due = chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1);
        diesel::update(outbox::table)
            .set((
                outbox::delivered_at.eq(None::<chrono::NaiveDateTime>),
                outbox::next_attempt_at.eq(due),
            ))
            .execute(conn)
            .unwrap()
    })
    .await;
    all_delivered(&loyalty).await;
    credit_becomes(&crm, &office, 10.0).await;
    assert_eq!(crm_tickets(&crm, &office).await.len(), 1);

    // One X1 back: half the sale's credit; the other: the rest, exactly.
    ticket(&loyalty, &office, CARD, "R2", &[(13, "10.00", 1, "X1")]).await;
    credit_becomes(&crm, &office, 5.0).await;
    // The return's event again, by hand: its id is known, it takes nothing more back.
    let delivered = all_delivered(&loyalty).await;
    let (event_id, mut body, _) = delivered[1].clone();
    assert_eq!(body["returns"][0]["paidCents"], json!(1000), "{body}");
    body["eventId"] = json!(event_id);
    let again = post(&crm, "/api/loyalty-events", body, &token).await;
    assert_eq!(again.json()["status"], json!("ALREADY_RECEIVED"));
    credit_becomes(&crm, &office, 5.0).await;
    ticket(&loyalty, &office, CARD, "R3", &[(13, "10.00", 1, "X1")]).await;
    credit_becomes(&crm, &office, 0.0).await;
    assert_eq!(
        crm_tickets(&crm, &office).await.len(),
        1,
        "a return is no sale"
    );
    assert_eq!(all_delivered(&loyalty).await.len(), 3);
    loyalty.stop().await;
}

#[tokio::test]
async fn a_sale_of_a_card_the_crm_does_not_know_credits_nothing_and_is_settled() {
    let gateway = gateway().await;
    let office = gateway.office.clone();
    let crm = crm_on(&gateway, free_listener(), None).await;
    crm_customer(&crm, &office).await;
    let loyalty = loyalty_feeding(&gateway, crm.url("")).await;

    ticket(&loyalty, &office, STRANGER, "S1", &[(1, "30.00", 1, "X2")]).await;
    let delivered = all_delivered(&loyalty).await;
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].1["card"], json!(STRANGER));
    assert!(crm_tickets(&crm, &office).await.is_empty());
    assert_eq!(credit(&crm, &office).await, Some(0.0));
    let res = crm
        .get(&format!("/api/credit/{STRANGER}"), Some(&office))
        .await;
    assert_eq!(res.status, 404, "{}", res.text);

    // A ticket that neither sells nor returns (a deposit) tells the CRM nothing.
    ticket(&loyalty, &office, CARD, "S2", &[(11, "5.00", 1, "")]).await;
    assert_eq!(events(&loyalty).await.len(), 1);
    loyalty.stop().await;
}

#[tokio::test]
async fn a_sale_saved_while_the_crm_is_down_is_credited_once_it_is_back() {
    let gateway = gateway().await;
    let office = gateway.office.clone();
    let listener = free_listener();
    let address = listener.local_addr().unwrap();
    let first = crm_on(&gateway, listener, None).await;
    crm_customer(&first, &office).await;
    let loyalty = loyalty_feeding(&gateway, first.url("")).await;
    first.stop().await;

    ticket(&loyalty, &office, CARD, "D1", &[(1, "42.00", 1, "X3")]).await;
    // Refused connections: the dispatcher keeps the event and tries again.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let waiting = events(&loyalty).await;
    assert_eq!(waiting.len(), 1);
    assert!(!waiting[0].2, "not delivered while the CRM is down");

    let crm = crm_on(
        &gateway,
        TcpListener::bind(address).unwrap(),
        Some(first.db.url.clone()),
    )
    .await;
    credit_becomes(&crm, &office, 21.0).await;
    all_delivered(&loyalty).await;
    assert_eq!(crm_tickets(&crm, &office).await.len(), 1);
    loyalty.stop().await;
}
