//! The shop's order feed: `POST /api/sales`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{sale, token};
use serde_json::json;

#[tokio::test]
async fn orders_are_upserted_by_increment_id() {
    let app = common::spawn().await;
    let res = app
        .post_json(
            "/api/sales",
            &sale(
                "100000123",
                "Customer@Example.com",
                "200.00",
                "processing",
                None,
            ),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["success"], true);
    assert_eq!(body["upserted"], 1);
    let id = body["sales"][0]["sale_id"].as_i64().unwrap();

    // The same order again, changed, in a list: same id.
    let res = app
        .post_json(
            "/api/sales",
            &json!([
                sale(
                    "100000123",
                    "customer@example.com",
                    "210.00",
                    "complete",
                    None
                ),
                sale("100000124", "b@example.com", "10", "pending", None)
            ]),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["upserted"], 2);
    assert_eq!(res.json()["sales"][0]["sale_id"].as_i64().unwrap(), id);
}

#[tokio::test]
async fn a_bad_order_names_its_fields_and_nothing_is_written() {
    let app = common::spawn().await;
    let mut bad = sale("100000200", "not-an-email", "abc", "pending", None);
    bad["grand_total"] = json!("12.345");
    let res = app
        .post_json(
            "/api/sales",
            &json!([
                sale("100000199", "ok@example.com", "1", "pending", None),
                bad
            ]),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422);
    let body = res.json();
    assert_eq!(body["success"], false);
    assert_eq!(body["error_code"], "VALIDATION_ERROR");
    assert!(
        body["message"].as_str().unwrap().contains("grand_total"),
        "{body}"
    );

    let res = app
        .post_json("/api/sales", &json!([sale("100000201", "ok@example.com", "1", "pending", None), {"increment_id": "x"}]), Some(&token()))
        .await;
    assert_eq!(res.status, 422);
    let errors = &res.json()["errors"];
    assert_eq!(errors["[1].customer_email"], "is required");
    assert_eq!(errors["[1].status"], "is required");

    // Nothing of the failed batch exists: a SAV on its first order is refused.
    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("sale_ref", "100000201")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn the_feed_needs_its_scope() {
    let app = common::spawn().await;
    let body = sale("1", "a@b.fr", "1", "pending", None);
    assert_eq!(app.post_json("/api/sales", &body, None).await.status, 401);
    let reader = testkit::token(&["sav_read"], &[]);
    let res = app.post_json("/api/sales", &body, Some(&reader)).await;
    assert_eq!(res.status, 403);
    assert_eq!(res.json()["success"], false);
}

#[tokio::test]
async fn an_empty_feed_stores_nothing_and_says_so() {
    let app = common::spawn().await;
    let res = app
        .post_json("/api/sales", &json!([]), Some(&token()))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["upserted"], 0);
    assert_eq!(res.json()["sales"], json!([]));
}

#[tokio::test]
async fn amounts_are_read_to_the_cent_through_float_artefacts_and_bounded() {
    let app = common::spawn().await;
    // 0.57 as a client's float arithmetic writes it; the line's quantity 2.0 is the number 2.
    let mut order = sale("100000300", "c@example.com", "1", "pending", None);
    order["grand_total"] = json!(0.570_000_000_000_000_1);
    order["lines"] = json!([{"sku": "A", "quantity": 2.0, "unit_price": 0.3}]);
    let res = app.post_json("/api/sales", &order, Some(&token())).await;
    assert_eq!(res.status, 200, "{}", res.text);

    let mut huge = sale("100000301", "c@example.com", "1", "pending", None);
    huge["grand_total"] = json!("1000000000.00");
    huge["lines"] = json!([{"sku": "A", "quantity": 100_001}]);
    let res = app.post_json("/api/sales", &huge, Some(&token())).await;
    assert_eq!(res.status, 422, "{}", res.text);
    let errors = &res.json()["errors"];
    assert!(errors["grand_total"].is_string(), "{errors}");
    assert!(errors["lines[0].quantity"].is_string(), "{errors}");
}
