//! The outbox every service database carries (created by the platform's own migrations):
//! an event is written in the same transaction as the change it reports, then delivered at
//! least once by the [`dispatcher`], with backoff, in order within its stream.

pub mod claim;
pub mod dispatcher;
pub mod metrics;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;

pub use claim::claim_due;
pub use dispatcher::{DispatchSettings, Dispatcher, Outcome};

thread_local! {
    /// Whether the transaction running on this thread has written an event.
    static ENQUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wakes this process's idle dispatchers when a transaction that wrote an event commits, so
/// an event written here is delivered at once rather than at the next poll (other replicas
/// still find it by polling).
static WAKE: std::sync::LazyLock<tokio::sync::Notify> =
    std::sync::LazyLock::new(tokio::sync::Notify::new);

pub(crate) fn wake() -> &'static tokio::sync::Notify {
    &WAKE
}

/// Called by [`crate::db::write_transaction`] when its transaction ends: after a commit, the
/// dispatchers are woken if it wrote an event; after a rollback the mark is dropped.
pub(crate) fn transaction_ended(committed: bool) {
    if ENQUEUED.replace(false) && committed {
        WAKE.notify_waiters();
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        event_id -> Text,
        topic -> Text,
        payload -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        stream -> Nullable<Text>,
        gave_up_at -> Nullable<Timestamp>,
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxEvent {
    pub id: i64,
    pub event_id: String,
    pub topic: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    /// Events of one stream (an aggregate: a SAV, a demand) are delivered in the order they
    /// were written: one waits while an older one of its stream is neither delivered nor given
    /// up. `None`: no order with any other event.
    pub stream: Option<String>,
    pub gave_up_at: Option<NaiveDateTime>,
}

/// Records an event; call it inside the transaction that makes the change.
pub fn enqueue(
    conn: &mut DbConn,
    topic: &str,
    stream: Option<&str>,
    payload: &serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<OutboxEvent> {
    ENQUEUED.set(true);
    diesel::insert_into(outbox::table)
        .values((
            outbox::event_id.eq(uuid::Uuid::new_v4().to_string()),
            outbox::topic.eq(topic),
            outbox::payload.eq(payload.to_string()),
            outbox::created_at.eq(now),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::stream.eq(stream),
        ))
        .returning(outbox::all_columns)
        .get_result(conn)
}

pub fn mark_delivered(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::delivered_at.eq(now),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)
}

/// Counts a failed attempt and schedules the next one.
pub fn mark_failed(
    conn: &mut DbConn,
    id: i64,
    error: &str,
    retry_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
            outbox::next_attempt_at.eq(retry_at),
        ))
        .execute(conn)
}

/// Settles an event that will never be delivered: the next of its stream may go.
pub fn mark_given_up(
    conn: &mut DbConn,
    id: i64,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
            outbox::gave_up_at.eq(now),
        ))
        .execute(conn)
}

/// Deletes the events delivered or given up before `before`; how many.
pub fn prune_settled(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        outbox::table.filter(
            outbox::delivered_at
                .lt(before)
                .or(outbox::gave_up_at.lt(before)),
        ),
    )
    .execute(conn)
}

/// Events neither delivered nor given up, and the age in seconds of the oldest, per topic:
/// the backlog `/metrics` shows.
pub fn backlog(conn: &mut DbConn) -> QueryResult<Vec<(String, i64, Option<NaiveDateTime>)>> {
    use diesel::dsl::{count_star, min};
    outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::gave_up_at.is_null())
        .group_by(outbox::topic)
        .select((outbox::topic, count_star(), min(outbox::created_at)))
        .order(outbox::topic.asc())
        .load(conn)
}

/// The wait before attempt `attempts + 1`: `base` doubled after each failure, at most `max`.
pub fn backoff(
    attempts: i32,
    base: std::time::Duration,
    max: std::time::Duration,
) -> std::time::Duration {
    let doublings = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(2u32.saturating_pow(doublings)).min(max)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::backoff;

    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        let (base, max) = (Duration::from_secs(10), Duration::from_secs(3600));
        assert_eq!(backoff(0, base, max), Duration::from_secs(10));
        assert_eq!(backoff(1, base, max), Duration::from_secs(20));
        assert_eq!(backoff(3, base, max), Duration::from_secs(80));
        assert_eq!(backoff(9, base, max), Duration::from_secs(3600));
        assert_eq!(backoff(1000, base, max), Duration::from_secs(3600));
    }
}
