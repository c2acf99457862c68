//! Queries on `credit_requests` and the customer facts the rule reads.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{clients, credit_requests};

/// What the rule reads of a customer: row id, age, refusals and paid amount in cents.
pub type Facts = (i64, Option<i64>, i64, i64);

/// The customer's facts, locked until the end of the enclosing write transaction, so that
/// concurrent requests are judged one after the other.
pub fn facts_locked(conn: &mut DbConn, id_client: &str) -> QueryResult<Option<Facts>> {
    platform::first_for_update!(
        conn,
        clients::table
            .filter(clients::id_client.eq(id_client))
            .select((
                clients::id,
                clients::age,
                clients::nb_refus,
                clients::montant_cents
            ))
    )
}

pub fn count_refusal(conn: &mut DbConn, client_id: i64) -> QueryResult<usize> {
    diesel::update(clients::table.find(client_id))
        .set(clients::nb_refus.eq(clients::nb_refus + 1))
        .execute(conn)
}

pub fn schedule(
    conn: &mut DbConn,
    client_id: i64,
    montant_cents: i64,
    on: NaiveDate,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(credit_requests::table)
        .values((
            credit_requests::client_id.eq(client_id),
            credit_requests::montant_cents.eq(montant_cents),
            credit_requests::scheduled_on.eq(on),
            credit_requests::created_at.eq(at),
        ))
        .returning(credit_requests::id)
        .get_result(conn)
}

/// A scheduled request with its customer's id.
pub type Scheduled = (i64, String, i64, NaiveDate);

/// The scheduled requests (of one customer when given), by date, at most `limit`.
pub fn scheduled(
    conn: &mut DbConn,
    id_client: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Scheduled>> {
    let mut query = credit_requests::table
        .inner_join(clients::table)
        .into_boxed();
    if let Some(id_client) = id_client {
        query = query.filter(clients::id_client.eq(id_client.to_string()));
    }
    query
        .order((
            credit_requests::scheduled_on.asc(),
            credit_requests::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select((
            credit_requests::id,
            clients::id_client,
            credit_requests::montant_cents,
            credit_requests::scheduled_on,
        ))
        .load(conn)
}
