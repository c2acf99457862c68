//! The outbox's dispatcher over a real database (SQLite, or PostgreSQL with
//! `TEST_POSTGRES_URL`): order within a stream, retries, giving up, and several dispatchers
//! (replicas) over one database delivering each event once.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use platform::config::DatabaseSettings;
use platform::db::{self, Pool};
use platform::outbox::{self, DispatchSettings, Dispatcher, OutboxEvent, Outcome};
use serde_json::json;
use testkit::TestDb;

fn open(db: &TestDb) -> Pool {
    let settings = DatabaseSettings {
        url: db.url.clone(),
        pool_size: 4,
        connection_timeout_ms: 5000,
    };
    db::open(&settings, &common::SAV.migrations).expect("the database opens")
}

fn fast() -> DispatchSettings {
    DispatchSettings {
        poll_interval_ms: 10,
        retry_base_ms: 20,
        retry_max_ms: 80,
        timeout_ms: 2000,
        batch_size: 8,
        ..DispatchSettings::default()
    }
}

/// What a fake receiver saw: (dispatcher, stream, sequence number, event id), in arrival order.
type Seen = Arc<Mutex<Vec<(usize, String, i64, String)>>>;

/// A delivery function that fails each event's first `failures` attempts, then records it.
fn receiver(
    name: usize,
    seen: Seen,
    failures: i32,
) -> impl Fn(OutboxEvent) -> futures_util::future::BoxFuture<'static, Outcome> + Send + Sync {
    move |event: OutboxEvent| {
        let seen = seen.clone();
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(2)).await;
            if event.attempts < failures {
                return Outcome::Failed("down".into());
            }
            let payload: serde_json::Value =
                serde_json::from_str(&event.payload).expect("json payload");
            seen.lock().expect("lock").push((
                name,
                event.stream.clone().unwrap_or_default(),
                payload["seq"].as_i64().unwrap_or(-1),
                event.event_id.clone(),
            ));
            Outcome::Delivered
        })
    }
}

fn enqueue_streams(pool: &Pool, streams: usize, per_stream: i64) {
    let mut conn = pool.get().expect("a connection");
    for seq in 0..per_stream {
        for stream in 0..streams {
            let stream = format!("s{stream}");
            outbox::enqueue(
                &mut conn,
                "test",
                Some(&stream),
                &json!({"seq": seq}),
                Utc::now().naive_utc(),
            )
            .expect("enqueued");
        }
    }
}

async fn wait_for(seen: &Seen, count: usize) {
    for _ in 0..1500 {
        if seen.lock().expect("lock").len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "expected {count} deliveries, got {}",
        seen.lock().expect("lock").len()
    );
}

fn assert_once_and_in_order(seen: &Seen, streams: usize, per_stream: i64) {
    let seen = seen.lock().expect("lock").clone();
    let mut ids: Vec<_> = seen.iter().map(|(_, _, _, id)| id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), seen.len(), "an event was delivered twice");
    assert_eq!(
        seen.len(),
        streams * usize::try_from(per_stream).expect("count")
    );
    let mut by_stream: HashMap<String, Vec<i64>> = HashMap::new();
    for (_, stream, seq, _) in &seen {
        by_stream.entry(stream.clone()).or_default().push(*seq);
    }
    for (stream, seqs) in by_stream {
        assert_eq!(
            seqs,
            (0..per_stream).collect::<Vec<_>>(),
            "order of {stream}"
        );
    }
}

#[tokio::test]
async fn events_of_a_stream_arrive_in_order_after_failures() {
    let db = TestDb::fresh("outbox");
    let pool = open(&db);
    enqueue_streams(&pool, 3, 5);
    let seen = Seen::default();
    let dispatcher =
        Dispatcher::new(pool.clone(), fast()).route("test", receiver(0, seen.clone(), 2));
    let task = tokio::spawn(dispatcher.run());
    wait_for(&seen, 15).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    assert_once_and_in_order(&seen, 3, 5);
    let mut conn = pool.get().expect("a connection");
    assert!(outbox::backlog(&mut conn).expect("backlog").is_empty());
}

