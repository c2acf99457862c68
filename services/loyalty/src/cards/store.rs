//! Queries on `cards` (their balance row) and `rewards`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{cards, rewards};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cards)]
pub struct Card {
    pub number: String,
    pub consumer_id: Option<i64>,
    pub points: i64,
    pub wallet_cents: i64,
    pub purchases: i64,
    pub purchase_cents: i64,
    pub discount_cents: i64,
    pub purchases_cumulative: i64,
    pub purchase_cents_cumulative: i64,
    pub discount_cents_cumulative: i64,
    pub first_purchase_at: Option<NaiveDateTime>,
    pub last_purchase_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, number: &str) -> QueryResult<Option<Card>> {
    cards::table
        .find(number)
        .select(Card::as_select())
        .first(conn)
        .optional()
}

/// Cards no one holds yet, in multi-row inserts (`loyalty seed`); answers the cards written.
pub fn insert_many(
    conn: &mut DbConn,
    numbers: &[String],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in numbers.chunks(platform::db::MAX_BIND_PARAMS / 2) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|number| (cards::number.eq(number), cards::created_at.eq(now)))
            .collect();
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(cards::table).values(&rows);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(written)
}

/// The card, locked until the end of the write transaction: every change of its balance
/// goes through this lock.
pub fn find_for_update(conn: &mut DbConn, number: &str) -> QueryResult<Option<Card>> {
    platform::first_for_update!(
        conn,
        cards::table
            .filter(cards::number.eq(number))
            .select(Card::as_select())
    )
}

/// What a ticket adds to the card's counters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    pub purchases: i64,
    pub purchase_cents: i64,
    pub discount_cents: i64,
    pub wallet_cents: i64,
}

pub fn add_counters(
    conn: &mut DbConn,
    number: &str,
    add: Counters,
    sold_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(cards::table.find(number))
        .set((
            cards::purchases.eq(cards::purchases + add.purchases),
            cards::purchase_cents.eq(cards::purchase_cents + add.purchase_cents),
            cards::discount_cents.eq(cards::discount_cents + add.discount_cents),
            cards::purchases_cumulative.eq(cards::purchases_cumulative + add.purchases),
            cards::purchase_cents_cumulative
                .eq(cards::purchase_cents_cumulative + add.purchase_cents),
            cards::discount_cents_cumulative
                .eq(cards::discount_cents_cumulative + add.discount_cents),
            cards::wallet_cents.eq(cards::wallet_cents + add.wallet_cents),
        ))
        .execute(conn)?;
    if let Some(at) = sold_at {
        let card = find(conn, number)?;
        let first = card
            .as_ref()
            .and_then(|c| c.first_purchase_at)
            .map_or(at, |f| f.min(at));
        let last = card
            .as_ref()
            .and_then(|c| c.last_purchase_at)
            .map_or(at, |l| l.max(at));
        diesel::update(cards::table.find(number))
            .set((
                cards::first_purchase_at.eq(Some(first)),
                cards::last_purchase_at.eq(Some(last)),
            ))
            .execute(conn)?;
    }
    Ok(1)
}

/// RAZ: the counters of the period start again (the cumulative ones stay).
pub fn reset_counters(conn: &mut DbConn, number: &str) -> QueryResult<usize> {
    diesel::update(cards::table.find(number))
        .set((
            cards::purchases.eq(0),
            cards::purchase_cents.eq(0),
            cards::discount_cents.eq(0),
        ))
        .execute(conn)
}

/// The steps of the card already rewarded.
pub fn rewarded_steps(conn: &mut DbConn, card: &str) -> QueryResult<Vec<i32>> {
    rewards::table
        .filter(rewards::card.eq(card))
        .select(rewards::step_index)
        .distinct()
        .load(conn)
}

pub fn rewards_count(conn: &mut DbConn, card: &str, step: i32) -> QueryResult<i64> {
    rewards::table
        .filter(rewards::card.eq(card))
        .filter(rewards::step_index.eq(step))
        .count()
        .get_result(conn)
}

pub fn insert_reward(
    conn: &mut DbConn,
    card: &str,
    step: i32,
    round: i64,
    voucher: &str,
    points: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(rewards::table)
        .values((
            rewards::card.eq(card),
            rewards::step_index.eq(step),
            rewards::round.eq(round),
            rewards::voucher.eq(voucher),
            rewards::points.eq(points),
            rewards::created_at.eq(now),
        ))
        .execute(conn)
}
