//! Seed 002's documented answers, replayed as the back office asks for them, each locked as a
//! snapshot (moments redacted): a changed field name or shape fails here as a diff.

#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, create_customer, feed_ticket, get, post, put, score, with};
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
