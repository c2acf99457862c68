//! Warranty tickets: created one per product line, taken from pending to success through the
//! supplier with each action in the history, every state rule answering its code, the list's
//! filters and orders, the other views, and two concurrent sends of which one wins.

#![allow(clippy::unwrap_used)]

mod common;

use common::{
    PNG, act, admin, create_ticket, create_tickets, delete, feed_location, get, post, put, tickets,
};
use reqwest::Method;
use serde_json::{Value, json};

fn result(res: &testkit::TestResponse) -> (u16, String) {
    (
        res.status,
        res.json()["result"].as_str().unwrap_or("").to_string(),
    )
}

async fn history(app: &testkit::TestApp, id: &str) -> Vec<Value> {
    let res = get(
        app,
        format!("/warranty-status?other_view=history&warranty_id={id}"),
        &admin(),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let mut entries = res.json()["_embedded"]["warranty_status"]
        .as_array()
        .unwrap()
        .clone();
    entries.reverse();
    entries
}

fn log(entry: &Value) -> &str {
    entry["log"].as_str().unwrap()
}

#[tokio::test]
async fn a_ticket_goes_from_creation_to_completion_with_its_history() {
    let app = common::spawn().await;
    feed_location(&app, "L2", "Kho Đà Nẵng").await;
    let products = json!([
        {"product_name": "Máy lọc nước", "product_qty": 2, "product_status": "Rò nước", "supplier_name": "Karofi", "note": "Còn hộp"},
        {"product_name": "Lõi lọc", "product_qty": "1", "product_status": "Bẩn", "product_img": format!("[\"{PNG}\"]")}
    ]);
    let ids = create_tickets(&app, products).await;
    assert_eq!(ids.len(), 2, "one ticket per product line");
    let listed = tickets(&app, "?order=product_name&dir=desc").await;
    let t = &listed[0];
    assert_eq!(
        (
            t["product_name"].as_str(),
            t["product_qty"].as_i64(),
            t["status"].as_str()
        ),
        (Some("Máy lọc nước"), Some(2), Some("pending"))
    );
    assert_eq!(
        (
            t["location_id"].as_str(),
            t["location_name"].as_str(),
            t["receiver"].as_str(),
            t["person_name"].as_str()
        ),
        (Some("L1"), Some("Kho Hà Nội"), Some("thu"), Some("admin"))
    );
    assert_eq!(
        (
            t["supplier_name"].as_str(),
            t["customer_phone"].as_str(),
            t["warranty_type"].as_str()
        ),
        (Some("Karofi"), Some("0912345678"), Some("customer"))
    );
    let reference = t["reference"].as_str().unwrap().to_string();
    assert!(
        reference.starts_with("BH") && reference.len() == 17,
        "{reference}"
    );
    assert_ne!(listed[1]["reference"], t["reference"]);
    let image = listed[1]["product_img"][0].as_str().unwrap().to_string();
    let res = app
        .request(Method::GET, &image)
        .bearer_auth(admin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{image}");

    let id = t["id"].as_str().unwrap().to_string();
    let res = act(
        &app,
        &id,
        "sendToSupplier",
        json!({"supplier_name": "Karofi VN"}),
    )
    .await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"result": "SUCCESS"}))
    );
    let t = tickets(&app, "?status=send").await[0].clone();
    assert_eq!(
        (
            t["supplier_name"].as_str(),
            t["overdue"].as_bool(),
            t["supplier_send_date"].is_string()
        ),
        (Some("Karofi VN"), Some(false), true)
    );
    let res = act(
        &app,
        &id,
        "receivedFromSupplier",
        json!({"location": 0, "repair_cost": 150000.5, "warranty_expenses": "2404,50"}),
    )
    .await;
    assert_eq!(result(&res), (422, "LOCATION_NOT_FOUND".into()));
    let res = act(
        &app,
        &id,
        "receivedFromSupplier",
        json!({"location": "L2", "repair_cost": 150000.5, "warranty_expenses": "2404,50"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let t = tickets(&app, "?status=receive").await[0].clone();
    assert_eq!(
        (
            t["location_name"].as_str(),
            t["repair_cost"].as_f64(),
            t["warranty_expenses"].as_f64()
        ),
        (Some("Kho Đà Nẵng"), Some(150000.5), Some(2404.5))
    );
    let res = act(
        &app,
        &id,
        "completeWarranty",
        json!({"other_cost": "HD-0042"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = act(&app, &id, "editOtherCost", json!({"other_cost": 43})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let t = tickets(&app, "?status=success").await[0].clone();
    assert_eq!(
        (t["other_cost"].as_str(), t["cust_return_date"].is_string()),
        (Some("43"), true)
    );

    let entries = history(&app, &id).await;
    let logs: Vec<&str> = entries.iter().map(log).collect();
    assert_eq!(logs.len(), 5, "{logs:?}");
    assert_eq!(logs[0], format!("Tạo phiếu bảo hành {reference}"));
    assert!(
        logs[1].starts_with("sendToSupplier: ")
            && logs[1].contains("supplier_name: Karofi → Karofi VN")
            && logs[1].contains("status: pending → send"),
        "{logs:?}"
    );
    assert!(
        logs[2].contains("location: L1 → L2")
            && logs[2].contains("repair_cost: ∅ → 150000.50")
            && logs[2].contains("warranty_expenses: ∅ → 2404.50"),
        "{logs:?}"
    );
    assert!(
        logs[3].contains("other_cost: ∅ → HD-0042")
            && logs[3].contains("status: receive → success"),
        "{logs:?}"
    );
    assert_eq!(logs[4], "editOtherCost: other_cost: HD-0042 → 43");
    assert!(entries.iter().all(|e| e["person_name"] == "admin"));
}

#[tokio::test]
async fn a_creation_names_each_bad_field() {
    let app = common::spawn().await;
    feed_location(&app, "L1", "Kho").await;
    let line = json!({"product_name": "A", "product_qty": 1, "product_status": "x"});
    let cases = [
        (json!({"receiver": "r", "location": "L1"}), "products"),
        (
            json!({"products": [], "receiver": "r", "location": "L1"}),
            "products",
        ),
        (
            json!({"products": "not json", "receiver": "r", "location": "L1"}),
            "products",
        ),
        (
            json!({"products": [{"product_name": "A", "product_qty": 0, "product_status": "x"}], "receiver": "r", "location": "L1"}),
            "products[0].product_qty",
        ),
        (
            json!({"products": [line, {"product_qty": 1, "product_status": "x"}], "receiver": "r", "location": "L1"}),
            "products[1].product_name",
        ),
        (
            json!({"products": [{"product_name": "A", "product_qty": 1}], "receiver": "r", "location": "L1"}),
            "products[0].product_status",
        ),
        (json!({"products": [line], "location": "L1"}), "receiver"),
        (json!({"products": [line], "receiver": "r"}), "location"),
        (
            json!({"products": [line], "receiver": "r", "location": "L1", "warranty_type": "friend"}),
            "warranty_type",
        ),
        (
            json!({"products": [line], "receiver": "r", "location": "L1", "customer_phone": "12"}),
            "customer_phone",
        ),
    ];
    for (body, field) in cases {
        let res = post(&app, "/warranty-status", body.clone(), &admin()).await;
        assert_eq!(res.status, 422, "{body}: {}", res.text);
        assert!(
            res.json()["validation_messages"].get(field).is_some(),
            "{field}: {}",
            res.text
        );
    }
    let res = post(
        &app,
        "/warranty-status",
        json!({"products": [line], "receiver": "r", "location": "L9"}),
        &admin(),
    )
    .await;
    assert_eq!(result(&res), (422, "LOCATION_NOT_FOUND".into()));
    let res = post(&app, "/warranty-status", json!({"products": [{"product_name": "A", "product_qty": 1, "product_status": "x", "product_img": "bm90IGFuIGltYWdl"}], "receiver": "r", "location": "L1"}), &admin()).await;
    assert_eq!(result(&res), (422, "ERROR_UPLOAD_IMAGE".into()));
    // The document's form: products as a JSON string.
    let res = post(
        &app,
        "/warranty-status",
        json!({"products": json!([line]).to_string(), "receiver": "r", "location": "L1"}),
        &admin(),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(
        tickets(&app, "").await.len(),
        1,
        "nothing of the refused ones"
    );
}

#[tokio::test]
async fn each_state_rule_answers_its_code() {
    let app = common::spawn().await;
    let id = create_ticket(&app, "Nồi cơm").await;
    let at = "2026-11-01 08:00:00";
    for (action, fields, code) in [
        (
            "receivedFromSupplier",
            json!({"location": "L1"}),
            "WARRANTY_NOT_SENT",
        ),
        ("editCost", json!({"repair_cost": 1}), "WARRANTY_NOT_SENT"),
        ("completeWarranty", json!({}), "WARRANTY_NOT_RECEIVED"),
        (
            "editSendDate",
            json!({"supplier_send_date": at}),
            "SEND_DATE_UPDATE_NOT_ALLOWED",
        ),
        (
            "editOtherCost",
            json!({"other_cost": "1"}),
            "WARRANTY_NOT_COMPLETED",
        ),
        (
            "editStatus",
            json!({"status": "pending"}),
            "INVALID_STATUS_TRANSITION",
        ),
    ] {
        let res = act(&app, &id, action, fields).await;
        assert_eq!(result(&res), (422, code.into()), "pending, {action}");
    }
    assert_eq!(
        act(&app, &id, "editSupplier", json!({"supplier_name": "S"}))
            .await
            .status,
        200
    );
    assert_eq!(
        act(&app, &id, "sendToSupplier", json!({"supplier_name": "S"}))
            .await
            .status,
        200
    );
    for (action, fields, code) in [
        (
            "sendToSupplier",
            json!({"supplier_name": "S"}),
            "WARRANTY_ALREADY_SENT",
        ),
        (
            "editSupplier",
            json!({"supplier_name": "T"}),
            "WARRANTY_ALREADY_SENT",
        ),
        (
            "editCost",
            json!({"repair_cost": 1}),
            "WARRANTY_NOT_RECEIVED",
        ),
        ("completeWarranty", json!({}), "WARRANTY_NOT_RECEIVED"),
        (
            "editSendDate",
            json!({"supplier_send_date": at}),
            "SEND_DATE_UPDATE_NOT_ALLOWED",
        ),
        (
            "editStatus",
            json!({"status": "send"}),
            "INVALID_STATUS_TRANSITION",
        ),
    ] {
        let res = act(&app, &id, action, fields).await;
        assert_eq!(result(&res), (422, code.into()), "send, {action}");
    }
    let path = format!("/warranty-status/{id}");
    assert_eq!(
        result(&delete(&app, &path, &admin()).await),
        (422, "WARRANTY_ALREADY_SENT".into())
    );
    assert_eq!(
        act(&app, &id, "editStatus", json!({"status": "receive"}))
            .await
            .status,
        200
    );
    for (action, fields, code) in [
        (
            "receivedFromSupplier",
            json!({"location": "L1"}),
            "WARRANTY_ALREADY_RECEIVED",
        ),
        (
            "sendToSupplier",
            json!({"supplier_name": "S"}),
            "WARRANTY_ALREADY_RECEIVED",
        ),
        (
            "editStatus",
            json!({"status": "send"}),
            "INVALID_STATUS_TRANSITION",
        ),
        (
            "forwardWarranty",
            json!({"receiver": "x", "location": "L9"}),
            "LOCATION_NOT_FOUND",
        ),
    ] {
        let res = act(&app, &id, action, fields).await;
        assert_eq!(result(&res), (422, code.into()), "receive, {action}");
    }
    assert_eq!(
        result(&delete(&app, &path, &admin()).await),
        (422, "WARRANTY_ALREADY_RECEIVED".into())
    );
    let res = act(
        &app,
        &id,
        "editSendDate",
        json!({"supplier_send_date": "2099-01-01 00:00:00"}),
    )
    .await;
    assert!(
        res.json()["validation_messages"]
            .get("supplier_send_date")
            .is_some(),
        "{}",
        res.text
    );
    assert_eq!(
        act(&app, &id, "editSendDate", json!({"supplier_send_date": at}))
            .await
            .status,
        200
    );
    assert_eq!(
        act(&app, &id, "editCost", json!({"repair_cost": "10,5"}))
            .await
            .status,
        200
    );
    assert_eq!(
        act(&app, &id, "editStatus", json!({"status": "success"}))
            .await
            .status,
        200
    );
    let t = tickets(&app, "").await[0].clone();
    assert_eq!(
        (
            t["supplier_send_date"].as_str(),
            t["repair_cost"].as_f64(),
            t["status"].as_str()
        ),
        (Some(at), Some(10.5), Some("success"))
    );
    for action in [
        "editProduct",
        "editCustomer",
        "editReceiveDate",
        "editSupplier",
        "editSendDate",
        "editStatus",
        "editCost",
        "addProgressNote",
        "forwardWarranty",
        "sendToSupplier",
        "receivedFromSupplier",
        "completeWarranty",
    ] {
        let fields = json!({"product_name": "A", "product_qty": 1, "customer_name": "C", "cust_received_date": at, "supplier_name": "S", "supplier_send_date": at, "status": "success", "progress_note_text": "n", "receiver": "r", "location": "L1"});
        let res = act(&app, &id, action, fields).await;
        assert_eq!(
            result(&res),
            (422, "WARRANTY_ALREADY_COMPLETED".into()),
            "{action}"
        );
    }
    assert_eq!(
        result(&delete(&app, &path, &admin()).await),
        (422, "WARRANTY_ALREADY_COMPLETED".into())
    );
    assert_eq!(
        act(&app, &id, "editOtherCost", json!({"other_cost": "HD-1"}))
            .await
            .status,
        200
    );

    for res in [
        act(&app, "nope", "editCost", json!({})).await,
        delete(&app, "/warranty-status/nope", &admin()).await,
        get(
            &app,
            "/warranty-status?other_view=history&warranty_id=nope",
            &admin(),
        )
        .await,
    ] {
        assert_eq!(result(&res), (404, "WARRANTY_STATUS_NOT_FOUND".into()));
    }
    let res = act(&app, &id, "dance", json!({})).await;
    assert!(
        res.json()["validation_messages"].get("action").is_some(),
        "{}",
        res.text
    );
    let res = act(&app, &id, "editOtherCost", json!({"other_cost": ""})).await;
    assert!(
        res.json()["validation_messages"]
            .get("other_cost")
            .is_some(),
        "{}",
        res.text
    );
}

#[tokio::test]
async fn the_edit_actions_change_and_log_what_they_name() {
    let app = common::spawn().await;
    feed_location(&app, "L2", "Kho 2").await;
    let id = create_ticket(&app, "Quạt").await;
    let img = format!("data:image/png;base64,{PNG}");
    for (action, fields) in [
        (
            "editProduct",
            json!({"product_name": "Quạt đứng", "product_qty": 3, "product_status": "Gãy cánh", "product_img": [img], "note": "Gấp"}),
        ),
        (
            "editCustomer",
            json!({"customer_name": "Trần B", "customer_phone": "0987 654 321", "customer_address": ""}),
        ),
        (
            "editReceiveDate",
            json!({"cust_received_date": "2026-11-02 09:30:00"}),
        ),
        ("editSupplier", json!({"supplier_name": "Senko"})),
        (
            "addProgressNote",
            json!({"progress_note_text": "Đã liên hệ NCC", "progress_note_img": PNG}),
        ),
        ("forwardWarranty", json!({"receiver": "lan", "location": 2})),
    ] {
        let res = act(&app, &id, action, fields).await;
        assert_eq!(
            res.status,
            if action == "forwardWarranty" {
                422
            } else {
                200
            },
            "{action}: {}",
            res.text
        );
    }
    let res = act(
        &app,
        &id,
        "forwardWarranty",
        json!({"receiver": "lan", "location": "L2"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let t = tickets(&app, "").await[0].clone();
    assert_eq!(
        (
            t["product_name"].as_str(),
            t["product_qty"].as_i64(),
            t["product_status"].as_str(),
            t["note"].as_str()
        ),
        (Some("Quạt đứng"), Some(3), Some("Gãy cánh"), Some("Gấp"))
    );
    assert_eq!(
        (
            t["customer_name"].as_str(),
            t["customer_phone"].as_str(),
            t["customer_address"].as_str()
        ),
        (Some("Trần B"), Some("0987654321"), None)
    );
    assert_eq!(
        (
            t["cust_received_date"].as_str(),
            t["supplier_name"].as_str(),
            t["receiver"].as_str(),
            t["location_name"].as_str()
        ),
        (
            Some("2026-11-02 09:30:00"),
            Some("Senko"),
            Some("lan"),
            Some("Kho 2")
        )
    );
    assert_eq!(t["product_img"].as_array().unwrap().len(), 1);
    let entries = history(&app, &id).await;
    let logs: Vec<&str> = entries.iter().map(log).collect();
    assert_eq!(logs.len(), 7, "{logs:?}");
    assert!(
        logs[1].contains("product_name: Quạt → Quạt đứng")
            && logs[1].contains("product_img: 0 → 1"),
        "{logs:?}"
    );
    assert!(
        logs[2].contains("customer_phone: 0912345678 → 0987654321")
            && logs[2].contains("customer_address: 12 Trần Thái Tông → ∅"),
        "{logs:?}"
    );
    assert!(
        logs[3].contains("cust_received_date:") && logs[3].ends_with("→ 2026-11-02 09:30:00"),
        "{logs:?}"
    );
    assert_eq!(logs[4], "editSupplier: supplier_name: ∅ → Senko");
    assert_eq!(logs[5], "addProgressNote: Đã liên hệ NCC");
    let note_image = entries[5]["image"].as_str().unwrap().to_string();
    let res = app
        .request(Method::GET, &note_image)
        .bearer_auth(admin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{note_image}");
    assert!(
        logs[6].contains("receiver: thu → lan") && logs[6].contains("location: L1 → L2"),
        "{logs:?}"
    );

    for (action, fields) in [
        (
            "addProgressNote",
            json!({"progress_note_img": "bm90IGFuIGltYWdl"}),
        ),
        (
            "editProduct",
            json!({"product_name": "Q", "product_qty": 1, "product_img": "[\"bm90\"]"}),
        ),
    ] {
        let res = act(&app, &id, action, fields).await;
        assert_eq!(result(&res), (422, "ERROR_UPLOAD_IMAGE".into()), "{action}");
    }
    let res = act(
        &app,
        &id,
        "editProduct",
        json!({"product_name": "Q", "product_qty": 1, "product_img": "[1]"}),
    )
    .await;
    assert!(
        res.json()["validation_messages"]
            .get("product_img")
            .is_some(),
        "{}",
        res.text
    );
    let res = act(&app, &id, "addProgressNote", json!({})).await;
    assert!(
        res.json()["validation_messages"]
            .get("progress_note_text")
            .is_some()
    );
    let res = act(&app, &id, "editCost", json!({"repair_cost": "1.234"})).await;
    assert_eq!(res.status, 422, "{}", res.text);
    let res = act(&app, &id, "editProduct", json!({"product_name": "Q"})).await;
    assert!(
        res.json()["validation_messages"]
            .get("product_qty")
            .is_some()
    );
    let res = act(&app, &id, "editStatus", json!({"status": "later"})).await;
    assert!(res.json()["validation_messages"].get("status").is_some());
    let res = act(
        &app,
        &id,
        "editReceiveDate",
        json!({"cust_received_date": "hôm qua"}),
    )
    .await;
    assert!(
        res.json()["validation_messages"]
            .get("cust_received_date")
            .is_some()
    );

    // Deleting a pending ticket takes its images with it.
    let image = t["product_img"][0].as_str().unwrap().to_string();
    assert_eq!(
        delete(&app, format!("/warranty-status/{id}"), &admin())
            .await
            .status,
        204
    );
    for gone in [image, note_image] {
        let res = app
            .send(app.request(Method::GET, &gone).bearer_auth(admin()))
            .await;
        assert_eq!(res.status, 404, "{gone}");
    }
    assert!(tickets(&app, "").await.is_empty());
}

#[tokio::test]
async fn two_concurrent_sends_one_wins() {
    let app = common::spawn().await;
    // Five tickets, each sent twice at once: every race has one winner.
    for round in 0..5 {
        let id = create_ticket(&app, &format!("Tivi {round}")).await;
        let sends = (0..2).map(|n| {
            act(
                &app,
                &id,
                "sendToSupplier",
                json!({"supplier_name": format!("NCC {n}")}),
            )
        });
        let answers = futures_util::future::join_all(sends).await;
        let won = answers.iter().filter(|r| r.status == 200).count();
        let refused = answers
            .iter()
            .filter(|r| result(r) == (422, "WARRANTY_ALREADY_SENT".into()))
            .count();
        let texts: Vec<&String> = answers.iter().map(|r| &r.text).collect();
        assert_eq!((won, refused), (1, 1), "{texts:?}");
        assert_eq!(history(&app, &id).await.len(), 2, "one send in the history");
    }
}

#[tokio::test]
async fn the_feed_writes_reference_data_once_by_the_shop_ids() {
    let app = common::spawn().await;
    let token = admin();
    for (path, body) in [
        (
            "/pos/products/P1",
            json!({"name": "Máy lọc", "reference": "ML-01"}),
        ),
        (
            "/pos/products/P1",
            json!({"name": "Máy lọc nước", "reference": "ML-01"}),
        ),
        ("/pos/products/P2", json!({"name": "Lõi lọc"})),
        ("/pos/locations/L1", json!({"name": "Kho 1"})),
        ("/pos/locations/L1", json!({"name": "Kho Hà Nội"})),
        ("/pos/suppliers/S1", json!({"name": "Karofi"})),
        ("/pos/suppliers/S2", json!({"name": "Sunhouse"})),
    ] {
        let res = put(&app, path, body, &token).await;
        assert_eq!(
            (res.status, res.json()),
            (200, json!({"result": "SUCCESS"})),
            "{path}"
        );
    }
    for path in ["/pos/products/P3", "/pos/locations/L3", "/pos/suppliers/S3"] {
        let res = put(&app, path, json!({"name": ""}), &token).await;
        assert!(
            res.json()["validation_messages"].get("name").is_some(),
            "{path}: {}",
            res.text
        );
        let res = put(&app, path, json!({"name": "x"}), &common::with(&[])).await;
        assert_eq!(res.status, 403, "{path} needs the scope customers_feed");
    }
    let view = |query: &'static str| {
        let app = &app;
        async move {
            let res = get(
                app,
                format!("/warranty-status?other_view={query}"),
                &admin(),
            )
            .await;
            assert_eq!(res.status, 200, "{query}: {}", res.text);
            res.json()["_embedded"].clone()
        }
    };
    assert_eq!(
        view("location").await,
        json!({"locations": [{"id": "L1", "name": "Kho Hà Nội"}]})
    );
    assert_eq!(
        view("product&search_product=ml-0").await,
        json!({"products": [{"id": "P1", "name": "Máy lọc nước", "reference": "ML-01"}]})
    );
    assert_eq!(
        view("product").await["products"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        view("supplier&search_supplier=SUN").await,
        json!({"suppliers": [{"id": "S2", "name": "Sunhouse"}]})
    );
    let customer = common::create_customer(&app, "Lê C", "0933333333").await;
    let res = get(
        &app,
        "/warranty-status?other_view=customer&search_customer=lê",
        &common::with(&["customer.warranty_status.view_list"]),
    )
    .await;
    assert_eq!(
        res.json()["_embedded"]["customers"],
        json!([{"id": customer, "taxid": format!("KH{customer:06}"), "name": "Lê C", "phone": "**********"}])
    );
    let res = get(&app, "/warranty-status?other_view=colour", &token).await;
    assert_eq!(res.status, 400);
}

#[tokio::test]
async fn a_retried_creation_with_its_key_makes_the_tickets_once() {
    let app = common::spawn().await;
    feed_location(&app, "L1", "Kho").await;
    let body = json!({"products": [{"product_name": "A", "product_qty": 1, "product_status": "x"}], "receiver": "r", "location": "L1"});
    let send = || {
        app.send(
            app.request(Method::POST, "/warranty-status")
                .bearer_auth(admin())
                .header("Idempotency-Key", "retry-1")
                .json(&body),
        )
    };
    let (first, again) = (send().await, send().await);
    assert_eq!((first.status, again.status), (201, 201), "{}", again.text);
    assert_eq!(first.json(), again.json());
    assert_eq!(tickets(&app, "").await.len(), 1);
}
