//! `customers seed` at a small size, then what `scripts/bench customers` relies on, seen through
//! the HTTP app: the filtered list it reads, and `editScore` on the `S…` tickets it writes with.

#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, detail, get, score};
use customers::seed::Plan;

#[tokio::test]
async fn the_seed_writes_what_the_bench_reads_and_writes() {
    let app = common::spawn().await;
    let mut database = customers::config::Settings::defaults("customers", 0).database;
    database.url = app.db.url.clone();
    let plan = Plan {
        customers: 300,
        categories: 3,
        tickets: 20,
    };
    let summary = tokio::task::spawn_blocking(move || customers::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (summary.categories, summary.customers, summary.tickets),
        (2, 300, 40),
        "{summary:?}"
    );

    // Category n % 3 + 1: 100 customers in each.
    let res = get(
        &app,
        "/customers?category=2&visible=Y&page_size=25",
        &admin(),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let page = res.json();
    assert_eq!(page["total_items"], 100, "{page}");
    let first = &page["_embedded"]["customers"][0];
    assert_eq!(first["name"], "Khách hàng 1", "{first}");
    let id = first["id"].as_i64().unwrap();
    assert_eq!(detail(&app, id).await["phone"], "0900000001");
    assert_eq!(
        score(&app, id, "accumulate", "S000001", 7).await.status,
        200
    );
    assert_eq!(
        score(&app, id, "accumulate", "P000020", 3).await.status,
        200
    );
    assert_eq!(detail(&app, id).await["loyal_score"], 10);
}

#[test]
fn the_plan_reads_its_flags() {
    let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
    assert_eq!(
        Plan::parse(&args("--customers 10 --categories 2 --tickets 5")),
        Ok(Plan {
            customers: 10,
            categories: 2,
            tickets: 5
        })
    );
    assert!(Plan::parse(&args("--categories 0")).is_err());
    assert!(Plan::parse(&args("--customers")).is_err());
    assert!(Plan::parse(&args("--shops 3")).is_err());
}
