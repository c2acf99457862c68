//! The points ledger: every change of a card's points is an entry; an earning keeps what is
//! left of it (`remaining`), spent and expired oldest first. The card's `points` moves in the
//! same transaction, so a balance read never sums the ledger.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{cards, point_entries};

/// The literal `0`, written into the SQL rather than bound: the partial indexes `WHERE
/// remaining > 0` serve only a query that says so in its text (SQLite never uses one for a
/// bound parameter, nor does PostgreSQL's generic plan of a prepared statement, so a card with
/// 100,000 entries was read entry by entry). Unlike `diesel::dsl::sql`, it keeps the query in
/// the prepared statement cache.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
pub struct Zero;

impl Expression for Zero {
    type SqlType = diesel::sql_types::BigInt;
}

impl<QS> AppearsOnTable<QS> for Zero {}

impl<QS> SelectableExpression<QS> for Zero {}

impl<GB> diesel::expression::ValidGrouping<GB> for Zero {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for Zero {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql("0");
        Ok(())
    }
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    pub ticket: Option<i64>,
    pub purchase: Option<i64>,
    pub operation: Option<i32>,
}

/// An earning: `points` spendable from `available_at`, until `expires_at`.
pub fn earn(
    conn: &mut DbConn,
    card: &str,
    origin: Origin,
    kind: &str,
    points: i64,
    at: (NaiveDateTime, NaiveDateTime, NaiveDateTime),
) -> QueryResult<()> {
    let (created_at, available_at, expires_at) = at;
    if points <= 0 {
        return Ok(());
    }
    let entry = Entry::new(card, origin, kind, points, created_at);
    diesel::insert_into(point_entries::table)
        .values(Entry {
            remaining: points,
            available_at,
            expires_at: Some(expires_at),
            ..entry
        })
        .execute(conn)?;
    add_points(conn, card, points)
}

/// An earning of [`earn_many`]: `points` spendable from `available_at`, until `expires_at`.
#[derive(Debug, Clone, Copy)]
pub struct Lot {
    pub points: i64,
    pub created_at: NaiveDateTime,
    pub available_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Earnings of `kind` without a ticket (`loyalty seed`), in multi-row inserts, the card's
/// points moved by their sum; answers the entries written.
pub fn earn_many(conn: &mut DbConn, card: &str, kind: &str, lots: &[Lot]) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in lots.chunks(platform::db::MAX_BIND_PARAMS / 7) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|lot| {
                (
                    point_entries::card.eq(card),
                    point_entries::kind.eq(kind),
                    point_entries::delta.eq(lot.points),
                    point_entries::remaining.eq(lot.points),
                    point_entries::created_at.eq(lot.created_at),
                    point_entries::available_at.eq(lot.available_at),
                    point_entries::expires_at.eq(Some(lot.expires_at)),
                )
            })
            .collect();
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(point_entries::table).values(&rows);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    add_points(conn, card, lots.iter().map(|lot| lot.points).sum())?;
    Ok(written)
}

/// Takes `points` off the card: from the earning of `origin.purchase` first (a return), then
/// from the oldest spendable earnings; what they lack leaves the card below zero (a return of
/// points already spent).
pub fn take(
    conn: &mut DbConn,
    card: &str,
    origin: Origin,
    kind: &str,
    points: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if points <= 0 {
        return Ok(());
    }
    let mut left = points;
    if let Some(purchase) = origin.purchase {
        let own: Vec<(i64, i64)> = point_entries::table
            .filter(point_entries::purchase_id.eq(purchase))
            .filter(point_entries::remaining.gt(Zero))
            .select((point_entries::id, point_entries::remaining))
            .load(conn)?;
        left = consume(conn, own, left)?;
    }
    while left > 0 {
        let lots: Vec<(i64, i64)> = point_entries::table
            .filter(point_entries::card.eq(card))
            .filter(point_entries::remaining.gt(Zero))
            .filter(point_entries::available_at.le(now))
            .order((point_entries::expires_at.asc(), point_entries::id.asc()))
            .select((point_entries::id, point_entries::remaining))
            .limit(64)
            .load(conn)?;
        if lots.is_empty() {
            break;
        }
        left = consume(conn, lots, left)?;
    }
    record(conn, card, origin, kind, -points, now)?;
    add_points(conn, card, -points)
}

/// Takes from `lots` in order; answers what is still to take.
fn consume(conn: &mut DbConn, lots: Vec<(i64, i64)>, mut left: i64) -> QueryResult<i64> {
    for (id, remaining) in lots {
        if left == 0 {
            break;
        }
        let taken = remaining.min(left);
        diesel::update(point_entries::table.find(id))
            .set(point_entries::remaining.eq(remaining - taken))
            .execute(conn)?;
        left -= taken;
    }
    Ok(left)
}

