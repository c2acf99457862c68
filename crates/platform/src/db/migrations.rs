//! Each service's embedded migrations, one folder per backend, after the platform's own.

use diesel::connection::SimpleConnection;
use diesel::migration::{Migration, MigrationSource};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use super::{DbConn, DbError};

/// The migrations of one service, one embedded folder per backend (same steps, each backend's SQL).
pub struct Migrations {
    pub postgres: EmbeddedMigrations,
    pub sqlite: EmbeddedMigrations,
}

/// The calling crate's migrations, from its `migrations/postgres` and `migrations/sqlite`
/// folders (the layout every service keeps).
#[macro_export]
macro_rules! embedded_migrations {
    () => {
        $crate::db::Migrations {
            postgres: ::diesel_migrations::embed_migrations!("migrations/postgres"),
            sqlite: ::diesel_migrations::embed_migrations!("migrations/sqlite"),
        }
    };
}

/// The platform's own tables (the outbox), in every service's database, applied before the
/// service's own migrations.
static PLATFORM_MIGRATIONS: Migrations = crate::embedded_migrations!();

impl Migrations {
    /// Applies the platform's pending migrations, then this set's; how many were applied.
    pub fn run_pending(&self, conn: &mut DbConn) -> Result<usize, DbError> {
        Ok(PLATFORM_MIGRATIONS.run_own(conn)? + self.run_own(conn)?)
    }

    /// Whether the platform's or this set's migrations are not all applied.
    pub fn has_pending(&self, conn: &mut DbConn) -> Result<bool, DbError> {
        Ok(PLATFORM_MIGRATIONS.has_own_pending(conn)? || self.has_own_pending(conn)?)
    }

    fn run_own(&self, conn: &mut DbConn) -> Result<usize, DbError> {
        let applied = match conn {
            DbConn::Pg(c) => c
                .run_pending_migrations(Source(&self.postgres))
                .map(|v| v.len()),
            DbConn::Sqlite(c) => c
                .run_pending_migrations(Source(&self.sqlite))
                .map(|v| v.len()),
        };
        applied.map_err(|e| DbError::Migration(e.to_string()))
    }

    fn has_own_pending(&self, conn: &mut DbConn) -> Result<bool, DbError> {
        let pending = match conn {
            DbConn::Pg(c) => c.has_pending_migration(Source(&self.postgres)),
            DbConn::Sqlite(c) => c.has_pending_migration(Source(&self.sqlite)),
        };
        pending.map_err(|e| DbError::Migration(e.to_string()))
    }
}

/// Lends an embedded set to diesel's harness, which wants its source by value.
struct Source<'a>(&'a EmbeddedMigrations);

impl<DB: diesel::backend::Backend> MigrationSource<DB> for Source<'_> {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        MigrationSource::<DB>::migrations(self.0)
    }
}

/// Replicas starting together must not apply the same migration twice: on PostgreSQL the run
/// holds a session advisory lock (SQLite serializes writers by itself).
pub(super) fn migrate_exclusively(
    conn: &mut DbConn,
    migrations: &Migrations,
) -> Result<usize, DbError> {
    const MIGRATION_LOCK: i64 = 0x5e7_1ce;
    if let DbConn::Sqlite(_) = conn {
        return migrations.run_pending(conn);
    }
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let outcome = migrations.run_pending(conn);
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
    outcome
}
