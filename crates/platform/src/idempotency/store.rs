//! Where remembered answers are kept: one row per caller and key, reserved by the first
//! request and completed with its answer.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::DbConn;

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        caller -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        body -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

/// A first request that has run this long without answering is taken as dead (its process
/// stopped): a retry may take the key over.
const ABANDONED_AFTER_SECS: i64 = 60;

/// A key is remembered this long; afterwards it is free again, and its row is deleted by the
/// sweep that runs once every `SWEEP_EVERY` answers kept by the process.
const KEPT_FOR_HOURS: i64 = 24;

/// What the store knows of a key when a request arrives with it.
pub(super) enum Seen {
    /// First use: the key is now reserved for this request.
    New,
    Replay {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    InFlight,
    OtherRequest,
}

#[derive(Queryable)]
struct Stored {
    request_hash: String,
    status: Option<i32>,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    created_at: NaiveDateTime,
}

pub(super) fn reserve(conn: &mut DbConn, caller: &str, key: &str, hash: &str) -> QueryResult<Seen> {
    let now = Utc::now().naive_utc();
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller.eq(caller),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => return Ok(Seen::New),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {}
        Err(err) => return Err(err),
    }
    let mine = idempotency_keys::caller
        .eq(caller)
        .and(idempotency_keys::idempotency_key.eq(key));
    let stored: Stored = idempotency_keys::table
        .filter(mine)
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::content_type,
            idempotency_keys::body,
            idempotency_keys::created_at,
        ))
        .first(conn)?;
    if (now - stored.created_at).num_hours() >= KEPT_FOR_HOURS {
        // Expired: the key starts afresh for this request.
        let renewed = diesel::update(
            idempotency_keys::table
                .filter(mine)
                .filter(idempotency_keys::created_at.eq(stored.created_at)),
        )
        .set((
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::status.eq(None::<i32>),
            idempotency_keys::content_type.eq(None::<String>),
            idempotency_keys::body.eq(None::<Vec<u8>>),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
        return Ok(if renewed == 1 {
            Seen::New
        } else {
            Seen::InFlight
        });
    }
    if stored.request_hash != hash {
        return Ok(Seen::OtherRequest);
    }
    match stored.status {
        Some(status) => Ok(Seen::Replay {
            status: u16::try_from(status).unwrap_or(500),
            content_type: stored.content_type,
            body: stored.body.unwrap_or_default(),
        }),
        None if (now - stored.created_at).num_seconds() >= ABANDONED_AFTER_SECS => {
            // Take the abandoned reservation over, unless another retry just did.
            let taken = diesel::update(
                idempotency_keys::table
                    .filter(mine)
                    .filter(idempotency_keys::status.is_null())
                    .filter(idempotency_keys::created_at.eq(stored.created_at)),
            )
            .set(idempotency_keys::created_at.eq(now))
            .execute(conn)?;
            Ok(if taken == 1 {
                Seen::New
            } else {
                Seen::InFlight
            })
        }
        None => Ok(Seen::InFlight),
    }
}

pub(super) fn remember(
    conn: &mut DbConn,
    caller: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> QueryResult<usize> {
    diesel::update(
        idempotency_keys::table
            .filter(idempotency_keys::caller.eq(caller))
            .filter(idempotency_keys::idempotency_key.eq(key)),
    )
    .set((
        idempotency_keys::status.eq(i32::from(status)),
        idempotency_keys::content_type.eq(content_type),
        idempotency_keys::body.eq(body),
    ))
    .execute(conn)
}

/// Deletes the keys older than [`KEPT_FOR_HOURS`].
pub(super) fn sweep(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let expired = now - chrono::Duration::hours(KEPT_FOR_HOURS);
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(expired)))
        .execute(conn)
}

pub(super) fn release(conn: &mut DbConn, caller: &str, key: &str) -> QueryResult<usize> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::caller.eq(caller))
            .filter(idempotency_keys::idempotency_key.eq(key))
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(conn)
}
