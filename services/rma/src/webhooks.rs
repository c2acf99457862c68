//! What a demand's changes tell, from either side, besides the RMA's own answers: every change
//! is published to the partners' webhooks (the platform's, mounted at `/api/webhooks`), and
//! the retailer's own status changes and closures, which a center's PUSH events did not
//! carry, go to a PUSH-mode center too; the statuses of a demand the SAV service opened go to
//! the SAV service ([`crate::sav_events`]). Called inside the write transaction of the change.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::AppError;
use platform::auth::Caller;
use platform::codes::rma_status::RmaStatus;
use platform::db::DbConn;
use platform::webhooks::{Event, Mount};
use serde::Serialize;

use crate::access::Side;
use crate::demands::model::Demand;
use crate::demands::responses::DemandOut;
use crate::push;

pub const CREATED: &str = "demand.created";
pub const STATUS_CHANGED: &str = "demand.status_changed";
pub const CLOSED: &str = "demand.closed";
pub const UPDATED: &str = "demand.updated";

/// The routes of the platform's webhooks, for the rma: any `demands_*` scope; a repair
/// center's client receives the events of its own demands, the retailer's those of all.
pub const MOUNT: Mount = Mount {
    authorize,
    events: &[CREATED, STATUS_CHANGED, CLOSED, UPDATED],
};

fn authorize(caller: &Caller) -> Result<Option<String>, AppError> {
    if !caller.scopes.iter().any(|s| s.starts_with("demands_")) {
        return Err(AppError::forbidden("This token lacks a demands_* scope."));
    }
    Ok(Side::of(caller).partner().map(str::to_string))
}

/// The `data` of a demand event: the demand as section 3.9 shows it, after the change.
#[derive(Serialize)]
struct Data<'a> {
    demand: DemandOut<'a>,
    /// The status before the change (absent on creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_status: Option<&'a str>,
    /// `retailer` or `partner`.
    by: &'static str,
}

fn publish(
    conn: &mut DbConn,
    name: &'static str,
    demand: &Demand,
    previous_status: Option<&str>,
    side: &Side,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let data = serde_json::to_value(Data {
        demand: demand.into(),
        previous_status,
        by: side.name(),
    })
    .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let stream = format!("demand:{}", demand.demand_number);
    let event = Event {
        name,
        stream: &stream,
        audience: Some(&demand.partner_id),
        data,
    };
    platform::webhooks::publish(conn, event, now).map(|_| ())
}

/// A new demand (the retailer's).
pub fn demand_created(conn: &mut DbConn, demand: &Demand, now: NaiveDateTime) -> QueryResult<()> {
    publish(conn, CREATED, demand, None, &Side::Retailer, now)?;
    crate::sav_events::status_taken(conn, demand, &Side::Retailer, now)
}

/// A write on `before` by `side` that left `after`: closed, a new status, or another change
/// (a message, document, tracking, quote); nothing when nothing changed (a repeated accept).
pub fn demand_changed(
    conn: &mut DbConn,
    before: &Demand,
    after: &Demand,
    side: &Side,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let closed = before.closed_at.is_none() && after.closed_at.is_some();
    let moved = before.status_code != after.status_code;
    let name = if closed {
        CLOSED
    } else if moved {
        STATUS_CHANGED
    } else if before.updated_at != after.updated_at {
        UPDATED
    } else {
        return Ok(());
    };
    publish(
        conn,
        name,
        after,
        Some(before.status_code.code()),
        side,
        now,
    )?;
    if moved {
        crate::sav_events::status_taken(conn, after, side, now)?;
    }
    if *side == Side::Retailer {
        let pushed = if closed {
            Some(push::Event::Closed)
        } else {
            (moved && !told_by_push(after.status_code)).then_some(push::Event::StatusChanged)
        };
        if let Some(event) = pushed {
            push::enqueue(conn, after, event, push::Detail::Nothing, now)?;
        }
    }
    Ok(())
}

/// The retailer's statuses a PUSH event already carries: resubmission (RMAD) and the quote's
/// answer (VDE, RDE).
fn told_by_push(status: RmaStatus) -> bool {
    [
        RmaStatus::AwaitingPartner,
        RmaStatus::QuoteAccepted,
        RmaStatus::QuoteRefused,
    ]
    .contains(&status)
}
