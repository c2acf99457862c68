//! The chatbot's forgotten-coupon flow, as seed 000 describes it.

#![allow(clippy::unwrap_used)]

mod common;

use common::{feed, sale, token};
use serde_json::json;

#[tokio::test]
async fn eligibility_as_the_document_shows_it() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("100000123", "c@example.com", "200.00", "processing", None),
    )
    .await;
    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": "100000123", "coupon_code": "SUMMER10", "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    let sale_id = body["sale_id"].clone();
    assert!(sale_id.is_i64());
    assert_eq!(
        body,
        json!({
            "success": true, "allowed": true, "sale_id": sale_id, "coupon_code": "SUMMER10",
            "commercial_offer_percentage": 10, "proposed_gesture_amount": 20,
            "type": "forgotten_coupon_eligibility"
        })
    );
}

#[tokio::test]
async fn eligibility_rejections_answer_200_with_their_code() {
    let app = common::spawn().await;
    feed(
        &app,
        json!([
            sale("OPEN", "c@example.com", "200", "processing", None),
            sale("SHIPPED", "c@example.com", "200", "complete", None),
            sale(
                "COUPON",
                "c@example.com",
                "200",
                "processing",
                Some("WELCOME")
            ),
        ]),
    )
    .await;
    let check = |increment_id: &'static str,
                 coupon: &'static str,
                 percentage: serde_json::Value| {
        let app = &app;
        async move {
            let res = app
                .post_json(
                    "/api/sav/forgotten-coupon/eligibility",
                    &json!({"increment_id": increment_id, "coupon_code": coupon, "commercial_offer_percentage": percentage}),
                    Some(&token()),
                )
                .await;
            assert_eq!(res.status, 200, "{}", res.text);
            let body = res.json();
            assert_eq!(body["success"], true);
            assert_eq!(body["allowed"], false);
            assert!(body["message"].is_string());
            body["error_code"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(
        check("SHIPPED", "X", json!(10)).await,
        "SALE_NOT_CANCELABLE"
    );
    assert_eq!(
        check("COUPON", "X", json!(10)).await,
        "SALE_ALREADY_HAS_COUPON"
    );
    assert_eq!(check("OPEN", "   ", json!(10)).await, "INVALID_COUPON_CODE");
    assert_eq!(
        check("OPEN", "X", json!(0)).await,
        "INVALID_COMMERCIAL_OFFER_PERCENTAGE"
    );
    assert_eq!(
        check("OPEN", "X", json!(101)).await,
        "INVALID_COMMERCIAL_OFFER_PERCENTAGE"
    );
    assert_eq!(
        check("OPEN", "X", json!("dix")).await,
        "INVALID_COMMERCIAL_OFFER_PERCENTAGE"
    );
    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": "COUPON", "coupon_code": "X", "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    assert_eq!(
        res.json()["message"],
        "Cette commande utilise déjà un code promo"
    );

    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": "OPEN", "coupon_code": "X"}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json()["errors"]["commercial_offer_percentage"],
        "is required"
    );
    let res = app
        .post_json(
            "/api/sav/forgotten-coupon/eligibility",
            &json!({"increment_id": "NOPE", "coupon_code": "X", "commercial_offer_percentage": 10}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["error_code"], "SALE_NOT_FOUND");
}

#[tokio::test]
async fn the_ticket_opens_a_gesture_sav_with_its_pre_refund_once() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("100000123", "c@example.com", "200.00", "processing", None),
    )
    .await;
    let ticket = json!({
        "increment_id": "100000123", "sav_type": " Forgotten-Coupon ",
        "coupon_code": "SUMMER10", "commercial_offer_percentage": 10
    });
    let res = app.post_json("/api/sav", &ticket, Some(&token())).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["success"], true);
    assert_eq!(body["type"], "forgotten_coupon_ticket");
    assert_eq!(body["proposed_gesture_amount"], 20);
    assert_eq!(body["commercial_offer_percentage"], 10);
    let sav_id = body["sav_id"].as_i64().unwrap();

    let sav = app
        .get(&format!("/api/sav/{sav_id}"), Some(&token()))
        .await
        .json()["sav"]
        .clone();
    assert_eq!(sav["typePb"], "oublie de code promo");
    assert_eq!(sav["preRefund"]["amount"], 20);
    assert_eq!(sav["preRefund"]["status"], "pending");

    // Retried: refused, and eligibility now says so.
    let res = app.post_json("/api/sav", &ticket, Some(&token())).await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.json()["error_code"],
        "FORGOTTEN_COUPON_SAV_ALREADY_EXISTS"
    );

    let mut other = ticket.clone();
    other["sav_type"] = json!("garantie");
    let res = app.post_json("/api/sav", &other, Some(&token())).await;
    assert_eq!(res.status, 422);
    assert!(res.json()["errors"]["sav_type"].is_string());
    other["sav_type"] = json!("forgot-coupon");
    other["increment_id"] = json!("NOPE");
    assert_eq!(
        app.post_json("/api/sav", &other, Some(&token()))
            .await
            .status,
        404
    );
    other["increment_id"] = json!("100000123");
    other["commercial_offer_percentage"] = json!(150);
    let res = app.post_json("/api/sav", &other, Some(&token())).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json()["error_code"],
        "INVALID_COMMERCIAL_OFFER_PERCENTAGE"
    );
}

