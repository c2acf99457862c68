//! Consumers: the guide's three card cases, the annex codes of their fields, update, list and
//! the RGPD deletion.

#![allow(clippy::unwrap_used)]

mod common;

use common::{delete, get, guide_consumer, post, put};
use serde_json::{Value, json};

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    *body.pointer_mut(pointer).unwrap() = value;
    body
}

async fn refused(app: &testkit::TestApp, body: Value, status: u16, code: i64) {
    let res = post(app, "/api/v1/customers", body).await;
    assert_eq!(res.status, status, "{}", res.text);
    assert_eq!(res.json()["code"], code, "{}", res.text);
}

#[tokio::test]
async fn the_three_card_cases() {
    let app = common::spawn().await;
    let given = post(&app, "/api/v1/customers/", guide_consumer()).await;
    assert_eq!(given.status, 201, "{}", given.text);
    assert_eq!(given.json()["cards"], json!(["23301090783"]));
    assert_eq!(given.json()["address"]["zipCode"], "33700");

    let generated = with(guide_consumer(), "/cards", json!([]));
    let generated = post(&app, "/api/v1/customers", generated).await;
    assert_eq!(generated.status, 201, "{}", generated.text);
    let card = generated.json()["cards"][0].as_str().unwrap().to_string();
    assert_eq!(card.len(), 13);
    assert!(card.starts_with("299"));
    let balance = get(&app, format!("/api/v1/cards/{card}/balance")).await;
    assert_eq!(balance.status, 200);

    let none = with(
        with(guide_consumer(), "/cards", json!([])),
        "/noFidelity",
        json!(true),
    );
    let none = post(&app, "/api/v1/customers", none).await;
    assert_eq!(none.status, 201, "{}", none.text);
    assert_eq!(none.json()["cards"], json!([]));
    assert_eq!(none.json()["noFidelity"], true);

    let id = given.json()["id"].as_i64().unwrap();
    let shown = get(&app, format!("/api/v1/customers/{id}")).await;
    assert_eq!(shown.json(), given.json());
}

#[tokio::test]
async fn each_field_answers_its_annex_code() {
    let app = common::spawn().await;
    let body = || with(guide_consumer(), "/cards", json!([]));
    refused(&app, with(body(), "/lastname", json!("  ")), 400, 315).await;
    refused(
        &app,
        with(body(), "/lastname", json!("L".repeat(41))),
        400,
        312,
    )
    .await;
    refused(
        &app,
        with(body(), "/firstname", json!("F".repeat(51))),
        400,
        313,
    )
    .await;
    refused(
        &app,
        with(body(), "/address/address3", json!("A".repeat(41))),
        400,
        314,
    )
    .await;
    refused(&app, with(body(), "/phone", json!("0562010203")), 400, 303).await;
    refused(&app, with(body(), "/mobile", json!("+1450760")), 400, 303).await;
    refused(&app, with(body(), "/dayBirthday", json!(32)), 400, 304).await;
    refused(&app, with(body(), "/yearBirthday", json!(2999)), 400, 304).await;
    refused(
        &app,
        with(body(), "/address/zipcode", json!("63000")),
        400,
        302,
    )
    .await;
    refused(
        &app,
        with(body(), "/address/country", json!("ATLANTIDE")),
        400,
        302,
    )
    .await;

    let res = post(
        &app,
        "/api/v1/customers",
        with(body(), "/lastname", json!("")),
    )
    .await;
    assert_eq!(res.json()["message"], "The lastname is required.");
    assert_eq!(res.json()["details"], json!({"lastname": "is required"}));
}

#[tokio::test]
async fn a_card_is_held_once() {
    let app = common::spawn().await;
    assert_eq!(
        post(&app, "/api/v1/customers", guide_consumer())
            .await
            .status,
        201
    );
    // Another consumer with that card (the same body again is a resent creation: see below).
    let another = with(guide_consumer(), "/lastname", json!("Wade"));
    refused(&app, another, 409, 3).await;
    let unknown = get(&app, "/api/v1/cards/999999999/balance").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["code"], 1);
    assert_eq!(unknown.json()["message"], "This card is unknown.");
}

