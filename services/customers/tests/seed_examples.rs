//! Seed 002's documented answers, replayed as the back office asks for them, each locked as a
//! snapshot (moments redacted): a changed field name or shape fails here as a diff.

#![allow(clippy::unwrap_used)]

mod common;

use common::{act, admin, create_customer, feed_ticket, get, post, put, score, with};
use insta::assert_json_snapshot;
use serde_json::json;

#[tokio::test]
async fn the_category_examples() {
    let app = common::spawn().await;
    let token = admin();
    let created = post(&app, "/customer-cats", json!({"name": "VIP"}), &token).await;
    assert_eq!(created.status, 201);
    assert_json_snapshot!("category_created", created.json());
    let edited = put(
        &app,
        "/customer-cats/2",
        json!({"action": "editIsDefault", "is_default": "Y"}),
        &token,
    )
    .await;
    assert_json_snapshot!("category_edited", edited.json());
    let refused = put(
        &app,
        "/customer-cats/2",
        json!({"action": "editIsDefault", "is_default": "N"}),
        &token,
    )
    .await;
    assert_json_snapshot!("category_cannot_unset_default", refused.json());
    let list = get(&app, "/customer-cats", &token).await;
    assert_json_snapshot!("category_list", list.json());
    put(
        &app,
        "/pos/loyal-categories/1",
        json!({"name": "Bạc"}),
        &token,
    )
    .await;
    let loyal = get(&app, "/customer-loyal-cats", &token).await;
    assert_json_snapshot!("loyal_category_list", loyal.json());
}

#[tokio::test]
async fn the_customer_examples() {
    let app = common::spawn().await;
    let token = admin();
    let body = json!({"name": "Nguyễn Văn A", "phone": "0912345678", "region": "Hà Nội", "city": "Cầu Giấy", "address": "12 Trần Thái Tông"});
    let created = post(&app, "/customers", body, &token).await;
    assert_eq!(created.status, 201);
    assert_json_snapshot!("customer_created", created.json());
    let exists = post(
        &app,
        "/customers",
        json!({"name": "B", "phone": "0912345678"}),
        &token,
    )
    .await;
    assert_json_snapshot!("customer_exist_phone", exists.json());

    let detail = get(&app, "/customers/1", &token).await;
    assert_json_snapshot!("customer_detail", detail.json());
    let masked = get(&app, "/customers/1", &with(&["customer.view_detail"])).await;
    assert_json_snapshot!("customer_detail_masked", masked.json());
    let list = get(
        &app,
        "/customers?visible=Y&order=loyal_score&dir=desc",
        &token,
    )
    .await;
    assert_json_snapshot!("customer_list", list.json());
    let light = get(
        &app,
        "/customers?other_role_view=warranty&search_customer=nguy",
        &token,
    )
    .await;
    assert_json_snapshot!("customer_other_role_view", light.json());
    let missing = get(&app, "/customers/9", &token).await;
    assert_json_snapshot!("customer_not_found", missing.json());
}

#[tokio::test]
async fn the_score_examples() {
    let app = common::spawn().await;
    let id = create_customer(&app, "Nguyễn Văn A", "0912345678").await;
    feed_ticket(&app, "HD-0001", Some(id)).await;
    feed_ticket(&app, "HD-0002", Some(id)).await;
    let earned = score(&app, id, "accumulate", "HD-0001", 100).await;
    assert_json_snapshot!("score_accumulated", earned.json());
    let short = score(&app, id, "exchange", "HD-0002", -500).await;
    assert_json_snapshot!("score_not_enough", short.json());
    let unknown = score(&app, id, "accumulate", "HD-9999", 10).await;
    assert_json_snapshot!("score_not_found_ticket", unknown.json());
    let history = get(
        &app,
        format!("/customers?view_score_history=Y&customer_id={id}"),
        &admin(),
    )
    .await;
    let mut settings = insta::Settings::clone_current();
    settings.add_redaction("._embedded.customers[].date", "[date]");
    settings.bind(|| assert_json_snapshot!("score_history", history.json()));
}

