//! Warranty registrations: create (the product a line of the ticket, the customer known, the
//! phone valid, a serial once, dates from the sale), the list and its views, each action with its
//! history, the image served back, delete.

#![allow(clippy::unwrap_used)]

mod common;

use common::{PNG, admin, create_customer, delete, feed_ticket, get, post, put, with};
use reqwest::Method;
use serde_json::{Value, json};

async fn register(app: &testkit::TestApp, body: Value) -> testkit::TestResponse {
    post(app, "/warranty-info", body, &admin()).await
}

fn body(customer: i64, product: &str, serial: &str) -> Value {
    json!({"ticketid": "HD-1", "cust_id": customer, "cust_phone": "0912345678", "product_id": product, "serial_num": serial, "time_warranty": 6})
}

async fn items(app: &testkit::TestApp, query: &str) -> Vec<Value> {
    let res = get(app, format!("/warranty-info{query}"), &admin()).await;
    assert_eq!(res.status, 200, "{query}: {}", res.text);
    res.json()["_embedded"]["warranty_info"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_registration_is_checked_and_dated_from_the_sale() {
    let app = common::spawn().await;
    let customer = create_customer(&app, "Nguyễn Văn A", "0912345678").await;
    feed_ticket(&app, "HD-1", Some(customer)).await;

    let res = register(&app, body(customer, "P1", "SN 001-a")).await;
    assert_eq!(res.status, 201, "{}", res.text);
    let id = res.json()["id"].as_str().unwrap().to_string();
    let listed = items(&app, "").await;
    assert_eq!(listed.len(), 1);
    let w = &listed[0];
    assert_eq!(
        (
            w["id"].as_str(),
            w["product_name"].as_str(),
            w["cust_name"].as_str()
        ),
        (
            Some(id.as_str()),
            Some("Máy lọc nước"),
            Some("Nguyễn Văn A")
        )
    );
    assert_eq!(
        (w["active_date"].as_str(), w["expired_date"].as_str()),
        (Some("2026-11-20"), Some("2027-05-20"))
    );
    assert_eq!(
        (
            w["status"].as_str(),
            w["ticketid"].as_str(),
            w["cust_phone"].as_str()
        ),
        (Some("Y"), Some("HD-1"), Some("0912345678"))
    );

    for (body, code) in [
        (body(customer, "P1", "sn001-A"), "SERIAL_NUMBER_EXISTS"),
        (body(customer, "P9", "x"), "TICKET_PRODUCT_NOT_FOUND"),
        (
            json!({"ticketid": "HD-404", "cust_id": customer, "cust_phone": "0912345678", "product_id": "P1"}),
            "TICKET_PRODUCT_NOT_FOUND",
        ),
        (body(999, "P2", "y"), "CUSTOMER_NOT_FOUND"),
        (
            json!({"ticketid": "HD-1", "cust_id": customer, "cust_phone": "12", "product_id": "P2"}),
            "ERROR_CUSTOMER_PHONE",
        ),
        (
            json!({"ticketid": "HD-1", "cust_id": customer, "cust_phone": "0912345678", "product_id": "P2", "image": "bm90IGFuIGltYWdl"}),
            "ERROR_UPLOAD_IMAGE",
        ),
    ] {
        let res = register(&app, body.clone()).await;
        assert_eq!(
            (res.status, res.json()["result"].as_str()),
            (422, Some(code)),
            "{body}"
        );
    }
    let res = register(
        &app,
        json!({"ticketid": "HD-1", "cust_id": customer, "cust_phone": "0912345678"}),
    )
    .await;
    assert_eq!(res.status, 422);
    assert!(
        res.json()["validation_messages"]
            .get("product_id")
            .is_some(),
        "{}",
        res.text
    );

    // Given dates win; an old one is no longer under warranty.
    let res = register(&app, json!({"ticketid": "HD-1", "cust_id": customer, "cust_phone": "0912345678", "product_id": "P2", "active_date": "2020-01-01", "expired_date": "2021-01-01"})).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(items(&app, "?is_active=Y").await.len(), 1);
    let expired = items(&app, "?is_active=N").await;
    assert_eq!(
        (expired.len(), expired[0]["status"].as_str()),
        (1, Some("N"))
    );
    assert_eq!(items(&app, "?search_product=sn001").await.len(), 1);
    assert_eq!(items(&app, "?search_product=lõi").await.len(), 1);
    assert_eq!(items(&app, "?search_customer=nguyễn").await.len(), 2);
    assert_eq!(items(&app, "?search_ticket=HD").await.len(), 2);
    let ordered = items(&app, "?order=active_date&dir=asc").await;
    assert_eq!(ordered[0]["active_date"], "2020-01-01");
    let res = get(&app, "/warranty-info?order=colour", &admin()).await;
    assert_eq!(res.status, 400);
}

#[tokio::test]
async fn the_other_views_and_the_masked_phone() {
    let app = common::spawn().await;
    let customer = create_customer(&app, "Trần B", "0912345678").await;
    feed_ticket(&app, "HD-1", Some(customer)).await;
    let id = register(&app, body(customer, "P1", "")).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let res = get(
        &app,
        "/warranty-info?other_view=ticket&ticket_id=HD-1",
        &admin(),
    )
    .await;
    assert_eq!(
        res.json(),
        json!({"ticket": {"ticket_uuid": "HD-1", "ticket_id": "HD-1", "customer_id": customer, "lines": [
            {"product_id": "P1", "product_name": "Máy lọc nước"}, {"product_id": "P2", "product_name": "Lõi lọc"}]}})
    );
    let res = get(
        &app,
        "/warranty-info?other_view=ticket&ticket_id=HD-9",
        &admin(),
    )
    .await;
    assert_eq!(res.json()["result"], "NOT_FOUND_TICKET");
    let blind = with(&["customer.warranty_info.view_list"]);
    let res = get(
        &app,
        "/warranty-info?other_view=customer&search_customer=0912",
        &blind,
    )
    .await;
    assert_eq!(
        res.json()["_embedded"]["customers"],
        json!([{"id": customer, "taxid": format!("KH{customer:06}"), "name": "Trần B", "phone": "**********"}])
    );
    let res = get(&app, "/warranty-info", &blind).await;
    assert_eq!(
        res.json()["_embedded"]["warranty_info"][0]["cust_phone"],
        "**********"
    );
    let res = get(
        &app,
        format!("/warranty-info?other_view=history&warranty_id={id}"),
        &blind,
    )
    .await;
    let history = res.json()["_embedded"]["warranty_info"].clone();
    assert_eq!(
        (
            history[0]["log"].as_str(),
            history[0]["person_name"].as_str()
        ),
        (Some("Tạo thông tin bảo hành"), Some("admin"))
    );
    let res = get(
        &app,
        "/warranty-info?other_view=history&warranty_id=nope",
        &blind,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("WARRANTY_INFO_NOT_FOUND"))
    );
}

#[tokio::test]
async fn each_action_changes_and_logs_what_it_names() {
    let app = common::spawn().await;
    let token = admin();
    let customer = create_customer(&app, "C", "0912345678").await;
    let other = create_customer(&app, "D", "0987654321").await;
    feed_ticket(&app, "HD-1", Some(customer)).await;
    let id = register(&app, body(customer, "P1", "S-1")).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second = register(&app, body(customer, "P2", "S-2")).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/warranty-info/{id}");

    let res = put(&app, &path, json!({"action": "editProduct", "ticketid": "HD-1", "product_id": "P2", "model": "M-9", "image": format!("data:image/png;base64,{PNG}")}), &token).await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"result": "SUCCESS"})),
        "{}",
        res.text
    );
    let res = put(
        &app,
        &path,
        json!({"action": "editCustomer", "cust_id": other, "cust_phone": "0987 654 321"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = put(
        &app,
        &path,
        json!({"action": "editStatus", "status": "N", "time_warranty": 24}),
        &token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = put(
        &app,
        &path,
        json!({"action": "editNote", "note": "Trầy xước"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let w = items(&app, "?search_product=m-9").await[0].clone();
    assert_eq!(
        (
            w["product_id"].as_str(),
            w["product_name"].as_str(),
            w["model"].as_str()
        ),
        (Some("P2"), Some("Lõi lọc"), Some("M-9"))
    );
    assert_eq!(
        (
            w["cust_id"].as_i64(),
            w["cust_phone"].as_str(),
            w["status"].as_str()
        ),
        (Some(other), Some("0987654321"), Some("N"))
    );
    assert_eq!(
        (
            w["time_warranty"].as_i64(),
            w["expired_date"].as_str(),
            w["note"].as_str()
        ),
        (Some(24), Some("2028-11-20"), Some("Trầy xước"))
    );
    let image = w["image"].as_str().unwrap().to_string();
    assert!(
        image.starts_with("/warranty-info/images/") && image.ends_with(".png"),
        "{image}"
    );
    // Bytes, not JSON: outside the contract check, which reads JSON bodies.
    let res = app
        .request(Method::GET, &image)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().len(), 70);

    let history = get(
        &app,
        format!("/warranty-info?other_view=history&warranty_id={id}"),
        &token,
    )
    .await
    .json();
    assert_eq!(history["total_items"], 5);
    let logs: Vec<&str> = history["_embedded"]["warranty_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["log"].as_str().unwrap())
        .collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("model: ∅ → M-9") && l.contains("product_id: P1 → P2")),
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l.contains("note: ∅ → Trầy xước")),
        "{logs:?}"
    );

    let res = put(&app, format!("/warranty-info/{second}"), json!({"action": "editProduct", "ticketid": "HD-1", "product_id": "P2", "serial_num": " s -1 "}), &token).await;
    assert_eq!(res.json()["result"], "SERIAL_NUMBER_EXISTS");
    let res = put(
        &app,
        &path,
        json!({"action": "editCustomer", "cust_id": 999, "cust_phone": "0987654321"}),
        &token,
    )
    .await;
    assert_eq!(res.json()["result"], "CUSTOMER_NOT_FOUND");
    let res = put(
        &app,
        &path,
        json!({"action": "editStatus", "status": "maybe"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 422);
    let res = put(
        &app,
        "/warranty-info/nope",
        json!({"action": "editNote"}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("WARRANTY_INFO_NOT_FOUND"))
    );

    assert_eq!(delete(&app, &path, &token).await.status, 204);
    assert_eq!(delete(&app, &path, &token).await.status, 404);
    let res = app
        .send(app.request(Method::GET, &image).bearer_auth(&token))
        .await;
    assert_eq!(res.status, 404, "the image goes with its registration");
}

#[tokio::test]
async fn each_warranty_info_action_needs_its_permission() {
    let app = common::spawn().await;
    let customer = create_customer(&app, "E", "0912345678").await;
    feed_ticket(&app, "HD-1", Some(customer)).await;
    let id = register(&app, body(customer, "P1", "S")).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/warranty-info/{id}");
    for (permission, method, body) in [
        ("customer.warranty_info.view_list", "GET", Value::Null),
        (
            "customer.warranty_info.create",
            "POST",
            body(customer, "P2", "T"),
        ),
        (
            "customer.warranty_info.edit_product",
            "PUT",
            json!({"action": "editProduct", "ticketid": "HD-1", "product_id": "P1"}),
        ),
        (
            "customer.warranty_info.edit_customer",
            "PUT",
            json!({"action": "editCustomer", "cust_id": customer, "cust_phone": "0912345678"}),
        ),
        (
            "customer.warranty_info.edit_status",
            "PUT",
            json!({"action": "editStatus", "status": "Y"}),
        ),
        (
            "customer.warranty_info.edit_note",
            "PUT",
            json!({"action": "editNote"}),
        ),
        ("customer.warranty_info.delete", "DELETE", Value::Null),
    ] {
        let token = common::without(permission);
        let res = match method {
            "GET" => get(&app, "/warranty-info", &token).await,
            "POST" => post(&app, "/warranty-info", body, &token).await,
            "PUT" => put(&app, &path, body, &token).await,
            _ => delete(&app, &path, &token).await,
        };
        assert_eq!(res.status, 403, "{permission}: {}", res.text);
    }
}
