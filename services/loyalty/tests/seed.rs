//! `loyalty seed` at a small size, then what `scripts/bench loyalty` relies on, seen through
//! the HTTP app: the balances it reads (the heavy card and the light one) and the ticket it
//! writes, with an `S…` voucher (the service's) and a `P…` one (pgbench's).

#![allow(clippy::unwrap_used)]

mod common;

use common::{get, points, sale, ticket, today};
use loyalty::seed::{
    ENTRY_POINTS, HEAVY_CARD, LIGHT_CARD, LIGHT_ENTRIES, Plan, ticket_card, voucher_number,
};
use serde_json::json;

#[tokio::test]
async fn the_seed_writes_what_the_bench_reads_and_writes() {
    let app = common::spawn().await;
    let mut database = loyalty::config::Settings::defaults("loyalty", 0).database;
    database.url = app.db.url.clone();
    let plan = Plan {
        entries: 60,
        cards: 3,
        vouchers: 7,
    };
    let summary = tokio::task::spawn_blocking(move || loyalty::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (summary.cards, summary.entries, summary.vouchers),
        (5, 60 + LIGHT_ENTRIES, 14),
        "{summary:?}"
    );

    assert_eq!(points(&app, HEAVY_CARD).await, 60 * ENTRY_POINTS);
    assert_eq!(
        points(&app, LIGHT_CARD).await,
        LIGHT_ENTRIES as i64 * ENTRY_POINTS
    );
    let heavy = get(&app, format!("/api/v1/cards/{HEAVY_CARD}/balance")).await;
    let balance = &heavy.json()[0];
    // 600 points: the first step (500) is available, nothing is held, the oldest earning
    // expires next.
    assert_eq!(
        balance["primaryLoyaltyBalance"]["step"]["availables"],
        json!([1]),
        "{balance}"
    );
    assert_eq!(balance["pendingPoints"], 0, "{balance}");
    assert_eq!(balance["nextExpiry"]["points"], ENTRY_POINTS, "{balance}");

    // The bench's ticket: voucher n is on ticket card n % cards + 1; 20 € less 5 € earns 15.
    let body = |receipt: &str, voucher: &str| {
        ticket(
            receipt,
            &today(),
            &[("A1", 12.0, 1.0), ("B2", 8.0, 1.0)],
            json!([voucher]),
        )
    };
    let (voucher, cards) = (1, 3);
    let card = ticket_card(voucher % cards + 1);
    let first = sale(&app, &card, body("S0000001", &voucher_number("S", 1))).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.json()["deducted"], 5, "{}", first.text);
    assert_eq!(points(&app, &card).await, 15);
    let again = sale(&app, &card, body("S0000002", &voucher_number("S", 1))).await;
    assert_eq!(again.json()["code"], 451, "{}", again.text);
    let card = ticket_card(7 % 3 + 1);
    let pgbench = sale(&app, &card, body("P0000007", &voucher_number("P", 7))).await;
    assert_eq!(pgbench.status, 201, "{}", pgbench.text);
}

#[test]
fn the_plan_reads_its_flags() {
    let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
    assert_eq!(
        Plan::parse(&args("--entries 10 --cards 2 --vouchers 5")),
        Ok(Plan {
            entries: 10,
            cards: 2,
            vouchers: 5
        })
    );
    assert!(Plan::parse(&args("--cards 0")).is_err());
    assert!(Plan::parse(&args("--entries")).is_err());
    assert!(Plan::parse(&args("--shops 3")).is_err());
}
