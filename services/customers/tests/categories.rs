//! Customer categories: list, create, rename, the one default (also under concurrent calls),
//! delete moving customers to the default.

#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, create_category, create_customer, delete, detail, get, post, put};
use serde_json::{Value, json};

async fn defaults(app: &testkit::TestApp) -> Vec<i64> {
    let body = get(app, "/customer-cats?page_size=200", &admin())
        .await
        .json();
    body["_embedded"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["is_default"] == "Y")
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn categories_are_listed_created_renamed_and_deleted() {
    let app = common::spawn().await;
    let token = admin();
    let body = get(&app, "/customer-cats", &token).await.json();
    assert_eq!(
        body["_embedded"]["categories"],
        json!([{"id": 1, "name": "Khách lẻ", "is_default": "Y"}])
    );

    let res = post(&app, "/customer-cats", json!({"name": "  "}), &token).await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.json()["result"], "VALIDATION_ERROR");
    assert_eq!(res.json()["validation_messages"]["name"], "is required");

    let vip = create_category(&app, "VIP").await;
    let res = put(
        &app,
        &format!("/customer-cats/{vip}"),
        json!({"action": "editName", "name": "Khách VIP"}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()),
        (200, json!({"result": "SUCCESS"}))
    );
    let body = get(&app, "/customer-cats", &token).await.json();
    assert_eq!(
        body["_embedded"]["categories"][1],
        json!({"id": vip, "name": "Khách VIP", "is_default": "N"})
    );

    for (body, field) in [
        (json!({"name": "x"}), "action"),
        (json!({"action": "editColour"}), "action"),
        (json!({"action": "editName"}), "name"),
        (
            json!({"action": "editIsDefault", "is_default": "yes"}),
            "is_default",
        ),
    ] {
        let res = put(&app, &format!("/customer-cats/{vip}"), body, &token).await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert!(
            res.json()["validation_messages"].get(field).is_some(),
            "{}",
            res.text
        );
    }

    for res in [
        put(
            &app,
            "/customer-cats/99",
            json!({"action": "editName", "name": "x"}),
            &token,
        )
        .await,
        put(
            &app,
            "/customer-cats/99",
            json!({"action": "editIsDefault", "is_default": "Y"}),
            &token,
        )
        .await,
        delete(&app, "/customer-cats/99", &token).await,
    ] {
        assert_eq!(res.status, 404, "{}", res.text);
        assert_eq!(res.json()["result"], "NOT_FOUND_CATEGORY");
    }

    let res = delete(&app, &format!("/customer-cats/{vip}"), &token).await;
    assert_eq!((res.status, res.text.as_str()), (204, ""));
    let res = delete(&app, &format!("/customer-cats/{vip}"), &token).await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn exactly_one_category_is_the_default() {
    let app = common::spawn().await;
    let token = admin();
    let vip = create_category(&app, "VIP").await;
    let set = |id: i64, flag: &'static str| {
        put(
            &app,
            format!("/customer-cats/{id}"),
            json!({"action": "editIsDefault", "is_default": flag}),
            &token,
        )
    };
    assert_eq!(set(vip, "Y").await.status, 200);
    assert_eq!(defaults(&app).await, vec![vip]);
    // Setting it again, or unsetting a category that is not the default, changes nothing.
    assert_eq!(set(vip, "Y").await.status, 200);
    assert_eq!(set(1, "N").await.status, 200);
    assert_eq!(defaults(&app).await, vec![vip]);

    let res = set(vip, "N").await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.json()["result"], "CANNOT_UNSET_DEFAULT_CATEGORY");
    let res = delete(&app, &format!("/customer-cats/{vip}"), &token).await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.json()["result"], "CANNOT_DELETE_DEFAULT_CATEGORY");

    let res = post(
        &app,
        "/customer-cats",
        json!({"name": "Sỉ", "is_default": "Y"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(
        defaults(&app).await,
        vec![res.json()["id"].as_i64().unwrap()]
    );
}

#[tokio::test]
async fn sixteen_concurrent_default_changes_leave_one_default() {
    let app = common::spawn().await;
    let token = admin();
    let mut ids = Vec::new();
    for n in 0..16 {
        ids.push(create_category(&app, &format!("Nhóm {n}")).await);
    }
    let calls = ids.iter().map(|id| {
        put(
            &app,
            format!("/customer-cats/{id}"),
            json!({"action": "editIsDefault", "is_default": "Y"}),
            &token,
        )
    });
    let answers = futures_util::future::join_all(calls).await;
    for res in &answers {
        assert_eq!(res.status, 200, "{}", res.text);
    }
    let now = defaults(&app).await;
    assert_eq!(now.len(), 1, "{now:?}");
    assert!(ids.contains(&now[0]));
}

#[tokio::test]
async fn a_deleted_category_s_customers_move_to_the_default() {
    let app = common::spawn().await;
    let token = admin();
    let vip = create_category(&app, "VIP").await;
    let customer = create_customer(&app, "Nguyễn Văn A", "0912345678").await;
    assert_eq!(detail(&app, customer).await["category_id"], 1);
    let res = put(
        &app,
        &format!("/customers/{customer}"),
        json!({"action": "editCategory", "category": vip}),
        &token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let moved: Value = detail(&app, customer).await;
    assert_eq!(
        (
            moved["category_id"].as_i64(),
            moved["category_name"].as_str()
        ),
        (Some(vip), Some("VIP"))
    );

    assert_eq!(
        delete(&app, &format!("/customer-cats/{vip}"), &token)
            .await
            .status,
        204
    );
    let back = detail(&app, customer).await;
    assert_eq!(
        (back["category_id"].as_i64(), back["category_name"].as_str()),
        (Some(1), Some("Khách lẻ"))
    );
}
