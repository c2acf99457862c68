//! The requests seed 001 documents, replayed as its partners' clients send them (the token
//! aside), each answer locked in a snapshot (`tests/snapshots/`). Ids and dates are redacted:
//! they differ from run to run and between SQLite and PostgreSQL. Where the document's example
//! carries a placeholder ("base64", an empty reason) it is replayed as written, and again with
//! the placeholder filled in.

mod common;

use common::*;
use serde_json::{Value, json};
use testkit::TestApp;

/// The retailer's demand under `number`, assigned to center-1, with the fields of section
/// 3.9's example.
async fn demand_for_center(app: &TestApp, number: &str) {
    let mut body = demand("REP", "center-1");
    body["demand_number"] = json!(number);
    create(app, body).await;
}

/// `body` POSTed to `path` by center-1; the answer's status and body.
async fn center_posts(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let res = app.post_json(path, &body, Some(&center("center-1"))).await;
    (res.status, res.json())
}

async fn accepted(app: &TestApp, number: &str) {
    demand_for_center(app, number).await;
    let accept = json!({"demand_number": number, "agreement_number": "9999999915"});
    let (status, body) = center_posts(app, "/api/demands/accept", accept).await;
    assert_eq!(status, 200, "{body}");
}

/// Section 3.9: `POST retrieverequests?status=RMAD`, no body.
#[tokio::test]
async fn retrieverequests_3_9() {
    let app = spawn().await;
    demand_for_center(&app, "ACH-9001-0008").await;
    let res = app
        .send(
            app.request(
                reqwest::Method::POST,
                "/api/demands/retrieverequests?status=RMAD",
            )
            .bearer_auth(center("center-1")),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // The snapshot sorts keys; on the wire they keep the example's order.
    let at = |key: &str| res.text.find(&format!("\"{key}\":"));
    let example_order = [
        "type",
        "demand_number",
        "agreement_number",
        "date",
        "current_status_code",
        "current_status_label",
        "purchase_date",
        "serial_number",
        "imei_number",
        "ean",
        "part_number",
        "brand",
        "problem_description",
        "fault_code",
        "return_to",
        "reseller_code",
        "site_name",
        "site_mail",
        "site_code",
        "site_address_street",
        "site_address_street_number",
        "site_address_compl",
        "site_address_zip_code",
        "site_address_city",
        "site_address_country",
        "client_name",
        "client_mail",
    ];
    let positions: Vec<_> = example_order.iter().map(|key| at(key)).collect();
    assert!(positions.iter().all(Option::is_some), "{}", res.text);
    assert!(positions.is_sorted(), "{}", res.text);
    insta::assert_json_snapshot!(res.json(), {
        ".data[].date" => "[date]",
        ".data[].updated_at" => "[date]",
    });
}

/// Section 3.2: accept with the document's names (`demand_numero`, `agreement_numero`) and the
/// next status ATTEXP at once.
#[tokio::test]
async fn accept_3_2() {
    let app = spawn().await;
    demand_for_center(&app, "ACH-9001-0001").await;
    let (status, body) = center_posts(
        &app,
        "/api/demands/accept",
        json!({"demand_numero": "ACH-9001-0001",
        "agreement_numero": "9999999915",
        "agreement_content": "",
        "status_code": "ATTEXP",
        "status_comment": ""
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!(body, {
        ".data.date" => "[date]",
        ".data.updated_at" => "[date]",
    });
}

/// Section 3.3: the example's reason is empty, which is refused (a refusal says why); with a
/// reason the demand is refused.
#[tokio::test]
async fn refuse_3_3() {
    let app = spawn().await;
    demand_for_center(&app, "ACH-9001-0001").await;
    let as_written = json!({"demand_numero": "ACH-9001-0001", "reason": ""});
    let (status, body) = center_posts(&app, "/api/demands/refuse", as_written).await;
    assert_eq!(status, 422, "{body}");
    insta::assert_json_snapshot!("refuse_3_3_as_written", body);

    let with_reason = json!({"demand_numero": "ACH-9001-0001", "reason": "Hors périmètre"});
    let (status, body) = center_posts(&app, "/api/demands/refuse", with_reason).await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!("refuse_3_3_with_reason", body, {
        ".data.date" => "[date]",
        ".data.updated_at" => "[date]",
    });
}

/// Section 3.6: the example's `label_content` is the word "base64", not base64; with a real
/// label the label is stored and the demand carries its number and carrier.
#[tokio::test]
async fn tracking_3_6() {
    let app = spawn().await;
    accepted(&app, "ACH-0000-0000").await;
    let mut example = json!({
        "demand_number": "ACH-0000-0000",
        "tracking_number": "XFR14512345",
        "label_content": "base64",
        "carrier_name": "chronopost",
        "type": "CLIENT_TO_CENTER"
    });
    let (status, body) = center_posts(&app, "/api/demands/tracking", example.clone()).await;
    assert_eq!(status, 422, "{body}");
    insta::assert_json_snapshot!("tracking_3_6_as_written", body);

    example["label_content"] = json!("VEVYVEUgVEVTVFM=");
    let (status, body) = center_posts(&app, "/api/demands/tracking", example).await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!("tracking_3_6_with_a_label", body, {
        ".data.id" => "[id]",
        ".data.label_document_id" => "[id]",
        ".data.date" => "[date]",
    });
}

/// Section 3.7 then 3.10: the report, then the demand's documents with their content.
#[tokio::test]
async fn adddocument_3_7_and_documents_3_10() {
    let app = spawn().await;
    demand_for_center(&app, "CRF-8000-0004").await;
    let (status, body) = center_posts(
        &app,
        "/api/demands/adddocument",
        json!({
            "demand_number": "CRF-8000-0004",
            "file_name": "rapport1.txt",
            "file_content": "VEVYVEUgVEVTVFM=",
            "type": "REPORT"
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!("adddocument_3_7", body, {
        ".data.id" => "[id]",
        ".data.date" => "[date]",
    });

    let res = app
        .send(
            app.request(
                reqwest::Method::POST,
                "/api/demands/documents?demand_number=CRF-8000-0004",
            )
            .bearer_auth(center("center-1")),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    insta::assert_json_snapshot!("documents_3_10", res.json(), {
        ".data[].id" => "[id]",
        ".data[].date" => "[date]",
    });
}

/// Section 3.8: the example's `quote_file` is the word "base64"; without it the quote is
/// issued, its comma prices read exactly.
#[tokio::test]
async fn quotation_3_8() {
    let app = spawn().await;
    accepted(&app, "ACH-0000-0000").await;
    let mut example = json!({
        "demand_number": "ACH-0000-0000",
        "quote_number": "your reference quote",
        "quote_file": "base64",
        "prestation": [
            {"label_prestation": "Prestation 1", "quantity": "1", "price": "158,45"},
            {"label_prestation": "Prestation 2", "quantity": "1", "price": "158,45"}
        ]
    });
    let (status, body) = center_posts(&app, "/api/demands/quotation", example.clone()).await;
    assert_eq!(status, 422, "{body}");
    insta::assert_json_snapshot!("quotation_3_8_as_written", body);

    if let Some(fields) = example.as_object_mut() {
        fields.remove("quote_file");
    }
    let (status, body) = center_posts(&app, "/api/demands/quotation", example).await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!("quotation_3_8_without_its_file", body, {
        ".data.date" => "[date]",
    });
}
