//! `sav seed`: the data `scripts/bench sav` measures on, written through the stores (multi-row
//! inserts, one write transaction per batch of orders) into the configured database, either
//! backend. The bench and its test (`tests/seed.rs`) rely on this shape:
//!
//! - `savs / 5` complete orders `C000001`… of `customers` customers (`customer<N>@example.com`),
//!   5 SAV each, one of each problem type, the fifth archived;
//! - the bench customer's (`bench@example.com`) two orders `B000001`, `B000002`, 5 unarchived
//!   SAV each, whose first product is `SKU123`;
//! - 1 or 2 products per SAV (by the parity of its id);
//! - `fresh_orders` processing orders without coupon under `W…` (for the service's chatbot
//!   ticket) and as many under `P…` (for pgbench's copy of it).

use std::process::ExitCode;
use std::time::Instant;

use chrono::Duration;
use platform::codes::sav_status::SavStatus;
use platform::config::DatabaseSettings;
use platform::db::{self, DbConn};
use platform::input::Email;
use platform::money::Cents;
use platform::seed::{count, midnight, unknown};
use serde::Serialize;

use crate::sales::model::Sale;
use crate::sales::store as sales;
use crate::savs::model::{Product, SavFields};
use crate::savs::store as savs;

pub const BENCH_EMAIL: &str = "bench@example.com";
/// The problem type of each order's k-th SAV.
const TYPES: [&str; 5] = ["garantie", "casse", "retour", "livraison", "echange"];
/// Orders per transaction: large enough that 100,000 SAV take seconds, small enough that one
/// transaction's rows stay a few MB in memory.
const BATCH: usize = 2_000;

const USAGE: &str = "usage: sav seed [--savs N (multiple of 5)] [--customers N] [--fresh-orders N]";

/// How much to write; the defaults are the bench's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub savs: usize,
    pub customers: usize,
    pub fresh_orders: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            savs: 100_000,
            customers: 10_000,
            fresh_orders: 200_000,
        }
    }
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Self::default();
        platform::seed::read_flags(args, |flag, value| {
            match flag {
                "--savs" => plan.savs = count(flag, value)?,
                "--customers" => plan.customers = count(flag, value)?,
                "--fresh-orders" => plan.fresh_orders = count(flag, value)?,
                _ => return unknown(flag, value),
            }
            Ok(())
        })?;
        if plan.savs % 5 != 0 || plan.customers == 0 {
            return Err("--savs must be a multiple of 5 and --customers at least 1".into());
        }
        Ok(plan)
    }
}

/// What was written.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub sales: usize,
    pub savs: usize,
    pub products: usize,
    pub seconds: f64,
}

/// The binary's `seed` command: the summary as JSON on stdout, errors on stderr.
pub fn main(database: &DatabaseSettings, args: &[String]) -> ExitCode {
    platform::seed::command("sav", USAGE, Plan::parse(args), |plan| run(database, &plan))
}

