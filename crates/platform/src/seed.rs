//! The `seed` command of a service binary (bench data written through the service's stores):
//! the plan from the arguments, then the work, its summary printed as JSON.

use std::process::ExitCode;

use serde::Serialize;

use crate::config::DatabaseSettings;
use crate::db::{self, Migrations, PooledConn};

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
