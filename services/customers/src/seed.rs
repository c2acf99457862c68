//! `customers seed`: the data `scripts/bench customers` measures on, written through the
//! stores (multi-row inserts, one write transaction per batch) into the configured database,
//! either backend. The bench and its test (`tests/seed.rs`) rely on this shape:
//!
//! - `categories - 1` categories `Nhóm 2`… beside the default one (id 1), so ids 1 to
//!   `categories`;
//! - `customers` customers `Khách hàng <n>` (n from 1), phone `09` and n on 8 digits, in
//!   category `n % categories + 1`, city `Hà Nội`, score 0;
//! - `tickets` bare tickets (no line, no customer) under `S…` (for the service's `editScore`)
//!   and as many under `P…` (for pgbench's copy of it).

use std::process::ExitCode;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use platform::config::DatabaseSettings;
use platform::db::{self, DbConn};
use platform::seed::{count, unknown};
use serde::Serialize;

use crate::categories::store as categories;
use crate::customers::model::search_text;
use crate::customers::store::{self as customers, NewCustomer};
use crate::tickets::store as tickets;

/// Customers per transaction.
const BATCH: usize = 5_000;

const USAGE: &str = "usage: customers seed [--customers N] [--categories N] [--tickets N]";

/// How much to write; the defaults are the bench's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub customers: usize,
    pub categories: usize,
    pub tickets: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            customers: 100_000,
            categories: 10,
            tickets: 200_000,
        }
    }
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Self::default();
        platform::seed::read_flags(args, |flag, value| {
            match flag {
                "--customers" => plan.customers = count(flag, value)?,
                "--categories" => plan.categories = count(flag, value)?,
                "--tickets" => plan.tickets = count(flag, value)?,
                _ => return unknown(flag, value),
            }
            Ok(())
        })?;
        if plan.categories == 0 || plan.customers > 99_999_999 {
            return Err("--categories must be at least 1 and --customers at most 99999999".into());
        }
        Ok(plan)
    }
}

/// What was written.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub categories: usize,
    pub customers: usize,
    pub tickets: usize,
    pub seconds: f64,
}

/// The binary's `seed` command: the summary as JSON on stdout, errors on stderr.
pub fn main(database: &DatabaseSettings, args: &[String]) -> ExitCode {
    platform::seed::command("customers", USAGE, Plan::parse(args), |plan| {
        run(database, &plan)
    })
}

/// Opens (and migrates) the database and writes the plan's rows; the database should hold no
/// customer yet (phones are unique).
pub fn run(database: &DatabaseSettings, plan: &Plan) -> Result<Summary, String> {
    let started = Instant::now();
    let mut conn = platform::seed::connect(database, &crate::SPEC.migrations)?;
    let mut summary = Summary::default();
    let now = NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|day| day.and_hms_opt(9, 0, 0))
        .unwrap_or(NaiveDateTime::MIN);
    db::write_transaction(&mut conn, |conn| {
        for k in 2..=plan.categories {
            categories::insert(conn, &format!("Nhóm {k}"))?;
            summary.categories += 1;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .map_err(|e| e.to_string())?;
    let numbers: Vec<usize> = (1..=plan.customers).collect();
    for batch in numbers.chunks(BATCH) {
        summary.customers += db::write_transaction(&mut conn, |conn| {
            customers_of(conn, batch, plan.categories, now)
        })
        .map_err(|e| e.to_string())?;
    }
    for prefix in ["S", "P"] {
        let ids: Vec<String> = (1..=plan.tickets)
            .map(|n| format!("{prefix}{n:06}"))
            .collect();
        summary.tickets +=
            db::write_transaction(&mut conn, |conn| tickets::insert_bare(conn, &ids, now))
                .map_err(|e| e.to_string())?;
    }
    db::settle_after_load(&mut conn).map_err(|e| e.to_string())?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn customers_of(
    conn: &mut DbConn,
    numbers: &[usize],
    categories: usize,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let texts: Vec<(String, String, String)> = numbers
        .iter()
        .map(|n| {
            let name = format!("Khách hàng {n}");
            let search = search_text(&name);
            (name, search, format!("09{n:08}"))
        })
        .collect();
    let rows: Vec<NewCustomer> = numbers
        .iter()
        .zip(&texts)
        .map(|(n, (name, search, phone))| NewCustomer {
            name,
            name_search: search,
            phone,
            category_id: (n % categories + 1) as i64,
            address: None,
            city: Some("Hà Nội"),
            region: None,
            created_at: now,
        })
        .collect();
    customers::insert_many(conn, &rows)
}
