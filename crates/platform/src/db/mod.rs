//! One connection type over SQLite or PostgreSQL (chosen by the URL), its r2d2 pool, embedded
//! migrations per backend, the helper that runs blocking diesel work off the async workers, and
//! what makes concurrent writes safe (write transaction, row lock, unique violations).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

use crate::config::DatabaseSettings;
use crate::error::AppError;

mod migrations;
mod order;
mod transaction;
mod unique;

pub use migrations::Migrations;
use migrations::migrate_exclusively;
pub use transaction::write_transaction;
pub use unique::{UniqueViolationAs, is_unique_violation};

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type PooledConn = r2d2::PooledConnection<Manager>;

/// The connection pool, which also knows what it points at (for readiness).
#[derive(Clone)]
pub struct Pool {
    inner: r2d2::Pool<Manager>,
    target: Arc<DbTarget>,
}

impl Pool {
    /// A connection, or an error after the configured wait (answered as 503).
    pub fn get(&self) -> Result<PooledConn, r2d2::Error> {
        self.inner.get()
    }

    pub fn target(&self) -> &DbTarget {
        &self.target
    }
}

/// Where the data lives, parsed from the configured URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    Postgres(String),
    Sqlite(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL {0:?}: use postgres://… , sqlite://path or a file path")]
    UnsupportedUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] ConnectionError),
    #[error("cannot prepare the SQLite file: {0}")]
    SqliteFile(String),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migrations failed: {0}")]
    Migration(String),
}

impl DbTarget {
    pub fn parse(url: &str) -> Result<Self, DbError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        // An in-memory database behind a pool would give each connection its own empty database.
        if path.is_empty() || path.contains("://") || path.starts_with(":memory:") {
            return Err(DbError::UnsupportedUrl(url.to_string()));
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }
}

/// Pool manager that picks the backend from the URL, so a down PostgreSQL is reported as what
/// it is rather than as an invalid URL.
#[derive(Debug, Clone)]
pub struct Manager {
    target: DbTarget,
}

impl Manager {
    pub fn new(target: DbTarget) -> Self {
        Self { target }
    }

    pub fn target(&self) -> &DbTarget {
        &self.target
    }
}

fn connect(target: &DbTarget) -> Result<DbConn, DbError> {
    match target {
        DbTarget::Postgres(url) => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        DbTarget::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
            // Per connection: foreign keys are off unless set on each one; busy timeout first so
            // the other pragmas wait instead of failing while another connection writes. The
            // pool's checkpointer keeps the WAL short (see `checkpoint_in_background`), so a
            // commit only checkpoints (and waits on fsync) if the WAL grew past 16 MB anyway.
            conn.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                 PRAGMA wal_autocheckpoint = 4000;",
            )?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        connect(&self.target)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.ping().map_err(DbError::Query)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// Opens the database, applies pending migrations, and returns the pool. The first connection
/// is made directly so a start-up failure names its real cause.
pub fn open(settings: &DatabaseSettings, migrations: &Migrations) -> Result<Pool, DbError> {
    let target = DbTarget::parse(&settings.url)?;
    if let DbTarget::Sqlite(path) = &target {
        create_parent_dir(path)?;
    }
    let mut first = connect(&target)?;
    let applied = migrate_exclusively(&mut first, migrations)?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    drop(first);
    Ok(pool(target, settings))
}

/// A pool without opening any connection yet (connections are made on demand).
pub fn pool(target: DbTarget, settings: &DatabaseSettings) -> Pool {
    let inner = r2d2::Pool::builder()
        .max_size(settings.pool_size.max(1))
        .min_idle(Some(0))
        .connection_timeout(Duration::from_millis(settings.connection_timeout_ms.max(1)))
        // A `SELECT 1` per checkout costs more than the rare broken connection it would catch.
        .test_on_check_out(false)
        .build_unchecked(Manager::new(target.clone()));
    let target = Arc::new(target);
    if let DbTarget::Sqlite(path) = target.as_ref() {
        checkpoint_in_background(path.clone(), Arc::downgrade(&target));
    }
    Pool { inner, target }
}

/// How often the WAL is copied back into the SQLite file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(50);

/// Copies the WAL back into the database file from a thread of its own, as long as the pool
/// lives (`alive`). By default SQLite makes the commit that crosses 1,000 WAL pages do that copy
/// and its fsync, and every writer queued behind it waits: the write's p99 under load
/// (`scripts/bench sav`). A passive checkpoint never blocks writers or readers.
fn checkpoint_in_background(path: PathBuf, alive: std::sync::Weak<DbTarget>) {
    let spawned = std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            let mut conn = match SqliteConnection::establish(&path.to_string_lossy()) {
                Ok(conn) => conn,
                Err(err) => {
                    tracing::warn!(error = %err, "no background checkpoints: commits will checkpoint");
                    return;
                }
            };
            while alive.strong_count() > 0 {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(err) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE);") {
                    tracing::debug!(error = %err, "background checkpoint failed");
                }
            }
        });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "no background checkpoints: commits will checkpoint");
    }
}

fn create_parent_dir(path: &Path) -> Result<(), DbError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| DbError::SqliteFile(format!("{}: {e}", dir.display()))),
        _ => Ok(()),
    }
}

