//! Queries on `credits` and the holders' `Credit`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{clients, credits, fidelity_cards};

#[derive(Debug, Insertable)]
#[diesel(table_name = credits)]
pub struct NewCredit<'a> {
    pub ticket_id: Option<&'a str>,
    pub carte_fid: i64,
    pub client_id: i64,
    pub montant_cents: i64,
    pub credited_cents: i64,
    pub created_at: NaiveDateTime,
}

/// What a ticket id was credited, when it was.
pub fn credited_for(conn: &mut DbConn, ticket_id: &str) -> QueryResult<Option<i64>> {
    credits::table
        .filter(credits::ticket_id.eq(ticket_id))
        .select(credits::credited_cents)
        .first(conn)
        .optional()
}

pub fn record(conn: &mut DbConn, credit: &NewCredit) -> QueryResult<usize> {
    diesel::insert_into(credits::table)
        .values(credit)
        .execute(conn)
}

/// Adds `cents` to the customer's `Credit` in one statement, so concurrent credits all count.
pub fn add(conn: &mut DbConn, client_id: i64, cents: i64) -> QueryResult<usize> {
    diesel::update(clients::table.find(client_id))
        .set(clients::credit_cents.eq(clients::credit_cents + cents))
        .execute(conn)
}

/// The `Credit` of the card's holder.
pub fn of_card(conn: &mut DbConn, card: i64) -> QueryResult<Option<i64>> {
    fidelity_cards::table
        .inner_join(clients::table)
        .filter(fidelity_cards::carte_fid.eq(card))
        .select(clients::credit_cents)
        .first(conn)
        .optional()
}
