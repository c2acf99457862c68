//! Tickets: checked, idempotent by id, filtered and paged, and moving their customer's figures.

#![allow(clippy::unwrap_used)]

mod common;

use common::{errors, get, post, the_two_customers, the_two_tickets};
use serde_json::json;

#[tokio::test]
async fn tickets_are_idempotent_by_id_and_conflict_when_changed() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    let body = the_two_tickets(&jacquie);
    assert_eq!(
        post(&app, "/api/tickets", body.clone()).await.json(),
        json!({"created": 2, "unchanged": 0})
    );
    assert_eq!(
        post(&app, "/api/tickets/", body.clone()).await.json(),
        json!({"created": 0, "unchanged": 2})
    );
    let customer = get(&app, &format!("/api/data/{jacquie}")).await.json();
    assert_eq!(customer[0]["Montant"], json!(1330 + 424 + 7582));
    assert_eq!(customer[0]["Date_paiement"], "2019-10-09");
    assert_eq!(customer[0]["PanierMoyen"], json!(4003));
    let mut changed = body;
    changed["tickets"][0]["prix"] = json!(425);
    let conflict = post(&app, "/api/tickets", changed).await;
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.json()["code"], "TICKET_CONFLICT");
}

#[tokio::test]
async fn bad_tickets_name_each_field() {
    let app = common::spawn().await;
    let (jacquie, _) = the_two_customers(&app).await;
    let mut body = the_two_tickets(&jacquie);
    body["tickets"][0]["articles"][0]["prixApres"] = json!(500);
    body["tickets"][0]["date"] = json!("yesterday");
    body["tickets"][1]["articles"] = json!([]);
    body["tickets"][1]["pointsFidelite"] = json!(-1);
    assert_eq!(
        errors(&post(&app, "/api/tickets", body).await),
        [
            "tickets[0].articles[0].prixApres",
            "tickets[0].date",
            "tickets[1].articles",
            "tickets[1].pointsFidelite"
        ]
    );
    let unknown = post(&app, "/api/tickets", the_two_tickets("nobody")).await;
    assert_eq!(errors(&unknown), ["tickets[0].client"]);
    assert_eq!(
        get(&app, "/api/get_tickets").await.json(),
        json!({"tickets": []})
    );
}

#[tokio::test]
async fn tickets_filter_by_client_and_date_and_page() {
    let app = common::spawn().await;
    let (jacquie, michelle) = the_two_customers(&app).await;
    post(&app, "/api/tickets", the_two_tickets(&jacquie)).await;
    let ids = |v: serde_json::Value| -> Vec<i64> {
        v["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(get(&app, "/api/get_tickets").await.json()), [42, 38]);
    assert_eq!(
        ids(get(&app, &format!("/api/get_tickets?client={michelle}"))
            .await
            .json()),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(get(&app, "/api/get_tickets?from=2019-10-09T18:00:00Z")
            .await
            .json()),
        [38]
    );
    assert_eq!(
        ids(get(&app, "/api/get_tickets?to=2019-10-09T18:00:00Z")
            .await
            .json()),
        [42]
    );
    assert_eq!(
        ids(get(&app, "/api/get_tickets?to=2019-10-09").await.json()),
        [42, 38]
    );
    assert_eq!(
        ids(get(&app, "/api/get_tickets?page=2&per_page=1").await.json()),
        [38]
    );
    let bad = get(&app, "/api/get_tickets?from=soon").await;
    assert_eq!(bad.status, 400);
}
