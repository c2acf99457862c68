// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! The crm service over a fresh database, with helpers that read like seed 004.

use reqwest::Method;
use serde_json::{Value, json};
use testkit::{TestApp, TestResponse};

pub async fn spawn() -> TestApp {
    testkit::spawn(&crm::SPEC, crm::start).await
}

/// [`spawn`], with the service's rules changed by `change`.
pub async fn spawn_configured(change: impl FnOnce(&mut crm::config::CrmSettings)) -> TestApp {
    testkit::spawn_with(
        &crm::SPEC,
        crm::start,
        |settings: &mut crm::config::Settings| change(&mut settings.service),
    )
    .await
}

/// A token of the back office (any valid token may use the CRM).
pub fn token() -> String {
    testkit::token(&[], &[])
}

pub async fn get(app: &TestApp, path: &str) -> TestResponse {
    app.get(path, Some(&token())).await
}

pub async fn post(app: &TestApp, path: &str, body: Value) -> TestResponse {
    app.post_json(path, &body, Some(&token())).await
}

pub async fn delete(app: &TestApp, path: &str) -> TestResponse {
    app.send(app.request(Method::DELETE, path).bearer_auth(token()))
        .await
}

/// The document's two customers, imported with their every field; their `IdClient`s.
pub async fn the_two_customers(app: &TestApp) -> (String, String) {
    let body = json!({"clients": [
        {"Nom": "Jacquie", "Prenom": "Bloggs", "Credit": "420", "Date_paiement": "2019-01-11",
         "Montant": 1330, "NbRefus": 0, "Compte": "BKN1CST53", "Age": 42, "Sexe": "h",
         "Email": "Jacquie@mimi.com", "Phone": "0102030405", "PanierMoyen": 0},
        {"Nom": "Michelle", "Prenom": "Bloggs", "Credit": "780", "Date_paiement": "2019-01-18",
         "Montant": 4569, "NbRefus": 1, "Compte": "BKN1CST83", "Age": 42, "Sexe": "f",
         "Email": "Michelle@mimi.com", "Phone": "0102089405", "PanierMoyen": 780}
    ]});
    let res = post(app, "/api/update_db", body).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let list = get(app, "/api/data").await.json();
    (
        list[0]["IdClient"].as_str().unwrap().to_string(),
        list[1]["IdClient"].as_str().unwrap().to_string(),
    )
}

/// Attaches `card` to the customer.
pub async fn attach(app: &TestApp, id_client: &str, card: i64) {
    let res = post(
        app,
        &format!("/api/data/{id_client}/cards"),
        json!({"carteFid": card}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

/// A customer made with `create_customer`; its `idClient`.
pub async fn create(app: &TestApp, mail: &str, age: i64) -> String {
    let body = json!({"name": "Jon", "last_name": "Doe", "sexe": "f", "age": age, "mail": mail, "phone": "+33638614907"});
    let res = post(app, "/api/create_customer", body).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["idClient"].as_str().unwrap().to_string()
}

/// The document's two tickets, for `client`.
pub fn the_two_tickets(client: &str) -> Value {
    json!({"tickets": [
        {"id": 42, "date": "2019-10-09T17:01:29.408701Z", "prix": 424, "client": client,
         "pointsFidelite": 0, "modePaiement": "CASH", "origin": "e-commerce",
         "articles": [
            {"codeProduit": "X1-0", "prixAvant": 800, "prixApres": 400, "promo": 50, "quantity": 2},
            {"codeProduit": "X1-9", "prixAvant": 48, "prixApres": 24, "promo": 50, "quantity": 1}
         ]},
        {"id": 38, "date": "2019-10-09T18:03:45.408701Z", "prix": 7582, "client": client,
         "pointsFidelite": 18, "modePaiement": "CARD", "origin": "e-commerce",
         "articles": [
            {"codeProduit": "X1-4", "prixAvant": 36, "prixApres": 18, "promo": 50, "quantity": 2}
         ]}
    ]})
}

/// The `errors` of a 422, as (field, message) pairs.
pub fn errors(res: &TestResponse) -> Vec<String> {
    assert_eq!(res.status, 422, "{}", res.text);
    let body = res.json();
    assert_eq!(body["code"], "VALIDATION_ERROR");
    let mut fields: Vec<String> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    fields.sort();
    fields
}

/// A client that does not follow redirects, as a test of pages needs to see them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A token of another client of the gateway.
pub fn token_for(sub: &str) -> String {
    testkit::TokenBuilder::new().subject(sub).sign()
}

/// A page as a browser asks for it, with the session cookie when `token` is given.
pub async fn page(app: &TestApp, path: &str, token: Option<&str>) -> TestResponse {
    let mut request = browser()
        .get(app.url(path))
        .header("accept", "text/html,application/xhtml+xml");
    if let Some(token) = token {
        request = request.header("cookie", format!("session={token}"));
    }
    app.send(request).await
}

/// The CSRF token a page's form carries.
pub fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no CSRF field in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// A `multipart/form-data` body of a CSRF token and a file, as a browser sends the import form.
pub fn upload_body(csrf: &str, filename: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----crmTestBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads `content` on the import page as the holder of `token`; the answer.
pub async fn upload(app: &TestApp, token: &str, filename: &str, content: &[u8]) -> TestResponse {
    let form = page(app, "/crm/import", Some(token)).await;
    let (content_type, body) = upload_body(&csrf_of(&form.text), filename, content);
    app.send(
        browser()
            .post(app.url("/crm/import"))
            .header("cookie", format!("session={token}"))
            .header("content-type", content_type)
            .body(body),
    )
    .await
}
