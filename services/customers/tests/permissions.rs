//! Every permission seed 002 names is needed for its action: 403 without it.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_customer, delete, get, post, put, without};
use serde_json::{Value, json};

#[tokio::test]
async fn each_action_needs_its_permission() {
    let app = common::spawn().await;
    let id = create_customer(&app, "I", "0977777777").await;
    let customer = format!("/customers/{id}");
    let cases: Vec<(&str, &str, &str, Value)> = vec![
        (
            "customer.category.view_list",
            "GET",
            "/customer-cats",
            Value::Null,
        ),
        (
            "customer.category.create",
            "POST",
            "/customer-cats",
            json!({"name": "x"}),
        ),
        (
            "customer.category.edit_name",
            "PUT",
            "/customer-cats/1",
            json!({"action": "editName", "name": "x"}),
        ),
        (
            "customer.category.edit_is_default",
            "PUT",
            "/customer-cats/1",
            json!({"action": "editIsDefault", "is_default": "Y"}),
        ),
        (
            "customer.category.delete",
            "DELETE",
            "/customer-cats/1",
            Value::Null,
        ),
        ("customer.view_list", "GET", "/customers", Value::Null),
        (
            "customer.edit_score",
            "GET",
            "/customers?view_score_history=Y&customer_id=1",
            Value::Null,
        ),
        ("customer.view_detail", "GET", &customer, Value::Null),
        (
            "customer.edit_name",
            "PUT",
            &customer,
            json!({"action": "editName", "name": "x"}),
        ),
        (
            "customer.edit_code",
            "PUT",
            &customer,
            json!({"action": "editCode", "taxid": "a", "searchkey": "b"}),
        ),
        (
            "customer.edit_category",
            "PUT",
            &customer,
            json!({"action": "editCategory"}),
        ),
        (
            "customer.edit_loyal_category",
            "PUT",
            &customer,
            json!({"action": "editLoyalCategory"}),
        ),
        (
            "customer.edit_visible",
            "PUT",
            &customer,
            json!({"action": "editVisible", "visible": "Y"}),
        ),
        (
            "customer.edit_score",
            "PUT",
            &customer,
            json!({"action": "editScore", "transaction_type": "accumulate", "ticketid": "T", "score": 1, "score_content": "x"}),
        ),
        (
            "customer.edit_max_debt",
            "PUT",
            &customer,
            json!({"action": "editMaxDebt", "maxdebt": 1}),
        ),
        (
            "customer.edit_phone",
            "PUT",
            &customer,
            json!({"action": "editPhone", "phone": "0977777778"}),
        ),
        (
            "customer.edit_address",
            "PUT",
            &customer,
            json!({"action": "editAddress"}),
        ),
        (
            "customer.edit_notes",
            "PUT",
            &customer,
            json!({"action": "editNotes"}),
        ),
        ("customer.delete", "DELETE", &customer, Value::Null),
    ];
    for (permission, method, path, body) in cases {
        let token = without(permission);
        let res = match method {
            "GET" => get(&app, path, &token).await,
            "POST" => post(&app, path, body, &token).await,
            "PUT" => put(&app, path, body, &token).await,
            _ => delete(&app, path, &token).await,
        };
        assert_eq!(
            res.status, 403,
            "{method} {path} without {permission}: {}",
            res.text
        );
        assert_eq!(res.json()["result"], "FORBIDDEN");
        assert!(
            res.json()["message"].as_str().unwrap().contains(permission),
            "{}",
            res.text
        );
    }
    // The feed needs its scope.
    let res = put(
        &app,
        "/pos/tickets/T",
        json!({"sold_at": "2026-01-01 00:00:00"}),
        &common::with(&[]),
    )
    .await;
    assert_eq!(res.status, 403, "{}", res.text);
}
