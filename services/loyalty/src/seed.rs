//! `loyalty seed`: the data `scripts/bench loyalty` measures on, written through the stores
//! (multi-row inserts, one write transaction per batch) into the configured database, either
//! backend. The bench and its test (`tests/seed.rs`) rely on this shape:
//!
//! - [`HEAVY_CARD`] with `entries` earnings of 10 points on its ledger and [`LIGHT_CARD`] with
//!   [`LIGHT_ENTRIES`], every one still open (nothing spent or expired: the most a balance read
//!   could have to look at), one every few minutes over the last 300 days, each valid for the
//!   program's default validity (365 days) and spendable at once;
//! - `cards` cards [`ticket_card`]`(1…cards)` with nothing on them, for tickets;
//! - `vouchers` amount vouchers of 5 € under `S0000001`… (for the service's tickets) and as many
//!   under `P0000001`… (for pgbench's copy of them), voucher n on card `ticket_card(n % cards + 1)`,
//!   valid a year.
//!
//! No card has a holder: neither the balance nor a ticket reads the consumer.

use std::process::ExitCode;
use std::time::Instant;

use chrono::{Duration, NaiveDateTime, Utc};
use platform::config::DatabaseSettings;
use platform::db::{self, DbConn};
use platform::seed::{count, unknown};
use serde::Serialize;

use crate::cards::store as cards;
use crate::config::LoyaltySettings;
use crate::ledger::store::{self as ledger, Lot};
use crate::vouchers::model::Kind;
use crate::vouchers::store::{self as vouchers, NewVoucher};

/// Rows per transaction.
const BATCH: usize = 5_000;

/// The card with `entries` entries on its ledger.
pub const HEAVY_CARD: &str = "90000000001";
/// The card with [`LIGHT_ENTRIES`] entries on its ledger.
pub const LIGHT_CARD: &str = "90000000002";
pub const LIGHT_ENTRIES: usize = 10;
/// The points of each seeded earning.
pub const ENTRY_POINTS: i64 = 10;
/// The value of each seeded voucher, in cents.
pub const VOUCHER_CENTS: i64 = 500;

/// The number of ticket card `n` (from 1).
pub fn ticket_card(n: usize) -> String {
    format!("8{n:010}")
}

/// The number of voucher `n` (from 1) under `prefix` (`S` or `P`).
pub fn voucher_number(prefix: &str, n: usize) -> String {
    format!("{prefix}{n:07}")
}

const USAGE: &str = "usage: loyalty seed [--entries N] [--cards N] [--vouchers N]";

/// How much to write; the defaults are the bench's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub entries: usize,
    pub cards: usize,
    pub vouchers: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            entries: 100_000,
            cards: 2_048,
            vouchers: 200_000,
        }
    }
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Self::default();
        platform::seed::read_flags(args, |flag, value| {
            match flag {
                "--entries" => plan.entries = count(flag, value)?,
                "--cards" => plan.cards = count(flag, value)?,
                "--vouchers" => plan.vouchers = count(flag, value)?,
                _ => return unknown(flag, value),
            }
            Ok(())
        })?;
        if plan.cards == 0 || plan.cards > 9_999_999_999 || plan.vouchers > 9_999_999 {
            return Err(
                "--cards must be from 1 to 9999999999 and --vouchers at most 9999999".into(),
            );
        }
        Ok(plan)
    }
}

/// What was written.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub cards: usize,
    pub entries: usize,
    pub vouchers: usize,
    pub seconds: f64,
}

/// The binary's `seed` command: the summary as JSON on stdout, errors on stderr.
pub fn main(database: &DatabaseSettings, args: &[String]) -> ExitCode {
    platform::seed::command("loyalty", USAGE, Plan::parse(args), |plan| {
        run(database, &plan)
    })
}

/// Opens (and migrates) the database and writes the plan's rows; the database should hold none
/// of these cards yet.
pub fn run(database: &DatabaseSettings, plan: &Plan) -> Result<Summary, String> {
    if plan.cards == 0 {
        return Err("at least one ticket card is needed".into());
    }
    let started = Instant::now();
    let mut conn = platform::seed::connect(database, &crate::SPEC.migrations)?;
    let program = LoyaltySettings::default();
    let now = Utc::now().naive_utc();
    let mut summary = Summary::default();
    let mut numbers = vec![HEAVY_CARD.to_string(), LIGHT_CARD.to_string()];
    numbers.extend((1..=plan.cards).map(ticket_card));
    for batch in numbers.chunks(BATCH) {
        summary.cards +=
            db::write_transaction(&mut conn, |conn| cards::insert_many(conn, batch, now))
                .map_err(|e| e.to_string())?;
    }
    for (card, entries) in [(HEAVY_CARD, plan.entries), (LIGHT_CARD, LIGHT_ENTRIES)] {
        let lots = lots(entries, &program, now);
        for batch in lots.chunks(BATCH) {
            summary.entries += db::write_transaction(&mut conn, |conn| {
                ledger::earn_many(conn, card, "seed", batch)
            })
            .map_err(|e| e.to_string())?;
        }
    }
    let holders: Vec<String> = (0..plan.cards).map(|i| ticket_card(i + 1)).collect();
    for prefix in ["S", "P"] {
        let numbers: Vec<String> = (1..=plan.vouchers)
            .map(|n| voucher_number(prefix, n))
            .collect();
        for (index, batch) in numbers.chunks(BATCH).enumerate() {
            summary.vouchers += db::write_transaction(&mut conn, |conn| {
                vouchers_of(conn, &holders, index * BATCH + 1, batch, now)
            })
            .map_err(|e| e.to_string())?;
        }
    }
    db::settle_after_load(&mut conn).map_err(|e| e.to_string())?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// `entries` earnings, the oldest first, spread over the 300 days before `now`.
fn lots(entries: usize, program: &LoyaltySettings, now: NaiveDateTime) -> Vec<Lot> {
    let span = 300 * 86_400;
    let step = i64::try_from(span / entries.max(1)).unwrap_or(1).max(1);
    (0..entries)
        .map(|i| {
            let back = i64::try_from(entries - i).unwrap_or(i64::MAX / 2 / step);
            let created_at = now - Duration::seconds(back * step);
            Lot {
                points: ENTRY_POINTS,
                created_at,
                available_at: created_at + Duration::days(program.hold_days),
                expires_at: created_at + Duration::days(program.points_validity_days),
            }
        })
        .collect()
}

/// The vouchers `numbers`, the first being voucher `first`, each on the ticket card of its
/// number (`holders[n % cards]`).
fn vouchers_of(
    conn: &mut DbConn,
    holders: &[String],
    first: usize,
    numbers: &[String],
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let expires_at = now + Duration::days(365);
    let rows: Vec<NewVoucher> = numbers
        .iter()
        .enumerate()
        .map(|(i, number)| NewVoucher {
            number,
            card: &holders[(first + i) % holders.len()],
            kind: Kind::Amount,
            value: VOUCHER_CENTS,
            choices: &[],
            label: "Bench",
            expires_at,
        })
        .collect();
    vouchers::insert_many(conn, &rows, now)
}
