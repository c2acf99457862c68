//! Issue 16: each service may run several replicas, every replica's dispatcher taking a share of
//! the one outbox, and no event sent twice because two replicas picked it (`FOR UPDATE SKIP
//! LOCKED`). Two sav processes over one PostgreSQL database, both dispatching flow 1's events:
//! every warranty SAV gets one demand, and the replicas' delivery attempts add up to one per
//! event. PostgreSQL only: SQLite is one process's file.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Repairs, has_timeline, repairs};
use e2e::Stack;

const SAVS: usize = 20;
const TOPIC: &str = "sav.warranty_repair";
const REPLICAS: [&str; 2] = ["sav", "sav-2"];

/// `outbox_delivery_attempts_total` of `TOPIC` at `service`'s own `/metrics`, by outcome; and
/// its `outbox_backlog`.
async fn attempts(stack: &Stack, service: &str) -> (BTreeMap<String, u64>, u64) {
    let url = stack.service_url(service, "/metrics");
    let text = reqwest::get(&url).await.unwrap().text().await.unwrap();
    let mut outcomes = BTreeMap::new();
    let mut backlog = 0;
    let attempts = format!("outbox_delivery_attempts_total{{topic=\"{TOPIC}\",outcome=\"");
    let pending = format!("outbox_backlog{{topic=\"{TOPIC}\"}} ");
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(&attempts) {
            let (outcome, n) = rest.split_once("\"} ").unwrap();
            outcomes.insert(outcome.to_string(), n.parse().unwrap());
        } else if let Some(n) = line.strip_prefix(&pending) {
            backlog = n.parse().unwrap();
        }
    }
    (outcomes, backlog)
}

fn postgres() -> bool {
    let set = std::env::var("TEST_POSTGRES_URL").is_ok_and(|url| !url.is_empty());
    if !set {
        eprintln!("two replicas over one database: PostgreSQL only (TEST_POSTGRES_URL unset)");
    }
    set
}

fn serials() -> Vec<String> {
    (0..SAVS).map(|n| format!("SN-R{n:02}")).collect()
}

/// A warranty SAV per serial, half through the gateway (its upstream is the first replica), half
/// at the second replica's own URL; their ids.
async fn open_savs(repairs: &Repairs, serials: &[String]) -> Vec<i64> {
    let mut ids = Vec::new();
    for (n, serial) in serials.iter().enumerate() {
        let id = if n % 2 == 0 {
            repairs.open_sav(serial).await
        } else {
            let url = repairs.stack.service_url("sav-2", "/sav/create-sale-sav");
            repairs.open_sav_at(&url, serial).await
        };
        ids.push(id);
    }
    ids
}

/// Each SAV linked to its demand `SAV-<id>`, and the center sees those demands, no other.
async fn one_demand_each(repairs: &Repairs, ids: &[i64]) {
    for id in ids {
        let sav = repairs.sav_when(*id, "its demand", has_timeline).await;
        let number = format!("SAV-{id}");
        assert_eq!(sav["repair"]["demandNumber"], number, "{sav:#}");
    }
    let mut expected: Vec<String> = ids.iter().map(|id| format!("SAV-{id}")).collect();
    expected.sort();
    assert_eq!(repairs.center_demands().await, expected);
}

/// Once the outbox's backlog is empty: both replicas' attempts of `TOPIC` summed by outcome, and
/// how many each delivered.
async fn settled(stack: &Stack) -> (BTreeMap<String, u64>, Vec<u64>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut total = BTreeMap::<String, u64>::new();
        let mut shares = Vec::new();
        let mut backlog = 0;
        for replica in REPLICAS {
            let (outcomes, pending) = attempts(stack, replica).await;
            shares.push(outcomes.get("delivered").copied().unwrap_or(0));
            for (outcome, n) in outcomes {
                *total.entry(outcome).or_default() += n;
            }
            // The same table seen by both: the same backlog.
            backlog = backlog.max(pending);
        }
        assert!(Instant::now() < deadline, "a backlog of {backlog}");
        if backlog == 0 {
            return (total, shares);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn two_replicas_deliver_each_warranty_event_once() {
    if !postgres() {
        return;
    }
    let repairs = repairs(Some("sav-2"), &serials()).await;
    let ids = open_savs(&repairs, &serials()).await;
    one_demand_each(&repairs, &ids).await;

    // Every event delivered, by one replica or the other, each at its first attempt.
    let (total, shares) = settled(&repairs.stack).await;
    let expected = BTreeMap::from([("delivered".to_string(), SAVS as u64)]);
    assert_eq!(
        total, expected,
        "both replicas' attempts (delivered by each: {shares:?})"
    );
    eprintln!("delivered by each replica: {shares:?}");
}

/// The events wait while the RMA is stopped; started again, both replicas' dispatchers find the
/// same due rows at once: each is delivered by one of them, once.
#[tokio::test]
async fn two_replicas_catching_up_deliver_each_event_once() {
    if !postgres() {
        return;
    }
    let mut repairs = repairs(Some("sav-2"), &serials()).await;
    repairs.stack.stop("rma").await;
    let ids = open_savs(&repairs, &serials()).await;
    for id in &ids {
        repairs
            .sav_when(*id, "a failed attempt", |s| {
                !s["repair"]["lastError"].is_null()
            })
            .await;
    }
    repairs.stack.start("rma").await;
    one_demand_each(&repairs, &ids).await;

    let (total, shares) = settled(&repairs.stack).await;
    assert_eq!(
        total.get("delivered"),
        Some(&(SAVS as u64)),
        "both replicas' attempts: {total:?} (delivered by each: {shares:?})"
    );
    assert_eq!(total.get("discarded"), None, "{total:?}");
    eprintln!("attempts {total:?}, delivered by each replica: {shares:?}");
}
