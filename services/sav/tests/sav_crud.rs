//! `POST /sav/create-sale-sav`, `POST /sav/update-new-sale-sav/{id}`, and the support reads.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_sav, feed, sale, token};
use serde_json::json;

#[tokio::test]
async fn the_documents_curl_creates_a_sav_with_the_pickup_date_as_return_date() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("ORDER123", "customer@example.com", "200", "complete", None),
    )
    .await;
    // As written in seed 000.
    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[
                ("sale_ref", "ORDER123"),
                ("customer_email", "customer@example.com"),
                ("customer_name", "John Doe"),
                ("pickup_rdv_date", "2026-03-15"),
                ("date_retour", "2026-01-01"),
            ],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let id = res.json()["sav_id"].as_i64().unwrap();
    let sav = app
        .get(&format!("/api/sav/{id}"), Some(&token()))
        .await
        .json()["sav"]
        .clone();
    assert_eq!(sav["pickupRdvDate"], "2026-03-15");
    assert_eq!(sav["returnDate"], "2026-03-15");
    assert_eq!(sav["status"], 0);
    assert_eq!(sav["statusLabel"], "En cours");
    assert_eq!(
        sav["customerPhone"], "+33600000000",
        "customer fields default from the sale"
    );
    assert_eq!(sav["history"][0]["to"], 0);

    // JSON works too, with products of the order.
    let res = app
        .post_json(
            "/sav/create-sale-sav",
            &json!({"sale_ref": "ORDER123", "typePb": "livraison", "products": [{"sku": "SKU456", "quantity": 1}]}),
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

#[tokio::test]
async fn create_refuses_unknown_orders_foreign_products_and_impossible_dates() {
    let app = common::spawn().await;
    feed(&app, sale("O1", "c@example.com", "100", "complete", None)).await;
    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("sale_ref", "NOPE")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["error_code"], "SALE_NOT_FOUND");

    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("customer_name", "x")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["errors"]["sale_ref"], "is required");

    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("sale_ref", "O1"), ("products", "OTHER")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.json()["errors"]["products[0]"]
            .as_str()
            .unwrap()
            .contains("OTHER")
    );

    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("sale_ref", "O1"), ("pickup_rdv_date", "2026-02-30")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.json()["errors"]["pickup_rdv_date"].is_string());
}

#[tokio::test]
async fn updates_are_partial_and_every_status_change_is_in_the_history() {
    let app = common::spawn().await;
    feed(&app, sale("O1", "c@example.com", "100", "complete", None)).await;
    let id = create_sav(&app, &[("sale_ref", "O1"), ("observations", "first")]).await;
    let update = |form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            app.post_form(
                &format!("/sav/update-new-sale-sav/{id}"),
                &form,
                Some(&token()),
            )
            .await
        }
    };
    let res = update(vec![("status", "1")]).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["status"], 1);
    assert_eq!(
        update(vec![("status", "5"), ("propositions", "échange")])
            .await
            .status,
        200
    );
    let res = update(vec![("status", "3")]).await;
    assert_eq!(res.status, 422, "3 is not a status");
    // A form's "null" (JavaScript's String(null)) is no value: nothing changes.
    let nulls = vec![
        ("status", "null"),
        ("claim_date", "null"),
        ("customer_email", "null"),
        ("archived", "null"),
    ];
    assert_eq!(update(nulls).await.status, 200);

    let sav = app
        .get(&format!("/api/sav/{id}"), Some(&token()))
        .await
        .json()["sav"]
        .clone();
    assert_eq!(sav["status"], 5);
    assert_eq!(sav["observations"], "first", "untouched fields stay");
    assert_eq!(sav["propositions"], "échange");
    assert!(sav["validatedAt"].is_string());
    let history: Vec<(serde_json::Value, serde_json::Value)> = sav["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["from"].clone(), h["to"].clone()))
        .collect();
    assert_eq!(
        history,
        vec![
            (json!(null), json!(0)),
            (json!(0), json!(1)),
            (json!(1), json!(5))
        ]
    );
    assert_eq!(sav["history"][1]["actor"], "test-client");

    let res = app
        .post_form(
            "/sav/update-new-sale-sav/999999",
            &[("status", "1")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["error_code"], "SAV_NOT_FOUND");

    assert_eq!(update(vec![("archived", "true")]).await.status, 200);
    let res = update(vec![("status", "2")]).await;
    assert_eq!(res.status, 409);
    assert_eq!(res.json()["error_code"], "SAV_ARCHIVED");
}

#[tokio::test]
async fn the_support_list_filters_by_status_type_and_dates() {
    let app = common::spawn().await;
    feed(&app, sale("O1", "c@example.com", "100", "complete", None)).await;
    create_sav(
        &app,
        &[("sale_ref", "O1"), ("type_pb", "garantie"), ("status", "1")],
    )
    .await;
    create_sav(&app, &[("sale_ref", "O1"), ("type_pb", "livraison")]).await;
    let list = |query: &'static str| {
        let app = &app;
        async move { app.get(&format!("/api/sav{query}"), Some(&token())).await }
    };
    assert_eq!(list("").await.json()["total"], 2);
    assert_eq!(list("?status=1").await.json()["total"], 1);
    assert_eq!(
        list("?type_pb=livraison").await.json()["savRecords"][0]["typePb"],
        "livraison"
    );
    assert_eq!(
        list("?from=2000-01-01&to=2100-01-01").await.json()["total"],
        2
    );
    assert_eq!(list("?to=2000-01-01").await.json()["total"], 0);
    assert_eq!(
        list("?from=2000-01-01%2010:00:00&to=2100-01-01%2000:00:00")
            .await
            .json()["total"],
        2,
        "dates also as Y-m-d H:i:s"
    );
    assert_eq!(list("?status=3").await.status, 400);
    assert_eq!(list("?from=yesterday").await.status, 400);
    assert_eq!(app.get("/api/sav/424242", Some(&token())).await.status, 404);
}

#[tokio::test]
async fn dates_come_as_a_day_or_as_y_m_d_h_i_s() {
    let app = common::spawn().await;
    feed(&app, sale("O7", "c@example.com", "100", "complete", None)).await;
    let id = create_sav(
        &app,
        &[
            ("sale_ref", "O7"),
            ("claim_date", "2026-03-01 09:30:00"),
            ("pickup_rdv_date", "2026-03-15 14:00:00"),
        ],
    )
    .await;
    let sav = app
        .get(&format!("/api/sav/{id}"), Some(&token()))
        .await
        .json()["sav"]
        .clone();
    assert_eq!(sav["claimDate"], "2026-03-01");
    assert_eq!(sav["pickupRdvDate"], "2026-03-15");
    let res = app
        .post_form(
            "/sav/create-sale-sav",
            &[("sale_ref", "O7"), ("claim_date", "2026-02-30 09:30:00")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert!(res.text.contains("claim_date"), "{}", res.text);
}
