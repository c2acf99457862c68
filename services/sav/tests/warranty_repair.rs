//! Issue 16, flows 1 and 2, in process over real HTTP: a warranty SAV asks the customers
//! service for its serial's warranty and, under warranty, the RMA for a REP demand at its
//! brand's repair center; the demand's statuses come back to the SAV, which keeps their
//! timeline and moves its own status. Every call between services carries the caller's own
//! gateway token (client credentials); the outbox delivers, retrying while a peer is down.

#![allow(clippy::unwrap_used)]

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{issuer, sale};
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

const OFFICE_SCOPES: &str = "sales_write sav_read sav_write customers_feed demands_create";
const OFFICE_PERMISSIONS: &str = "customer.warranty_info.create customer.warranty_info.view_list";

struct Stack {
    gateway: TestApp,
    /// Kept for its database and server, which the SAV service asks.
    _customers: TestApp,
    rma: Option<TestApp>,
    sav: TestApp,
    /// The back office: feeds sales and tickets, registers warranties, opens SAVs.
    office: String,
    /// The repair center `center-samsung`.
    center: String,
    /// Where the RMA listens: nothing answers there until [`start_rma`] (connections refused,
    /// as when the service is stopped).
    rma_address: std::net::SocketAddr,
    rma_client: (String, String),
}

fn fast_outbox(outbox: &mut platform::outbox::DispatchSettings) {
    outbox.enabled = true;
    outbox.poll_interval_ms = 50;
    outbox.retry_base_ms = 200;
    outbox.retry_max_ms = 400;
}

fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let res = app.send(request).await;
    let body = if res.text.is_empty() {
        Value::Null
    } else {
        res.json()
    };
    (res.status, body)
}

