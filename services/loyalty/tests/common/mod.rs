// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! The loyalty service over a fresh database, with helpers that read like seed 003.

use reqwest::Method;
use serde_json::{Value, json};
use testkit::{TestApp, TestResponse};

pub async fn spawn() -> TestApp {
    spawn_configured(|_| {}).await
}

/// [`spawn`], with the program changed by `change`.
pub async fn spawn_configured(
    change: impl FnOnce(&mut loyalty::config::LoyaltySettings),
) -> TestApp {
    testkit::spawn_with(
        &loyalty::SPEC,
        loyalty::start,
        |settings: &mut loyalty::config::Settings| change(&mut settings.service),
    )
    .await
}

/// A till's token (`POST /api/token` with username, password and terminal).
pub fn till() -> String {
    testkit::TokenBuilder::new()
        .subject("till")
        .terminal("1")
        .sign()
}

/// The back office's token: it may issue vouchers.
pub fn back_office() -> String {
    testkit::token(&["loyalty_vouchers"], &[])
}

pub async fn get(app: &TestApp, path: impl AsRef<str>) -> TestResponse {
    app.send(app.request(Method::GET, path.as_ref()).bearer_auth(till()))
        .await
}

pub async fn post(app: &TestApp, path: impl AsRef<str>, body: Value) -> TestResponse {
    app.send(
        app.request(Method::POST, path.as_ref())
            .bearer_auth(till())
            .json(&body),
    )
    .await
}

pub async fn put(app: &TestApp, path: impl AsRef<str>, body: Value) -> TestResponse {
    app.send(
        app.request(Method::PUT, path.as_ref())
            .bearer_auth(till())
            .json(&body),
    )
    .await
}

pub async fn delete(app: &TestApp, path: impl AsRef<str>) -> TestResponse {
    app.send(
        app.request(Method::DELETE, path.as_ref())
            .bearer_auth(till()),
    )
    .await
}

/// The guide's creation example, as written.
pub fn guide_consumer() -> Value {
    json!({
        "noFidelity": false,
        "civility": "MONSIEUR",
        "lastname": "Laffargue",
        "firstname": "Xavier",
        "phone": "+33562010203",
        "mobile": "+14507601234",
        "email": "j.wade@proximasoft.com",
        "dayBirthday": 30,
        "monthBirthday": 3,
        "yearBirthday": 1993,
        "address": {
            "address1": "Porte 1",
            "address2": "Résidence",
            "address3": "11 rue marc sangnier",
            "address4": "Lieu dit",
            "zipcode": "33700",
            "city": "Mérignac",
            "country": "FRANCE"
        },
        "cards": ["23301090783"]
    })
}

/// A consumer holding `card`.
pub async fn consumer_with_card(app: &TestApp, card: &str) -> Value {
    let res = post(
        app,
        "/api/v1/customers",
        json!({"lastname": "SOUPE", "cards": [card]}),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json()
}

/// Issues a voucher to `card` through the back office.
pub async fn voucher(app: &TestApp, card: &str, body: Value) -> Value {
    let res = app
        .send(
            app.request(Method::POST, &format!("/api/v1/cards/{card}/vouchers"))
                .bearer_auth(back_office())
                .json(&body),
        )
        .await;
    assert!(res.status == 201 || res.status == 200, "{}", res.text);
    res.json()
}

/// A ticket of purchases `(item code, amount, quantity)` dated `date`.
pub fn ticket(receipt: &str, date: &str, lines: &[(&str, f64, f64)], vouchers: Value) -> Value {
    let purchases: Vec<Value> = lines
        .iter()
        .map(|(code, amount, quantity)| {
            json!({"operation": {"id": 1}, "amount": amount, "quantity": quantity,
                   "item": {"code": code, "label": code}})
        })
        .collect();
    json!({"receipt": receipt, "date": date, "purchases": purchases, "voucherUsed": vouchers})
}

pub async fn sale(app: &TestApp, card: &str, body: Value) -> TestResponse {
    post(app, format!("/api/v1/cards/{card}/sales"), body).await
}

/// The card's points.
pub async fn points(app: &TestApp, card: &str) -> i64 {
    let res = get(app, format!("/api/v1/cards/{card}/balance")).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()[0]["primaryLoyaltyBalance"]["value"]
        .as_i64()
        .unwrap()
}

/// A minute ago, RFC 3339: a ticket's date whose points are spendable and far from expiry.
pub fn today() -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339()
}
