//! Queries on `fidelity_cards`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::fidelity_cards;

/// The customer (row id) holding `card`.
pub fn holder(conn: &mut DbConn, card: i64) -> QueryResult<Option<i64>> {
    fidelity_cards::table
        .find(card)
        .select(fidelity_cards::client_id)
        .first(conn)
        .optional()
}

pub fn attach(conn: &mut DbConn, card: i64, client: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(fidelity_cards::table)
        .values((
            fidelity_cards::carte_fid.eq(card),
            fidelity_cards::client_id.eq(client),
            fidelity_cards::attached_at.eq(at),
        ))
        .execute(conn)
}

pub fn detach(conn: &mut DbConn, card: i64, client: i64) -> QueryResult<usize> {
    diesel::delete(
        fidelity_cards::table
            .find(card)
            .filter(fidelity_cards::client_id.eq(client)),
    )
    .execute(conn)
}

pub fn held_by(conn: &mut DbConn, client: i64) -> QueryResult<Vec<i64>> {
    fidelity_cards::table
        .filter(fidelity_cards::client_id.eq(client))
        .order(fidelity_cards::carte_fid)
        .select(fidelity_cards::carte_fid)
        .load(conn)
}
