//! Queries on `tickets` and their `purchases`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::input::Line;
use crate::schema::{purchases, tickets};

pub fn find_receipt(conn: &mut DbConn, shop: i64, receipt: &str) -> QueryResult<Option<i64>> {
    tickets::table
        .filter(tickets::shop_id.eq(shop))
        .filter(tickets::receipt.eq(receipt))
        .select(tickets::id)
        .first(conn)
        .optional()
}

pub fn insert_ticket(
    conn: &mut DbConn,
    card: &str,
    shop: i64,
    receipt: &str,
    sold_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(tickets::table)
        .values((
            tickets::card.eq(card),
            tickets::shop_id.eq(shop),
            tickets::receipt.eq(receipt),
            tickets::sold_at.eq(sold_at),
            tickets::gross_cents.eq(0),
            tickets::deducted_cents.eq(0),
            tickets::points.eq(0),
            tickets::created_at.eq(now),
        ))
        .returning(tickets::id)
        .get_result(conn)
}

pub fn set_totals(
    conn: &mut DbConn,
    id: i64,
    gross: i64,
    deducted: i64,
    points: i64,
) -> QueryResult<usize> {
    diesel::update(tickets::table.find(id))
        .set((
            tickets::gross_cents.eq(gross),
            tickets::deducted_cents.eq(deducted),
            tickets::points.eq(points),
        ))
        .execute(conn)
}

pub fn insert_line(
    conn: &mut DbConn,
    ticket: i64,
    index: usize,
    line: &Line,
    net_cents: i64,
    points: i64,
) -> QueryResult<i64> {
    diesel::insert_into(purchases::table)
        .values((
            purchases::ticket_id.eq(ticket),
            purchases::line.eq(i32::try_from(index + 1).unwrap_or(i32::MAX)),
            purchases::operation.eq(i32::from(line.operation.id())),
            purchases::amount_cents.eq(line.amount_cents),
            purchases::net_cents.eq(net_cents),
            purchases::quantity_hundredths.eq(line.quantity_hundredths),
            purchases::percentage_discount.eq(&line.percentage_discount),
            purchases::item_code.eq(&line.item_code),
            purchases::item_label.eq(&line.item_label),
            purchases::item_type_code.eq(&line.item_type_code),
            purchases::item_type_label.eq(&line.item_type_label),
            purchases::points.eq(points),
        ))
        .returning(purchases::id)
        .get_result(conn)
}

/// A purchase line that may still be returned.
#[derive(Debug, Clone, Queryable)]
pub struct Returnable {
    pub id: i64,
    pub ticket_id: i64,
    /// What the line was paid, after the amount vouchers.
    pub net_cents: i64,
    pub quantity: i64,
    pub points: i64,
    pub returned_quantity: i64,
    pub returned_points: i64,
}

/// The card's purchase lines of `item`, not wholly returned, newest first.
pub fn returnable(conn: &mut DbConn, card: &str, item: &str) -> QueryResult<Vec<Returnable>> {
    purchases::table
        .inner_join(tickets::table)
        .filter(tickets::card.eq(card))
        .filter(purchases::item_code.eq(item))
        .filter(purchases::operation.eq_any([0, 1]))
        .filter(purchases::returned_quantity_hundredths.lt(purchases::quantity_hundredths))
        .order((tickets::sold_at.desc(), purchases::id.desc()))
        .select((
            purchases::id,
            purchases::ticket_id,
            purchases::net_cents,
            purchases::quantity_hundredths,
            purchases::points,
            purchases::returned_quantity_hundredths,
            purchases::returned_points,
        ))
        .load(conn)
}

pub fn record_return(conn: &mut DbConn, id: i64, quantity: i64, points: i64) -> QueryResult<usize> {
    diesel::update(purchases::table.find(id))
        .set((
            purchases::returned_quantity_hundredths
                .eq(purchases::returned_quantity_hundredths + quantity),
            purchases::returned_points.eq(purchases::returned_points + points),
        ))
        .execute(conn)
}
