//! Demands: the files a retailer sends to a repair center, their status history and messages,
//! and the routes of seed 001 that move them along. Each write use case is a plain function
//! called inside the transaction [`write`] opens.

pub mod handlers;
pub mod model;
pub mod number;
pub mod requests;
pub mod responses;
pub mod schemas;
pub mod store;

use chrono::{NaiveDateTime, Utc};
use platform::AppError;
use platform::codes::rma_status::RmaStatus;
use platform::db::{self, DbConn, Pool, UniqueViolationAs};
use platform::input::trimmed;

use crate::access::Side;
use crate::documents::store as documents;
use crate::errors::RmaError;
use crate::push;
use model::{Demand, Message, NewDemand};
use number::DemandNumber;
use responses::MessageOut;

/// Who writes and when: what every write records beside its change.
pub struct Act {
    pub side: Side,
    /// The client id of the caller's token.
    pub actor: String,
    pub now: NaiveDateTime,
}

/// Every write on a demand: in one write transaction, the demand `side` may see under `number`
/// is locked (404 when it may not see it), then `work` checks its rules and writes; what
/// changed is published ([`crate::webhooks::demand_changed`]).
pub async fn write<T, F>(
    pool: &Pool,
    side: Side,
    actor: String,
    number: String,
    work: F,
) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn, &Act, &mut Demand) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    db::run(pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let mut demand =
                store::lock_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
            let act = Act {
                side,
                actor,
                now: Utc::now().naive_utc(),
            };
            let before = demand.clone();
            let done = work(conn, &act, &mut demand)?;
            if demand != before {
                store::save(conn, &demand)?;
            }
            crate::webhooks::demand_changed(conn, &before, &demand, &act.side, act.now)?;
            Ok::<_, AppError>(done)
        })
    })
    .await
}

/// A new status on `demand`, with its comment, by `act`, recorded in its history.
pub fn move_to(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    status: RmaStatus,
    comment: Option<&str>,
) -> Result<(), AppError> {
    demand.move_to(status, comment, act.now);
    Ok(store::record_status(conn, demand, &act.side, &act.actor)?)
}

/// What an acceptance records, once its fields are checked.
pub struct Acceptance {
    pub agreement: Option<String>,
    pub content: Option<Vec<u8>>,
    pub next: Option<RmaStatus>,
    pub comment: Option<String>,
    pub reference: Option<String>,
}

/// Section 3.2: the agreement (given, or the one the demand came with), its document, the
/// center's reference, RMAOK and the next status at once. The same acceptance again changes
/// nothing.
pub fn accept(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    acceptance: Acceptance,
) -> Result<(), AppError> {
    let agreement = acceptance
        .agreement
        .or_else(|| trimmed(demand.agreement_number.as_ref()))
        .ok_or_else(|| AppError::invalid_field("agreement_number", "is required"))?;
    if !demand.acceptance(&agreement)? {
        return Ok(());
    }
    let reference = acceptance.reference.as_deref();
    demand.record_acceptance(&agreement, reference, act.now);
    move_to(conn, act, demand, RmaStatus::Accepted, None)?;
    if let Some(bytes) = acceptance.content {
        let name = format!("agreement-{agreement}.pdf");
        let (id, side, now) = (demand.id, &act.side, act.now);
        documents::insert(conn, id, &name, "AGREEMENT", &bytes, side, now)?;
    }
    if let Some(next) = acceptance.next {
        move_to(conn, act, demand, next, acceptance.comment.as_deref())?;
    }
    Ok(())
}

/// Section 3.3: RMANOK with the reason, only before accepting.
pub fn refuse(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    reason: &str,
) -> Result<(), AppError> {
    demand.refusable()?;
    move_to(conn, act, demand, RmaStatus::Refused, Some(reason))
}

/// Section 3.4: a message for the other side, pushed to the center when the retailer wrote it.
pub fn add_message(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    text: &str,
) -> Result<Message, AppError> {
    demand.open_to(&act.side)?;
    let message = store::add_message(conn, demand.id, &act.side, &act.actor, text, act.now)?;
    demand.touch(act.now);
    if let Some(event) = push::model::message_event(&act.side) {
        let detail = push::Detail::Message(MessageOut::of(&message, &demand.demand_number));
        push::enqueue(conn, demand, event, detail, act.now)?;
    }
    Ok(message)
}

/// Section 3.5: a status of annex 5.1 on a demand open and agreed.
pub fn update_status(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    next: RmaStatus,
    comment: Option<&str>,
) -> Result<(), AppError> {
    demand.workable_by(&act.side)?;
    move_to(conn, act, demand, next, comment)
}

/// The new demand (`true`), or the one already under its number when it is the same (a
/// retried creation); its center is told.
pub fn create(
    conn: &mut DbConn,
    number: Option<DemandNumber>,
    new: NewDemand,
    actor: &str,
    now: NaiveDateTime,
) -> Result<(bool, Demand), AppError> {
    if let Some(number) = &number
        && let Some(existing) = store::find_for(conn, &Side::Retailer, number.as_str())?
    {
        return if existing.same_as(&new) {
            Ok((false, existing))
        } else {
            Err(RmaError::DemandNumberExists.into())
        };
    }
    // A concurrent creation under the same number meets the unique index.
    let demand = store::insert(conn, number, new, actor)
        .unique_violation_as(|| RmaError::DemandNumberExists.into())?;
    let assigned = push::Event::DemandAssigned;
    push::enqueue(conn, &demand, assigned, push::Detail::Nothing, now)?;
    crate::webhooks::demand_created(conn, &demand, now)?;
    Ok((true, demand))
}

/// A refused demand back to RMAD with what changed; its center is told.
pub fn resubmit(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    comment: &str,
) -> Result<(), AppError> {
    demand.resubmittable()?;
    move_to(conn, act, demand, RmaStatus::AwaitingPartner, Some(comment))?;
    let resubmitted = push::Event::Resubmitted;
    push::enqueue(conn, demand, resubmitted, push::Detail::Nothing, act.now)?;
    Ok(())
}

/// The last step of every case of section 4; the comment is kept as a message.
pub fn close(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    comment: Option<&str>,
) -> Result<(), AppError> {
    demand.open_to(&act.side)?;
    demand.close(act.now);
    if let Some(comment) = comment {
        store::add_message(conn, demand.id, &act.side, &act.actor, comment, act.now)?;
    }
    Ok(())
}
