//! Operations over a real database (SQLite, or PostgreSQL with `TEST_POSTGRES_URL`): readiness,
//! pool exhaustion, the outbox store, write locking, and keys fetched from the gateway.

mod common;

use std::net::TcpListener;

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use platform::config::DatabaseSettings;
use platform::db::{self, DbConn, Pool};
use platform::outbox::{self, outbox as outbox_table};
use serde_json::json;
use testkit::TestDb;

fn open(db: &TestDb) -> Pool {
    let settings = DatabaseSettings {
        url: db.url.clone(),
        pool_size: 8,
        connection_timeout_ms: 5000,
    };
    db::open(&settings, &common::SAV.migrations).expect("the database opens")
}

fn now() -> NaiveDateTime {
    // Whole microseconds: what both backends store.
    let now = Utc::now().naive_utc();
    now - Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos() % 1000))
}

#[tokio::test]
async fn readiness_reports_503_once_the_database_is_gone() {
    let app = testkit::spawn(&common::SAV, common::start(&common::SAV)).await;
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json(), json!({"status": "ready"}));
    assert_eq!(app.get("/healthz", None).await.status, 200);

    app.db.lose();

    let gone = app.get("/readyz", None).await;
    assert_eq!(gone.status, 503);
    assert_eq!(gone.json()["status"], "unavailable");
    // The process itself is still alive.
    assert_eq!(app.get("/healthz", None).await.status, 200);
}

#[tokio::test]
async fn an_exhausted_pool_answers_503_in_the_dialect() {
    let app = testkit::spawn_with(&common::RMA, common::start(&common::RMA), |s| {
        s.database.pool_size = 1;
        s.database.connection_timeout_ms = 200;
    })
    .await;
    let (first, second) = tokio::join!(app.get("/probe/hold", None), async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.get("/probe/hold", None).await
    });
    assert_eq!(first.status, 200);
    assert_eq!(second.status, 503);
    assert_eq!(second.json()["status"], "KO");
    assert_eq!(second.json()["error_code"], "SERVICE_UNAVAILABLE");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = testkit::spawn(&common::CRM, common::start(&common::CRM)).await;
    app.get("/probe/ok", None).await;
    app.get("/probe/ok", None).await;
    app.get("/nowhere", None).await;
    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/plain")
    );
    assert!(
        metrics
            .text
            .contains("http_requests_total{method=\"GET\",route=\"/probe/ok\",status=\"200\"} 2")
    );
    assert!(
        metrics
            .text
            .contains("route=\"unmatched\",status=\"404\"} 1")
    );
    assert!(
        metrics
            .text
            .contains("http_request_duration_seconds_count{method=\"GET\",route=\"/probe/ok\"} 2")
    );
}

#[test]
fn the_outbox_store_round_trips_the_same_rows_on_either_backend() {
    let db = TestDb::fresh("outbox");
    let pool = open(&db);
    let mut conn = pool.get().expect("a connection");
    let t0 = now();
    let topics = ["sav.created", "sav.updated"];
    let lease = |at: NaiveDateTime| at + Duration::seconds(10);

    let first = outbox::enqueue(&mut conn, "sav.created", None, &json!({"sav_id": 1}), t0).unwrap();
    let second = outbox::enqueue(
        &mut conn,
        "sav.updated",
        None,
        &json!({"sav_id": 1, "status": 4}),
        t0,
    )
    .unwrap();
    assert!(second.id > first.id);
    assert_ne!(first.event_id, second.event_id);
    assert_eq!(first.topic, "sav.created");
    assert_eq!(first.created_at, t0);
    assert_eq!(first.attempts, 0);
    assert_eq!(first.delivered_at, None);

    assert!(
        outbox::claim_due(&mut conn, &["other"], t0, lease(t0), 10)
            .unwrap()
            .is_empty()
    );
    let due = outbox::claim_due(&mut conn, &topics, t0, lease(t0), 10).unwrap();
    assert_eq!(due, vec![first.clone(), second.clone()]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&due[1].payload).unwrap(),
        json!({"sav_id": 1, "status": 4})
    );
    // Claimed: no other dispatcher takes them until the lease is over.
    assert!(
        outbox::claim_due(&mut conn, &topics, t0, lease(t0), 10)
            .unwrap()
            .is_empty()
    );

    assert_eq!(outbox::mark_delivered(&mut conn, first.id, t0).unwrap(), 1);
    let retry_at = t0 + Duration::seconds(30);
    assert_eq!(
        outbox::mark_failed(&mut conn, second.id, "peer down", retry_at).unwrap(),
        1
    );

    let before = retry_at - Duration::seconds(1);
    assert!(
        outbox::claim_due(&mut conn, &topics, before, lease(before), 10)
            .unwrap()
            .is_empty()
    );
    let later = outbox::claim_due(&mut conn, &topics, retry_at, lease(retry_at), 10).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].attempts, 1);
    assert_eq!(later[0].last_error.as_deref(), Some("peer down"));
    assert_eq!(later[0].next_attempt_at, retry_at);

    // Undelivered (leased) events are the backlog.
    assert_eq!(
        outbox::backlog(&mut conn).unwrap(),
        vec![("sav.updated".to_string(), 1, Some(t0))]
    );

    // The event id is the receivers' deduplication key: the database keeps it unique.
    let duplicate = diesel::insert_into(outbox_table::table)
        .values((
            outbox_table::event_id.eq(&first.event_id),
            outbox_table::topic.eq("x"),
            outbox_table::payload.eq("{}"),
            outbox_table::created_at.eq(t0),
            outbox_table::attempts.eq(0),
            outbox_table::next_attempt_at.eq(t0),
        ))
        .execute(&mut conn);
    assert!(matches!(
        duplicate,
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        ))
    ));
}