/// The gateway, customers (with a covered serial `SN-NEW` and an expired `SN-OLD`) and the SAV
/// service asking both; the RMA started now, or later by [`start_rma`] when `rma_now` is false.
async fn stack(rma_now: bool) -> Stack {
    let gateway = testkit::spawn(&gateway::SPEC, gateway::start).await;
    let jwks_url = gateway.url("/.well-known/jwks.json");
    let trust_gateway = |auth: &mut platform::config::AuthSettings| {
        auth.jwks = None;
        auth.jwks_url = Some(jwks_url.clone());
    };
    let office = issuer::client(&gateway, "office", OFFICE_SCOPES, OFFICE_PERMISSIONS, None);
    let office = issuer::token(&gateway, &office).await;
    let center = issuer::client(
        &gateway,
        "center",
        "demands_accept demands_status",
        "",
        Some("center-samsung"),
    );
    let center = issuer::token(&gateway, &center).await;
    let sav_client = issuer::client(
        &gateway,
        "sav",
        "demands_create",
        "customer.warranty_info.view_list",
        None,
    );
    let rma_client = issuer::client(&gateway, "rma", "sav_events", "", None);

    let customers = testkit::spawn_with(&customers::SPEC, customers::start, |s| {
        trust_gateway(&mut s.auth)
    })
    .await;
    register_warranties(&customers, &office).await;

    let sav_listener = listener();
    let rma_address = listener().local_addr().unwrap();
    let rma_url = format!("http://{rma_address}");
    let sav = testkit::spawn_on(sav_listener, &sav::SPEC, sav::start, |s| {
        trust_gateway(&mut s.auth);
        fast_outbox(&mut s.outbox);
        s.client.gateway_url = gateway.url("");
        s.client.client_id = Some(sav_client.0.clone());
        s.client.client_secret = Some(sav_client.1.clone());
        let repair = &mut s.service.warranty_repair;
        repair.customers_url = Some(customers.url(""));
        repair.rma_url = Some(rma_url.clone());
        repair.default_center = "center-main".into();
        repair
            .centers
            .insert("Samsung".into(), "center-samsung".into());
    })
    .await;
    let (status, body) = send(
        &sav,
        Method::POST,
        "/api/sales",
        &office,
        Some(json!([sale(
            "A1",
            "jean@example.com",
            "499.00",
            "complete",
            None
        )])),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut stack = Stack {
        gateway,
        _customers: customers,
        rma: None,
        sav,
        office,
        center,
        rma_address,
        rma_client,
    };
    if rma_now {
        start_rma(&mut stack).await;
    }
    stack
}

async fn start_rma(stack: &mut Stack) {
    let listener = TcpListener::bind(stack.rma_address).unwrap();
    let jwks_url = stack.gateway.url("/.well-known/jwks.json");
    let (gateway_url, sav_url) = (stack.gateway.url(""), stack.sav.url(""));
    let client = stack.rma_client.clone();
    stack.rma = Some(
        testkit::spawn_on(listener, &rma::SPEC, rma::start, |s| {
            s.auth.jwks = None;
            s.auth.jwks_url = Some(jwks_url);
            fast_outbox(&mut s.outbox);
            s.client.gateway_url = gateway_url;
            s.client.client_id = Some(client.0);
            s.client.client_secret = Some(client.1);
            s.service.sav_events.url = Some(sav_url);
        })
        .await,
    );
}

/// `SN-NEW` sold this month with 24 months of warranty; `SN-OLD` sold in 2020 with 6.
async fn register_warranties(customers: &TestApp, office: &str) {
    let (status, body) = send(
        customers,
        Method::POST,
        "/customers",
        office,
        Some(json!({"name": "Jean Dupont", "phone": "0912345678"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let customer = body["customer"]["id"].as_i64().unwrap();
    let today = chrono::Utc::now().format("%Y-%m-%d 10:00:00").to_string();
    for (ticket, sold_at, serial, months) in [
        ("HD-NEW", today.as_str(), "SN-NEW", 24),
        ("HD-OLD", "2020-01-10 10:00:00", "SN-OLD", 6),
    ] {
        let lines = json!([{"product_id": "TV55", "product_name": "Téléviseur 55 pouces"}]);
        let (status, body) = send(
            customers,
            Method::PUT,
            &format!("/pos/tickets/{ticket}"),
            office,
            Some(json!({"customer_id": customer, "sold_at": sold_at, "lines": lines})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = send(
            customers,
            Method::POST,
            "/warranty-info",
            office,
            Some(
                json!({"ticketid": ticket, "cust_id": customer, "cust_phone": "0912345678",
                "product_id": "TV55", "serial_num": serial, "time_warranty": months}),
            ),
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
}

/// Opens a SAV of `type_pb` on order A1 for the product with `serial`; its id.
async fn open_sav(stack: &Stack, type_pb: &str, serial: &str) -> i64 {
    let (status, body) = send(
        &stack.sav,
        Method::POST,
        "/sav/create-sale-sav",
        &stack.office,
        Some(
            json!({"sale_ref": "A1", "typePb": type_pb, "serial_number": serial,
            "brand": "SAMSUNG", "observations": "L'écran reste noir"}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["sav_id"].as_i64().unwrap()
}

async fn sav_of(stack: &Stack, id: i64) -> Value {
    let (status, body) = send(
        &stack.sav,
        Method::GET,
        &format!("/api/sav/{id}"),
        &stack.office,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["sav"].clone()
}

/// The SAV once `done` says so (within 15 s), else the test fails with what it last saw.
async fn sav_when(stack: &Stack, id: i64, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let sav = sav_of(stack, id).await;
        if done(&sav) {
            return sav;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: never; last seen {sav:#}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn center_moves(stack: &Stack, path: &str, body: Value) {
    let rma = stack.rma.as_ref().unwrap();
    let (status, answer) = send(rma, Method::POST, path, &stack.center, Some(body)).await;
    assert_eq!(status, 200, "{path}: {answer}");
}

fn timeline(sav: &Value) -> Vec<&str> {
    sav["repair"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["status"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_covered_warranty_sav_opens_its_demand_and_follows_its_statuses() {
    let stack = stack(true).await;
    let id = open_sav(&stack, "garantie", "sn-new").await;
    let number = format!("SAV-{id}");

    let sav = sav_when(&stack, id, "the demand's first status", |s| {
        s["repair"]["timeline"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    })
    .await;
    let repair = &sav["repair"];
    assert_eq!(repair["warranty"]["state"], "covered", "{sav:#}");
    assert!(repair["warranty"]["until"].as_str().unwrap() > "2027-01-01");
    assert_eq!(repair["demandNumber"], json!(number));
    assert_eq!(repair["repairCenter"], "center-samsung");
    assert_eq!(timeline(&sav), ["RMAD"]);

    let rma = stack.rma.as_ref().unwrap();
    let (status, demand) = send(
        rma,
        Method::GET,
        &format!("/api/demands/{number}"),
        &stack.center,
        None,
    )
    .await;
    assert_eq!(status, 200, "{demand}");
    let demand = &demand["data"];
    assert_eq!(
        (
            demand["type"].as_str(),
            demand["serial_number"].as_str(),
            demand["brand"].as_str()
        ),
        (Some("REP"), Some("sn-new"), Some("SAMSUNG"))
    );
    assert_eq!(demand["problem_description"], "L'écran reste noir");

    center_moves(
        &stack,
        "/api/demands/accept",
        json!({"demand_number": number, "agreement_number": "AGR-1"}),
    )
    .await;
    center_moves(
        &stack,
        "/api/demands/status",
        json!({"demand_number": number, "status_code": "D"}),
    )
    .await;
    let sav = sav_when(&stack, id, "Transmis after D", |s| s["status"] == 7).await;
    assert_eq!(timeline(&sav), ["RMAD", "RMAOK", "D"]);
    center_moves(
        &stack,
        "/api/demands/status",
        json!({"demand_number": number, "status_code": "RPR", "status_comment": "XFR14512345"}),
    )
    .await;
    let sav = sav_when(&stack, id, "Complet after RPR", |s| s["status"] == 2).await;
    assert_eq!(timeline(&sav), ["RMAD", "RMAOK", "D", "RPR"]);
    assert_eq!(sav["repair"]["demandStatus"], "RPR");
    let moves: Vec<(Value, String)> = sav["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["to"].clone(), h["actor"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        moves[1..],
        [
            (json!(7), format!("rma:{number}")),
            (json!(2), format!("rma:{number}"))
        ]
    );
}

#[tokio::test]
async fn an_expired_warranty_opens_no_demand_until_an_agent_asks() {
    let stack = stack(true).await;
    let id = open_sav(&stack, "garantie", "SN-OLD").await;
    let sav = sav_when(&stack, id, "the warranty checked", |s| {
        s["repair"]["warranty"]["state"] != "pending"
    })
    .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "expired");
    assert_eq!(sav["repair"]["warranty"]["until"], "2020-07-10");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sav_of(&stack, id).await["repair"]["demandNumber"],
        Value::Null
    );

    let (status, body) = send(
        &stack.sav,
        Method::POST,
        &format!("/api/sav/{id}/repair"),
        &stack.office,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        body["repair"]["askedBy"],
        json!(body["repair"]["askedBy"].as_str().unwrap())
    );
    let sav = sav_when(&stack, id, "the agent's demand", |s| {
        !s["repair"]["demandNumber"].is_null()
    })
    .await;
    assert_eq!(sav["repair"]["demandNumber"], json!(format!("SAV-{id}")));
    let (status, body) = send(
        &stack.sav,
        Method::POST,
        &format!("/api/sav/{id}/repair"),
        &stack.office,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (409, Some("REPAIR_ALREADY_OPEN"))
    );
}

#[tokio::test]
async fn an_unregistered_serial_or_another_type_asks_for_no_demand() {
    let stack = stack(true).await;
    let unknown = open_sav(&stack, "garantie", "SN-NOWHERE").await;
    let sav = sav_when(&stack, unknown, "the warranty checked", |s| {
        s["repair"]["warranty"]["state"] != "pending"
    })
    .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "unregistered");
    let other = open_sav(&stack, "retour", "SN-NEW").await;
    assert_eq!(sav_of(&stack, other).await.get("repair"), None);
}

#[tokio::test]
async fn with_the_rma_down_the_demand_is_opened_once_it_is_back() {
    let mut stack = stack(false).await;
    let id = open_sav(&stack, "garantie", "SN-NEW").await;
    let sav = sav_when(&stack, id, "a failed attempt", |s| {
        !s["repair"]["lastError"].is_null()
    })
    .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "covered");
    assert_eq!(sav["repair"]["demandNumber"], Value::Null);

    start_rma(&mut stack).await;
    let sav = sav_when(&stack, id, "the demand once the RMA is back", |s| {
        !s["repair"]["timeline"].as_array().unwrap().is_empty()
    })
    .await;
    assert_eq!(sav["repair"]["lastError"], Value::Null);
    assert_eq!(timeline(&sav), ["RMAD"]);
    let rma = stack.rma.as_ref().unwrap();
    let (status, listed) = send(
        rma,
        Method::GET,
        "/api/demands/retrieverequests",
        &stack.center,
        None,
    )
    .await;
    assert_eq!(status, 200, "{listed}");
    let numbers: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["demand_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [format!("SAV-{id}")]);
}

#[tokio::test]
async fn a_status_event_told_twice_is_kept_once() {
    let stack = stack(true).await;
    let id = open_sav(&stack, "garantie", "SN-NEW").await;
    let number = format!("SAV-{id}");
    sav_when(&stack, id, "the demand", |s| {
        !s["repair"]["demandNumber"].is_null()
    })
    .await;
    let rma = issuer::token(&stack.gateway, &stack.rma_client).await;
    let event = json!({"event_id": "evt-1", "demand_number": number, "status": "PRIR",
        "label": "Produit irréparable", "at": "2030-01-01T10:00:00", "by": "partner"});
    let path = format!("/api/sav/{id}/repair-events");
    let (status, first) = send(&stack.sav, Method::POST, &path, &rma, Some(event.clone())).await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = send(&stack.sav, Method::POST, &path, &rma, Some(event)).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        (first["duplicate"].clone(), again["duplicate"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(
        (first["status"].clone(), again["status"].clone()),
        (json!(6), json!(6))
    );
    let sav = sav_of(&stack, id).await;
    assert_eq!(timeline(&sav).iter().filter(|s| **s == "PRIR").count(), 1);

    let other = json!({"event_id": "evt-2", "demand_number": "RMA-0000099", "status": "D", "at": "2030-01-01T11:00:00"});
    let (status, body) = send(&stack.sav, Method::POST, &path, &rma, Some(other)).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (409, Some("REPAIR_OF_ANOTHER_DEMAND"))
    );
    let third = json!({"event_id": "evt-3", "demand_number": number, "status": "D", "at": "2030-01-01T12:00:00"});
    let (status, _) = send(&stack.sav, Method::POST, &path, &stack.office, Some(third)).await;
    assert_eq!(status, 403, "the office holds no sav_events scope");

    // RFC 3339 is read too; blank or unreadable fields are named.
    let zoned = json!({"event_id": "evt-4", "demand_number": number, "status": "D", "at": "2030-01-01T14:00:00+02:00"});
    let (status, body) = send(&stack.sav, Method::POST, &path, &rma, Some(zoned)).await;
    assert_eq!(
        (status, body["duplicate"].clone()),
        (200, json!(false)),
        "{body}"
    );
    for (field, value) in [
        ("event_id", ""),
        ("status", " "),
        ("at", ""),
        ("at", "tomorrow"),
    ] {
        let mut bad = json!({"event_id": "evt-5", "demand_number": number, "status": "D", "at": "2030-01-01T15:00:00"});
        bad[field] = json!(value);
        let (status, body) = send(&stack.sav, Method::POST, &path, &rma, Some(bad)).await;
        assert_eq!(status, 422, "{field} = {value:?}: {body}");
        assert!(body["errors"][field].is_string(), "{field} named: {body}");
    }
}
