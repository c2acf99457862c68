//! Customers: the list (whole or paged), one, by email, creation and the import's rules.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create, errors, get, post, the_two_customers};
use serde_json::json;

#[tokio::test]
async fn every_route_needs_a_token() {
    let app = common::spawn().await;
    for path in [
        "/api/data",
        "/api/get_tickets",
        "/api/credit/33",
        "/api/allow_credit",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status, 401, "{path}");
        assert_eq!(res.json()["code"], "UNAUTHORIZED");
    }
    let res = app
        .post_json("/api/update_db", &json!({"clients": []}), None)
        .await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn the_list_is_whole_unless_paged_and_says_its_total() {
    let app = common::spawn().await;
    the_two_customers(&app).await;
    let all = get(&app, "/api/data/").await;
    assert_eq!(all.json().as_array().unwrap().len(), 2);
    assert_eq!(all.header("x-total-count"), Some("2"));
    let second = get(&app, "/api/data?page=2&per_page=1").await.json();
    assert_eq!(second.as_array().unwrap().len(), 1);
    assert_eq!(second[0]["Nom"], "Michelle");
    let bad = get(&app, "/api/data?per_page=0").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["code"], "INVALID_QUERY");
}

#[tokio::test]
async fn the_unpaged_list_stops_at_its_cap() {
    let app = common::spawn_configured(|rules| rules.list_cap = 1).await;
    let body = json!({"clients": [
        {"Nom": "Jacquie", "Prenom": "Bloggs", "Email": "Jacquie@mimi.com"},
        {"Nom": "Michelle", "Prenom": "Bloggs", "Email": "Michelle@mimi.com"}
    ]});
    assert_eq!(post(&app, "/api/update_db", body).await.status, 200);
    let all = get(&app, "/api/data").await;
    assert_eq!(all.json().as_array().unwrap().len(), 1);
    assert_eq!(all.header("x-total-count"), Some("2"));
}

#[tokio::test]
async fn unknown_customers_and_emails_are_404() {
    let app = common::spawn().await;
    the_two_customers(&app).await;
    let res = get(&app, "/api/data/no-such-id").await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["code"], "CLIENT_NOT_FOUND");
    let res = post(&app, "/api/data", json!({"email": "nobody@mimi.com"})).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["code"], "CLIENT_NOT_FOUND");
    let found = post(&app, "/api/data/", json!({"email": " MICHELLE@mimi.com "})).await;
    assert_eq!(found.json()[0]["Nom"], "Michelle");
    assert_eq!(errors(&post(&app, "/api/data", json!({})).await), ["email"]);
}

#[tokio::test]
async fn create_customer_names_each_bad_field_and_refuses_a_taken_email() {
    let app = common::spawn().await;
    let bad = post(
        &app,
        "/api/create_customer",
        json!({"name": " ", "sexe": "x", "age": "old", "mail": "nope"}),
    )
    .await;
    assert_eq!(errors(&bad), ["age", "last_name", "mail", "name", "sexe"]);
    create(&app, "Jon.Doe@mail.com", 23).await;
    let body =
        json!({"name": "J", "last_name": "D", "sexe": "h", "age": 30, "mail": "jon.doe@MAIL.com"});
    let taken = post(&app, "/api/create_customer/", body).await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.json()["code"], "EMAIL_ALREADY_USED");
}

#[tokio::test]
async fn an_import_with_bad_rows_writes_nothing_and_names_each() {
    let app = common::spawn().await;
    let body = json!({"clients": [
        {"Nom": "Ok", "Prenom": "Row", "Compte": "C1"},
        {"Nom": "Bad", "Prenom": "Row", "Credit": "x", "Sexe": "z", "Date_paiement": "2019-13-01"},
        {"Prenom": "NoName", "Email": "bad"},
        {"Nom": "Again", "Prenom": "Row", "Compte": "C1"},
        "not a row"
    ]});
    let res = post(&app, "/api/update_db", body).await;
    assert_eq!(
        errors(&res),
        [
            "clients[1].Credit",
            "clients[1].Date_paiement",
            "clients[1].Sexe",
            "clients[2].Email",
            "clients[2].Nom",
            "clients[3].Compte",
            "clients[4]"
        ]
    );
    assert_eq!(get(&app, "/api/data").await.json(), json!([]));
    assert_eq!(
        errors(&post(&app, "/api/update_db", json!({"clients": []})).await),
        ["clients"]
    );
}

#[tokio::test]
async fn an_import_upserts_by_compte_then_email_then_names() {
    let app = common::spawn().await;
    the_two_customers(&app).await;
    let body = json!({"clients": [
        {"Nom": "Jacquie", "Prenom": "Bloggs", "Compte": "BKN1CST53", "Credit": 421},
        {"Nom": "Michelle", "Prenom": "Bloggs", "Email": "michelle@MIMI.com"},
        {"Nom": "New", "Prenom": "One"}
    ]});
    let res = post(&app, "/api/update_db", body.clone()).await;
    // Michelle is found by her email in another case, and keeps the spelling sent last.
    assert_eq!(
        res.json(),
        json!({"created": 1, "updated": 2, "unchanged": 0})
    );
    let again = post(&app, "/api/update_db", body).await;
    assert_eq!(
        again.json(),
        json!({"created": 0, "updated": 0, "unchanged": 3})
    );
    let all = get(&app, "/api/data").await.json();
    assert_eq!(all[0]["Credit"], "421");
    assert_eq!(all[0]["Email"], "Jacquie@mimi.com");
    assert_eq!(all.as_array().unwrap().len(), 3);
    // Another customer's email is refused on its row, and nothing is written.
    let stolen = json!({"clients": [
        {"Nom": "New", "Prenom": "One", "Credit": 5},
        {"Nom": "X", "Prenom": "Y", "Compte": "BKN1CST53", "Email": "Michelle@mimi.com"}
    ]});
    assert_eq!(
        errors(&post(&app, "/api/update_db", stolen).await),
        ["clients[1].Email"]
    );
    assert_eq!(get(&app, "/api/data").await.json()[2]["Credit"], "0");
}

#[tokio::test]
async fn concurrent_imports_of_one_new_compte_make_one_customer() {
    let app = common::spawn().await;
    let body = json!({"clients": [{"Nom": "Race", "Prenom": "Row", "Compte": "RACE1"}]});
    let calls = (0..6).map(|_| post(&app, "/api/update_db", body.clone()));
    for res in futures_util::future::join_all(calls).await {
        match res.status {
            200 => {}
            409 => assert_eq!(res.json()["code"], "IMPORT_CONFLICT"),
            other => panic!("{other}: {}", res.text),
        }
    }
    assert_eq!(
        get(&app, "/api/data")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
