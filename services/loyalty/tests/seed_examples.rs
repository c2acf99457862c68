//! Seed 003's examples replayed as the guide writes them, each locked as a snapshot (ids and
//! moments redacted): a changed field name or shape fails here as a diff.

#![allow(clippy::unwrap_used)]

mod common;

use common::{consumer_with_card, get, guide_consumer, post, sale, voucher};
use insta::assert_json_snapshot;
use serde_json::json;

#[tokio::test]
async fn the_consumer_creation_example() {
    let app = common::spawn().await;
    let created = post(&app, "/api/v1/customers/", guide_consumer()).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_json_snapshot!("consumer_created", created.json(), {".id" => "[id]", ".consentDate" => "[date]", ".checkEmailDate" => "[date]"});
}

#[tokio::test]
async fn the_balance_example() {
    let body = json!({"receipt": "B130", "date": "2019-12-05T12:15:30.583Z", "purchases": [{"operation": {"id": 1}, "amount": 130}]});
    // The example's purchase is old: keep its points past the default validity.
    let app = common::spawn_configured(|p| p.points_validity_days = 36_500).await;
    consumer_with_card(&app, "13732365477").await;
    assert_eq!(sale(&app, "13732365477", body).await.status, 201);
    let balance = get(&app, "/api/v1/cards/13732365477/balance").await;
    assert_eq!(balance.status, 200);
    assert_eq!(balance.json()[0]["primaryLoyaltyBalance"]["value"], 130);
    assert_json_snapshot!("balance", balance.json(), {"[].nextExpiry.date" => "[date]"});
}

#[tokio::test]
async fn the_step_reward_example() {
    let app = common::spawn().await;
    consumer_with_card(&app, "13858466021").await;
    let body = common::ticket("S1", &common::today(), &[("A", 520.0, 1.0)], json!([]));
    assert_eq!(sale(&app, "13858466021", body).await.status, 201);
    let balance = get(&app, "/api/v1/cards/13858466021/balance").await.json();
    assert_eq!(
        balance[0]["primaryLoyaltyBalance"]["step"]["availables"],
        json!([1])
    );
    let reward = post(&app, "/api/v1/cards/13858466021/balances/0/1", json!({})).await;
    assert_eq!(reward.status, 201, "{}", reward.text);
    assert_json_snapshot!("step_reward", reward.json(), {".voucher.number" => "[number]", ".voucher.expiryDate" => "[date]"});
    let again = post(
        &app,
        "/api/v1/cards/13858466021/balances/0/steps/1",
        json!({}),
    )
    .await;
    assert_eq!(
        (again.status, again.json()["code"].clone()),
        (400, json!(101))
    );
    let out = post(
        &app,
        "/api/v1/cards/13858466021/balances/0/steps/9",
        json!({}),
    )
    .await;
    assert_eq!(out.json()["code"], 452);
    let balance = post(
        &app,
        "/api/v1/cards/13858466021/balances/1/steps/1",
        json!({}),
    )
    .await;
    assert_eq!(balance.json()["code"], 452);
}

#[tokio::test]
async fn the_cas_pratique_ticket() {
    let app = common::spawn().await;
    let card = "23301090783";
    consumer_with_card(&app, card).await;
    voucher(
        &app,
        card,
        json!({"number": "11223344", "type": "percentage", "value": "10"}),
    )
    .await;
    voucher(
        &app,
        card,
        json!({"number": "22334455", "type": "amount", "value": "5"}),
    )
    .await;
    voucher(
        &app,
        card,
        json!({"number": "66778899", "type": "amount", "value": "5"}),
    )
    .await;
    let body = json!({
        "receipt": "POS0341531C01",
        "date": "2018-12-17T15:55:28.91Z",
        "purchases": [
            {"operation": {"id": 1}, "amount": 2290, "quantity": 2, "percentageDiscount": 0,
             "item": {"code": "0021147", "label": "CHAISE PLIANTE BLANC BIRKI"},
             "itemType": {"code": "8", "label": "JARDIN"}},
            {"operation": {"id": 1}, "amount": 700, "quantity": 2, "percentageDiscount": 0,
             "item": {"code": "0064051", "label": "RIDEAU FHCS311 140X240CM TAUPE"},
             "itemType": {"code": "5", "label": "DECORATION"}}
        ],
        "voucherUsed": ["11223344", "22334455", "66778899"]
    });
    let saved = sale(&app, card, body).await;
    assert_eq!(saved.status, 201, "{}", saved.text);
    assert_eq!(saved.json()["deducted"], 10);
    assert_eq!(saved.json()["points"], 2980);
    assert_json_snapshot!("cas_pratique_ticket", saved.json(), {".id" => "[id]"});
}
