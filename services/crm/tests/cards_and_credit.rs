//! Fidelity cards attached and detached; credits per ticket, exactly once per ticket id and
//! per `Idempotency-Key`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{attach, delete, errors, get, post, the_two_customers, token};
use serde_json::json;

#[tokio::test]
async fn cards_are_attached_once_and_detached() {
    let app = common::spawn().await;
    let (jacquie, michelle) = the_two_customers(&app).await;
    attach(&app, &jacquie, 33).await;
    attach(&app, &jacquie, 33).await;
    let held = post(
        &app,
        &format!("/api/data/{jacquie}/cards"),
        json!({"carteFid": "34"}),
    )
    .await;
    assert_eq!(held.json()["carteFid"], json!([33, 34]));
    assert_eq!(
        get(&app, "/api/data").await.json()[0]["carteFid"],
        json!([33, 34])
    );
    let taken = post(
        &app,
        &format!("/api/data/{michelle}/cards"),
        json!({"carteFid": 33}),
    )
    .await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.json()["code"], "CARD_HELD_BY_ANOTHER");
    let bad = post(
        &app,
        &format!("/api/data/{michelle}/cards"),
        json!({"carteFid": 0}),
    )
    .await;
    assert_eq!(errors(&bad), ["carteFid"]);
    let nobody = post(&app, "/api/data/nobody/cards", json!({"carteFid": 5})).await;
    assert_eq!(nobody.json()["code"], "CLIENT_NOT_FOUND");
    let left = delete(&app, &format!("/api/data/{jacquie}/cards/34")).await;
    assert_eq!(left.json()["carteFid"], json!([33]));
    let gone = delete(&app, &format!("/api/data/{michelle}/cards/33")).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["code"], "CARD_NOT_FOUND");
}

#[tokio::test]
async fn each_ticket_says_what_it_credited_or_why_not() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    attach(&app, &jacquie, 33).await;
    let body = json!({"Tickets": [
        {"carteFid": 33, "Montant": "10,01"},
        {"carteFid": 99, "Montant": 10},
        {"carteFid": 33, "Montant": -1},
        {"carteFid": "x", "Montant": 1},
    ]});
    let res = post(&app, "/api/credit", body).await.json();
    let statuses: Vec<&str> = res["Tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["CREDITED", "UNKNOWN_CARD", "BAD_AMOUNT", "UNKNOWN_CARD"]
    );
    assert_eq!(res["Tickets"][0]["Credited"], json!(5.01));
    assert_eq!(
        get(&app, "/api/credit/33").await.json()["Credit"],
        json!(425.01)
    );
    let unknown = get(&app, "/api/credit/99").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["code"], "UNKNOWN_CARD");
    assert_eq!(get(&app, "/api/credit/abc").await.status, 404);
    assert_eq!(
        errors(&post(&app, "/api/credit", json!({"Tickets": []})).await),
        ["Tickets"]
    );
}

#[tokio::test]
async fn a_ticket_id_is_credited_once() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    attach(&app, &jacquie, 33).await;
    let body = json!({"Tickets": [{"carteFid": 33, "Montant": 26, "id": "T-1"}, {"carteFid": 33, "Montant": 26, "id": "T-1"}]});
    let first = post(&app, "/api/credit/", body.clone()).await.json();
    assert_eq!(first["Tickets"][0]["status"], "CREDITED");
    assert_eq!(first["Tickets"][1]["status"], "ALREADY_CREDITED");
    let retry = post(&app, "/api/credit", body).await.json();
    assert_eq!(retry["Tickets"][0]["status"], "ALREADY_CREDITED");
    assert_eq!(retry["Tickets"][0]["Credited"], json!(13));
    assert_eq!(
        get(&app, "/api/credit/33").await.json()["Credit"],
        json!(433)
    );
}

#[tokio::test]
async fn concurrent_retries_of_one_ticket_credit_once() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    attach(&app, &jacquie, 33).await;
    let body = json!({"Tickets": [{"carteFid": 33, "Montant": 26, "id": 7}]});
    let calls = (0..6).map(|_| post(&app, "/api/credit", body.clone()));
    for res in futures_util::future::join_all(calls).await {
        assert_eq!(res.status, 200, "{}", res.text);
    }
    assert_eq!(
        get(&app, "/api/credit/33").await.json()["Credit"],
        json!(433)
    );
}

#[tokio::test]
async fn a_retried_call_with_its_idempotency_key_credits_once() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    attach(&app, &jacquie, 33).await;
    let body = json!({"Tickets": [{"carteFid": 33, "Montant": 26}]});
    let send = || {
        app.send(
            app.request(reqwest::Method::POST, "/api/credit")
                .bearer_auth(token())
                .header("Idempotency-Key", "retry-1")
                .json(&body),
        )
    };
    let first = send().await;
    let again = send().await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.json(), again.json());
    assert_eq!(
        get(&app, "/api/credit/33").await.json()["Credit"],
        json!(433)
    );
}
