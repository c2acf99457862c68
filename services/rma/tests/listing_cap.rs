//! `retrieverequests` without `limit`: every matching demand up to the cap of 1000, and past
//! it an answer that says it was cut (`truncated`), never a silent one.

#![allow(clippy::unwrap_used)]

mod common;

use common::{center, spawn};
use rma::seed::Plan;
use serde_json::Value;
use testkit::TestApp;

async fn listing(app: &TestApp, partner: &str, query: &str) -> Value {
    let res = app
        .send(
            app.request(
                reqwest::Method::POST,
                &format!("/api/demands/retrieverequests{query}"),
            )
            .bearer_auth(center(partner)),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()
}

#[tokio::test]
async fn no_limit_means_every_demand_up_to_the_cap_and_a_cut_said() {
    let app = spawn().await;
    let mut database = rma::config::Settings::defaults("rma", 0).database;
    database.url = app.db.url.clone();
    // Every 3rd demand is center-bench's (600), the others center-0's (1200).
    let plan = Plan {
        demands: 1800,
        partners: 2,
        bench_partner: "center-bench".into(),
        bench_demands: 600,
    };
    tokio::task::spawn_blocking(move || rma::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();

    // More than the old default of 500, fewer than the cap: all of them, nothing cut.
    let all = listing(&app, "center-bench", "").await;
    assert_eq!(all["data"].as_array().unwrap().len(), 600);
    assert_eq!(
        (all["total"].clone(), all["truncated"].clone()),
        (600.into(), false.into())
    );
    assert_eq!(all["limit"], 1000);

    // Past the cap: the first 1000, and the answer says so; page 2 has the rest.
    let capped = listing(&app, "center-0", "").await;
    assert_eq!(capped["data"].as_array().unwrap().len(), 1000);
    assert_eq!(capped["total"], 1200);
    assert_eq!(capped["truncated"], true);
    let rest = listing(&app, "center-0", "?page=2").await;
    assert_eq!(rest["data"].as_array().unwrap().len(), 200);
    assert_eq!(rest["truncated"], false);

    // A page asked for says too whether more follow.
    let first = listing(&app, "center-bench", "?limit=10").await;
    assert_eq!(first["data"].as_array().unwrap().len(), 10);
    assert_eq!(first["truncated"], true);
    let last = listing(&app, "center-bench", "?limit=10&page=60").await;
    assert_eq!(last["truncated"], false);
}