/// Runs blocking diesel work on the blocking thread pool, in the caller's tracing span. The pool
/// connection is taken inside, so an exhausted pool or a lost database answers 503, and a panic
/// becomes a logged 500.
pub async fn run<T, E, F>(pool: &Pool, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<AppError> + Send + 'static,
{
    let pool = pool.clone();
    blocking(move || {
        let mut conn = pool.get()?;
        work(&mut conn).map_err(Into::into)
    })
    .await
}

/// Runs blocking work (a query, a password hash) off the async workers, keeping the span.
pub async fn blocking<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    match tokio::task::spawn_blocking(move || span.in_scope(work)).await {
        Ok(result) => result,
        Err(join) => Err(AppError::internal(format!("blocking task failed: {join}"))),
    }
}

/// Bound parameters one multi-row insert may carry on both backends (SQLite allows 32,766,
/// PostgreSQL 65,535): stores split larger loads into statements of this many.
pub const MAX_BIND_PARAMS: usize = 30_000;

/// After a bulk load (the bench seeds): fresh statistics for the planner, and the load's
/// writes flushed (PostgreSQL checkpoint, SQLite WAL copied into the file), so that neither
/// autovacuum nor a checkpoint of the load competes with what runs next. Outside a transaction.
pub fn settle_after_load(conn: &mut DbConn) -> Result<(), diesel::result::Error> {
    match conn {
        // One statement per call: PostgreSQL runs a multi-statement string as one transaction,
        // where VACUUM cannot run.
        DbConn::Pg(_) => {
            conn.batch_execute("VACUUM ANALYZE")?;
            conn.batch_execute("CHECKPOINT")
        }
        DbConn::Sqlite(_) => conn.batch_execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);"),
    }
}

/// What `/readyz` checks: the database answers, every migration is applied, and (SQLite) the
/// file is still where it was configured, since a deleted file would silently lose every write.
pub fn check_ready(pool: &Pool, migrations: &Migrations) -> Result<(), String> {
    if let DbTarget::Sqlite(path) = pool.target()
        && !path.exists()
    {
        return Err(format!("SQLite file {} is gone", path.display()));
    }
    let mut conn = pool
        .get()
        .map_err(|e| format!("no database connection: {e}"))?;
    conn.ping()
        .map_err(|e| format!("database does not answer: {e}"))?;
    match migrations.has_pending(&mut conn) {
        Ok(false) => Ok(()),
        Ok(true) => Err("migrations pending".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_chooses_the_backend() {
        assert_eq!(
            DbTarget::parse("postgres://u@h/db").unwrap(),
            DbTarget::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(
            DbTarget::parse("postgresql://h/db").unwrap(),
            DbTarget::Postgres("postgresql://h/db".into())
        );
        assert_eq!(
            DbTarget::parse("sqlite://var/sav.db").unwrap(),
            DbTarget::Sqlite("var/sav.db".into())
        );
        assert_eq!(
            DbTarget::parse("var/sav.db").unwrap(),
            DbTarget::Sqlite("var/sav.db".into())
        );
    }

    #[test]
    fn other_urls_are_a_clear_start_up_error() {
        for url in ["mysql://h/db", "", ":memory:", "sqlite://:memory:"] {
            let err = DbTarget::parse(url).unwrap_err();
            assert!(
                err.to_string().contains("unsupported database URL"),
                "{err}"
            );
        }
    }

    #[test]
    fn sqlite_connections_get_their_pragmas() {
        use diesel::RunQueryDsl;
        use diesel::sql_types::BigInt;

        #[derive(diesel::QueryableByName)]
        struct Pragma {
            #[diesel(sql_type = BigInt)]
            foreign_keys: i64,
        }

        let dir = tempfile::tempdir().unwrap();
        let target = DbTarget::Sqlite(dir.path().join("t.db"));
        let DbConn::Sqlite(mut conn) = connect(&target).unwrap() else {
            panic!("expected SQLite");
        };
        let row: Pragma = diesel::sql_query("PRAGMA foreign_keys")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(row.foreign_keys, 1);
    }

    #[test]
    fn the_pool_checkpoints_the_wal_into_the_file_in_the_background() {
        use diesel::RunQueryDsl;
        use diesel::sql_types::BigInt;

        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let settings = DatabaseSettings {
            url: path.display().to_string(),
            pool_size: 2,
            connection_timeout_ms: 1000,
        };
        let pool = pool(DbTarget::Sqlite(path.clone()), &settings);
        let mut conn = pool.get().unwrap();
        conn.batch_execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t DEFAULT VALUES;",
        )
        .unwrap();
        // Far below the 4,000-page autocheckpoint: only the background thread copies the WAL.
        std::thread::sleep(CHECKPOINT_EVERY * 6);
        let copy = dir.path().join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        let mut file_alone = SqliteConnection::establish(&copy.display().to_string()).unwrap();
        let row: Count = diesel::sql_query("SELECT count(*) AS n FROM t")
            .get_result(&mut file_alone)
            .unwrap();
        assert_eq!(row.n, 1);
    }
}
