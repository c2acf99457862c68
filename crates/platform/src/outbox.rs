//! The outbox every service database carries (created by the platform's own migrations):
//! an event is written in the same transaction as the change it reports, then delivered at
//! least once by a dispatcher, with backoff.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;

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
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
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
}

/// Records an event; call it inside the transaction that makes the change.
pub fn enqueue(
    conn: &mut DbConn,
    topic: &str,
    payload: &serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<OutboxEvent> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::event_id.eq(uuid::Uuid::new_v4().to_string()),
            outbox::topic.eq(topic),
            outbox::payload.eq(payload.to_string()),
            outbox::created_at.eq(now),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
        ))
        .returning(outbox::all_columns)
        .get_result(conn)
}

/// Undelivered events whose next attempt is due, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxEvent>> {
    outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .order(outbox::id.asc())
        .limit(limit)
        .select(OutboxEvent::as_select())
        .load(conn)
}

pub fn mark_delivered(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set(outbox::delivered_at.eq(now))
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

/// Deletes the events delivered before `before`; how many.
pub fn prune_delivered(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(outbox::table.filter(outbox::delivered_at.lt(before))).execute(conn)
}

/// Takes the event for one delivery attempt: its next attempt moves to `lease_until`, so a
/// dispatcher that dies mid-delivery retries it then, and two dispatchers never send it at
/// once. `false` when another dispatcher claimed it first (its `next_attempt_at` moved).
pub fn claim(
    conn: &mut DbConn,
    event: &OutboxEvent,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .find(event.id)
            .filter(outbox::delivered_at.is_null())
            .filter(outbox::next_attempt_at.eq(event.next_attempt_at)),
    )
    .set(outbox::next_attempt_at.eq(lease_until))
    .execute(conn)
    .map(|updated| updated == 1)
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
