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
    record_status(
        conn,
        demand.id,
        RmaStatus::AwaitingPartner,
        new.status_comment.as_deref(),
        &Side::Retailer,
        actor,
        new.created_at,
    )?;
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
    for chunk in rows.chunks(MAX_BIND_PARAMS / 22) {
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

/// Moves the demand to `status` with `comment`, and records it in the history.
pub fn set_status(
    conn: &mut DbConn,
    demand: &mut Demand,
    status: RmaStatus,
    comment: Option<&str>,
    side: &Side,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set((
            demands::status_code.eq(status),
            demands::status_comment.eq(comment),
            demands::updated_at.eq(now),
        ))
        .execute(conn)?;
    demand.status_code = status;
    demand.status_comment = comment.map(str::to_string);
    demand.updated_at = now;
    record_status(conn, demand.id, status, comment, side, actor, now)
}

fn record_status(
    conn: &mut DbConn,
    demand_id: i64,
    status: RmaStatus,
    comment: Option<&str>,
    side: &Side,
    actor: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(demand_status_history::table)
        .values((
            demand_status_history::demand_id.eq(demand_id),
            demand_status_history::status_code.eq(status),
            demand_status_history::comment.eq(comment),
            demand_status_history::side.eq(side.name()),
            demand_status_history::actor.eq(actor),
            demand_status_history::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records the partner's acceptance: its agreement number and internal reference.
pub fn accept(
    conn: &mut DbConn,
    demand: &mut Demand,
    agreement_number: &str,
    reference: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set((
            demands::agreement_number.eq(agreement_number),
            demands::partner_reference.eq(reference.or(demand.partner_reference.as_deref())),
            demands::accepted_at.eq(now),
        ))
        .execute(conn)?;
    demand.agreement_number = Some(agreement_number.to_string());
    if let Some(reference) = reference {
        demand.partner_reference = Some(reference.to_string());
    }
    demand.accepted_at = Some(now);
    Ok(())
}

pub fn close(conn: &mut DbConn, demand: &mut Demand, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set((demands::closed_at.eq(now), demands::updated_at.eq(now)))
        .execute(conn)?;
    demand.closed_at = Some(now);
    demand.updated_at = now;
    Ok(())
}

pub fn set_tracking(
    conn: &mut DbConn,
    demand: &mut Demand,
    tracking_number: &str,
    carrier_name: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set((
            demands::tracking_number.eq(tracking_number),
            demands::carrier_name.eq(carrier_name),
            demands::updated_at.eq(now),
        ))
        .execute(conn)?;
    demand.tracking_number = Some(tracking_number.to_string());
    demand.carrier_name = Some(carrier_name.to_string());
    demand.updated_at = now;
    Ok(())
}

pub fn set_quote_treatment(
    conn: &mut DbConn,
    demand: &mut Demand,
    treatment: Option<&str>,
) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set(demands::quote_treatment.eq(treatment))
        .execute(conn)?;
    demand.quote_treatment = treatment.map(str::to_string);
    Ok(())
}

/// Marks the demand changed, so `updated_since` pollers see it.
pub fn touch(conn: &mut DbConn, demand: &mut Demand, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(demands::table.find(demand.id))
        .set(demands::updated_at.eq(now))
        .execute(conn)?;
    demand.updated_at = now;
    Ok(())
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
