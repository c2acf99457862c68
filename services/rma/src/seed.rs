//! `rma seed`: the data `scripts/bench rma` measures on, written through the store (multi-row
//! inserts, one write transaction per batch) into the configured database, either backend.
//! The bench and its test (`tests/seed.rs`) rely on this shape:
//!
//! - `demands` demands `BENCH-000001`…; every `demands / bench_demands`-th (every 100th at the
//!   bench's sizes) is the bench partner's, the others go round `partners - 1` centers
//!   (`center-0`…);
//! - the bench partner's k-th demand awaits its answer (RMAD, not accepted) when k is a multiple
//!   of 10; its others are accepted, in 9 statuses of the workflow. The other centers' demands
//!   are spread over 10 statuses, RMAD and refused (RMANOK) ones included;
//! - one history entry per demand, its current status.

use std::process::ExitCode;
use std::time::Instant;

use chrono::Duration;
use platform::codes::rma_status::RmaStatus;
use platform::config::DatabaseSettings;
use platform::db;
use platform::seed::{count, midnight, unknown};
use serde::Serialize;

use crate::access::Side;
use crate::demands::model::NewDemand;
use crate::demands::store::{self, Standing};

/// The bench partner's demands by `k % 10` (k its rank among them).
const BENCH_STATUSES: [RmaStatus; 10] = [
    RmaStatus::AwaitingPartner,
    RmaStatus::Accepted,
    RmaStatus::AwaitingShipment,
    RmaStatus::Shipped,
    RmaStatus::Received,
    RmaStatus::InspectionInProgress,
    RmaStatus::PartOrdered,
    RmaStatus::RepairInProgress,
    RmaStatus::Repaired,
    RmaStatus::Returned,
];
/// The other centers' demands by `n % 10` (n the demand's number).
const OTHER_STATUSES: [RmaStatus; 10] = [
    RmaStatus::AwaitingPartner,
    RmaStatus::Accepted,
    RmaStatus::AwaitingShipment,
    RmaStatus::Shipped,
    RmaStatus::Received,
    RmaStatus::InspectionInProgress,
    RmaStatus::RepairInProgress,
    RmaStatus::Repaired,
    RmaStatus::Returned,
    RmaStatus::Refused,
];
const BRANDS: [&str; 4] = ["SAMSUNG", "APPLE", "XIAOMI", "SONY"];
const SITE: &str = r#"{"name":"AUCHAN TRAPPES","code":"A078","address_street":"Avenue des Bouleaux","address_zip_code":"78190","address_city":"TRAPPES","address_country":"FR"}"#;
/// Demands per transaction.
const BATCH: usize = 10_000;

const USAGE: &str = "usage: rma seed [--demands N] [--partners N (2 or more)] \
[--bench-partner ID] [--bench-demands N (1 to --demands)]";

/// How much to write; the defaults are the bench's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub demands: usize,
    /// Repair centers in all, the bench partner included.
    pub partners: usize,
    pub bench_partner: String,
    pub bench_demands: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            demands: 100_000,
            partners: 100,
            bench_partner: "center-bench".into(),
            bench_demands: 1_000,
        }
    }
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Self::default();
        platform::seed::read_flags(args, |flag, value| {
            match flag {
                "--demands" => plan.demands = count(flag, value)?,
                "--partners" => plan.partners = count(flag, value)?,
                "--bench-partner" if !value.trim().is_empty() => {
                    plan.bench_partner = value.trim().to_string();
                }
                "--bench-demands" => plan.bench_demands = count(flag, value)?,
                _ => return unknown(flag, value),
            }
            Ok(())
        })?;
        if plan.partners < 2 || plan.bench_demands == 0 || plan.bench_demands > plan.demands {
            return Err("--partners must be 2 or more, --bench-demands 1 to --demands".into());
        }
        Ok(plan)
    }
}

/// What was written.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub demands: usize,
    pub bench_demands: usize,
    pub bench_awaiting: usize,
    pub seconds: f64,
}

/// The binary's `seed` command: the summary as JSON on stdout, errors on stderr.
pub fn main(database: &DatabaseSettings, args: &[String]) -> ExitCode {
    platform::seed::command("rma", USAGE, Plan::parse(args), |plan| run(database, &plan))
}

