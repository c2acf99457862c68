//! `POST /api/loyalty-events` (issue 16, flow 3): the loyalty service's tickets, each event
//! acted on once; a sale of a held card becomes a ticket and 0.5 × its paid amount in credit,
//! returns take back no more than it gave, in any number of parts. The end-to-end flow, from
//! loyalty's outbox, is `services/loyalty/tests/crm_feed.rs`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{attach, create, errors, get, post, the_two_customers, the_two_tickets};
use serde_json::{Value, json};
use testkit::TestApp;

fn loyalty() -> String {
    testkit::token(&["crm"], &[])
}

async fn send(app: &TestApp, event: &Value) -> testkit::TestResponse {
    app.post_json("/api/loyalty-events", event, Some(&loyalty()))
        .await
}

/// An event of loyalty's ticket `ticket` on `card`: `paid` cents in one line of 2 units, and
/// `returns` of (earlier ticket, cents given back).
fn event(id: &str, ticket: i64, card: &str, paid: i64, returns: &[(i64, i64)]) -> Value {
    let articles = if paid > 0 {
        json!([{"code": "X1", "label": "Article", "quantityHundredths": 200,
            "amountCents": paid, "paidCents": paid}])
    } else {
        json!([])
    };
    let returns: Vec<Value> = returns
        .iter()
        .map(|(t, c)| json!({"ticket": t, "paidCents": c}))
        .collect();
    json!({"eventId": id, "ticket": ticket, "card": card, "shopId": 2928, "receipt": "R",
        "date": "2026-12-07T10:00:00.000Z", "paidCents": paid, "points": paid / 100,
        "articles": articles, "returns": returns})
}

async fn credit(app: &TestApp, card: i64) -> Value {
    get(app, &format!("/api/credit/{card}")).await.json()["Credit"].clone()
}

#[tokio::test]
async fn a_sale_is_a_ticket_and_a_credit_once_per_event() {
    let app = common::spawn().await;
    let client = create(&app, "jon@example.com", 30).await;
    attach(&app, &client, 33).await;

    let res = send(&app, &event("e1", 7, "33", 2001, &[])).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({"eventId": "e1", "status": "RECORDED", "ticket": 1_000_000_000_007_i64,
            "credited": 10.01, "takenBack": 0})
    );
    let again = send(&app, &event("e1", 7, "33", 2001, &[])).await.json();
    assert_eq!(again["status"], "ALREADY_RECEIVED");
    // Another event of the same ticket changes nothing either.
    let other = send(&app, &event("e2", 7, "33", 2001, &[])).await.json();
    assert_eq!(other["status"], "ALREADY_RECEIVED");
    assert_eq!(credit(&app, 33).await, json!(10.01));

    let tickets = get(&app, "/api/get_tickets").await.json()["tickets"].clone();
    assert_eq!(
        tickets,
        json!([{"id": 1_000_000_000_007_i64, "date": "2026-12-07T10:00:00Z", "prix": 20.01,
            "client": client, "pointsFidelite": 20, "modePaiement": "unknown",
            "origin": "loyalty", "articles": [{"codeProduit": "X1", "prixAvant": 20.01,
            "prixApres": 20.01, "promo": 0, "quantity": 1}]}])
    );
    let customer = get(&app, &format!("/api/data/{client}")).await.json();
    assert_eq!(customer[0]["Montant"], json!(20.01));
    // The point of sale's credit of that ticket id finds it credited.
    let pos = post(
        &app,
        "/api/credit",
        json!({"Tickets": [{"carteFid": 33, "Montant": 20.01, "id": 1_000_000_000_007_i64}]}),
    )
    .await;
    assert_eq!(pos.json()["Tickets"][0]["status"], "ALREADY_CREDITED");
}

#[tokio::test]
async fn returns_take_back_the_credit_in_parts_and_never_more() {
    let app = common::spawn().await;
    let client = create(&app, "jon@example.com", 30).await;
    attach(&app, &client, 33).await;
    send(&app, &event("sale", 1, "33", 1000, &[])).await;
    send(&app, &event("other", 2, "33", 400, &[])).await;
    assert_eq!(credit(&app, 33).await, json!(7));

    // 500 credited for 1000 paid: three thirds take back 166, 167, 167 (on the whole returned).
    let mut taken = Vec::new();
    for (i, cents) in [333, 333, 334].into_iter().enumerate() {
        let res = send(
            &app,
            &event(&format!("r{i}"), 10 + i as i64, "33", 0, &[(1, cents)]),
        )
        .await;
        assert_eq!(res.json()["status"], "RECORDED", "{}", res.text);
        taken.push(res.json()["takenBack"].clone());
    }
    assert_eq!(taken, [json!(1.66), json!(1.67), json!(1.67)]);
    assert_eq!(credit(&app, 33).await, json!(2));
    let more = send(&app, &event("r9", 19, "33", 0, &[(1, 1000), (2, 400)])).await;
    assert_eq!(
        more.json()["takenBack"],
        json!(2),
        "only the other sale's credit is left"
    );
    assert_eq!(credit(&app, 33).await, json!(0));
    // A return of a sale the CRM never credited takes nothing.
    let unknown = send(&app, &event("r10", 20, "33", 0, &[(99, 500)])).await;
    assert_eq!(unknown.json()["takenBack"], json!(0));
}

#[tokio::test]
async fn a_card_no_customer_holds_credits_nothing() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    for (id, card) in [("a", "34"), ("b", "13732365999x")] {
        let res = send(&app, &event(id, 3, card, 1000, &[])).await.json();
        assert_eq!(
            (res["status"].clone(), res["ticket"].clone()),
            (json!("UNKNOWN_CARD"), Value::Null)
        );
    }
    let tickets = get(&app, "/api/get_tickets").await.json();
    assert_eq!(tickets["tickets"], json!([]));
    let customer = get(&app, &format!("/api/data/{jacquie}")).await.json();
    assert_eq!(customer[0]["Credit"], json!("420"));
}

#[tokio::test]
async fn only_the_loyalty_service_may_send_and_bad_events_are_refused() {
    let app = common::spawn().await;
    let office = app
        .post_json(
            "/api/loyalty-events",
            &event("x", 1, "33", 100, &[]),
            Some(&common::token()),
        )
        .await;
    assert_eq!(office.status, 403, "{}", office.text);
    let mut bad = event("", 0, "33", -5, &[(0, 1)]);
    bad["date"] = json!("yesterday");
    assert_eq!(
        errors(&send(&app, &bad).await),
        ["date", "eventId", "paidCents", "returns[0]", "ticket"]
    );

    // The point of sale's ticket ids stay below the loyalty service's.
    let (jacquie, _) = the_two_customers(&app).await;
    let mut pos = the_two_tickets(&jacquie);
    pos["tickets"][0]["id"] = json!(1_000_000_000_000_i64);
    assert_eq!(
        errors(&post(&app, "/api/tickets", pos).await),
        ["tickets[0].id"]
    );
}
