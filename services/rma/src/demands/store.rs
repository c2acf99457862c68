//! Queries on `demands`, `demand_status_history` and `demand_messages`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::codes::rma_status::RmaStatus;
use platform::db::{DbConn, MAX_BIND_PARAMS};

use super::model::{Demand, Message, NewDemand, StatusEntry};
use super::number::DemandNumber;
use crate::access::Side;
use crate::schema::{demand_messages, demand_status_history, demands};

/// Inserts the demand under `number`, or under a generated `RMA-0000042` when none is given,
/// with its first history entry.
pub fn insert(
    conn: &mut DbConn,
    number: Option<DemandNumber>,
    mut new: NewDemand,
    actor: &str,
) -> QueryResult<Demand> {
    let generated = number.is_none();
    // A unique placeholder until the row's id gives the number.
    new.demand_number = number.map_or_else(
        || format!("pending-{}", uuid::Uuid::new_v4()),
        DemandNumber::into_string,
    );
    let mut demand: Demand = diesel::insert_into(demands::table)
        .values(&new)
        .returning(demands::all_columns)
        .get_result(conn)?;
    if generated {
        demand.demand_number = DemandNumber::generated(demand.id).into_string();
        diesel::update(demands::table.find(demand.id))
            .set(demands::demand_number.eq(&demand.demand_number))
            .execute(conn)?;
    }
    record_status(conn, &demand, &Side::Retailer, actor)?;
    Ok(demand)
}

/// A demand loaded where it stands in the workflow (the bench seed): accepted or not, and who
/// moved it to its current status, its one history entry (at its `updated_at`).
pub struct Standing {
    pub demand: NewDemand,
    pub accepted_at: Option<NaiveDateTime>,
    pub partner_reference: Option<String>,
    pub side: Side,
    pub actor: String,
}

/// Inserts demands under their given numbers, each with its history entry, in multi-row
/// statements (each backend's own query): for loading many at once.
pub fn insert_standing(conn: &mut DbConn, rows: &[Standing]) -> QueryResult<()> {
    for chunk in rows.chunks(MAX_BIND_PARAMS / 23) {
        let values: Vec<_> = chunk
            .iter()
            .map(|row| {
                (
                    &row.demand,
                    demands::accepted_at.eq(row.accepted_at),
                    demands::partner_reference.eq(&row.partner_reference),
                )
            })
            .collect();
        let insert = diesel::insert_into(demands::table).values(values);
        let returned = (demands::demand_number, demands::id);
        let ids: Vec<(String, i64)> = match conn {
            DbConn::Pg(pg) => insert.returning(returned).get_results(pg)?,
            DbConn::Sqlite(lite) => insert.returning(returned).get_results(lite)?,
        };
        // RETURNING's row order is not promised: rows are matched back by demand number.
        let ids: std::collections::HashMap<String, i64> = ids.into_iter().collect();
        let history = chunk
            .iter()
            .map(|row| {
                let id = ids
                    .get(&row.demand.demand_number)
                    .ok_or(diesel::result::Error::NotFound)?;
                Ok((
                    demand_status_history::demand_id.eq(*id),
                    demand_status_history::status_code.eq(row.demand.status_code),
                    demand_status_history::comment.eq(&row.demand.status_comment),
                    demand_status_history::side.eq(row.side.name()),
                    demand_status_history::actor.eq(&row.actor),
                    demand_status_history::created_at.eq(row.demand.updated_at),
                ))
            })
            .collect::<QueryResult<Vec<_>>>()?;
        let insert = diesel::insert_into(demand_status_history::table).values(history);
        match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(())
}

/// The demand `side` may see under `number`: a partner only sees its own, so another's demand
/// is as unknown as a missing one.
pub fn find_for(conn: &mut DbConn, side: &Side, number: &str) -> QueryResult<Option<Demand>> {
    let query = demands::table
        .filter(demands::demand_number.eq(number))
        .select(Demand::as_select());
    let demand = query.first(conn).optional()?;
    Ok(demand.filter(|d| side.partner().is_none_or(|p| p == d.partner_id)))
}

/// [`find_for`], the row locked until the end of the write transaction.
pub fn lock_for(conn: &mut DbConn, side: &Side, number: &str) -> QueryResult<Option<Demand>> {
    let demand: Option<Demand> = platform::first_for_update!(
        conn,
        demands::table
            .filter(demands::demand_number.eq(number))
            .select(Demand::as_select())
    )?;
    Ok(demand.filter(|d| side.partner().is_none_or(|p| p == d.partner_id)))
}

/// The columns the workflow moves (the rest is fixed at creation).
#[derive(AsChangeset)]
#[diesel(table_name = demands, treat_none_as_null = true)]
struct Progress<'a> {
    agreement_number: Option<&'a str>,
    partner_reference: Option<&'a str>,
    status_code: RmaStatus,
    status_comment: Option<&'a str>,
    accepted_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
    quote_treatment: Option<&'a str>,
    tracking_number: Option<&'a str>,
    carrier_name: Option<&'a str>,
}

