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
