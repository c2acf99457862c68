// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! The customers service over a fresh database, with helpers that read like seed 002.

use reqwest::Method;
use serde_json::{Value, json};
use testkit::{TestApp, TestResponse};

pub const VENDOR: &str = "application/vnd.customers.v1+json";

/// The service with its images in a directory of its own.
pub async fn spawn() -> TestApp {
    spawn_configured(|_| {}).await
}

/// [`spawn`], with the service's rules changed by `change`.
pub async fn spawn_configured(
    change: impl FnOnce(&mut customers::config::CustomersSettings),
) -> TestApp {
    static APPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = APPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("customers-images-{}-{n}", std::process::id()));
    testkit::spawn_with(
        &customers::SPEC,
        customers::start,
        |settings: &mut customers::config::Settings| {
            settings.service.images_dir = dir.display().to_string();
            settings.service.image_max_bytes = 4096;
            change(&mut settings.service);
        },
    )
    .await
}

/// A 1×1 PNG, base64.
pub const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// Every permission seed 002 names: categories, customers, warranty info and warranty tickets.
pub const ALL: [&str; 42] = [
    "customer.category.view_list",
    "customer.category.create",
    "customer.category.edit_name",
    "customer.category.edit_is_default",
    "customer.category.delete",
    "customer.view_list",
    "customer.view_detail",
    "customer.view_phone",
    "customer.edit_name",
    "customer.edit_code",
    "customer.edit_category",
    "customer.edit_loyal_category",
    "customer.edit_visible",
    "customer.edit_score",
    "customer.edit_max_debt",
    "customer.edit_phone",
    "customer.edit_address",
    "customer.edit_notes",
    "customer.delete",
    "customer.warranty_info.view_list",
    "customer.warranty_info.create",
    "customer.warranty_info.edit_product",
    "customer.warranty_info.edit_customer",
    "customer.warranty_info.edit_status",
    "customer.warranty_info.edit_note",
    "customer.warranty_info.delete",
    "customer.warranty_status.view_list",
    "customer.warranty_status.create",
    "customer.warranty_status.edit_product",
    "customer.warranty_status.edit_customer",
    "customer.warranty_status.edit_receive_date",
    "customer.warranty_status.edit_supplier",
    "customer.warranty_status.edit_send_date",
    "customer.warranty_status.edit_status",
    "customer.warranty_status.edit_cost",
    "customer.warranty_status.add_progress_note",
    "customer.warranty_status.forward_warranty",
    "customer.warranty_status.send_to_supplier",
    "customer.warranty_status.received_from_supplier",
    "customer.warranty_status.complete_warranty",
    "customer.warranty_status.edit_other_cost",
    "customer.warranty_status.delete",
];

/// A back-office token with every permission and the point of sale's feed scope.
pub fn admin() -> String {
    testkit::TokenBuilder::new()
        .subject("admin")
        .scopes(&["customers_feed"])
        .permissions(&ALL)
        .sign()
}

/// A token with only these permissions.
pub fn with(permissions: &[&str]) -> String {
    testkit::token(&[], permissions)
}

/// Every permission but `missing`.
pub fn without(missing: &str) -> String {
    let kept: Vec<&str> = ALL.iter().copied().filter(|p| *p != missing).collect();
    testkit::token(&["customers_feed"], &kept)
}

pub async fn get(app: &TestApp, path: impl AsRef<str>, token: &str) -> TestResponse {
    app.send(app.request(Method::GET, path.as_ref()).bearer_auth(token))
        .await
}

pub async fn post(app: &TestApp, path: impl AsRef<str>, body: Value, token: &str) -> TestResponse {
    app.send(
        app.request(Method::POST, path.as_ref())
            .bearer_auth(token)
            .json(&body),
    )
    .await
}

pub async fn put(app: &TestApp, path: impl AsRef<str>, body: Value, token: &str) -> TestResponse {
    app.send(
        app.request(Method::PUT, path.as_ref())
            .bearer_auth(token)
            .json(&body),
    )
    .await
}

pub async fn delete(app: &TestApp, path: impl AsRef<str>, token: &str) -> TestResponse {
    app.send(
        app.request(Method::DELETE, path.as_ref())
            .bearer_auth(token),
    )
    .await
}

/// Creates a customer as the document's body does; returns its id.
pub async fn create_customer(app: &TestApp, name: &str, phone: &str) -> i64 {
    let res = post(
        app,
        "/customers",
        json!({"name": name, "phone": phone}),
        &admin(),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json()["customer"]["id"].as_i64().unwrap()
}

pub async fn create_category(app: &TestApp, name: &str) -> i64 {
    let res = post(app, "/customer-cats", json!({"name": name}), &admin()).await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json()["id"].as_i64().unwrap()
}

/// The point of sale's receipt `id`, with two lines (P1, P2), sold on 2026-11-20.
pub async fn feed_ticket(app: &TestApp, id: &str, customer: Option<i64>) {
    let body = json!({
        "customer_id": customer,
        "sold_at": "2026-11-20 10:00:00",
        "lines": [{"product_id": "P1", "product_name": "Máy lọc nước"}, {"product_id": "P2", "product_name": "Lõi lọc"}]
    });
    let res = put(app, &format!("/pos/tickets/{id}"), body, &admin()).await;
    assert_eq!(res.status, 200, "{}", res.text);
}

pub async fn score(
    app: &TestApp,
    customer: i64,
    kind: &str,
    ticket: &str,
    points: i64,
) -> TestResponse {
    let body = json!({
        "action": "editScore",
        "transaction_type": kind,
        "ticketid": ticket,
        "score": points,
        "score_content": format!("{kind} {ticket}"),
    });
    put(app, &format!("/customers/{customer}"), body, &admin()).await
}

pub async fn detail(app: &TestApp, customer: i64) -> Value {
    let res = get(app, &format!("/customers/{customer}"), &admin()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["customer"].clone()
}

/// The point of sale's warehouse `id`.
pub async fn feed_location(app: &TestApp, id: &str, name: &str) {
    let res = put(
        app,
        format!("/pos/locations/{id}"),
        json!({"name": name}),
        &admin(),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

/// Creates warranty tickets from `products` at location `L1` (fed first); their ids.
pub async fn create_tickets(app: &TestApp, products: Value) -> Vec<String> {
    feed_location(app, "L1", "Kho Hà Nội").await;
    let body = json!({"products": products, "receiver": "thu", "location": "L1", "warranty_type": "customer", "customer_name": "Nguyễn Văn A", "customer_phone": "0912345678", "customer_address": "12 Trần Thái Tông"});
    let res = post(app, "/warranty-status", body, &admin()).await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json()["warranty_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// One ticket of product `name`; its id.
pub async fn create_ticket(app: &TestApp, name: &str) -> String {
    let products =
        json!([{"product_name": name, "product_qty": 1, "product_status": "Không lên nguồn"}]);
    create_tickets(app, products).await.remove(0)
}

/// `PUT /warranty-status/:id` with `action` and its `fields`, by the admin.
pub async fn act(app: &TestApp, id: &str, action: &str, mut fields: Value) -> TestResponse {
    fields["action"] = json!(action);
    put(app, format!("/warranty-status/{id}"), fields, &admin()).await
}

/// The list's items for `query` (`""` or `?…`).
pub async fn tickets(app: &TestApp, query: &str) -> Vec<Value> {
    let res = get(app, format!("/warranty-status{query}"), &admin()).await;
    assert_eq!(res.status, 200, "{query}: {}", res.text);
    res.json()["_embedded"]["warranty_status"]
        .as_array()
        .unwrap()
        .clone()
}
