//! The receiving side of the outbox: every service database carries an `inbox` of the event ids
//! it has acted on (created by the platform's own migrations). Delivery is at least once, so a
//! receiver calls [`first_time`] inside the transaction that acts on an event: a repeat finds
//! its id taken and acts on nothing; a failed action rolls the id back with it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;

diesel::table! {
    inbox (event_id) {
        event_id -> Text,
        topic -> Text,
        received_at -> Timestamp,
    }
}

/// Records `event_id` as received; false when it already was (the event is a repeat). Call it
/// inside the transaction that acts on the event: two concurrent deliveries of one event meet
/// on the primary key, and one of them finds nothing to do.
pub fn first_time(
    conn: &mut DbConn,
    event_id: &str,
    topic: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let values = (
        inbox::event_id.eq(event_id),
        inbox::topic.eq(topic),
        inbox::received_at.eq(now),
    );
    let inserted = match conn {
        DbConn::Pg(pg) => diesel::insert_into(inbox::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(sqlite) => diesel::insert_or_ignore_into(inbox::table)
            .values(values)
            .execute(sqlite)?,
    };
    Ok(inserted == 1)
}