/// A change of points on the ledger; an earning also says what is left of it and until when.
#[derive(Insertable)]
#[diesel(table_name = point_entries)]
struct Entry<'a> {
    card: &'a str,
    ticket_id: Option<i64>,
    purchase_id: Option<i64>,
    operation: Option<i32>,
    kind: &'a str,
    delta: i64,
    remaining: i64,
    created_at: NaiveDateTime,
    available_at: NaiveDateTime,
    expires_at: Option<NaiveDateTime>,
}

impl<'a> Entry<'a> {
    /// A change effective at once, nothing of it left to spend.
    fn new(card: &'a str, origin: Origin, kind: &'a str, delta: i64, now: NaiveDateTime) -> Self {
        Self {
            card,
            ticket_id: origin.ticket,
            purchase_id: origin.purchase,
            operation: origin.operation,
            kind,
            delta,
            remaining: 0,
            created_at: now,
            available_at: now,
            expires_at: None,
        }
    }
}

fn record(
    conn: &mut DbConn,
    card: &str,
    origin: Origin,
    kind: &str,
    delta: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(point_entries::table)
        .values(Entry::new(card, origin, kind, delta, now))
        .execute(conn)
}

fn add_points(conn: &mut DbConn, card: &str, delta: i64) -> QueryResult<()> {
    diesel::update(cards::table.find(card))
        .set(cards::points.eq(cards::points + delta))
        .execute(conn)?;
    Ok(())
}

/// RAZ: every point of the card goes, whatever it is (below zero included).
pub fn reset(conn: &mut DbConn, card: &str, origin: Origin, now: NaiveDateTime) -> QueryResult<()> {
    let points: i64 = cards::table.find(card).select(cards::points).first(conn)?;
    diesel::update(
        point_entries::table
            .filter(point_entries::card.eq(card))
            .filter(point_entries::remaining.gt(Zero)),
    )
    .set(point_entries::remaining.eq(0))
    .execute(conn)?;
    record(conn, card, origin, "reset", -points, now)?;
    add_points(conn, card, -points)
}

/// Whether an earning has expired with points left: the balance read then expires them first.
/// The oldest such earning, not `EXISTS`: a generic plan of `EXISTS (… card = $1 …)` expects
/// a match at once and scans the whole ledger when none is due (`scripts/bench loyalty`); in
/// expiry order, the partial index `point_entries_open` answers it.
pub fn has_expired(conn: &mut DbConn, card: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let oldest: Option<i64> = point_entries::table
        .filter(point_entries::card.eq(card))
        .filter(point_entries::remaining.gt(Zero))
        .filter(point_entries::expires_at.le(now))
        .order(point_entries::expires_at.asc())
        .select(point_entries::id)
        .first(conn)
        .optional()?;
    Ok(oldest.is_some())
}

/// Expires what is left of the earnings past their date, oldest first; answers the points gone.
pub fn expire(conn: &mut DbConn, card: &str, now: NaiveDateTime) -> QueryResult<i64> {
    let lots: Vec<(i64, i64)> = point_entries::table
        .filter(point_entries::card.eq(card))
        .filter(point_entries::remaining.gt(Zero))
        .filter(point_entries::expires_at.le(now))
        .order((point_entries::expires_at.asc(), point_entries::id.asc()))
        .select((point_entries::id, point_entries::remaining))
        .load(conn)?;
    let mut gone = 0;
    for (id, remaining) in lots {
        diesel::update(point_entries::table.find(id))
            .set(point_entries::remaining.eq(0))
            .execute(conn)?;
        record(conn, card, Origin::default(), "expiry", -remaining, now)?;
        gone += remaining;
    }
    if gone > 0 {
        add_points(conn, card, -gone)?;
    }
    Ok(gone)
}

/// Points earned but still held (the return window): the few earnings of its last days.
pub fn pending(conn: &mut DbConn, card: &str, now: NaiveDateTime) -> QueryResult<i64> {
    let held: Vec<i64> = point_entries::table
        .filter(point_entries::card.eq(card))
        .filter(point_entries::remaining.gt(Zero))
        .filter(point_entries::available_at.gt(now))
        .select(point_entries::remaining)
        .load(conn)?;
    Ok(held.iter().sum())
}

/// The next expiry: when, and how many points then.
pub fn next_expiry(
    conn: &mut DbConn,
    card: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(NaiveDateTime, i64)>> {
    let next: Option<Option<NaiveDateTime>> = point_entries::table
        .filter(point_entries::card.eq(card))
        .filter(point_entries::remaining.gt(Zero))
        .filter(point_entries::expires_at.gt(now))
        .order(point_entries::expires_at.asc())
        .select(point_entries::expires_at)
        .first(conn)
        .optional()?;
    let Some(Some(at)) = next else {
        return Ok(None);
    };
    let amounts: Vec<i64> = point_entries::table
        .filter(point_entries::card.eq(card))
        .filter(point_entries::remaining.gt(Zero))
        .filter(point_entries::expires_at.eq(at))
        .select(point_entries::remaining)
        .load(conn)?;
    Ok(Some((at, amounts.iter().sum())))
}
