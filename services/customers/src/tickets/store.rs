//! Queries on `tickets` and `ticket_lines`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::{DbConn, write_transaction};

use crate::schema::{ticket_lines, tickets};

#[derive(Debug, Clone)]
pub struct Line {
    pub product_id: String,
    pub product_name: String,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub id: String,
    pub customer_id: Option<i64>,
    pub sold_at: NaiveDateTime,
    pub lines: Vec<Line>,
}

/// Writes the ticket as the shop sends it, its lines replaced, in one transaction: a replay
/// leaves the same rows.
pub fn put(conn: &mut DbConn, ticket: &Ticket, now: NaiveDateTime) -> QueryResult<()> {
    write_transaction(conn, |conn| {
        let changed = diesel::update(tickets::table.find(&ticket.id))
            .set((
                tickets::customer_id.eq(ticket.customer_id),
                tickets::sold_at.eq(ticket.sold_at),
                tickets::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(tickets::table)
                .values((
                    tickets::id.eq(&ticket.id),
                    tickets::customer_id.eq(ticket.customer_id),
                    tickets::sold_at.eq(ticket.sold_at),
                    tickets::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        diesel::delete(ticket_lines::table.filter(ticket_lines::ticket_id.eq(&ticket.id)))
            .execute(conn)?;
        for (line, number) in ticket.lines.iter().zip(1..) {
            diesel::insert_into(ticket_lines::table)
                .values((
                    ticket_lines::ticket_id.eq(&ticket.id),
                    ticket_lines::line.eq(number),
                    ticket_lines::product_id.eq(&line.product_id),
                    ticket_lines::product_name.eq(&line.product_name),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Inserts tickets without lines or customer in multi-row statements (the bench seed).
pub fn insert_bare(
    conn: &mut DbConn,
    ids: &[String],
    sold_at: NaiveDateTime,
) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in ids.chunks(platform::db::MAX_BIND_PARAMS / 3) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|id| {
                (
                    tickets::id.eq(id),
                    tickets::sold_at.eq(sold_at),
                    tickets::updated_at.eq(sold_at),
                )
            })
            .collect();
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(tickets::table).values(&rows);
        inserted += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(inserted)
}
