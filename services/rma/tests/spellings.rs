//! Seed 001's own spellings of its routes: `retrieveDemand` (section 1), `retrieverequets`
//! (3.9's heading), `retrieverequest` (its example's title), `retrievequest` and
//! `retrievequests` (section 4), beside `retrieverequests`; and `demandes/` beside `demands/`.
//! Each reaches the same handler as the route it names.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_spelling_of_the_listing_route_lists_the_same_demands() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("PAD", "center-1")).await;
    let spellings = rma::routes::aliases("/api/demands/retrieverequests");
    assert_eq!(spellings.len(), 11);
    for path in std::iter::once("/api/demands/retrieverequests".to_string()).chain(spellings) {
        for method in [Method::POST, Method::GET] {
            let res = app
                .send(
                    app.request(method.clone(), &format!("{path}?status=RMAD"))
                        .bearer_auth(&center),
                )
                .await;
            assert_eq!(res.status, 200, "{method} {path}: {}", res.text);
            let listed = res.json();
            assert_eq!(
                numbers(listed["data"].as_array().unwrap()),
                [number.as_str()]
            );
            assert_eq!(listed["total"], 1, "{path}");
        }
    }
}

#[tokio::test]
async fn demandes_reaches_each_route_of_the_document() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    let at = |route: &str| format!("/api/demandes/{route}");
    let accepted = post(
        &app,
        &at("accept"),
        &center,
        json!({"demand_numero": number, "agreement_numero": "9999999915"}),
        200,
    )
    .await;
    assert_eq!(accepted["data"]["current_status_code"], "RMAOK");
    let moved = post(
        &app,
        &at("status"),
        &center,
        json!({"demand_number": number, "status_code": "D"}),
        200,
    )
    .await;
    assert_eq!(moved["data"]["current_status_code"], "D");
    let message = json!({"demand_number": number, "message": "Numéro de série ?"});
    post(&app, &at("message"), &center, message, 200).await;
    let label = json!({"demand_number": number, "tracking_number": "XFR1", "carrier_name": "chronopost", "type": "CENTER_TO_CLIENT"});
    post(&app, &at("tracking"), &center, label, 200).await;
    let report = json!({"demand_number": number, "file_name": "r.txt", "file_content": "VEVYVEUgVEVTVFM=", "type": "REPORT"});
    post(&app, &at("adddocument"), &center, report, 200).await;
    let quote = json!({"demand_number": number, "quote_number": "Q1",
        "prestation": [{"label_prestation": "Prestation 1", "quantity": "1", "price": "158,45"}]});
    let quoted = post(&app, &at("quotation"), &center, quote, 200).await;
    assert_eq!(quoted["data"]["total_cents"], 15845);
    let documents = post(
        &app,
        &at("documents"),
        &center,
        json!({"demand_number": number}),
        200,
    )
    .await;
    assert_eq!(documents["data"][0]["type"], "REPORT");

    let other = create(&app, demand("REP", "center-1")).await;
    let refused = post(
        &app,
        &at("refuse"),
        &center,
        json!({"demand_number": other, "reason": "Hors périmètre"}),
        200,
    )
    .await;
    assert_eq!(refused["data"]["current_status_code"], "RMANOK");
}

/// An alias is the route it names: the same methods, and nothing else.
#[tokio::test]
async fn an_alias_answers_405_as_its_route_does() {
    let app = spawn().await;
    let res = app
        .get("/api/demandes/accept", Some(&center("center-1")))
        .await;
    assert_ko(&res, 405, "METHOD_NOT_ALLOWED");
    assert_eq!(res.header("allow"), Some("POST"));
    // `retrieveDemand` is the listing, not a demand of that number.
    let res = app
        .get("/api/demands/retrieveDemand", Some(&center("center-1")))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res.json()["data"].is_array());
    // The retailer's own routes have no other spelling.
    let res = app
        .post_json("/api/demandes/close", &json!({}), Some(&retailer()))
        .await;
    assert_eq!(res.status, 404, "{}", res.text);
}
