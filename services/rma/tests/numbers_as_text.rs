//! Seed 001's numbers (demand and agreement numbers, quantities, prices) arrive as JSON strings
//! or numbers: every route takes both and checks them alike after.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn creation_takes_the_demand_and_agreement_numbers_as_numbers_or_text() {
    let app = spawn().await;
    for (number, agreement) in [
        (json!(4242), json!(9999999915_i64)),
        (json!("4243"), json!("9999999915")),
    ] {
        let mut body = demand("PAD", "center-1");
        body["demand_number"] = number.clone();
        body["agreement_number"] = agreement;
        let created = post(&app, "/api/demands", &retailer(), body, 201).await;
        assert_eq!(
            created["data"]["demand_number"],
            number.to_string().trim_matches('"')
        );
        assert_eq!(created["data"]["agreement_number"], "9999999915");
    }
    // The number's rule holds whatever its JSON type.
    let mut body = demand("REP", "center-1");
    body["demand_number"] = json!("42/42");
    let refused = post(&app, "/api/demands", &retailer(), body, 422).await;
    assert!(refused["errors"]["demand_number"].is_string(), "{refused}");
}

#[tokio::test]
async fn accept_and_status_take_the_numbers_as_numbers_or_text() {
    let app = spawn().await;
    let center = center("center-1");
    for (number, sent_as) in [(json!(5151), json!(5151)), (json!("5152"), json!("5152"))] {
        let mut body = demand("REP", "center-1");
        body["demand_number"] = number;
        create(&app, body).await;
        let accepted = post(
            &app,
            "/api/demands/accept",
            &center,
            json!({"demand_numero": sent_as, "agreement_numero": 9999999915_i64, "status_code": "ATTEXP"}),
            200,
        )
        .await;
        assert_eq!(accepted["data"]["agreement_number"], "9999999915");
        let moved = post(
            &app,
            "/api/demands/status",
            &center,
            json!({"demand_number": sent_as, "status_code": "EXPOK"}),
            200,
        )
        .await;
        assert_eq!(moved["data"]["current_status_code"], "EXPOK");
    }
    let unknown = post(
        &app,
        "/api/demands/status",
        &center,
        json!({"demand_number": 9, "status_code": "EXPOK"}),
        404,
    )
    .await;
    assert_eq!(unknown["status"], "KO");
}

fn quote(number: &str, quantity: Value, price: Value) -> Value {
    json!({"demand_number": number, "quote_number": format!("Q-{quantity}-{price}"),
           "prestation": [{"label_prestation": "Main d'oeuvre", "quantity": quantity, "price": price}]})
}

#[tokio::test]
async fn quotation_takes_quantities_and_prices_as_numbers_or_text() {
    let app = spawn().await;
    let center = center("center-1");
    for (quantity, price) in [(json!(2), json!(158.45)), (json!("2"), json!("158,45"))] {
        let number = create(&app, demand("REP", "center-1")).await;
        let accept = json!({"demand_number": number, "agreement_number": "A-1"});
        post(&app, "/api/demands/accept", &center, accept, 200).await;
        let quoted = post(
            &app,
            "/api/demands/quotation",
            &center,
            quote(&number, quantity, price),
            200,
        )
        .await;
        assert_eq!(quoted["data"]["total_cents"], 31690);
    }
    let number = create(&app, demand("REP", "center-1")).await;
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A-1"}),
        200,
    )
    .await;
    for (quantity, price, field) in [
        (json!(2.5), json!(1), "prestation[0].quantity"),
        (json!("2.5"), json!(1), "prestation[0].quantity"),
        (json!(1), json!(1.234), "prestation[0].price"),
        (json!(1), json!("1,234"), "prestation[0].price"),
    ] {
        let refused = post(
            &app,
            "/api/demands/quotation",
            &center,
            quote(&number, quantity, price),
            422,
        )
        .await;
        assert!(refused["errors"][field].is_string(), "{field}: {refused}");
    }
}

/// Tracking and document types, and status codes, in any case; numbers as text or as numbers
/// in the tracking, document and listing routes; dates as `Y-m-d H:i:s`.
#[tokio::test]
async fn types_and_status_codes_in_any_case() {
    let app = spawn().await;
    let center = center("center-1");
    let mut body = demand("REP", "center-1");
    body["demand_number"] = json!(6161);
    create(&app, body).await;
    let accepted = post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": 6161, "agreement_number": "A-1", "status_code": "attexp"}),
        200,
    )
    .await;
    assert_eq!(accepted["data"]["current_status_code"], "ATTEXP");
    let moved = post(
        &app,
        "/api/demands/status",
        &center,
        json!({"demand_number": "6161", "status_code": "Expok"}),
        200,
    )
    .await;
    assert_eq!(moved["data"]["current_status_code"], "EXPOK");
    for (tracking_number, direction) in [
        (json!(14512345), "client_to_center"),
        (json!("XFR14512345"), "Center_To_Client"),
    ] {
        let label = post(
            &app,
            "/api/demands/tracking",
            &center,
            json!({"demand_number": 6161, "tracking_number": tracking_number,
                   "carrier_name": "chronopost", "type": direction}),
            200,
        )
        .await;
        assert_eq!(label["data"]["type"], direction.to_ascii_uppercase());
    }
    for (number, kind) in [(json!(6161), "report"), (json!("6161"), "Picture")] {
        let added = post(
            &app,
            "/api/demands/adddocument",
            &center,
            json!({"demand_number": number, "file_name": "photo.jpg",
                   "file_content": "VEVYVEUgVEVTVFM=", "type": kind}),
            200,
        )
        .await;
        assert_eq!(added["data"]["type"], kind.to_ascii_uppercase());
    }
    let documents = post(
        &app,
        "/api/demands/documents",
        &center,
        json!({"demand_number": 6161, "type": "picture"}),
        200,
    )
    .await;
    assert_eq!(documents["data"].as_array().unwrap().len(), 1);
    // The listing's status filter, and a date as the document writes them.
    let listed = retrieve(
        &app,
        &center,
        "?status=expok&updated_since=2021-09-22%2009:45:17",
    )
    .await;
    assert_eq!(numbers(&listed), ["6161"]);
    let refused = post(
        &app,
        "/api/demands/tracking",
        &center,
        json!({"demand_number": 6161, "tracking_number": 1, "carrier_name": "x", "type": "sideways"}),
        422,
    )
    .await;
    assert!(refused["errors"]["type"].is_string(), "{refused}");
}
