//! The `seed` command of a service binary (bench data written through the service's stores):
//! the plan from the arguments, then the work, its summary printed as JSON.

use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::config::DatabaseSettings;
use crate::db::{self, Migrations, PooledConn};

/// Reads `--flag value` pairs, each handed to `set`, which refuses the flags it does not know.
pub fn read_flags(
    args: &[String],
    mut set: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<(), String> {
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        set(flag, value)?;
    }
    Ok(())
}

/// A flag's value read as a count.
pub fn count(flag: &str, value: &str) -> Result<usize, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: {value:?} is not a count"))
}

/// The error of a flag `set` does not know (or, for a text, an empty value).
pub fn unknown(flag: &str, value: &str) -> Result<(), String> {
    Err(format!("unknown option or empty value: {flag} {value:?}"))
}

/// Midnight of a fixed calendar date of the seed's plan.
pub fn midnight(year: i32, month: u32, day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a fixed, valid date")
}

/// A connection to the configured database, migrated first.
pub fn connect(database: &DatabaseSettings, migrations: &Migrations) -> Result<PooledConn, String> {
    let pool = db::open(database, migrations).map_err(|e| e.to_string())?;
    pool.get().map_err(|e| format!("no connection: {e}"))
}

/// Runs `write` with the parsed plan: 2 and the usage on a bad plan, 1 on a failure, the
/// summary as JSON on stdout on success.
pub fn command<P, S: Serialize>(
    service: &str,
    usage: &str,
    plan: Result<P, String>,
    write: impl FnOnce(P) -> Result<S, String>,
) -> ExitCode {
    let plan = match plan {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("{service} seed: {err}\n{usage}");
            return ExitCode::from(2);
        }
    };
    match write(plan).and_then(|summary| serde_json::to_string(&summary).map_err(|e| e.to_string()))
    {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{service} seed: {err}");
            ExitCode::FAILURE
        }
    }
}