/// Read-then-write under `write_transaction`: PostgreSQL with `FOR UPDATE`, SQLite with
/// `BEGIN IMMEDIATE`. Concurrent writers lose no update and never see "database is locked".
#[test]
fn write_transactions_serialize_concurrent_read_modify_write() {
    let db = TestDb::fresh("locking");
    let pool = open(&db);
    let id = {
        let mut conn = pool.get().unwrap();
        outbox::enqueue(&mut conn, "counter", None, &json!({}), now())
            .unwrap()
            .id
    };
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                for _ in 0..10 {
                    let mut conn = pool.get().unwrap();
                    db::write_transaction(&mut conn, |conn| {
                        let attempts: i32 = match conn {
                            DbConn::Pg(pg) => outbox_table::table
                                .find(id)
                                .select(outbox_table::attempts)
                                .for_update()
                                .first(pg)?,
                            DbConn::Sqlite(_) => outbox_table::table
                                .find(id)
                                .select(outbox_table::attempts)
                                .first(conn)?,
                        };
                        std::thread::sleep(std::time::Duration::from_millis(1));
                        diesel::update(outbox_table::table.find(id))
                            .set(outbox_table::attempts.eq(attempts + 1))
                            .execute(conn)
                    })
                    .expect("no lost update, no lock error");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let mut conn = pool.get().unwrap();
    let attempts: i32 = outbox_table::table
        .find(id)
        .select(outbox_table::attempts)
        .first(&mut conn)
        .unwrap();
    assert_eq!(attempts, 80);

    // A failed closure rolls everything back.
    let failed: Result<(), diesel::result::Error> = db::write_transaction(&mut conn, |conn| {
        diesel::update(outbox_table::table.find(id))
            .set(outbox_table::attempts.eq(0))
            .execute(conn)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(failed.is_err());
    let attempts: i32 = outbox_table::table
        .find(id)
        .select(outbox_table::attempts)
        .first(&mut conn)
        .unwrap();
    assert_eq!(attempts, 80);
}

/// Services fetch the gateway's keys from its JWKS URL and cache them.
#[tokio::test]
async fn keys_are_fetched_from_the_gateway_jwks_url() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let jwks_url = format!(
        "http://{}/.well-known/jwks.json",
        listener.local_addr().unwrap()
    );
    let jwks = testkit::jwks_json();
    let server = HttpServer::new(move || {
        let jwks = jwks.clone();
        App::new().route(
            "/.well-known/jwks.json",
            web::get().to(move || {
                let jwks = jwks.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(jwks)
                }
            }),
        )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let jwks_server = server.handle();
    tokio::spawn(server);

    let app = testkit::spawn_with(&common::SAV, common::start(&common::SAV), |s| {
        s.auth.jwks = None;
        s.auth.jwks_url = Some(jwks_url.clone());
    })
    .await;
    let token = testkit::token(&["probe_read"], &[]);
    assert_eq!(app.get("/probe/scope", Some(&token)).await.status, 200);

    // Cached: the gateway going away does not break verification of known keys.
    jwks_server.stop(true).await;
    assert_eq!(app.get("/probe/scope", Some(&token)).await.status, 200);

    // Unreachable keys for an unknown key id: 503, not a false 401.
    let unreachable = testkit::spawn_with(&common::SAV, common::start(&common::SAV), |s| {
        s.auth.jwks = None;
        s.auth.jwks_url = Some(jwks_url);
    })
    .await;
    let res = unreachable.get("/probe/scope", Some(&token)).await;
    assert_eq!(res.status, 503);
    assert_eq!(res.json()["error_code"], "SERVICE_UNAVAILABLE");
}
