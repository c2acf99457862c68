//! Issue 16, flows 1 and 2, with real processes: the gateway, customers, rma and sav, each over
//! its own fresh database, every call of the test through the gateway. A covered warranty SAV
//! opens its demand `SAV-<id>` at the brand's repair center, whose moves come back to the SAV;
//! with the RMA, or the customers service, stopped while the SAV is created, the SAV says so
//! and, once the peer is started again, gets its demand, exactly once.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{Repairs, has_timeline, repairs, timeline};
use reqwest::Method;
use serde_json::{Value, json};

fn covered() -> Vec<String> {
    vec!["SN-NEW".to_string()]
}

async fn center_moves(repairs: &Repairs, path: &str, body: Value) {
    let (status, answer) = repairs.center(Method::POST, path, Some(body)).await;
    assert_eq!(status, 200, "{path}: {answer}");
}

/// A few of the dispatchers' poll and retry intervals: a second delivery would show by then.
async fn a_while() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

#[tokio::test]
async fn a_covered_warranty_sav_opens_its_demand_and_follows_its_statuses() {
    let repairs = repairs(None, &covered()).await;
    let id = repairs.open_sav("sn-new").await;
    let number = format!("SAV-{id}");

    let sav = repairs
        .sav_when(id, "the demand's first status", has_timeline)
        .await;
    let repair = &sav["repair"];
    assert_eq!(repair["warranty"]["state"], "covered", "{sav:#}");
    assert_eq!(repair["demandNumber"], json!(number));
    assert_eq!(repair["repairCenter"], "center-samsung");
    assert_eq!(timeline(&sav), ["RMAD"]);

    let path = format!("/api/demands/{number}");
    let (status, demand) = repairs.center(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{demand}");
    let demand = &demand["data"];
    assert_eq!(
        (
            demand["type"].as_str(),
            demand["serial_number"].as_str(),
            demand["brand"].as_str()
        ),
        (Some("REP"), Some("sn-new"), Some("SAMSUNG"))
    );
    assert_eq!(demand["problem_description"], "L'écran reste noir");
    // The SAV's calls carried the id of the request that created it.
    for peer in ["customers", "rma"] {
        let log = repairs.stack.log(peer);
        assert!(log.contains(r#"request_id="case-sn-new""#), "{peer}: {log}");
    }

    let accept = json!({"demand_number": number, "agreement_number": "AGR-1"});
    center_moves(&repairs, "/api/demands/accept", accept).await;
    let received = json!({"demand_number": number, "status_code": "D"});
    center_moves(&repairs, "/api/demands/status", received).await;
    let sav = repairs
        .sav_when(id, "Transmis after D", |s| s["status"] == 7)
        .await;
    assert_eq!(timeline(&sav), ["RMAD", "RMAOK", "D"]);
    let returned =
        json!({"demand_number": number, "status_code": "RPR", "status_comment": "XFR14512345"});
    center_moves(&repairs, "/api/demands/status", returned).await;
    let sav = repairs
        .sav_when(id, "Complet after RPR", |s| s["status"] == 2)
        .await;
    assert_eq!(timeline(&sav), ["RMAD", "RMAOK", "D", "RPR"]);
    assert_eq!(sav["repair"]["demandStatus"], "RPR");
    let moves: Vec<(Value, String)> = sav["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["to"].clone(), h["actor"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        moves[1..],
        [
            (json!(7), format!("rma:{number}")),
            (json!(2), format!("rma:{number}"))
        ]
    );
    assert_eq!(repairs.center_demands().await, [number]);
}

#[tokio::test]
async fn an_expired_warranty_opens_no_demand() {
    let repairs = repairs(None, &covered()).await;
    let id = repairs.open_sav("SN-OLD").await;
    let sav = repairs
        .sav_when(id, "the warranty checked", |s| {
            s["repair"]["warranty"]["state"] != "pending"
        })
        .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "expired", "{sav:#}");
    a_while().await;
    assert_eq!(repairs.sav(id).await["repair"]["demandNumber"], Value::Null);
    assert!(repairs.center_demands().await.is_empty());
}

#[tokio::test]
async fn with_the_rma_stopped_the_demand_is_opened_once_it_is_started_again() {
    let mut repairs = repairs(None, &covered()).await;
    repairs.stack.stop("rma").await;
    let id = repairs.open_sav("SN-NEW").await;
    let sav = repairs
        .sav_when(id, "a failed attempt", |s| {
            !s["repair"]["lastError"].is_null()
        })
        .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "covered", "{sav:#}");
    assert_eq!(sav["repair"]["demandNumber"], Value::Null, "{sav:#}");

    repairs.stack.start("rma").await;
    let sav = repairs
        .sav_when(id, "the demand once the RMA is back", has_timeline)
        .await;
    assert_eq!(sav["repair"]["lastError"], Value::Null, "{sav:#}");
    assert_eq!(sav["repair"]["demandNumber"], json!(format!("SAV-{id}")));
    a_while().await;
    assert_eq!(timeline(&repairs.sav(id).await), ["RMAD"]);
    assert_eq!(repairs.center_demands().await, [format!("SAV-{id}")]);
}

#[tokio::test]
async fn with_customers_stopped_the_warranty_waits_then_opens_the_demand_once() {
    let mut repairs = repairs(None, &covered()).await;
    repairs.stack.stop("customers").await;
    let id = repairs.open_sav("SN-NEW").await;
    let sav = repairs
        .sav_when(id, "a failed attempt", |s| {
            !s["repair"]["lastError"].is_null()
        })
        .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "pending", "{sav:#}");
    assert_eq!(sav["repair"]["demandNumber"], Value::Null, "{sav:#}");
    assert!(repairs.center_demands().await.is_empty());

    repairs.stack.start("customers").await;
    let sav = repairs
        .sav_when(id, "the demand once customers is back", has_timeline)
        .await;
    assert_eq!(sav["repair"]["warranty"]["state"], "covered", "{sav:#}");
    assert_eq!(sav["repair"]["lastError"], Value::Null, "{sav:#}");
    a_while().await;
    assert_eq!(timeline(&repairs.sav(id).await), ["RMAD"]);
    assert_eq!(repairs.center_demands().await, [format!("SAV-{id}")]);
}

#[tokio::test]
async fn with_the_sav_stopped_a_status_of_the_center_comes_back_once_it_is_started_again() {
    let mut repairs = repairs(None, &covered()).await;
    let id = repairs.open_sav("SN-NEW").await;
    let number = format!("SAV-{id}");
    repairs.sav_when(id, "the demand", has_timeline).await;

    repairs.stack.stop("sav").await;
    let accept = json!({"demand_number": number, "agreement_number": "AGR-1"});
    center_moves(&repairs, "/api/demands/accept", accept).await;
    let received = json!({"demand_number": number, "status_code": "D"});
    center_moves(&repairs, "/api/demands/status", received).await;
    // Refused connections for a few of the RMA dispatcher's retries, in order (the stream of the
    // demand: D waits for RMAOK).
    a_while().await;
    repairs.stack.start("sav").await;
    let sav = repairs
        .sav_when(id, "Transmis after D", |s| s["status"] == 7)
        .await;
    assert_eq!(timeline(&sav), ["RMAD", "RMAOK", "D"], "{sav:#}");
    a_while().await;
    assert_eq!(timeline(&repairs.sav(id).await), ["RMAD", "RMAOK", "D"]);
}