/// Opens (and migrates) the database and writes the plan's rows; the database should be
/// empty (order numbers are unique).
pub fn run(database: &DatabaseSettings, plan: &Plan) -> Result<Summary, String> {
    let started = Instant::now();
    let mut conn = platform::seed::connect(database, &crate::SPEC.migrations)?;
    let mut summary = Summary::default();

    let history: Vec<Sale> = (1..=plan.savs / 5)
        .map(|n| Sale {
            increment_id: format!("C{n:06}"),
            customer_email: email(&format!("customer{}@example.com", n % plan.customers)),
            customer_name: Some(format!("Customer {}", n % plan.customers)),
            customer_phone: Some("0600000000".into()),
            grand_total: Cents(5000 + (n % 20_000) as i64),
            coupon_code: None,
            status: "complete".into(),
            created_at: midnight(2025, 1, 1) + Duration::minutes(10 * n as i64),
            lines: Vec::new(),
        })
        .collect();
    let bench: Vec<Sale> = (1..=2)
        .map(|n| Sale {
            increment_id: format!("B{n:06}"),
            customer_email: email(BENCH_EMAIL),
            customer_name: Some("Bench Customer".into()),
            customer_phone: Some("0611111111".into()),
            grand_total: Cents(12_000),
            coupon_code: None,
            status: "complete".into(),
            created_at: midnight(2025, 6, 1) + Duration::days(n),
            lines: Vec::new(),
        })
        .collect();
    for batch in history.chunks(BATCH).chain([bench.as_slice()]) {
        db::write_transaction(&mut conn, |conn| with_savs(conn, batch, &mut summary))
            .map_err(|e| e.to_string())?;
    }

    let fresh: Vec<Sale> = ["W", "P"]
        .iter()
        .flat_map(|prefix| {
            (1..=plan.fresh_orders).map(move |n| Sale {
                increment_id: format!("{prefix}{n:06}"),
                customer_email: email(&format!("buyer{n}@example.com")),
                customer_name: Some(format!("Buyer {n}")),
                customer_phone: Some("0622222222".into()),
                grand_total: Cents(20_000),
                coupon_code: None,
                status: "processing".into(),
                created_at: midnight(2026, 1, 1),
                lines: Vec::new(),
            })
        })
        .collect();
    for batch in fresh.chunks(BATCH * 5) {
        db::write_transaction(&mut conn, |conn| sales::insert_many(conn, batch))
            .map_err(|e| e.to_string())?;
        summary.sales += batch.len();
    }

    db::settle_after_load(&mut conn).map_err(|e| e.to_string())?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Complete orders with their 5 SAV each and the SAV's products.
fn with_savs(
    conn: &mut DbConn,
    orders: &[Sale],
    summary: &mut Summary,
) -> Result<(), diesel::result::Error> {
    let ids = sales::insert_many(conn, orders)?;
    let records: Vec<SavFields> = orders
        .iter()
        .zip(ids)
        .flat_map(|(sale, sale_id)| (1..=5).map(move |k| sav(sale, sale_id, k)))
        .collect();
    let stored = savs::insert_many(conn, &records)?;
    let products: Vec<(i64, Product)> = stored
        .iter()
        .flat_map(|sav| {
            let bench = sav.fields.customer_email == BENCH_EMAIL;
            (1..=1 + sav.id % 2).map(move |p| (sav.id, product(sav.id, p, bench)))
        })
        .collect();
    savs::add_products_many(conn, &products)?;
    summary.sales += orders.len();
    summary.savs += stored.len();
    summary.products += products.len();
    Ok(())
}

/// An address the seed writes itself, always well formed (an `Email` is made only by parsing).
fn email(address: &str) -> Email {
    Email::parse(address).unwrap_or_else(|_| unreachable!("the seed's own address {address}"))
}

/// The statuses the seed's SAV cycle through (by their rank within an order, modulo 4).
const STATUSES: [SavStatus; 4] = [
    SavStatus::InProgress,
    SavStatus::Validated,
    SavStatus::Completed,
    SavStatus::Canceled,
];

/// The k-th (1 to 5) SAV of an order: its status cycles through 1, 2, 4, 0, 1 (validated
/// unless new), claimed k days after the order, archived when it is a history order's fifth.
fn sav(sale: &Sale, sale_id: i64, k: i64) -> SavFields {
    let at = sale.created_at + Duration::days(k);
    SavFields {
        sale_id,
        status: STATUSES[(k % 4) as usize],
        type_pb: TYPES[(k - 1) as usize % TYPES.len()].into(),
        claim_date: Some(at.date()),
        created_at: at,
        validated_at: (k % 4 != 0).then_some(at),
        updated_at: at,
        customer_name: sale.customer_name.clone(),
        customer_email: sale.customer_email.as_str().to_string(),
        customer_phone: sale.customer_phone.clone(),
        observations: Some(format!("Observation {k} on order {}", sale.increment_id)),
        propositions: Some(format!("Proposition {k}")),
        final_action: None,
        date_retour: None,
        pickup_rdv_date: None,
        communication_type: Some("email".into()),
        archived: k == 5 && sale.increment_id.starts_with('C'),
    }
}

/// The p-th product of SAV `id`: one of 5,000 SKUs, `SKU123` first for the bench customer (the
/// SKU filter of the lookup has rows to find).
fn product(id: i64, p: i64, bench: bool) -> Product {
    Product {
        sku: if bench && p == 1 {
            "SKU123".into()
        } else {
            format!("SKU{}", (id * 7 + p) % 5000)
        },
        name: format!("Product {p}"),
        quantity: p as i32,
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
        let plan = Plan::parse(&args(&["--savs", "50", "--fresh-orders", "7"])).unwrap();
        assert_eq!(
            (plan.savs, plan.customers, plan.fresh_orders),
            (50, 10_000, 7)
        );
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for bad in [
            &["--savs"][..],
            &["--savs", "12"],
            &["--savs", "x"],
            &["--customers", "0"],
            &["--rows", "5"],
        ] {
            assert!(Plan::parse(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
