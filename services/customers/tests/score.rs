//! `editScore` and the score history: accumulate and exchange by a known ticket, never below
//! zero (also under 20 concurrent exchanges), a retried call changes nothing.

#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, create_customer, detail, feed_ticket, get, put, score, with};
use serde_json::json;

#[tokio::test]
async fn the_score_moves_by_known_tickets_and_is_recorded() {
    let app = common::spawn().await;
    let id = create_customer(&app, "G", "0955555555").await;
    feed_ticket(&app, "T-100", Some(id)).await;
    feed_ticket(&app, "T-101", Some(id)).await;

    let res = score(&app, id, "accumulate", "T-100", 120).await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"result": "SUCCESS"}))
    );
    // The same ticket again (a retry) changes nothing.
    assert_eq!(
        score(&app, id, "accumulate", "T-100", 120).await.status,
        200
    );
    assert_eq!(detail(&app, id).await["loyal_score"], 120);

    let res = score(&app, id, "exchange", "T-101", -121).await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (422, Some("NOT_ENOUGH_SCORE"))
    );
    assert_eq!(score(&app, id, "exchange", "T-101", -100).await.status, 200);
    assert_eq!(detail(&app, id).await["loyal_score"], 20);

    let res = score(&app, id, "accumulate", "T-404", 5).await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (422, Some("NOT_FOUND_TICKET"))
    );
    let res = score(&app, 999, "accumulate", "T-100", 5).await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("NOT_FOUND_CUSTOMER"))
    );
    for (kind, points) in [
        ("accumulate", -5),
        ("exchange", 5),
        ("gift", 5),
        ("accumulate", 0),
    ] {
        let res = score(&app, id, kind, "T-101", points).await;
        assert_eq!(res.status, 422, "{kind} {points}: {}", res.text);
    }
    let res = put(&app, format!("/customers/{id}"), json!({"action": "editScore", "transaction_type": "accumulate", "ticketid": "T-101", "score": 1}), &admin()).await;
    assert!(
        res.json()["validation_messages"]
            .get("score_content")
            .is_some(),
        "{}",
        res.text
    );

    let res = get(
        &app,
        format!("/customers?view_score_history=Y&customer_id={id}"),
        &with(&["customer.edit_score"]),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let history = res.json()["_embedded"]["customers"].clone();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["score_transaction"], -100);
    assert_eq!(history[0]["content"], "exchange T-101");
    assert_eq!(history[0]["ticketid"], "T-101");
    assert_eq!(history[1]["score_transaction"], 120);
    assert_eq!(history[1]["admin_name"], "admin");

    let res = get(
        &app,
        "/customers?view_score_history=Y&customer_id=999",
        &admin(),
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("NOT_FOUND_CUSTOMER"))
    );
    let res = get(&app, "/customers?view_score_history=Y", &admin()).await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (400, Some("INVALID_QUERY"))
    );
}

#[tokio::test]
async fn twenty_concurrent_exchanges_never_take_the_score_below_zero() {
    let app = common::spawn().await;
    let id = create_customer(&app, "H", "0966666666").await;
    feed_ticket(&app, "EARN", Some(id)).await;
    for n in 0..20 {
        feed_ticket(&app, &format!("SPEND-{n}"), Some(id)).await;
    }
    assert_eq!(score(&app, id, "accumulate", "EARN", 100).await.status, 200);
    let tickets: Vec<String> = (0..20).map(|n| format!("SPEND-{n}")).collect();
    let calls = tickets.iter().map(|t| score(&app, id, "exchange", t, -30));
    let answers = futures_util::future::join_all(calls).await;
    let spent = answers.iter().filter(|r| r.status == 200).count();
    let refused = answers
        .iter()
        .filter(|r| r.status == 422 && r.json()["result"] == "NOT_ENOUGH_SCORE")
        .count();
    assert_eq!((spent, refused), (3, 17));
    assert_eq!(detail(&app, id).await["loyal_score"], 10);
    let history = get(
        &app,
        format!("/customers?view_score_history=Y&customer_id={id}"),
        &admin(),
    )
    .await
    .json();
    assert_eq!(history["total_items"], 4);
}
