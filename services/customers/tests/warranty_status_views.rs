//! The warranty tickets' list (every filter and order), the suppliers' turnaround and the
//! overdue flag, and each permission the routes need (403 without it).

#![allow(clippy::unwrap_used)]

mod common;

use common::{act, admin, create_ticket, create_tickets, feed_location, get, post, put, tickets};
use serde_json::{Value, json};

fn names(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|t| t["product_name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_list_filters_and_orders_as_the_document_names() {
    let app = common::spawn().await;
    feed_location(&app, "L2", "An Giang").await;
    let ids = create_tickets(
        &app,
        json!([
            {"product_name": "Bếp từ", "product_qty": 1, "product_status": "x", "supplier_name": "Sunhouse"},
            {"product_name": "Ấm siêu tốc", "product_qty": 1, "product_status": "x"},
            {"product_name": "Bếp ga", "product_qty": 1, "product_status": "x"}
        ]),
    )
    .await;
    let (bep_tu, am, bep_ga) = (&ids[0], &ids[1], &ids[2]);
    let body = json!({"products": [{"product_name": "Máy xay", "product_qty": 1, "product_status": "x"}], "receiver": "lan", "location": "L2", "warranty_type": "company", "customer_name": "Phạm D", "customer_phone": "0944444444"});
    assert_eq!(
        post(&app, "/warranty-status", body, &admin()).await.status,
        201
    );
    assert_eq!(
        act(
            &app,
            bep_tu,
            "sendToSupplier",
            json!({"supplier_name": "Sunhouse"})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        act(
            &app,
            bep_ga,
            "sendToSupplier",
            json!({"supplier_name": "Rinnai"})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        act(
            &app,
            bep_ga,
            "receivedFromSupplier",
            json!({"location": "L1"})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        act(&app, bep_ga, "completeWarranty", json!({}))
            .await
            .status,
        200
    );
    assert_eq!(
        act(
            &app,
            am,
            "editReceiveDate",
            json!({"cust_received_date": "2026-10-05 10:00:00"})
        )
        .await
        .status,
        200
    );
    let reference = tickets(&app, "?product_name=ấm").await[0]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let today = chrono::Utc::now().date_naive().to_string();

    for (query, expected) in [
        ("?product_name=BẾP".to_string(), vec!["Bếp ga", "Bếp từ"]),
        (
            format!("?product_reference={}", reference[9..].to_lowercase()),
            vec!["Ấm siêu tốc"],
        ),
        ("?customer_name=phạm".into(), vec!["Máy xay"]),
        ("?customer_phone=0944".into(), vec!["Máy xay"]),
        ("?cust_received_date=2026-10-05".into(), vec!["Ấm siêu tốc"]),
        (format!("?cust_return_date={today}"), vec!["Bếp ga"]),
        ("?receiver=lan".into(), vec!["Máy xay"]),
        ("?location=L2".into(), vec!["Máy xay"]),
        ("?supplier_name=sun".into(), vec!["Bếp từ"]),
        (
            format!("?supplier_send_date={today}"),
            vec!["Bếp ga", "Bếp từ"],
        ),
        (format!("?supplier_return_date={today}"), vec!["Bếp ga"]),
        ("?warranty_type=company".into(), vec!["Máy xay"]),
        ("?status=send".into(), vec!["Bếp từ"]),
        ("?status=pending".into(), vec!["Máy xay", "Ấm siêu tốc"]),
        (
            format!("?start_date={today}&end_date={today}"),
            vec!["Bếp ga", "Bếp từ", "Máy xay", "Ấm siêu tốc"],
        ),
        ("?end_date=2026-01-01".into(), vec![]),
        ("?overdue=Y".into(), vec![]),
    ] {
        let mut found = names(&tickets(&app, &query).await)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        found.sort();
        let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
        expected.sort();
        assert_eq!(found, expected, "{query}");
    }
    assert_eq!(tickets(&app, "?overdue=N").await.len(), 4);

    for (order, first) in [
        ("product_name&dir=asc", "Bếp ga"),
        ("product_name&dir=desc", "Ấm siêu tốc"),
        ("customer_name&dir=desc", "Máy xay"),
        ("cust_received_date&dir=asc", "Ấm siêu tốc"),
        ("cust_return_date&dir=desc", "Bếp ga"),
        ("supplier_name&dir=desc", "Bếp từ"),
        ("supplier_send_date&dir=desc", "Bếp ga"),
        ("supplier_return_date&dir=desc", "Bếp ga"),
        ("location_name&dir=asc", "Máy xay"),
    ] {
        let listed = tickets(&app, &format!("?order={order}")).await;
        assert_eq!(listed.len(), 4);
        let at = if order.ends_with("desc")
            && !order.starts_with("product")
            && !order.starts_with("customer")
        {
            // NULLs sort first in PostgreSQL's DESC and last in SQLite's: look past them.
            listed
                .iter()
                .position(|t| t["product_name"] == first)
                .unwrap()
        } else {
            0
        };
        assert_eq!(listed[at]["product_name"], first, "{order}");
        if at > 0 {
            assert!(
                listed[..at]
                    .iter()
                    .all(|t| t[order.split('&').next().unwrap()].is_null()),
                "{order}"
            );
        }
    }
    for bad in [
        "order=colour",
        "dir=up&order=product_name",
        "status=lost",
        "warranty_type=x",
        "overdue=maybe",
        "start_date=03/12/2026",
        "cust_received_date=hôm nay",
    ] {
        let res = get(&app, format!("/warranty-status?{bad}"), &admin()).await;
        assert_eq!(
            (res.status, res.json()["result"].as_str()),
            (400, Some("INVALID_QUERY")),
            "{bad}"
        );
    }
    let masked = get(
        &app,
        "/warranty-status?customer_phone=0944",
        &common::with(&["customer.warranty_status.view_list"]),
    )
    .await;
    assert_eq!(
        masked.json()["_embedded"]["warranty_status"][0]["customer_phone"],
        "**********"
    );
}

#[tokio::test]
async fn the_turnaround_counts_each_supplier_and_flags_the_overdue() {
    // Overdue from the moment of sending, so that the test need not wait.
    let app = common::spawn_configured(|rules| rules.supplier_overdue_days = 0).await;
    let ids = create_tickets(
        &app,
        json!([
            {"product_name": "A", "product_qty": 1, "product_status": "x"},
            {"product_name": "B", "product_qty": 1, "product_status": "x"},
            {"product_name": "C", "product_qty": 1, "product_status": "x"},
            {"product_name": "D", "product_qty": 1, "product_status": "x"}
        ]),
    )
    .await;
    for (id, supplier) in ids.iter().zip(["Karofi", "Karofi", "Karofi", "Sunhouse"]) {
        assert_eq!(
            act(
                &app,
                id,
                "sendToSupplier",
                json!({"supplier_name": supplier})
            )
            .await
            .status,
            200
        );
    }
    // Two Karofi tickets back, sent 2 and 10 days before today.
    let now = chrono::Utc::now().naive_utc();
    for (id, days) in [(&ids[0], 2), (&ids[1], 10)] {
        assert_eq!(
            act(&app, id, "receivedFromSupplier", json!({"location": "L1"}))
                .await
                .status,
            200
        );
        let sent = (now - chrono::TimeDelta::days(days))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        assert_eq!(
            act(
                &app,
                id,
                "editSendDate",
                json!({"supplier_send_date": sent})
            )
            .await
            .status,
            200
        );
    }
    let flagged = tickets(&app, "?overdue=Y").await;
    let mut overdue = names(&flagged);
    overdue.sort();
    assert_eq!(overdue, vec!["C", "D"]);
    assert!(flagged.iter().all(|t| t["overdue"] == true));
    assert!(
        tickets(&app, "?overdue=N")
            .await
            .iter()
            .all(|t| t["overdue"] == false)
    );

    let res = get(&app, "/warranty-status?other_view=stats", &admin()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let stats = res.json();
    assert_eq!(stats["overdue_days"], 0);
    let suppliers = stats["_embedded"]["suppliers"].as_array().unwrap();
    assert_eq!(suppliers.len(), 2, "{stats}");
    let karofi = &suppliers[0];
    assert_eq!(
        (
            karofi["supplier_name"].as_str(),
            karofi["at_supplier"].as_i64(),
            karofi["overdue"].as_i64(),
            karofi["returned"].as_i64()
        ),
        (Some("Karofi"), Some(1), Some(1), Some(2))
    );
    let (median, p90) = (
        karofi["median_days"].as_f64().unwrap(),
        karofi["p90_days"].as_f64().unwrap(),
    );
    assert!(
        (1.9..=2.1).contains(&median) && (9.9..=10.1).contains(&p90),
        "{karofi}"
    );
    assert_eq!(suppliers[1]["supplier_name"], "Sunhouse");
    assert_eq!(
        (
            suppliers[1]["at_supplier"].as_i64(),
            suppliers[1]["median_days"].as_f64()
        ),
        (Some(1), None)
    );

    let res = get(
        &app,
        "/warranty-status?other_view=stats&start_date=2020-01-01&end_date=2020-12-31",
        &admin(),
    )
    .await;
    let karofi = res.json()["_embedded"]["suppliers"][0].clone();
    assert_eq!(
        (karofi["returned"].as_i64(), karofi["at_supplier"].as_i64()),
        (Some(0), Some(1)),
        "returns outside the period do not count"
    );
    let res = get(
        &app,
        "/warranty-status?other_view=stats&start_date=2026-12-31&end_date=2026-01-01",
        &admin(),
    )
    .await;
    assert_eq!(res.status, 400);
}

#[tokio::test]
async fn each_warranty_status_action_needs_its_permission() {
    let app = common::spawn().await;
    let id = create_ticket(&app, "Loa").await;
    let path = format!("/warranty-status/{id}");
    let at = "2026-11-01 08:00:00";
    let mut cases: Vec<(&str, &str, Value)> = vec![
        ("view_list", "GET", Value::Null),
        (
            "create",
            "POST",
            json!({"products": [{"product_name": "A", "product_qty": 1, "product_status": "x"}], "receiver": "r", "location": "L1"}),
        ),
        ("delete", "DELETE", Value::Null),
    ];
    for (permission, action, fields) in [
        (
            "edit_product",
            "editProduct",
            json!({"product_name": "A", "product_qty": 1}),
        ),
        (
            "edit_customer",
            "editCustomer",
            json!({"customer_name": "C"}),
        ),
        (
            "edit_receive_date",
            "editReceiveDate",
            json!({"cust_received_date": at}),
        ),
        (
            "edit_supplier",
            "editSupplier",
            json!({"supplier_name": "S"}),
        ),
        (
            "edit_send_date",
            "editSendDate",
            json!({"supplier_send_date": at}),
        ),
        ("edit_status", "editStatus", json!({"status": "send"})),
        ("edit_cost", "editCost", json!({"repair_cost": 1})),
        (
            "add_progress_note",
            "addProgressNote",
            json!({"progress_note_text": "n"}),
        ),
        (
            "forward_warranty",
            "forwardWarranty",
            json!({"receiver": "r", "location": "L1"}),
        ),
        (
            "send_to_supplier",
            "sendToSupplier",
            json!({"supplier_name": "S"}),
        ),
        (
            "received_from_supplier",
            "receivedFromSupplier",
            json!({"location": "L1"}),
        ),
        ("complete_warranty", "completeWarranty", json!({})),
        (
            "edit_other_cost",
            "editOtherCost",
            json!({"other_cost": "1"}),
        ),
    ] {
        let mut body = fields;
        body["action"] = json!(action);
        cases.push((permission, "PUT", body));
    }
    assert_eq!(cases.len(), 16);
    for (permission, method, body) in cases {
        let permission = format!("customer.warranty_status.{permission}");
        let token = common::without(&permission);
        let res = match method {
            "GET" => get(&app, "/warranty-status", &token).await,
            "POST" => post(&app, "/warranty-status", body, &token).await,
            "PUT" => put(&app, &path, body, &token).await,
            _ => common::delete(&app, &path, &token).await,
        };
        assert_eq!(res.status, 403, "{permission}: {}", res.text);
    }
    let only = common::with(&["customer.warranty_status.edit_cost"]);
    let res = put(&app, &path, json!({"action": "editCost"}), &only).await;
    assert_eq!(
        res.json()["result"],
        "WARRANTY_NOT_SENT",
        "its own permission is enough"
    );
}