/// Two replicas (two dispatchers, each with its own pool) over one database: each event is
/// delivered once, the order of each stream holds, and both take a share.
#[tokio::test]
async fn two_dispatchers_over_one_database_deliver_each_event_once() {
    let db = TestDb::fresh("outbox");
    let pool = open(&db);
    enqueue_streams(&pool, 20, 10);
    let seen = Seen::default();
    let tasks: Vec<_> = (0..2)
        .map(|name| {
            let own_pool = open(&db);
            let dispatcher = Dispatcher::new(own_pool, fast())
                .route("test", receiver(name, seen.clone(), i32::from(name == 0)));
            tokio::spawn(dispatcher.run())
        })
        .collect();
    wait_for(&seen, 200).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for task in tasks {
        task.abort();
    }
    assert_once_and_in_order(&seen, 20, 10);
    let shares: Vec<usize> = (0..2)
        .map(|name| {
            seen.lock()
                .expect("lock")
                .iter()
                .filter(|d| d.0 == name)
                .count()
        })
        .collect();
    assert!(
        shares.iter().all(|n| *n > 0),
        "both replicas deliver: {shares:?}"
    );
}

#[tokio::test]
async fn an_event_failing_past_its_retry_period_is_given_up_and_its_stream_goes_on() {
    let db = TestDb::fresh("outbox");
    let pool = open(&db);
    {
        let mut conn = pool.get().expect("a connection");
        let old = Utc::now().naive_utc() - chrono::Duration::hours(2);
        outbox::enqueue(
            &mut conn,
            "test",
            Some("s0"),
            &json!({"seq": 0, "poison": true}),
            old,
        )
        .expect("enqueued");
        outbox::enqueue(
            &mut conn,
            "test",
            Some("s0"),
            &json!({"seq": 1}),
            Utc::now().naive_utc(),
        )
        .expect("enqueued");
    }
    let seen = Seen::default();
    let recorder = receiver(0, seen.clone(), 0);
    let settings = DispatchSettings {
        retry_for_hours: 1,
        ..fast()
    };
    let dispatcher = Dispatcher::new(pool.clone(), settings).route("test", move |event| {
        let poison = event.payload.contains("poison");
        let delivered = recorder(event);
        async move {
            if poison {
                Outcome::Failed("always down".into())
            } else {
                delivered.await
            }
        }
    });
    let task = tokio::spawn(dispatcher.run());
    wait_for(&seen, 1).await;
    task.abort();
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.iter().map(|d| d.2).collect::<Vec<_>>(), [1]);
    let mut conn = pool.get().expect("a connection");
    assert!(outbox::backlog(&mut conn).expect("backlog").is_empty());
}

/// An idle dispatcher polling once a minute still delivers at once an event whose transaction
/// committed in its own process; a rolled-back event wakes nothing and is never delivered.
#[tokio::test]
async fn a_committed_event_wakes_an_idle_dispatcher_of_its_process() {
    let db = TestDb::fresh("outbox");
    let pool = open(&db);
    let seen = Seen::default();
    let slow_poll = DispatchSettings {
        poll_interval_ms: 60_000,
        ..fast()
    };
    let dispatcher =
        Dispatcher::new(pool.clone(), slow_poll).route("test", receiver(0, seen.clone(), 0));
    let task = tokio::spawn(dispatcher.run());
    // Its first round has found nothing and it sleeps.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let write = |seq: i64, commit: bool| {
        let pool = pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("a connection");
            let _ = db::write_transaction(&mut conn, |conn| {
                outbox::enqueue(
                    conn,
                    "test",
                    None,
                    &json!({"seq": seq}),
                    Utc::now().naive_utc(),
                )?;
                if commit {
                    Ok(())
                } else {
                    Err(diesel::result::Error::RollbackTransaction)
                }
            });
        })
    };
    write(0, false).await.expect("written");
    write(1, true).await.expect("written");
    let started = std::time::Instant::now();
    wait_for(&seen, 1).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    let seqs: Vec<i64> = seen.lock().expect("lock").iter().map(|s| s.2).collect();
    assert_eq!(seqs, [1], "the rolled-back event does not exist");
}
