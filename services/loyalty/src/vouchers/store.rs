//! Queries on `vouchers`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{Choice, Kind, Voucher};
use crate::schema::vouchers;

type Row = (
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    NaiveDateTime,
);

const USED: &str = "used";
const ACTIVE: &str = "active";

fn columns() -> (
    vouchers::number,
    vouchers::card,
    vouchers::kind,
    vouchers::value,
    vouchers::remaining_cents,
    vouchers::choices,
    vouchers::state,
    vouchers::expires_at,
) {
    (
        vouchers::number,
        vouchers::card,
        vouchers::kind,
        vouchers::value,
        vouchers::remaining_cents,
        vouchers::choices,
        vouchers::state,
        vouchers::expires_at,
    )
}

fn voucher(row: Row) -> Voucher {
    let (number, card, kind, value, remaining_cents, choices, state, expires_at) = row;
    Voucher {
        number,
        card,
        kind: Kind::parse(&kind).unwrap_or(Kind::Gift),
        value,
        remaining_cents,
        // Written by [`insert`] from typed choices only.
        choices: serde_json::from_str(&choices).unwrap_or_default(),
        used: state == USED,
        expires_at,
    }
}

pub fn find(conn: &mut DbConn, number: &str) -> QueryResult<Option<Voucher>> {
    let row: Option<Row> = vouchers::table
        .find(number)
        .select(columns())
        .first(conn)
        .optional()?;
    Ok(row.map(voucher))
}

/// The voucher, locked until the end of the write transaction.
pub fn find_for_update(conn: &mut DbConn, number: &str) -> QueryResult<Option<Voucher>> {
    let row: Option<Row> = platform::first_for_update!(
        conn,
        vouchers::table
            .filter(vouchers::number.eq(number))
            .select(columns())
    )?;
    Ok(row.map(voucher))
}

pub fn of_card(conn: &mut DbConn, card: &str) -> QueryResult<Vec<Voucher>> {
    let rows: Vec<Row> = vouchers::table
        .filter(vouchers::card.eq(card))
        .order((vouchers::created_at.asc(), vouchers::number.asc()))
        .select(columns())
        .load(conn)?;
    Ok(rows.into_iter().map(voucher).collect())
}

pub struct NewVoucher<'a> {
    pub number: &'a str,
    pub card: &'a str,
    pub kind: Kind,
    pub value: i64,
    pub choices: &'a [Choice],
    pub label: &'a str,
    pub expires_at: NaiveDateTime,
}

/// What a new voucher holds at first: its remaining amount, its choices as stored.
fn opening(new: &NewVoucher) -> (i64, String) {
    let remaining = if new.kind == Kind::Amount {
        new.value
    } else {
        0
    };
    let choices = if new.choices.is_empty() {
        String::new()
    } else {
        serde_json::to_string(new.choices).unwrap_or_default()
    };
    (remaining, choices)
}

pub fn insert(conn: &mut DbConn, new: &NewVoucher, now: NaiveDateTime) -> QueryResult<usize> {
    let (remaining, choices) = opening(new);
    diesel::insert_into(vouchers::table)
        .values((
            vouchers::number.eq(new.number),
            vouchers::card.eq(new.card),
            vouchers::kind.eq(new.kind.as_str()),
            vouchers::value.eq(new.value),
            vouchers::remaining_cents.eq(remaining),
            vouchers::choices.eq(choices),
            vouchers::label.eq(new.label),
            vouchers::state.eq(ACTIVE),
            vouchers::expires_at.eq(new.expires_at),
            vouchers::created_at.eq(now),
        ))
        .execute(conn)
}

/// [`insert`] of many vouchers, in multi-row inserts (`loyalty seed`); answers the vouchers
/// written.
pub fn insert_many(
    conn: &mut DbConn,
    new: &[NewVoucher],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in new.chunks(platform::db::MAX_BIND_PARAMS / 10) {
        let openings: Vec<(i64, String)> = chunk.iter().map(opening).collect();
        let rows: Vec<_> = chunk
            .iter()
            .zip(&openings)
            .map(|(new, (remaining, choices))| {
                (
                    vouchers::number.eq(new.number),
                    vouchers::card.eq(new.card),
                    vouchers::kind.eq(new.kind.as_str()),
                    vouchers::value.eq(new.value),
                    vouchers::remaining_cents.eq(*remaining),
                    vouchers::choices.eq(choices),
                    vouchers::label.eq(new.label),
                    vouchers::state.eq(ACTIVE),
                    vouchers::expires_at.eq(new.expires_at),
                    vouchers::created_at.eq(now),
                )
            })
            .collect();
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(vouchers::table).values(&rows);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(written)
}

/// Records a use in `ticket`: what is left on it, used up or not.
pub fn record_use(
    conn: &mut DbConn,
    number: &str,
    remaining_cents: i64,
    used_up: bool,
    ticket: i64,
) -> QueryResult<usize> {
    diesel::update(vouchers::table.find(number))
        .set((
            vouchers::remaining_cents.eq(remaining_cents),
            vouchers::state.eq(if used_up { USED } else { ACTIVE }),
            vouchers::used_ticket_id.eq(Some(ticket)),
        ))
        .execute(conn)
}

/// A fresh voucher number: 12 digits.
pub fn fresh_number() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 1_000_000_000_000;
    format!("{n:012}")
}
