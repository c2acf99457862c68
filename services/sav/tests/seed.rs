//! `sav seed` at a small size, then what `scripts/bench sav` relies on, seen through the HTTP
//! app: the bench customer's lookup, a history customer's, and the chatbot ticket on the fresh
//! orders.

mod common;

use common::{spawn, token};
use sav::seed::{BENCH_EMAIL, Plan};
use serde_json::json;

#[tokio::test]
async fn the_seed_writes_what_the_bench_reads_and_writes() {
    let app = spawn().await;
    let mut database = sav::config::Settings::defaults("sav", 0).database;
    database.url = app.db.url.clone();
    let plan = Plan {
        savs: 500,
        customers: 10,
        fresh_orders: 20,
    };
    let summary = tokio::task::spawn_blocking(move || sav::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (summary.sales, summary.savs),
        (100 + 2 + 2 * 20, 510),
        "{summary:?}"
    );
    // 1 or 2 products per SAV, by the parity of its id.
    assert_eq!(summary.products, 510 + 255, "{summary:?}");

    let lookup = |query: String| {
        let app = &app;
        async move {
            let res = app
                .get(&format!("/api/customer/sav-status?{query}"), Some(&token()))
                .await;
            assert_eq!(res.status, 200, "{}", res.text);
            res.json()
        }
    };
    let bench = lookup(format!("email={BENCH_EMAIL}")).await;
    assert_eq!(bench["totalSav"], 10, "{bench}");
    let records = bench["savRecords"].as_array().unwrap();
    assert_eq!(records.len(), 10);
    assert!(records.iter().all(|r| r["products"][0]["sku"] == "SKU123"));
    assert_eq!(records[0]["saleRef"], "B000002", "newest first");
    assert_eq!(records[0]["typePb"], "echange");
    let mut statuses: Vec<i64> = records
        .iter()
        .map(|r| r["status"].as_i64().unwrap())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [0, 0, 1, 1, 1, 1, 2, 2, 4, 4],
        "0, 1, 2, 4 by k % 4 for k = 1 … 5"
    );
    let with_sku = lookup(format!("email={BENCH_EMAIL}&sku=SKU123")).await;
    assert_eq!(with_sku["totalSav"], 10);

    // customer3: orders 3, 13, …, 93; their fifth SAV archived.
    let history = lookup("email=customer3@example.com".into()).await;
    assert_eq!(history["totalSav"], 40, "{history}");
    assert_eq!(history["savRecords"][0]["saleRef"], "C000093");

    for order in ["W000001", "W000020", "P000020"] {
        let ticket = json!({
            "increment_id": order, "sav_type": "oublie de code promo",
            "coupon_code": "SUMMER10", "commercial_offer_percentage": 10
        });
        let res = app.post_json("/api/sav", &ticket, Some(&token())).await;
        assert_eq!(res.status, 200, "{order}: {}", res.text);
        assert_eq!(res.json()["proposed_gesture_amount"], 20);
    }
    let past_the_end = json!({
        "increment_id": "W000021", "sav_type": "oublie de code promo",
        "coupon_code": "SUMMER10", "commercial_offer_percentage": 10
    });
    let res = app
        .post_json("/api/sav", &past_the_end, Some(&token()))
        .await;
    assert_eq!(res.status, 404, "{}", res.text);
}

#[tokio::test]
async fn a_second_seed_of_the_same_database_fails_and_writes_nothing_more() {
    let app = spawn().await;
    let mut database = sav::config::Settings::defaults("sav", 0).database;
    database.url = app.db.url.clone();
    let plan = Plan {
        savs: 10,
        customers: 1,
        fresh_orders: 1,
    };
    let again = (database.clone(), plan.clone());
    tokio::task::spawn_blocking(move || sav::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    let second = tokio::task::spawn_blocking(move || sav::seed::run(&again.0, &again.1))
        .await
        .unwrap();
    assert!(second.is_err(), "{second:?}");
    let bench = app
        .get(
            &format!("/api/customer/sav-status?email={BENCH_EMAIL}"),
            Some(&token()),
        )
        .await;
    assert_eq!(bench.json()["totalSav"], 10, "{}", bench.text);
}