#[tokio::test]
async fn the_warranty_status_examples() {
    let app = common::spawn().await;
    let token = admin();
    create_customer(&app, "Nguyễn Văn A", "0912345678").await;
    for (path, body) in [
        (
            "/pos/products/P1",
            json!({"name": "Máy lọc nước", "reference": "ML-01"}),
        ),
        ("/pos/suppliers/S1", json!({"name": "Karofi"})),
    ] {
        assert_eq!(put(&app, path, body, &token).await.status, 200);
    }
    let body = json!({"products": [{"product_name": "Máy lọc nước", "product_qty": 1, "product_status": "Rò nước", "product_img": format!("[\"{}\"]", common::PNG), "supplier_name": "Karofi", "note": "Còn hộp"}], "receiver": "thu", "location": "L1", "warranty_type": "customer", "customer_name": "Nguyễn Văn A", "customer_phone": "0912345678", "customer_address": "12 Trần Thái Tông"});
    common::feed_location(&app, "L1", "Kho Hà Nội").await;
    let created = post(&app, "/warranty-status", body, &token).await;
    assert_eq!(created.status, 201);
    let mut settings = insta::Settings::clone_current();
    for field in ["id", "reference"] {
        settings.add_redaction(&format!(".warranty_status[].{field}"), format!("[{field}]"));
    }
    for field in [
        "id",
        "reference",
        "cust_received_date",
        "supplier_send_date",
        "supplier_return_date",
        "created_at",
        "date",
    ] {
        settings.add_redaction(
            &format!("._embedded.warranty_status[].{field}"),
            format!("[{field}]"),
        );
    }
    settings.add_redaction("._embedded.warranty_status[].product_img[]", "[image]");
    let id = created.json()["warranty_status"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sent = act(
        &app,
        &id,
        "sendToSupplier",
        json!({"supplier_name": "Karofi"}),
    )
    .await;
    let refused = act(
        &app,
        &id,
        "sendToSupplier",
        json!({"supplier_name": "Karofi"}),
    )
    .await;
    let received = act(
        &app,
        &id,
        "receivedFromSupplier",
        json!({"location": "L1", "repair_cost": 150000.5, "warranty_expenses": 20000}),
    )
    .await;
    let list = get(&app, "/warranty-status", &token).await;
    let history = get(
        &app,
        format!("/warranty-status?other_view=history&warranty_id={id}"),
        &token,
    )
    .await;
    let views: Vec<_> = futures_util::future::join_all(
        ["location", "customer", "product", "supplier"]
            .map(|view| get(&app, format!("/warranty-status?other_view={view}"), &token)),
    )
    .await;
    // The log names the reference and the moments it set, the links the ticket: each
    // redacted by its value.
    let ticket = list.json()["_embedded"]["warranty_status"][0].clone();
    let mut history = history.json();
    for entry in history["_embedded"]["warranty_status"]
        .as_array_mut()
        .unwrap()
    {
        let mut log = entry["log"].as_str().unwrap().to_string();
        for (field, name) in [
            ("reference", "[reference]"),
            ("supplier_send_date", "[moment]"),
            ("supplier_return_date", "[moment]"),
        ] {
            log = log.replace(ticket[field].as_str().unwrap(), name);
        }
        entry["log"] = json!(log);
    }
    for link in history["_links"].as_object_mut().unwrap().values_mut() {
        link["href"] = json!(link["href"].as_str().unwrap().replace(&id, "[id]"));
    }
    settings.bind(|| {
        assert_json_snapshot!("warranty_status_created", created.json());
        assert_json_snapshot!("warranty_status_sent", sent.json());
        assert_json_snapshot!("warranty_status_received", received.json());
        assert_json_snapshot!("warranty_status_list", list.json());
        assert_json_snapshot!("warranty_status_history", history);
        assert_json_snapshot!("warranty_status_already_sent", refused.json());
        // Named in full, so that scripts/snapshots-check finds each snapshot's test.
        let names = [
            "warranty_status_locations",
            "warranty_status_customers",
            "warranty_status_products",
            "warranty_status_suppliers",
        ];
        for (name, answer) in names.iter().zip(&views) {
            assert_json_snapshot!(*name, answer.json());
        }
    });
}
