//! `rma seed` at a small size, then what `scripts/bench rma` relies on, seen through the HTTP
//! app as the bench partner: its new demands, its first page, a status update on an accepted
//! demand; and another center's share.

mod common;

use common::{center, numbers, retrieve, spawn, status_ok};
use rma::seed::Plan;

#[tokio::test]
async fn the_seed_writes_what_the_bench_reads_and_updates() {
    let app = spawn().await;
    let mut database = rma::config::Settings::defaults("rma", 0).database;
    database.url = app.db.url.clone();
    // Every 10th demand is the bench partner's; the others go round center-0 … center-3.
    let plan = Plan {
        demands: 200,
        partners: 5,
        bench_partner: "center-bench".into(),
        bench_demands: 20,
    };
    let summary = tokio::task::spawn_blocking(move || rma::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            summary.demands,
            summary.bench_demands,
            summary.bench_awaiting
        ),
        (200, 20, 2)
    );

    let bench = center("center-bench");
    let awaiting = retrieve(&app, &bench, "?status=RMAD").await;
    assert_eq!(numbers(&awaiting), ["BENCH-000100", "BENCH-000200"]);
    for demand in &awaiting {
        assert_eq!(demand["current_status_code"], "RMAD");
        assert_eq!(demand["repair_center"], "center-bench");
        assert_eq!(demand["agreement_number"], "");
        assert_eq!(demand["site_name"], "AUCHAN TRAPPES");
    }
    assert_eq!(awaiting[0]["client_mail"], "client100@example.com");

    let all = retrieve(&app, &bench, "?limit=100").await;
    assert_eq!(all.len(), 20);
    assert!(all.iter().all(|d| d["repair_center"] == "center-bench"));
    assert_eq!(all[1]["demand_number"], "BENCH-000020");
    assert_eq!(all[1]["current_status_code"], "ATTEXP");
    assert_eq!(all[1]["agreement_number"], "AGR-20");

    // The bench's update: REPPROG on an accepted demand.
    let updated = status_ok(&app, &bench, "BENCH-000010", "REPPROG").await;
    assert_eq!(updated["demand_number"], "BENCH-000010");

    // center-1: the odd demands n with n % 4 = 1, none of them the bench partner's.
    let other = retrieve(&app, &center("center-1"), "?limit=100").await;
    assert_eq!(other.len(), 50);
    assert_eq!(other[0]["demand_number"], "BENCH-000001");
    assert_eq!(other[0]["current_status_code"], "RMAOK");
}