#[tokio::test]
async fn concurrent_tickets_for_one_order_create_exactly_one() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("RACE", "c@example.com", "99.99", "processing", None),
    )
    .await;
    let ticket = json!({
        "increment_id": "RACE", "sav_type": "oublie de code promo",
        "coupon_code": "SUMMER10", "commercial_offer_percentage": 10
    });
    let token = token();
    let calls = (0..20).map(|_| app.post_json("/api/sav", &ticket, Some(&token)));
    let answers = futures_util::future::join_all(calls).await;
    let created = answers.iter().filter(|r| r.status == 200).count();
    let refused: Vec<_> = answers.iter().filter(|r| r.status == 409).collect();
    assert_eq!(
        created,
        1,
        "{:?}",
        answers
            .iter()
            .map(|r| (r.status, r.text.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(refused.len(), 19);
    assert!(
        refused
            .iter()
            .all(|r| r.json()["error_code"] == "FORGOTTEN_COUPON_SAV_ALREADY_EXISTS")
    );

    let list = app
        .get("/api/sav?type_pb=oublie%20de%20code%20promo", Some(&token))
        .await
        .json();
    assert_eq!(list["total"], 1);
    let sav_id = list["savRecords"][0]["savId"].as_i64().unwrap();
    let sav = app
        .get(&format!("/api/sav/{sav_id}"), Some(&token))
        .await
        .json()["sav"]
        .clone();
    assert_eq!(
        sav["preRefund"]["amount"], 10,
        "99.99 x 10 % = 9.999, rounded half up to 10.00"
    );
}

#[tokio::test]
async fn the_chatbot_routes_take_a_form_as_the_creation_does() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("100000124", "c@example.com", "200.00", "processing", None),
    )
    .await;
    let form = [
        ("increment_id", "100000124"),
        ("coupon_code", "SUMMER10"),
        ("commercial_offer_percentage", "12,5"),
    ];
    let res = app
        .post_form(
            "/api/sav/forgotten-coupon/eligibility",
            &form,
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["allowed"], true);
    assert_eq!(res.json()["proposed_gesture_amount"], 25);

    let mut ticket = form.to_vec();
    ticket.push(("sav_type", "oublie de code promo"));
    let res = app.post_form("/api/sav", &ticket, Some(&token())).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["type"], "forgotten_coupon_ticket");
    assert_eq!(res.json()["commercial_offer_percentage"], 12.5);

    // A form missing a field names it, as JSON does.
    let res = app
        .post_form(
            "/api/sav",
            &[("increment_id", "100000124"), ("sav_type", "forgot-coupon")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert!(res.text.contains("coupon_code"), "{}", res.text);
}
