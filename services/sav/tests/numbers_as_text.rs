//! Seed 000's clients send ids, quantities, percentages and amounts as JSON numbers or as
//! strings (`"increment_id": 100000123`, `"commercial_offer_percentage": "10"`): every route
//! takes both, and checks them alike after.

#![allow(clippy::unwrap_used)]

mod common;

use common::{feed, sale, token};
use serde_json::{Value, json};
use testkit::TestApp;

/// An order whose id, quantity and amounts are sent as `id`, `quantity` and `amount` are.
fn order(id: Value, quantity: Value, amount: Value) -> Value {
    json!({
        "increment_id": id, "customer_email": "c@example.com", "grand_total": amount,
        "status": "processing",
        "lines": [{"sku": "SKU123", "name": "Canapé", "quantity": quantity, "unit_price": amount}]
    })
}

#[tokio::test]
async fn the_order_feed_takes_numbers_and_text_alike() {
    let app = common::spawn().await;
    for (id, quantity, amount) in [
        (json!(100000123), json!(2), json!(200.5)),
        (json!("100000124"), json!("2"), json!("200,50")),
    ] {
        let res = app
            .post_json(
                "/api/sales",
                &order(id.clone(), quantity, amount),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(
            res.json()["sales"][0]["increment_id"],
            id.to_string().trim_matches('"')
        );
    }
    for (quantity, amount, field) in [
        (json!("2.5"), json!(200), "[0].lines[0].quantity"),
        (json!(2.5), json!(200), "[0].lines[0].quantity"),
        (json!(1), json!("12.345"), "[0].grand_total"),
        (json!(1), json!(12.345), "[0].grand_total"),
    ] {
        let res = app
            .post_json(
                "/api/sales",
                &json!([order(json!(7), quantity, amount)]),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert!(
            res.json()["errors"].get(field).is_some(),
            "{field}: {}",
            res.text
        );
    }
}

async fn eligibility(app: &TestApp, id: Value, percentage: Value) -> Value {
    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": id, "coupon_code": "SUMMER10", "commercial_offer_percentage": percentage}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()
}

#[tokio::test]
async fn eligibility_takes_the_id_and_the_percentage_as_numbers_or_text() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("100000123", "c@example.com", "200.00", "processing", None),
    )
    .await;
    for (id, percentage) in [
        (json!(100000123), json!(10)),
        (json!("100000123"), json!("10")),
        (json!(100000123), json!("10,00")),
    ] {
        let body = eligibility(&app, id, percentage).await;
        assert_eq!(body["allowed"], true, "{body}");
        assert_eq!(body["commercial_offer_percentage"], 10);
        assert_eq!(body["proposed_gesture_amount"], 20);
    }
    for percentage in [json!("0"), json!(0), json!("abc"), json!(12.345)] {
        let body = eligibility(&app, json!(100000123), percentage).await;
        assert_eq!(body["allowed"], false);
        assert_eq!(body["error_code"], "INVALID_COMMERCIAL_OFFER_PERCENTAGE");
    }
    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": 999, "coupon_code": "SUMMER10", "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.text);
}

#[tokio::test]
async fn the_chatbot_ticket_takes_the_id_and_the_percentage_as_numbers_or_text() {
    let app = common::spawn().await;
    feed(
        &app,
        json!([
            sale("100000123", "c@example.com", "200.00", "processing", None),
            sale("100000124", "c@example.com", "200.00", "processing", None),
        ]),
    )
    .await;
    for (id, percentage) in [
        (json!(100000123), json!("10")),
        (json!("100000124"), json!(10)),
    ] {
        let res = app
            .post_json(
                "/api/sav",
                &json!({"increment_id": id, "sav_type": "forgotten-coupon", "coupon_code": "SUMMER10",
                        "commercial_offer_percentage": percentage}),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json()["proposed_gesture_amount"], 20);
    }
    let res = app
        .post_json(
            "/api/sav",
            &json!({"increment_id": 100000123, "sav_type": "forgotten-coupon", "coupon_code": "SUMMER10",
                    "commercial_offer_percentage": "101"}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(
        res.json()["error_code"],
        "INVALID_COMMERCIAL_OFFER_PERCENTAGE"
    );
}

#[tokio::test]
async fn create_and_update_take_the_order_status_and_quantities_as_numbers_or_text() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("100000123", "c@example.com", "200", "complete", None),
    )
    .await;
    let mut ids = Vec::new();
    for (sale_ref, status, quantity) in [
        (json!(100000123), json!(1), json!(2)),
        (json!("100000123"), json!("1"), json!("2")),
    ] {
        let res = app
            .post_json(
                "/sav/create-sale-sav",
                &json!({"sale_ref": sale_ref, "status": status,
                        "products": [{"sku": "SKU456", "quantity": quantity}]}),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let id = res.json()["sav_id"].as_i64().unwrap();
        let sav = app
            .get(&format!("/api/sav/{id}"), Some(&token()))
            .await
            .json()["sav"]
            .clone();
        assert_eq!(sav["status"], 1);
        assert_eq!(sav["products"][0]["quantity"], 2);
        ids.push(id);
    }
    for (id, status) in ids.iter().zip([json!(2), json!("2")]) {
        let res = app
            .post_json(
                &format!("/sav/update-new-sale-sav/{id}"),
                &json!({"status": status}),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json()["status"], 2);
    }
    for status in [json!(3), json!("3"), json!("1.5")] {
        let res = app
            .post_json(
                &format!("/sav/update-new-sale-sav/{}", ids[0]),
                &json!({"status": status}),
                Some(&token()),
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert!(res.json()["errors"].get("status").is_some(), "{}", res.text);
    }
    let res = app
        .post_json(
            "/sav/create-sale-sav",
            &json!({"sale_ref": 100000123, "products": [{"sku": "SKU456", "quantity": "two"}]}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
}
