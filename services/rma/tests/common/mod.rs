// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! The rma service over a fresh database, with a retailer and two repair centers, and helpers
//! that read like seed 001.

use serde_json::{Value, json};
use testkit::{TestApp, TestResponse, TokenBuilder};

/// The scopes the document's `token/create` example grants.
pub const DOC_SCOPES: &[&str] = &[
    "demands_create",
    "demands_status",
    "demands_adddocument",
    "demands_messagecenter",
    "demands_resubmit",
    "demands_update",
    "demands_responsequote",
    "demands_accept",
    "demands_refuse",
];

pub async fn spawn() -> TestApp {
    testkit::spawn_with(&rma::SPEC, rma::start, |s: &mut rma::config::Settings| {
        s.outbox.enabled = false;
    })
    .await
}

/// A repair center's token, as the gateway issues it for a client bound to `partner`.
pub fn center(partner: &str) -> String {
    TokenBuilder::new()
        .subject(&format!("{partner}-client"))
        .partner(partner)
        .scopes(DOC_SCOPES)
        .sign()
}

/// The retailer's back office: every scope, bound to no partner.
pub fn retailer() -> String {
    let mut scopes = DOC_SCOPES.to_vec();
    scopes.push("partners_manage");
    TokenBuilder::new()
        .subject("backoffice")
        .scopes(&scopes)
        .sign()
}

/// A demand as the retailer fills it in, with the fields of the document's example.
pub fn demand(kind: &str, center: &str) -> Value {
    json!({
        "type": kind,
        "repair_center": center,
        "purchase_date": "2021-08-28 09:45:17",
        "serial_number": "1111111111111",
        "imei_number": "123456789123456",
        "ean": "8710103818724",
        "part_number": "1111111111",
        "brand": "Test",
        "problem_description": "TEST REVERSI0",
        "fault_code": "AutreProbleme",
        "return_to": "USER",
        "reseller_code": "AUCHAN",
        "site_name": "AUCHAN TRAPPES",
        "site_mail": "rma_auchan@monsav.com",
        "site_code": "AUCHAN_TRAPPES",
        "site_address_street": "Allée du Ruisseau de Gironde",
        "site_address_street_number": null,
        "site_address_compl": null,
        "site_address_zip_code": "78190",
        "site_address_city": "TRAPPES",
        "site_address_country": "78190",
        "client_name": "Dupont Jean",
        "client_mail": "jean_dupont@toulouse.fr"
    })
}

/// Creates `body` as the retailer; returns the demand number.
pub async fn create(app: &TestApp, body: Value) -> String {
    let res = app
        .post_json("/api/demands", &body, Some(&retailer()))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.json()["status"], "OK");
    res.json()["data"]["demand_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// POSTs JSON and checks the status; returns the body.
pub async fn post(app: &TestApp, path: &str, token: &str, body: Value, expected: u16) -> Value {
    let res = app.post_json(path, &body, Some(token)).await;
    assert_eq!(res.status, expected, "{path} {body}: {}", res.text);
    res.json()
}

/// An error answer in the document's dialect with `code`.
pub fn assert_ko(res: &TestResponse, status: u16, code: &str) {
    assert_eq!(res.status, status, "{}", res.text);
    let body = res.json();
    assert_eq!(body["status"], "KO", "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

pub async fn status(app: &TestApp, token: &str, number: &str, code: &str) -> TestResponse {
    app.post_json(
        "/api/demands/status",
        &json!({"demand_number": number, "status_code": code, "status_comment": ""}),
        Some(token),
    )
    .await
}

/// Sends a status the partner may send; returns the demand as answered.
pub async fn status_ok(app: &TestApp, token: &str, number: &str, code: &str) -> Value {
    let res = status(app, token, number, code).await;
    assert_eq!(res.status, 200, "{code}: {}", res.text);
    let data = res.json()["data"].clone();
    assert_eq!(data["current_status_code"], code);
    data
}

/// The demand numbers `retrieverequests` gives the partner for `query` (e.g. `?status=RMAD`).
pub async fn retrieve(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    // As the document's client: a POST without a body, the filter in the query string.
    let res = app
        .send(
            app.request(
                reqwest::Method::POST,
                &format!("/api/demands/retrieverequests{query}"),
            )
            .bearer_auth(token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["status"], "OK");
    assert_eq!(body["message"], "Success");
    body["data"].as_array().unwrap().clone()
}

pub fn numbers(demands: &[Value]) -> Vec<String> {
    demands
        .iter()
        .map(|d| d["demand_number"].as_str().unwrap().to_string())
        .collect()
}

pub async fn close(app: &TestApp, number: &str) -> Value {
    post(
        app,
        "/api/demands/close",
        &retailer(),
        json!({"demand_number": number, "comment": "Clôture du dossier"}),
        200,
    )
    .await
}