/// Opens (and migrates) the database and writes the plan's demands; the database should hold
/// none under these numbers.
pub fn run(database: &DatabaseSettings, plan: &Plan) -> Result<Summary, String> {
    let started = Instant::now();
    let mut conn = platform::seed::connect(database, &crate::SPEC.migrations)?;
    let stride = plan.demands / plan.bench_demands;
    let mut summary = Summary::default();
    let numbers: Vec<usize> = (1..=plan.demands).collect();
    for batch in numbers.chunks(BATCH) {
        let rows: Vec<Standing> = batch.iter().map(|&n| demand(plan, stride, n)).collect();
        summary.bench_demands += rows
            .iter()
            .filter(|r| r.demand.partner_id == plan.bench_partner)
            .count();
        summary.bench_awaiting += rows
            .iter()
            .filter(|r| r.demand.partner_id == plan.bench_partner && r.accepted_at.is_none())
            .count();
        db::write_transaction(&mut conn, |conn| store::insert_standing(conn, &rows))
            .map_err(|e| e.to_string())?;
        summary.demands += rows.len();
    }
    db::settle_after_load(&mut conn).map_err(|e| e.to_string())?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Demand number `n`, where it stands.
fn demand(plan: &Plan, stride: usize, n: usize) -> Standing {
    let bench = n.is_multiple_of(stride);
    let (partner, status) = if bench {
        (
            plan.bench_partner.clone(),
            BENCH_STATUSES[(n / stride) % 10],
        )
    } else {
        (
            format!("center-{}", n % (plan.partners - 1)),
            OTHER_STATUSES[n % 10],
        )
    };
    let accepted = !matches!(status, RmaStatus::AwaitingPartner | RmaStatus::Refused);
    let created = midnight(2025, 1, 1) + Duration::minutes(5 * n as i64);
    let side = if status == RmaStatus::AwaitingPartner {
        Side::Retailer
    } else {
        Side::Partner(partner.clone())
    };
    let actor = side.partner().unwrap_or("backoffice").to_string();
    Standing {
        demand: NewDemand {
            demand_number: format!("BENCH-{n:06}"),
            demand_type: "REP".into(),
            partner_id: partner,
            agreement_number: accepted.then(|| format!("AGR-{n}")),
            status_code: status,
            status_comment: None,
            created_at: created,
            updated_at: created + Duration::days(2),
            purchase_date: Some(created - Duration::days(200)),
            serial_number: Some(format!("SN{}", 1_000_000 + n)),
            imei_number: None,
            ean: Some(format!("3{}", 100_000_000_000 + n)),
            part_number: Some(format!("PN-{}", n % 500)),
            brand: Some(BRANDS[n % 4].into()),
            problem_description: Some(format!(
                "Ne s'allume plus, écran noir après une chute (demande {n})"
            )),
            fault_code: None,
            return_to: Some(if n.is_multiple_of(3) { "STORE" } else { "USER" }.into()),
            reseller_code: Some(format!("R{}", n % 50)),
            site: SITE.into(),
            client: format!(
                r#"{{"name":"Dupont Jean","mail":"client{n}@example.com","phone":"0600000000","address_zip_code":"75011","address_city":"PARIS"}}"#
            ),
            sav_id: None,
        },
        accepted_at: accepted.then(|| created + Duration::days(1)),
        partner_reference: accepted.then(|| format!("REF-{n}")),
        side,
        actor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn options_override_the_bench_sizes() {
        assert_eq!(Plan::parse(&[]).unwrap(), Plan::default());
        let words = [
            "--demands",
            "200",
            "--bench-partner",
            "c9",
            "--bench-demands",
            "20",
        ];
        let plan = Plan::parse(&args(&words)).unwrap();
        assert_eq!((plan.demands, plan.partners), (200, 100));
        assert_eq!(
            (plan.bench_partner.as_str(), plan.bench_demands),
            ("c9", 20)
        );
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for bad in [
            &["--demands"][..],
            &["--demands", "10"],
            &["--partners", "1"],
            &["--bench-demands", "0"],
            &["--bench-partner", " "],
            &["--rows", "5"],
        ] {
            assert!(Plan::parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_bench_partner_has_every_stride_th_demand() {
        let plan = Plan::default();
        let bench = demand(&plan, 100, 1_000);
        assert_eq!(bench.demand.partner_id, "center-bench");
        assert_eq!(bench.demand.status_code, RmaStatus::AwaitingPartner);
        assert_eq!(
            (bench.side, bench.actor.as_str()),
            (Side::Retailer, "backoffice")
        );
        let accepted = demand(&plan, 100, 1_100);
        assert_eq!(accepted.demand.status_code, RmaStatus::Accepted);
        assert_eq!(
            accepted.demand.agreement_number.as_deref(),
            Some("AGR-1100")
        );
        let other = demand(&plan, 100, 199);
        assert_eq!(other.demand.partner_id, "center-1");
        assert_eq!(other.demand.status_code, RmaStatus::Refused);
        assert!(other.accepted_at.is_none());
    }
}
