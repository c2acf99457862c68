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

/// Many cards attached, (card, customer's row id), in multi-row inserts (`crm seed`); answers
/// the cards written.
pub fn attach_many(
    conn: &mut DbConn,
    cards: &[(i64, i64)],
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in cards.chunks(platform::db::MAX_BIND_PARAMS / 3) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|&(card, client)| {
                (
                    fidelity_cards::carte_fid.eq(card),
                    fidelity_cards::client_id.eq(client),
                    fidelity_cards::attached_at.eq(at),
                )
            })
            .collect();
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(fidelity_cards::table).values(&rows);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(written)
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
