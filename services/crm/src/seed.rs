//! `crm seed`: the data `scripts/bench crm` measures on, written through the stores
//! (multi-row inserts, one write transaction per batch) into the configured database, either
//! backend. The bench and its test (`tests/seed.rs`) rely on this shape:
//!
//! - `clients` customers n = 1… with [`id_client`]`(n)` as `IdClient`, `Nom` `Nom<n>`,
//!   `Prenom` `Prenom<n>`, `Compte` `C` and n on 8 digits, `Email` `client<n>@bench.test`,
//!   `Phone` `06` and n on 8 digits, no credit yet, and the other fields of the document's rows
//!   filled (a payment date in 2025, an amount paid, an age, a sex);
//! - customer n holds the fidelity card n (`carteFid`).
//!
//! The bench's import adds rows of its own (`Compte` `I…`), none of these.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use platform::config::DatabaseSettings;
use platform::db::{self, DbConn};
use platform::seed::{count, unknown};
use serde::Serialize;

use crate::cards::store as cards;
use crate::clients::model::email_key;
use crate::clients::store::{self as clients, NewClient, Values};

/// Customers per transaction.
const BATCH: usize = 5_000;

/// The `IdClient` of seeded customer `n` (from 1): a UUID, as the service makes them, that
/// the bench can name.
pub fn id_client(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

const USAGE: &str = "usage: crm seed [--clients N]";

/// How much to write; the default is the bench's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub clients: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Self { clients: 100_000 }
    }
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Self::default();
        platform::seed::read_flags(args, |flag, value| {
            match flag {
                "--clients" => plan.clients = count(flag, value)?,
                _ => return unknown(flag, value),
            }
            Ok(())
        })?;
        if plan.clients > 99_999_999 {
            return Err("--clients must be at most 99999999".into());
        }
        Ok(plan)
    }
}

/// What was written.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub clients: usize,
    pub cards: usize,
    pub seconds: f64,
}

/// The binary's `seed` command: the summary as JSON on stdout, errors on stderr.
pub fn main(database: &DatabaseSettings, args: &[String]) -> ExitCode {
    platform::seed::command("crm", USAGE, Plan::parse(args), |plan| run(database, &plan))
}

/// Opens (and migrates) the database and writes the plan's rows; the database should hold none
/// of these customers yet.
pub fn run(database: &DatabaseSettings, plan: &Plan) -> Result<Summary, String> {
    let started = Instant::now();
    let mut conn = platform::seed::connect(database, &crate::SPEC.migrations)?;
    let now = NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|day| day.and_hms_opt(9, 0, 0))
        .unwrap_or(NaiveDateTime::MIN);
    let mut summary = Summary::default();
    let numbers: Vec<usize> = (1..=plan.clients).collect();
    for batch in numbers.chunks(BATCH) {
        let (written, held) = db::write_transaction(&mut conn, |conn| clients_of(conn, batch, now))
            .map_err(|e| e.to_string())?;
        summary.clients += written;
        summary.cards += held;
    }
    db::settle_after_load(&mut conn).map_err(|e| e.to_string())?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The customers `numbers`, each with its card; answers how many of each were written.
fn clients_of(
    conn: &mut DbConn,
    numbers: &[usize],
    now: NaiveDateTime,
) -> diesel::QueryResult<(usize, usize)> {
    let ids: Vec<String> = numbers.iter().map(|&n| id_client(n)).collect();
    let rows: Vec<NewClient> = numbers
        .iter()
        .zip(&ids)
        .map(|(&n, id)| {
            let email = format!("client{n}@bench.test");
            let days = i64::try_from(n % 365).unwrap_or(0);
            let cents = i64::try_from(n % 100).unwrap_or(0) * 1_000 + 1_000;
            NewClient {
                id_client: id,
                values: Values {
                    nom: format!("Nom{n}"),
                    prenom: format!("Prenom{n}"),
                    credit_cents: 0,
                    date_paiement: Some(now.date() + Duration::days(days)),
                    montant_cents: cents,
                    nb_refus: 0,
                    compte: Some(format!("C{n:08}")),
                    age: Some(18 + i64::try_from(n % 60).unwrap_or(0)),
                    sexe: Some(if n % 2 == 0 { "f" } else { "h" }.to_string()),
                    email_key: Some(email_key(&email)),
                    email: Some(email),
                    phone: Some(format!("06{n:08}")),
                    panier_moyen_cents: cents / 4,
                },
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let written = clients::insert_many(conn, &rows)?;
    let numbers_of: HashMap<&str, usize> = ids
        .iter()
        .zip(numbers)
        .map(|(id, &n)| (id.as_str(), n))
        .collect();
    let mut held: Vec<(i64, i64)> = clients::row_ids(conn, &ids)?
        .into_iter()
        .filter_map(|(id, row)| {
            let n = numbers_of.get(id.as_str())?;
            Some((i64::try_from(*n).ok()?, row))
        })
        .collect();
    held.sort_unstable();
    let cards = cards::attach_many(conn, &held, now)?;
    Ok((written, cards))
}
