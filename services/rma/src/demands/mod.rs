//! Demands: the files a retailer sends to a repair center, their status history and messages,
//! and the routes of seed 001 that move them along.

pub mod handlers;
pub mod model;
pub mod number;
pub mod requests;
pub mod responses;
pub mod store;

use chrono::{NaiveDateTime, Utc};
use platform::AppError;
use platform::db::{self, DbConn, Pool};

use crate::access::Side;
use crate::errors::RmaError;
use model::Demand;

/// Every write on a demand: in one write transaction, the demand `side` may see under `number`
/// is locked (404 when it may not see it), then `work` checks its rules and writes, at `now`.
pub async fn write<T, F>(pool: &Pool, side: Side, number: String, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn, &Side, &mut Demand, NaiveDateTime) -> Result<T, AppError>
        + Send
        + 'static,
    T: Send + 'static,
{
    db::run(pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let mut demand =
                store::lock_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
            work(conn, &side, &mut demand, Utc::now().naive_utc())
        })
    })
    .await
}
