//! Seed 004's documented examples, replayed, each answer locked as a snapshot (ids and moments
//! redacted): a changed field name or shape fails here as a diff.

#![allow(clippy::unwrap_used)]

mod common;

use common::{attach, create, get, post, the_two_customers, the_two_tickets};
use insta::assert_json_snapshot;
use serde_json::json;

#[tokio::test]
async fn the_customers_examples() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    let all = get(&app, "/api/data").await;
    assert_eq!(all.status, 200);
    assert_json_snapshot!("data_all", all.json(), {"[].IdClient" => "[uuid]"});
    let one = get(&app, &format!("/api/data/{jacquie}")).await;
    assert_json_snapshot!("data_one", one.json(), {"[].IdClient" => "[uuid]"});
    let by_email = post(
        &app,
        "/api/data/anything",
        json!({"email": "jacquie@MIMI.com"}),
    )
    .await;
    assert_eq!(by_email.json(), one.json());
}

#[tokio::test]
async fn the_import_example() {
    let app = common::spawn().await;
    let body = json!({"clients" : [
        {"Nom": "Eddison-18", "Prenom": "Jean", "Credit": 0.0, "Paiement": 25, "Date_paiement": "2019-01-18", "Montant": 125, "Compte": "BKN1CST18"},
        {"Nom": "Sarkozy-51", "Prenom": "Marc", "Credit": 0.0, "Paiement": 25, "Date_paiement": "2019-01-08", "Montant": 125, "Compte": "BKN1CST53"},
        {"Nom": "Eddison-53", "Prenom": "Anne", "Credit": 154.62542724609375, "Paiement": 25, "Date_paiement": "2020-05-19", "Montant": 125}
    ]});
    let first = post(&app, "/api/update_db", body.clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_json_snapshot!("update_db", first.json());
    let again = post(&app, "/api/update_db", body).await;
    assert_json_snapshot!("update_db_again", again.json());
    let all = get(&app, "/api/data").await;
    assert_json_snapshot!("update_db_rows", all.json(), {"[].IdClient" => "[uuid]"});
}

#[tokio::test]
async fn the_create_customer_example() {
    let app = common::spawn().await;
    let body = json!({"name" : "Jon", "last_name" : "Doe", "sexe" : "f", "age" : 23, "mail" : "jon.doe@mail.com", "phone" : "+33638614907"});
    let created = post(&app, "/api/create_customer", body.clone()).await;
    assert_eq!(created.status, 200);
    assert_json_snapshot!("create_customer", created.json(), {".idClient" => "[uuid]"});
    let twice = post(&app, "/api/create_customer", body).await;
    assert_eq!(twice.status, 409);
    assert_json_snapshot!("create_customer_twice", twice.json());
}

#[tokio::test]
async fn the_credit_examples() {
    let app = common::spawn().await;
    let (jacquie, michelle) = the_two_customers(&app).await;
    let jon = create(&app, "jon.doe@mail.com", 23).await;
    attach(&app, &jon, 33).await;
    attach(&app, &michelle, 42).await;
    let _ = jacquie;
    let body =
        json!({"Tickets" : [{"carteFid": 33, "Montant": 26}, {"carteFid": 42, "Montant": 55}]});
    let credited = post(&app, "/api/credit", body).await;
    assert_eq!(credited.status, 200);
    assert_json_snapshot!("credit", credited.json());
    let read = get(&app, "/api/credit/33").await;
    assert_eq!(read.json(), json!({"carteFid": 33, "Credit": 13}));
    assert_json_snapshot!("credit_read", read.json());
    let michelle_credit = get(&app, "/api/credit/42").await;
    assert_eq!(michelle_credit.json()["Credit"], json!(807.5));
}

#[tokio::test]
async fn the_allow_credit_example() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    // The document's date (2019-12-06) is past today: the request is replayed for a future day.
    let body = json!({"idClient": jacquie, "Montant": 36000, "Date": "2099-12-06"});
    let allowed = post(&app, "/api/allow_credit/", body).await;
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.json()["Allowed"], json!(true));
    assert_json_snapshot!("allow_credit", allowed.json(), {".idClient" => "[uuid]", ".requestId" => "[id]"});
    let scheduled = get(&app, "/api/allow_credit").await;
    assert_json_snapshot!("allow_credit_scheduled", scheduled.json(), {".requests[].idClient" => "[uuid]", ".requests[].id" => "[id]"});
}

#[tokio::test]
async fn the_tickets_example() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    let recorded = post(&app, "/api/tickets", the_two_tickets(&jacquie)).await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    assert_json_snapshot!("tickets_recorded", recorded.json());
    let list = get(&app, "/api/get_tickets/").await;
    assert_eq!(list.status, 200);
    assert_json_snapshot!("get_tickets", list.json(), {".tickets[].client" => "[uuid]"});
    let customer = get(&app, &format!("/api/data/{jacquie}")).await.json();
    assert_json_snapshot!("customer_after_tickets", customer, {"[].IdClient" => "[uuid]"});
}
