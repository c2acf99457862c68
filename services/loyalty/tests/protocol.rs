//! The guide's formats: JSON by default, XML on `Accept: application/xml` (errors included),
//! 406 otherwise; a token on every route.

#![allow(clippy::unwrap_used)]

mod common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn xml_on_request_errors_included() {
    let app = common::spawn().await;
    common::consumer_with_card(&app, "13732365477").await;
    let xml = |path: &str| {
        app.request(Method::GET, path)
            .bearer_auth(common::till())
            .header("accept", "application/xml")
    };
    let balance = app.send(xml("/api/v1/cards/13732365477/balance")).await;
    assert_eq!(balance.status, 200);
    assert_eq!(balance.header("content-type"), Some("application/xml"));
    assert!(
        balance
            .text
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><item>"),
        "{}",
        balance.text
    );
    assert!(
        balance.text.contains("<label>Points</label>"),
        "{}",
        balance.text
    );
    assert!(
        balance.text.contains("<shopId>2928</shopId>"),
        "{}",
        balance.text
    );

    let unknown = app.send(xml("/api/v1/cards/404404/balance")).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.header("content-type"), Some("application/xml"));
    assert!(
        unknown
            .text
            .contains("<code>1</code><details></details><error_code>UNKNOWN_CARD</error_code><message>This card is unknown.</message>"),
        "{}",
        unknown.text
    );
}

#[tokio::test]
async fn other_formats_are_406_and_tokens_are_required() {
    let app = common::spawn().await;
    let html = app
        .send(
            app.request(Method::GET, "/api/v1/tools/civilities/")
                .bearer_auth(common::till())
                .header("accept", "text/html"),
        )
        .await;
    assert_eq!(html.status, 406);
    assert_eq!(html.json()["error_code"], "NOT_ACCEPTABLE");
    assert_eq!(html.json()["code"], 0);
    let anonymous = app.get("/api/v1/tools/civilities/", None).await;
    assert_eq!(anonymous.status, 401);
    let no_scope = app
        .send(
            app.request(Method::POST, "/api/v1/cards/1/vouchers")
                .bearer_auth(common::till())
                .json(&json!({"type": "gift", "value": "0"})),
        )
        .await;
    assert_eq!(no_scope.status, 403);
}
