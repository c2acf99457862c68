//! Customers: create (phone normalized and unique), detail, the list's filters and orders, the
//! light list, each `PUT` action, delete, and the phone masked without `customer.view_phone`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, create_category, create_customer, delete, detail, get, post, put, with};
use serde_json::json;

#[tokio::test]
async fn a_customer_is_created_with_a_normalized_unique_phone() {
    let app = common::spawn().await;
    let token = admin();
    let body = json!({"name": " Trần Thị B ", "phone": "+84 912 345 678", "region": "Hà Nội", "city": "Ba Đình", "address": "1 Phố Huế"});
    let res = post(&app, "/customers", body, &token).await;
    assert_eq!(res.status, 201, "{}", res.text);
    let id = res.json()["customer"]["id"].as_i64().unwrap();
    assert_eq!(
        res.json(),
        json!({"result": "SUCCESS", "customer": {
            "id": id, "searchkey": format!("KH{id:06}"), "taxid": format!("KH{id:06}"), "name": "Trần Thị B",
            "taxcategory": 1, "taxcustloyalcategory": null, "address": "1 Phố Huế", "city": "Ba Đình",
            "region": "Hà Nội", "phone": "0912345678"
        }})
    );
    let res = post(
        &app,
        "/customers",
        json!({"name": "Other", "phone": "0912.345.678"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.json()["result"], "EXIST_PHONE");

    for (body, field) in [
        (json!({"phone": "0900000001"}), "name"),
        (json!({"name": "X"}), "phone"),
        (json!({"name": "X", "phone": "12ab"}), "phone"),
    ] {
        let res = post(&app, "/customers", body, &token).await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert!(
            res.json()["validation_messages"].get(field).is_some(),
            "{}",
            res.text
        );
    }
}

#[tokio::test]
async fn the_phone_is_masked_without_view_phone() {
    let app = common::spawn().await;
    let id = create_customer(&app, "Lê Văn C", "0987654321").await;
    let blind = with(&["customer.view_detail", "customer.view_list"]);
    let res = get(&app, format!("/customers/{id}"), &blind).await;
    assert_eq!(res.json()["customer"]["phone"], "**********");
    let res = get(&app, "/customers?other_role_view=warranty", &blind).await;
    assert_eq!(
        res.json()["_embedded"]["customers"][0]["phone"],
        "**********"
    );
    let res = post(
        &app,
        "/customers",
        json!({"name": "D", "phone": "0987000000"}),
        &blind,
    )
    .await;
    assert_eq!(res.json()["customer"]["phone"], "**********");

    let seeing = with(&["customer.view_detail", "customer.view_phone"]);
    let res = get(&app, format!("/customers/{id}"), &seeing).await;
    assert_eq!(res.json()["customer"]["phone"], "0987654321");
    let res = get(
        &app,
        "/customers?other_role_view=warranty&search_customer=c",
        &seeing,
    )
    .await;
    assert_eq!(
        res.json()["_embedded"]["customers"],
        json!([{"id": id, "taxid": format!("KH{id:06}"), "name": "Lê Văn C", "phone": "0987654321"}])
    );
}

#[tokio::test]
async fn every_action_changes_what_it_names() {
    let app = common::spawn().await;
    let token = admin();
    let id = create_customer(&app, "Phạm D", "0911111111").await;
    let other = create_customer(&app, "Other", "0922222222").await;
    let vip = create_category(&app, "VIP").await;
    let res = put(
        &app,
        "/pos/loyal-categories/7",
        json!({"name": "Vàng"}),
        &token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let path = format!("/customers/{id}");
    for body in [
        json!({"action": "editName", "name": "Phạm Văn D"}),
        json!({"action": "editCode", "taxid": "T-1", "searchkey": "phamd", "card": "CARD-1"}),
        json!({"action": "editCategory", "category": vip}),
        json!({"action": "editLoyalCategory", "loyal_category": "7"}),
        json!({"action": "editVisible", "visible": "N"}),
        json!({"action": "editMaxDebt", "maxdebt": "2404,50"}),
        json!({"action": "editPhone", "phone": "0933 333 333"}),
        json!({"action": "editAddress", "region": "HCM", "city": "Q1", "address": "2 Lê Lợi"}),
        json!({"action": "editAddress", "address": "3 Lê Lợi"}),
        json!({"action": "editNotes", "notes": "Khách quen"}),
    ] {
        let res = put(&app, &path, body.clone(), &token).await;
        assert_eq!(
            (res.status, res.json()),
            (200, json!({"result": "SUCCESS"})),
            "{body}"
        );
    }
    let c = detail(&app, id).await;
    assert_eq!(
        c,
        json!({
            "id": id, "searchkey": "phamd", "taxid": "T-1", "name": "Phạm Văn D", "card": "CARD-1",
            "category_id": vip, "category_name": "VIP", "loyal_cat_id": 7, "loyal_cat_name": "Vàng",
            "loyal_score": 0, "maxdebt": 2404.5, "curdebt": 0, "curdate": null, "address": "3 Lê Lợi",
            "city": "Q1", "region": "HCM", "visible": "N", "phone": "0933333333", "notes": "Khách quen"
        })
    );
    for body in [
        json!({"action": "editCategory"}),
        json!({"action": "editLoyalCategory"}),
        json!({"action": "editNotes"}),
    ] {
        assert_eq!(put(&app, &path, body, &token).await.status, 200);
    }
    let c = detail(&app, id).await;
    assert_eq!(
        (
            c["category_id"].as_i64(),
            c["loyal_cat_id"].is_null(),
            c["notes"].is_null()
        ),
        (Some(1), true, true)
    );

    let other_path = format!("/customers/{other}");
    let res = put(
        &app,
        &other_path,
        json!({"action": "editPhone", "phone": "+84933333333"}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (422, Some("EXIST_PHONE"))
    );
    let res = put(
        &app,
        &other_path,
        json!({"action": "editCode", "taxid": "T-1", "searchkey": "other"}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (422, Some("EXIST_CODE"))
    );
    let res = put(
        &app,
        &other_path,
        json!({"action": "editCategory", "category": 99}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("NOT_FOUND_CATEGORY"))
    );
    let res = put(
        &app,
        &other_path,
        json!({"action": "editLoyalCategory", "loyal_category": 99}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("NOT_FOUND_LOYAL_CATEGORY"))
    );
    for (body, field) in [
        (json!({"action": "editCode", "taxid": "T-2"}), "searchkey"),
        (json!({"action": "editVisible"}), "visible"),
        (json!({"action": "editMaxDebt", "maxdebt": "-1"}), "maxdebt"),
        (
            json!({"action": "editMaxDebt", "maxdebt": "1.234"}),
            "maxdebt",
        ),
        (json!({"action": "editName"}), "name"),
        (json!({"action": "editWhatever"}), "action"),
    ] {
        let res = put(&app, &other_path, body.clone(), &token).await;
        assert_eq!(res.status, 422, "{body}: {}", res.text);
        assert!(
            res.json()["validation_messages"].get(field).is_some(),
            "{}",
            res.text
        );
    }
    let res = put(
        &app,
        "/customers/999",
        json!({"action": "editName", "name": "x"}),
        &token,
    )
    .await;
    assert_eq!(
        (res.status, res.json()["result"].as_str()),
        (404, Some("NOT_FOUND_CUSTOMER"))
    );
}

#[tokio::test]
async fn the_list_filters_and_orders() {
    let app = common::spawn().await;
    let token = admin();
    let a = create_customer(&app, "Nguyễn An", "0900000001").await;
    let b = create_customer(&app, "Trần Bình", "0900000002").await;
    let c = create_customer(&app, "NGUYỄN Cường", "0911000003").await;
    put(
        &app,
        format!("/customers/{b}"),
        json!({"action": "editVisible", "visible": "N"}),
        &token,
    )
    .await;
    put(
        &app,
        format!("/customers/{c}"),
        json!({"action": "editCode", "taxid": "VIP-9", "searchkey": "c", "card": "8930001"}),
        &token,
    )
    .await;
    common::feed_ticket(&app, "T1", Some(a)).await;
    common::feed_ticket(&app, "T2", Some(c)).await;
    common::score(&app, a, "accumulate", "T1", 50).await;
    common::score(&app, c, "accumulate", "T2", 80).await;

    let ids = |query: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let res = get(app, format!("/customers{query}"), &token).await;
            assert_eq!(res.status, 200, "{query}: {}", res.text);
            res.json()["_embedded"]["customers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids("").await, vec![a, b, c]);
    assert_eq!(ids("?name=nguyễn").await, vec![a, c]);
    assert_eq!(ids("?phone=0911").await, vec![c]);
    assert_eq!(ids("?taxid=VIP").await, vec![c]);
    assert_eq!(ids("?card=8930001").await, vec![c]);
    assert_eq!(ids("?card=893").await, Vec::<i64>::new());
    assert_eq!(ids("?visible=Y").await, vec![a, c]);
    assert_eq!(ids("?category=1").await, vec![a, b, c]);
    assert_eq!(ids("?category=2").await, Vec::<i64>::new());
    assert_eq!(ids("?order=loyal_score&dir=desc").await, vec![c, a, b]);
    assert_eq!(ids("?order=loyal_score").await, vec![b, a, c]);
    assert_eq!(ids("?order=curdebt&dir=desc").await, vec![a, b, c]);
    assert_eq!(ids("?order=curdate").await.len(), 3);
    assert_eq!(ids("?name=100%25").await, Vec::<i64>::new());

    let item = get(&app, "/customers?card=8930001", &token).await.json()["_embedded"]["customers"]
        [0]
    .clone();
    assert_eq!(
        item,
        json!({"id": c, "taxid": "VIP-9", "name": "NGUYỄN Cường", "category_name": "Khách lẻ", "loyal_cat_name": null,
            "loyal_score": 80, "curdebt": 0, "curdate": null, "address": null, "city": null, "region": null, "visible": "Y"})
    );
    for query in [
        "?order=name",
        "?order=curdebt&dir=up",
        "?visible=yes",
        "?category=x",
    ] {
        let res = get(&app, format!("/customers{query}"), &token).await;
        assert_eq!(
            (res.status, res.json()["result"].as_str()),
            (400, Some("INVALID_QUERY")),
            "{query}"
        );
    }
}

#[tokio::test]
async fn a_customer_is_deleted_once() {
    let app = common::spawn().await;
    let token = admin();
    let id = create_customer(&app, "E", "0944444444").await;
    let res = delete(&app, format!("/customers/{id}"), &token).await;
    assert_eq!((res.status, res.text.as_str()), (204, ""));
    for res in [
        delete(&app, format!("/customers/{id}"), &token).await,
        get(&app, format!("/customers/{id}"), &token).await,
    ] {
        assert_eq!(
            (res.status, res.json()["result"].as_str()),
            (404, Some("NOT_FOUND_CUSTOMER"))
        );
    }
    // Its phone is free again.
    create_customer(&app, "F", "0944444444").await;
}

/// The list's `total_items` by category and visibility (counted by the database's own
/// triggers) follows every change: creation, visibility, category, deletion of a customer and
/// of a category; with another filter the rows are counted, and both agree.
#[tokio::test]
async fn the_totals_by_category_and_visibility_follow_every_change() {
    let app = common::spawn().await;
    let token = admin();
    let total = |query: String| {
        let (app, token) = (&app, token.clone());
        async move {
            let res = get(app, format!("/customers{query}"), &token).await;
            assert_eq!(res.status, 200, "{query}: {}", res.text);
            let body = res.json();
            let listed = body["_embedded"]["customers"].as_array().unwrap().len();
            assert_eq!(body["total_items"], listed as i64, "{query}");
            listed as i64
        }
    };
    let vip = common::create_category(&app, "VIP").await;
    let a = create_customer(&app, "An", "0900000011").await;
    let b = create_customer(&app, "Bình", "0900000012").await;
    let c = create_customer(&app, "Cường", "0900000013").await;
    assert_eq!(total("?category=1".into()).await, 3);
    assert_eq!(total("?visible=Y".into()).await, 3);
    put(
        &app,
        format!("/customers/{b}"),
        json!({"action": "editVisible", "visible": "N"}),
        &token,
    )
    .await;
    put(
        &app,
        format!("/customers/{c}"),
        json!({"action": "editCategory", "category": vip}),
        &token,
    )
    .await;
    assert_eq!(total("?category=1&visible=Y".into()).await, 1);
    assert_eq!(total("?category=1".into()).await, 2);
    assert_eq!(total(format!("?category={vip}&visible=Y")).await, 1);
    assert_eq!(total("?visible=Y".into()).await, 2);
    assert_eq!(total("".into()).await, 3);
    // Counted row by row with a search; the same answer.
    assert_eq!(total("?category=1&visible=Y&name=an".into()).await, 1);
    let gone = delete(&app, format!("/customers/{a}"), &token).await;
    assert_eq!(gone.status, 204);
    assert_eq!(total("?category=1&visible=Y".into()).await, 0);
    // A deleted category's customers move to the default.
    let moved = delete(&app, format!("/customer-cats/{vip}"), &token).await;
    assert_eq!(moved.status, 204, "{}", moved.text);
    assert_eq!(total(format!("?category={vip}")).await, 0);
    assert_eq!(total("?category=1&visible=Y".into()).await, 1);
    assert_eq!(total("?category=1".into()).await, 2);
}
