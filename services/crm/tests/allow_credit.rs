//! The credit eligibility rule, one branch at a time: allowed requests are scheduled, refused
//! ones count in `NbRefus`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create, errors, get, post, the_two_customers};
use serde_json::{Value, json};
use testkit::TestApp;

async fn ask(app: &TestApp, id: &str, montant: i64, date: &str) -> Value {
    let res = post(
        app,
        "/api/allow_credit",
        json!({"idClient": id, "Montant": montant, "Date": date}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()
}

async fn refusals(app: &TestApp, id: &str) -> i64 {
    get(app, &format!("/api/data/{id}")).await.json()[0]["NbRefus"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn each_branch_of_the_rule() {
    let app = common::spawn().await;
    let (jacquie, michelle) = the_two_customers(&app).await;
    let allowed = ask(&app, &jacquie, 39900, "2099-01-01").await;
    assert_eq!(
        (allowed["Allowed"].clone(), allowed["reasons"].clone()),
        (json!(true), json!([]))
    );
    assert_eq!(refusals(&app, &jacquie).await, 0);
    let over = ask(&app, &jacquie, 39901, "2099-01-01").await;
    assert_eq!(over["reasons"], json!(["AMOUNT_OVER_LIMIT"]));
    let past = ask(&app, &jacquie, 100, "2019-12-06").await;
    assert_eq!(past["reasons"], json!(["DATE_IN_PAST"]));
    assert_eq!(refusals(&app, &jacquie).await, 2);
    let unknown = ask(&app, "nobody", 100, "2099-01-01").await;
    assert_eq!(
        (unknown["Allowed"].clone(), unknown["reasons"].clone()),
        (json!(false), json!(["UNKNOWN_CLIENT"]))
    );
    let young = create(&app, "young@mail.com", 17).await;
    assert_eq!(
        ask(&app, &young, 1, "2099-01-01").await["reasons"],
        json!(["UNDER_AGE", "AMOUNT_OVER_LIMIT"])
    );
    let body =
        json!({"clients": [{"Nom": "No", "Prenom": "Age", "Compte": "NOAGE", "Montant": 100}]});
    post(&app, "/api/update_db", body).await;
    let no_age = get(&app, "/api/data")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["Compte"] == "NOAGE")
        .unwrap()["IdClient"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        ask(&app, &no_age, 1, "2099-01-01").await["reasons"],
        json!(["AGE_UNKNOWN"])
    );
    // Michelle was refused once; two more refusals reach the limit of 3.
    ask(&app, &michelle, 1, "2000-01-01").await;
    ask(&app, &michelle, 1, "2000-01-01").await;
    assert_eq!(refusals(&app, &michelle).await, 3);
    assert_eq!(
        ask(&app, &michelle, 1, "2099-01-01").await["reasons"],
        json!(["TOO_MANY_REFUSALS"])
    );
    let scheduled = get(&app, &format!("/api/allow_credit?idClient={jacquie}"))
        .await
        .json();
    assert_eq!(scheduled["requests"].as_array().unwrap().len(), 1);
    assert_eq!(scheduled["requests"][0]["Montant"], json!(39900));
    assert_eq!(scheduled["requests"][0]["Date"], "2099-01-01");
}

#[tokio::test]
async fn the_limits_are_configuration() {
    let app = common::spawn_configured(|rules| {
        rules.eligibility.min_age = 50;
        rules.eligibility.limit_basis_points = 10_000;
    })
    .await;
    let (jacquie, _) = the_two_customers(&app).await;
    let refused = ask(&app, &jacquie, 1331, "2099-01-01").await;
    assert_eq!(
        refused["reasons"],
        json!(["UNDER_AGE", "AMOUNT_OVER_LIMIT"])
    );
}

#[tokio::test]
async fn bad_requests_name_each_field() {
    let app = common::spawn().await;
    let res = post(
        &app,
        "/api/allow_credit",
        json!({"Montant": 0, "Date": "06/12/2019"}),
    )
    .await;
    assert_eq!(errors(&res), ["Date", "Montant", "idClient"]);
}
