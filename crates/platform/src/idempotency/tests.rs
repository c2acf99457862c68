use diesel::prelude::*;

use super::store::idempotency_keys;
use super::*;
use crate::db::DbConn;

fn database() -> (tempfile::TempDir, db::PooledConn) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let target =
        db::DbTarget::parse(&dir.path().join("t.db").display().to_string()).expect("a SQLite path");
    let settings = crate::config::DatabaseSettings {
        url: String::new(),
        pool_size: 1,
        connection_timeout_ms: 1000,
    };
    // The platform's own set again, as a service's: applying it twice is a no-op.
    static MIGRATIONS: db::Migrations = db::Migrations {
        postgres: diesel_migrations::embed_migrations!("migrations/postgres"),
        sqlite: diesel_migrations::embed_migrations!("migrations/sqlite"),
    };
    let mut conn = db::pool(target, &settings).get().expect("a connection");
    MIGRATIONS.run_pending(&mut conn).expect("migrated");
    (dir, conn)
}

fn age(conn: &mut DbConn, key: &str, hours: i64) {
    let then = Utc::now().naive_utc() - chrono::Duration::hours(hours);
    diesel::update(idempotency_keys::table.filter(idempotency_keys::idempotency_key.eq(key)))
        .set(idempotency_keys::created_at.eq(then))
        .execute(conn)
        .expect("aged");
}

#[test]
fn keys_are_kept_a_day_then_free_again() {
    let (_dir, mut conn) = database();
    assert!(matches!(reserve(&mut conn, "c", "k", "h1"), Ok(Seen::New)));
    remember(&mut conn, "c", "k", 201, None, b"first").expect("kept");
    assert!(matches!(
        reserve(&mut conn, "c", "k", "h1"),
        Ok(Seen::Replay { status: 201, .. })
    ));
    assert!(matches!(
        reserve(&mut conn, "c", "k", "h2"),
        Ok(Seen::OtherRequest)
    ));

    age(&mut conn, "k", 25);
    assert!(matches!(reserve(&mut conn, "c", "k", "h2"), Ok(Seen::New)));

    assert!(matches!(reserve(&mut conn, "c", "old", "h"), Ok(Seen::New)));
    age(&mut conn, "old", 30);
    assert_eq!(sweep(&mut conn, Utc::now().naive_utc()).expect("swept"), 1);
    let left: i64 = idempotency_keys::table
        .count()
        .get_result(&mut conn)
        .expect("counted");
    assert_eq!(left, 1);
}
