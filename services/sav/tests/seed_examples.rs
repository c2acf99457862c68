//! Seed 000's documented examples, replayed as its clients send them, each answer locked as a
//! snapshot (ids and dates redacted): a changed field name or shape fails here as a diff.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_sav, feed, sale, token};
use insta::assert_json_snapshot;
use serde_json::json;

const DATES: [&str; 3] = [
    ".savRecords[].createdAt",
    ".savRecords[].updatedAt",
    ".savRecords[].validatedAt",
];

#[tokio::test]
async fn the_customer_sav_status_examples() {
    let app = common::spawn().await;
    feed(
        &app,
        sale(
            "ORDER123",
            "customer@example.com",
            "200.00",
            "complete",
            None,
        ),
    )
    .await;
    create_sav(
        &app,
        &[
            ("sale_ref", "ORDER123"),
            ("status", "1"),
            ("claim_date", "2026-03-02"),
            ("products", "SKU123"),
        ],
    )
    .await;
    create_sav(
        &app,
        &[
            ("sale_ref", "ORDER123"),
            ("claim_date", "2026-03-01"),
            ("products", "SKU456:2"),
        ],
    )
    .await;

    let all = app
        .get(
            "/api/customer/sav-status?email=customer@example.com",
            Some(&token()),
        )
        .await;
    assert_eq!(all.status, 200, "{}", all.text);
    let redactions = DATES
        .iter()
        .map(|d| (*d, "[date]"))
        .chain([(".savRecords[].savId", "[id]")]);
    let mut settings = insta::Settings::clone_current();
    for (selector, value) in redactions {
        settings.add_redaction(selector, value);
    }
    settings.bind(|| assert_json_snapshot!("sav_status_all", all.json()));

    let one = app
        .get(
            "/api/customer/sav-status?email=customer@example.com&product_sku=SKU123",
            Some(&token()),
        )
        .await;
    assert_eq!(one.status, 200, "{}", one.text);
    settings.bind(|| assert_json_snapshot!("sav_status_by_product", one.json()));
}

#[tokio::test]
async fn the_forgotten_coupon_examples() {
    let app = common::spawn().await;
    feed(
        &app,
        json!([
            sale("100000123", "c@example.com", "200.00", "processing", None),
            sale(
                "100000124",
                "c@example.com",
                "200.00",
                "processing",
                Some("WELCOME5")
            ),
        ]),
    )
    .await;
    let offer = json!({"increment_id": "100000123", "coupon_code": "SUMMER10", "commercial_offer_percentage": 10});
    let allowed = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &offer,
            Some(&token()),
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
    assert_json_snapshot!("eligibility_allowed", allowed.json(), {".sale_id" => "[id]"});

    let with_coupon = json!({"increment_id": "100000124", "coupon_code": "SUMMER10", "commercial_offer_percentage": 10});
    let rejected = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &with_coupon,
            Some(&token()),
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);
    assert_json_snapshot!("eligibility_rejected", rejected.json());

    let ticket = json!({"increment_id": "100000123", "sav_type": "oublie de code promo",
        "coupon_code": "SUMMER10", "commercial_offer_percentage": 10});
    let created = app.post_json("/api/sav", &ticket, Some(&token())).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_json_snapshot!("ticket_created", created.json(), {".sav_id" => "[id]", ".sale_id" => "[id]"});
}

#[tokio::test]
async fn the_create_with_pickup_date_example() {
    let app = common::spawn().await;
    feed(
        &app,
        sale(
            "ORDER123",
            "customer@example.com",
            "200.00",
            "complete",
            None,
        ),
    )
    .await;
    let form = [
        ("sale_ref", "ORDER123"),
        ("customer_email", "customer@example.com"),
        ("customer_name", "John Doe"),
        ("pickup_rdv_date", "2026-03-15"),
    ];
    let created = app
        .post_form("/sav/create-sale-sav", &form, Some(&token()))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_json_snapshot!("create_with_pickup", created.json(), {".sav_id" => "[id]"});
    let id = created.json()["sav_id"].as_i64().unwrap();
    let sav = app.get(&format!("/api/sav/{id}"), Some(&token())).await;
    assert_eq!(sav.status, 200, "{}", sav.text);
    assert_json_snapshot!("created_sav_detail", sav.json(), {
        ".sav.savId" => "[id]", ".sav.createdAt" => "[date]", ".sav.updatedAt" => "[date]",
        ".sav.claimDate" => "[date]", ".sav.history[].changedAt" => "[date]",
    });
}
