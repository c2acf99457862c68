//! The queries of repairs: a SAV's repair row and its demand's timeline.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{Repair, RepairEvent, Warranty};
use crate::schema::{sav_repair_events, sav_repairs};

pub fn insert(conn: &mut DbConn, repair: &Repair) -> QueryResult<usize> {
    diesel::insert_into(sav_repairs::table)
        .values(repair)
        .execute(conn)
}

pub fn find(conn: &mut DbConn, sav_id: i64) -> QueryResult<Option<Repair>> {
    sav_repairs::table
        .find(sav_id)
        .select(Repair::as_select())
        .first(conn)
        .optional()
}

/// An agent asks for the demand whatever the warranty; a serial or brand given replaces the
/// one known.
pub fn ask_again(
    conn: &mut DbConn,
    sav_id: i64,
    agent: &str,
    serial_number: Option<&str>,
    brand: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = sav_repairs::table.find(sav_id);
    if let Some(serial) = serial_number {
        diesel::update(target)
            .set(sav_repairs::serial_number.eq(serial))
            .execute(conn)?;
    }
    if let Some(brand) = brand {
        diesel::update(target)
            .set(sav_repairs::brand.eq(brand))
            .execute(conn)?;
    }
    diesel::update(target)
        .set((
            sav_repairs::asked_by.eq(agent),
            sav_repairs::last_error.eq(None::<String>),
            sav_repairs::updated_at.eq(now),
        ))
        .execute(conn)
}

/// What the warranty register said.
pub fn record_warranty(
    conn: &mut DbConn,
    sav_id: i64,
    warranty: Warranty,
    until: Option<NaiveDate>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sav_repairs::table.find(sav_id))
        .set((
            sav_repairs::warranty.eq(warranty.name()),
            sav_repairs::warranty_until.eq(until),
            sav_repairs::warranty_checked_at.eq(now),
            sav_repairs::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The demand the RMA opened (or already had) for the SAV, at its center; only the first
/// number sticks (a status event may have told it first).
pub fn link_demand(
    conn: &mut DbConn,
    sav_id: i64,
    number: &str,
    center: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sav_repairs::table
            .find(sav_id)
            .filter(sav_repairs::demand_number.is_null()),
    )
    .set(sav_repairs::demand_number.eq(number))
    .execute(conn)?;
    diesel::update(sav_repairs::table.find(sav_id))
        .set((
            sav_repairs::repair_center.eq(center),
            sav_repairs::last_error.eq(None::<String>),
            sav_repairs::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Why the last attempt to open the demand failed (kept until one succeeds).
pub fn record_error(
    conn: &mut DbConn,
    sav_id: i64,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sav_repairs::table.find(sav_id))
        .set((
            sav_repairs::last_error.eq(error),
            sav_repairs::updated_at.eq(now),
        ))
        .execute(conn)
}

/// A status of the demand: in the timeline, and as the repair's last status when it is the
/// newest one told.
pub fn record_event(conn: &mut DbConn, event: &RepairEvent, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(sav_repair_events::table)
        .values(event)
        .execute(conn)?;
    let newest: Option<NaiveDateTime> = sav_repair_events::table
        .filter(sav_repair_events::sav_id.eq(event.sav_id))
        .select(diesel::dsl::max(sav_repair_events::occurred_at))
        .first(conn)?;
    if newest.is_some_and(|at| at <= event.occurred_at) {
        diesel::update(sav_repairs::table.find(event.sav_id))
            .set((
                sav_repairs::demand_status.eq(&event.status),
                sav_repairs::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    diesel::update(
        sav_repairs::table
            .find(event.sav_id)
            .filter(sav_repairs::demand_number.is_null()),
    )
    .set(sav_repairs::demand_number.eq(&event.demand_number))
    .execute(conn)?;
    Ok(())
}

/// The demand's timeline, oldest first.
pub fn timeline(conn: &mut DbConn, sav_id: i64) -> QueryResult<Vec<RepairEvent>> {
    sav_repair_events::table
        .filter(sav_repair_events::sav_id.eq(sav_id))
        .order((
            sav_repair_events::occurred_at.asc(),
            sav_repair_events::id.asc(),
        ))
        .select(RepairEvent::as_select())
        .load(conn)
}
