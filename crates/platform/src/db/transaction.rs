//! Writes that must not race: the write transaction and the row lock taken inside it.

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::DbConn;

/// SQLite writers queue here, in the process, rather than in SQLite's busy handler, which sleeps
/// in growing steps up to 100 ms and gave writes a tail of a second under load
/// (`scripts/bench sav`). A process serves one database, so one lock is enough.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A write transaction that holds the write lock from its first statement: `BEGIN IMMEDIATE` on
/// SQLite (a read-then-write transaction would otherwise fail with "database is locked"), a
/// plain transaction on PostgreSQL, where the store takes row locks with [`first_for_update!`].
///
/// [`first_for_update!`]: crate::first_for_update
pub fn write_transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let outcome = transaction(conn, work);
    crate::outbox::transaction_ended(outcome.is_ok());
    outcome
}

fn transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(work),
        DbConn::Sqlite(inner) => {
            let _writer = SQLITE_WRITER.lock().unwrap_or_else(|p| p.into_inner());
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let outcome = work(conn);
            match (outcome, conn) {
                (Ok(value), DbConn::Sqlite(inner)) => {
                    AnsiTransactionManager::commit_transaction(inner)?;
                    Ok(value)
                }
                (Err(err), DbConn::Sqlite(inner)) => {
                    AnsiTransactionManager::rollback_transaction(inner)?;
                    Err(err)
                }
                // The connection cannot change backend within the closure.
                (outcome, DbConn::Pg(_)) => outcome,
            }
        }
    }
}

/// The first row of a query (`Option`), locked until the end of the enclosing
/// [`write_transaction`]: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the transaction's
/// `BEGIN IMMEDIATE` already holds the database's write lock, so the plain query is enough.
///
/// `first_for_update!(conn, demands::table.filter(…).select(Demand::as_select()))`
///
/// A macro because `.for_update()` does not compile through the multi-backend connection and
/// diesel's lock type cannot be named in a generic function's bounds.
#[macro_export]
macro_rules! first_for_update {
    ($conn:expr, $query:expr $(,)?) => {{
        use ::diesel::{OptionalExtension as _, QueryDsl as _, RunQueryDsl as _};
        match $conn {
            $crate::db::DbConn::Pg(pg) => $query.for_update().first(pg).optional(),
            $crate::db::DbConn::Sqlite(sqlite) => $query.first(sqlite).optional(),
        }
    }};
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sqlite::SqliteConnection;

    use super::*;

    diesel::table! {
        counters (id) {
            id -> BigInt,
            n -> BigInt,
        }
    }

    fn sqlite() -> (tempfile::TempDir, DbConn) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        conn.batch_execute(
            "CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL); \
             INSERT INTO counters VALUES (1, 0);",
        )
        .unwrap();
        (dir, DbConn::Sqlite(conn))
    }

    #[test]
    fn the_locked_row_is_read_inside_the_write_transaction() {
        let (_dir, mut conn) = sqlite();
        let seen = write_transaction(&mut conn, |conn| {
            let row: Option<(i64, i64)> =
                crate::first_for_update!(conn, counters::table.filter(counters::id.eq(1)))?;
            diesel::update(counters::table.find(1))
                .set(counters::n.eq(counters::n + 1))
                .execute(conn)?;
            Ok::<_, diesel::result::Error>(row)
        })
        .unwrap();
        assert_eq!(seen, Some((1, 0)));
        let missing: Option<(i64, i64)> = write_transaction(&mut conn, |conn| {
            crate::first_for_update!(conn, counters::table.filter(counters::id.eq(2)))
        })
        .unwrap();
        assert_eq!(missing, None);
    }

    #[test]
    fn a_failed_write_transaction_is_rolled_back() {
        let (_dir, mut conn) = sqlite();
        let failed = write_transaction(&mut conn, |conn| {
            diesel::update(counters::table.find(1))
                .set(counters::n.eq(5))
                .execute(conn)?;
            Err::<(), _>(diesel::result::Error::RollbackTransaction)
        });
        assert!(failed.is_err());
        let n: i64 = counters::table
            .find(1)
            .select(counters::n)
            .first(&mut conn)
            .unwrap();
        assert_eq!(n, 0);
    }
}
