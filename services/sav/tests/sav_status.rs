//! `GET /api/customer/sav-status`, as seed 000 shows it.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_sav, feed, sale, token};
use reqwest::Method;

#[tokio::test]
async fn the_documents_lookup_with_every_field() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("ORDER123", "customer@example.com", "200", "complete", None),
    )
    .await;
    let first = create_sav(
        &app,
        &[
            ("sale_ref", "ORDER123"),
            ("type_pb", "garantie"),
            ("status", "1"),
            ("products", "SKU123"),
            ("observations", "Pied cassé"),
        ],
    )
    .await;
    let second = create_sav(
        &app,
        &[
            ("sale_ref", "ORDER123"),
            ("type_pb", "livraison"),
            ("products", "SKU456:2"),
        ],
    )
    .await;

    // As the document's curl: X-API-Token is the gateway's business; here, the forwarded token.
    let res = app
        .get(
            "/api/customer/sav-status?email=%20Customer@Example.com%20",
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["success"], true);
    assert_eq!(body["customerEmail"], "customer@example.com");
    assert_eq!(body["hasSav"], true);
    assert_eq!(body["totalSav"], 2);
    let records = body["savRecords"].as_array().unwrap();
    assert_eq!(records[0]["savId"], second, "newest first");
    let record = &records[1];
    assert_eq!(record["savId"], first);
    assert_eq!(record["status"], 1);
    assert_eq!(record["statusLabel"], "Validé");
    assert_eq!(record["saleRef"], "ORDER123");
    assert_eq!(record["typePb"], "garantie");
    assert_eq!(record["observations"], "Pied cassé");
    assert_eq!(record["customerName"], "John Doe");
    assert_eq!(record["customerPhone"], "+33600000000");
    for field in [
        "claimDate",
        "createdAt",
        "validatedAt",
        "propositions",
        "finalAction",
        "returnDate",
        "communicationType",
    ] {
        assert!(record.get(field).is_some(), "{field} is returned");
    }
    assert_eq!(record["products"][0]["sku"], "SKU123");
    assert_eq!(record["products"][0]["name"], "Canapé");

    // Filter by product.
    let res = app
        .get(
            "/api/customer/sav-status?email=customer@example.com&product_sku=SKU456",
            Some(&token()),
        )
        .await;
    let body = res.json();
    assert_eq!(body["productSku"], "SKU456");
    assert_eq!(body["totalSav"], 1);
    assert_eq!(body["savRecords"][0]["savId"], second);
    assert_eq!(body["savRecords"][0]["products"][0]["quantity"], 2);
}

#[tokio::test]
async fn archived_sav_are_never_returned_and_pages_count_the_whole() {
    let app = common::spawn().await;
    feed(&app, sale("O1", "c@example.com", "100", "complete", None)).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(create_sav(&app, &[("sale_ref", "O1")]).await);
    }
    let res = app
        .post_form(
            &format!("/sav/update-new-sale-sav/{}", ids[0]),
            &[("archived", "1")],
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let res = app
        .get(
            "/api/customer/sav-status?email=c@example.com&per_page=3",
            Some(&token()),
        )
        .await;
    let body = res.json();
    assert_eq!(body["totalSav"], 4);
    assert_eq!(body["savRecords"].as_array().unwrap().len(), 3);
    let res = app
        .get(
            "/api/customer/sav-status?email=c@example.com&per_page=3&page=2",
            Some(&token()),
        )
        .await;
    let page_two = res.json();
    assert_eq!(page_two["savRecords"].as_array().unwrap().len(), 1);
    assert_eq!(page_two["savRecords"][0]["savId"], ids[1]);

    let res = app
        .get(
            "/api/customer/sav-status?email=c@example.com&per_page=500",
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 400);

    let none = app
        .get(
            "/api/customer/sav-status?email=nobody@example.com",
            Some(&token()),
        )
        .await
        .json();
    assert_eq!(none["hasSav"], false);
    assert_eq!(none["totalSav"], 0);
}

#[tokio::test]
async fn missing_or_malformed_email_and_missing_token() {
    let app = common::spawn().await;
    let res = app.get("/api/customer/sav-status", Some(&token())).await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error_code"], "MISSING_EMAIL");
    let res = app
        .get(
            "/api/customer/sav-status?email=not-an-email",
            Some(&token()),
        )
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error_code"], "INVALID_EMAIL");
    let res = app
        .send(app.request(Method::GET, "/api/customer/sav-status?email=a@b.fr"))
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["success"], false);
}

#[tokio::test]
async fn without_paging_every_sav_of_the_customer_comes() {
    let app = common::spawn().await;
    feed(
        &app,
        sale("O60", "many@example.com", "100", "complete", None),
    )
    .await;
    for _ in 0..60 {
        create_sav(&app, &[("sale_ref", "O60")]).await;
    }
    let body = app
        .get(
            "/api/customer/sav-status?email=many@example.com",
            Some(&token()),
        )
        .await
        .json();
    assert_eq!(body["totalSav"], 60);
    assert_eq!(body["savRecords"].as_array().unwrap().len(), 60);
    assert_eq!(body["truncated"], false);

    // Paging, when asked, still pages, and says the rest exists.
    let body = app
        .get(
            "/api/customer/sav-status?email=many@example.com&page=1&per_page=50",
            Some(&token()),
        )
        .await
        .json();
    assert_eq!(body["savRecords"].as_array().unwrap().len(), 50);
    assert_eq!(body["truncated"], true);
    let body = app
        .get(
            "/api/customer/sav-status?email=many@example.com&page=2",
            Some(&token()),
        )
        .await
        .json();
    assert_eq!(body["savRecords"].as_array().unwrap().len(), 10);
    assert_eq!(body["truncated"], false);
}