#[tokio::test]
async fn update_list_and_rgpd_deletion() {
    let app = common::spawn().await;
    let created = post(&app, "/api/v1/customers", guide_consumer())
        .await
        .json();
    let id = created["id"].as_i64().unwrap();
    let changed = with(guide_consumer(), "/firstname", json!("Jean"));
    let updated = put(&app, format!("/api/v1/customers/{id}"), changed).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.json()["firstname"], "Jean");
    assert_eq!(updated.json()["consentDate"], created["consentDate"]);

    let found = get(&app, "/api/v1/customers?search=laff").await;
    assert_eq!(found.status, 200);
    assert_eq!(found.json().as_array().unwrap().len(), 1);
    let by_card = get(&app, "/api/v1/customers?search=23301090").await;
    assert_eq!(by_card.json().as_array().unwrap().len(), 1);
    let short = get(&app, "/api/v1/customers?search=la").await;
    assert_eq!(
        (short.status, short.json()["code"].clone()),
        (400, json!(311))
    );
    let negative = get(&app, "/api/v1/customers?page=-1").await;
    assert_eq!(
        (negative.status, negative.json()["code"].clone()),
        (400, json!(310))
    );

    assert_eq!(
        delete(&app, format!("/api/v1/customers/{id}")).await.status,
        204
    );
    assert_eq!(
        delete(&app, format!("/api/v1/customers/{id}")).await.status,
        204
    );
    let gone = get(&app, format!("/api/v1/customers/{id}")).await;
    assert_eq!(
        (gone.status, gone.json()["code"].clone()),
        (404, json!(316))
    );
    assert_eq!(
        get(&app, "/api/v1/customers?search=laff").await.json(),
        json!([])
    );
    let unknown = put(&app, "/api/v1/customers/999", guide_consumer()).await;
    assert_eq!(unknown.json()["code"], 316);
    assert_eq!(
        delete(&app, "/api/v1/customers/999").await.json()["code"],
        316
    );
    // The card and its ledger stay.
    assert_eq!(
        get(&app, "/api/v1/cards/23301090783/balance").await.status,
        200
    );
}

#[tokio::test]
async fn the_reference_lists() {
    let app = common::spawn().await;
    let countries = get(&app, "/api/v1/address/countries").await;
    assert!(
        countries
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "FRANCE")
    );
    let cities = get(&app, "/api/v1/address/countries/FRANCE/cities").await;
    assert!(
        cities
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "MERIGNAC" && c["zipCodes"] == json!(["33700"]))
    );
    assert_eq!(
        get(&app, "/api/v1/address/countries/ATLANTIDE/cities")
            .await
            .status,
        404
    );
    let civilities = get(&app, "/api/v1/tools/civilities/").await;
    assert!(
        civilities
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "MONSIEUR")
    );
}

/// The guide tells tills to resend a failed POST until they get a 2xx, with no key: the same
/// creation again is the first one, whichever card case it is; another body is another consumer.
#[tokio::test]
async fn a_resent_creation_is_the_first_one() {
    let app = common::spawn().await;
    for body in [
        guide_consumer(),
        with(guide_consumer(), "/cards", json!([])),
        with(
            with(guide_consumer(), "/cards", json!([])),
            "/noFidelity",
            json!(true),
        ),
    ] {
        let first = post(&app, "/api/v1/customers", body.clone()).await;
        assert_eq!(first.status, 201, "{}", first.text);
        let again = post(&app, "/api/v1/customers", body.clone()).await;
        assert_eq!(again.status, 201, "{}", again.text);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.json(), first.json());
        let other = with(with(body, "/firstname", json!("Paul")), "/cards", json!([]));
        let other = post(&app, "/api/v1/customers", other).await;
        assert_eq!(other.status, 201, "{}", other.text);
        assert_ne!(other.json()["id"], first.json()["id"]);
    }
}