/// Writes what the workflow changed on `demand`, locked by [`lock_for`] in this transaction.
pub fn save(conn: &mut DbConn, demand: &Demand) -> QueryResult<()> {
    let progress = Progress {
        agreement_number: demand.agreement_number.as_deref(),
        partner_reference: demand.partner_reference.as_deref(),
        status_code: demand.status_code,
        status_comment: demand.status_comment.as_deref(),
        accepted_at: demand.accepted_at,
        closed_at: demand.closed_at,
        updated_at: demand.updated_at,
        quote_treatment: demand.quote_treatment.as_deref(),
        tracking_number: demand.tracking_number.as_deref(),
        carrier_name: demand.carrier_name.as_deref(),
    };
    diesel::update(demands::table.find(demand.id))
        .set(progress)
        .execute(conn)
        .map(|_| ())
}

/// The demand's current status in its history, by `side` and `actor`.
pub fn record_status(
    conn: &mut DbConn,
    demand: &Demand,
    side: &Side,
    actor: &str,
) -> QueryResult<()> {
    diesel::insert_into(demand_status_history::table)
        .values((
            demand_status_history::demand_id.eq(demand.id),
            demand_status_history::status_code.eq(demand.status_code),
            demand_status_history::comment.eq(&demand.status_comment),
            demand_status_history::side.eq(side.name()),
            demand_status_history::actor.eq(actor),
            demand_status_history::created_at.eq(demand.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn add_message(
    conn: &mut DbConn,
    demand_id: i64,
    side: &Side,
    author: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<Message> {
    diesel::insert_into(demand_messages::table)
        .values((
            demand_messages::demand_id.eq(demand_id),
            demand_messages::side.eq(side.name()),
            demand_messages::author.eq(author),
            demand_messages::body.eq(body),
            demand_messages::created_at.eq(now),
        ))
        .returning((
            demand_messages::id,
            demand_messages::side,
            demand_messages::author,
            demand_messages::body,
            demand_messages::created_at,
        ))
        .get_result(conn)
}

pub fn messages(conn: &mut DbConn, demand_id: i64) -> QueryResult<Vec<Message>> {
    demand_messages::table
        .filter(demand_messages::demand_id.eq(demand_id))
        .order(demand_messages::id.asc())
        .select(Message::as_select())
        .load(conn)
}

pub fn history(conn: &mut DbConn, demand_id: i64) -> QueryResult<Vec<StatusEntry>> {
    demand_status_history::table
        .filter(demand_status_history::demand_id.eq(demand_id))
        .order(demand_status_history::id.asc())
        .select(StatusEntry::as_select())
        .load(conn)
}

/// What `retrieverequests` asks for.
pub struct Retrieval<'a> {
    pub partner: &'a str,
    pub status: Option<RmaStatus>,
    /// Demands changed at or after this instant (the epoch when not asked).
    pub since: NaiveDateTime,
    pub limit: i64,
    pub offset: i64,
}

/// A page of a partner's demands, oldest first, and how many there are in all. Two fixed query
/// shapes (with and without a status) rather than a boxed query, so PostgreSQL keeps them
/// prepared.
pub fn for_partner(conn: &mut DbConn, ask: &Retrieval) -> QueryResult<(Vec<Demand>, i64)> {
    let mine = demands::partner_id
        .eq(ask.partner)
        .and(demands::updated_at.ge(ask.since));
    match ask.status {
        Some(status) => {
            let filter = mine.and(demands::status_code.eq(status));
            let total = demands::table.filter(filter).count().get_result(conn)?;
            let rows = demands::table
                .filter(filter)
                .order(demands::id.asc())
                .limit(ask.limit)
                .offset(ask.offset)
                .select(Demand::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
        None => {
            let total = demands::table.filter(mine).count().get_result(conn)?;
            let rows = demands::table
                .filter(mine)
                .order(demands::id.asc())
                .limit(ask.limit)
                .offset(ask.offset)
                .select(Demand::as_select())
                .load(conn)?;
            Ok((rows, total))
        }
    }
}
