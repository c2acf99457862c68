// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! The SAV service over a fresh database, with helpers that read like seed 000.

pub mod issuer;

use serde_json::{Value, json};
use testkit::TestApp;

pub async fn spawn() -> TestApp {
    testkit::spawn(&sav::SPEC, sav::start).await
}

/// A token of the shop feed, the support tools and the chatbot together.
pub fn token() -> String {
    testkit::token(&["sales_write", "sav_read", "sav_write"], &[])
}

pub fn sale(
    increment_id: &str,
    email: &str,
    total: &str,
    status: &str,
    coupon: Option<&str>,
) -> Value {
    json!({
        "increment_id": increment_id,
        "customer_email": email,
        "customer_name": "John Doe",
        "customer_phone": "+33600000000",
        "grand_total": total,
        "coupon_code": coupon,
        "status": status,
        "created_at": "2026-03-01T10:00:00Z",
        "lines": [
            {"sku": "SKU123", "name": "Canapé", "quantity": 1, "unit_price": "150.00"},
            {"sku": "SKU456", "name": "Coussin", "quantity": 2, "unit_price": "25,00"}
        ]
    })
}

pub async fn feed(app: &TestApp, sales: Value) {
    let res = app.post_json("/api/sales", &sales, Some(&token())).await;
    assert_eq!(res.status, 200, "{}", res.text);
}

/// Creates a SAV with the form the document's curl sends; returns its id.
pub async fn create_sav(app: &TestApp, form: &[(&str, &str)]) -> i64 {
    let res = app
        .post_form("/sav/create-sale-sav", &form, Some(&token()))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["sav_id"].as_i64().unwrap()
}
