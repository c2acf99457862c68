//! Issue 16, flows 1 and 2: a warranty SAV's repair. A SAV of type `garantie` created with a
//! serial (or any SAV an agent asks a repair for) records its repair and, in the same
//! transaction, an outbox event; the dispatcher ([`deliver`]) asks the customers service for the
//! serial's warranty and, under warranty or when an agent asked, the RMA for a `REP` demand at
//! the brand's repair center. Each status the demand takes comes back from the RMA as an event
//! ([`demand_status_told`]): the SAV keeps the demand's timeline and moves its own status by
//! [`model::sav_status_for`].

pub mod deliver;
pub mod handlers;
pub mod model;
pub mod peers;
pub mod responses;
pub mod store;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::AppError;
use platform::codes::sav_status::SavStatus;
use platform::db::DbConn;
use serde::{Deserialize, Serialize};

use crate::errors::SavError;
use crate::savs;
use crate::savs::input::SavChanges;
use model::{Repair, RepairEvent};

/// The outbox topic of repairs to ask for.
pub const TOPIC: &str = "sav.warranty_repair";
/// The RMA's topic of demand statuses, as its events' ids are recorded in the inbox.
pub const DEMAND_STATUS_TOPIC: &str = "sav.demand_status";

/// What the dispatcher is asked to do: look the SAV's repair up and move it on, its calls
/// carrying the id of the request that asked.
#[derive(Debug, Serialize, Deserialize)]
pub struct Asked {
    pub sav_id: i64,
    #[serde(default)]
    pub request_id: Option<String>,
}

/// Who asks for a repair: the request whose id the peers' calls carry.
pub struct Asking {
    pub request_id: Option<String>,
}

impl Asking {
    pub fn of(req: &actix_web::HttpRequest) -> Self {
        use actix_web::HttpMessage;
        let request_id = req
            .extensions()
            .get::<platform::telemetry::RequestId>()
            .map(|id| id.as_str().to_string());
        Self { request_id }
    }
}

/// Queues the next step of SAV `sav_id`'s repair; inside the transaction of the change.
fn ask(conn: &mut DbConn, sav_id: i64, asking: &Asking, now: NaiveDateTime) -> QueryResult<()> {
    let asked = Asked {
        sav_id,
        request_id: asking.request_id.clone(),
    };
    let payload = serde_json::to_value(asked)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    // Its own stream, so a peer that is down delays this SAV's repair, not its webhooks.
    let stream = format!("sav-repair:{sav_id}");
    platform::outbox::enqueue(conn, TOPIC, Some(&stream), &payload, now).map(|_| ())
}

/// A new warranty SAV's repair, asked by the warranty itself.
pub fn open(
    conn: &mut DbConn,
    sav_id: i64,
    serial_number: String,
    brand: Option<String>,
    asking: &Asking,
    now: NaiveDateTime,
) -> QueryResult<()> {
    store::insert(
        conn,
        &Repair::asked(sav_id, serial_number, brand, None, now),
    )?;
    ask(conn, sav_id, asking, now)
}

/// An agent asks for the SAV's demand whatever its warranty (or its type); a serial is needed
/// when the SAV has none yet. The repair as it stands.
pub fn ask_by_agent(
    conn: &mut DbConn,
    sav_id: i64,
    agent: &str,
    serial_number: Option<String>,
    brand: Option<String>,
    asking: &Asking,
    now: NaiveDateTime,
) -> Result<Repair, AppError> {
    savs::store::lock(conn, sav_id)?.ok_or(SavError::SavNotFound)?;
    match store::find(conn, sav_id)? {
        Some(repair) if repair.demand_number.is_some() => {
            return Err(SavError::RepairAlreadyOpen.into());
        }
        Some(_) => {
            store::ask_again(
                conn,
                sav_id,
                agent,
                serial_number.as_deref(),
                brand.as_deref(),
                now,
            )?;
        }
        None => {
            let serial = serial_number.ok_or_else(|| {
                AppError::invalid_fields(vec![platform::FieldError {
                    field: "serial_number".into(),
                    message: "is required: this SAV has none".into(),
                }])
            })?;
            let repair = Repair::asked(sav_id, serial, brand, Some(agent.to_string()), now);
            store::insert(conn, &repair)?;
        }
    }
    ask(conn, sav_id, asking, now)?;
    Ok(store::find(conn, sav_id)?.ok_or(SavError::SavNotFound)?)
}

/// A status of SAV `sav_id`'s demand, told by the RMA: in the timeline, and the SAV moves to
/// the status the mapping gives, unless it is archived or already there. An event told before
/// changes nothing. Whether it was a repeat, and the SAV's status after it.
pub fn demand_status_told(
    conn: &mut DbConn,
    told: RepairEvent,
    now: NaiveDateTime,
) -> Result<(bool, SavStatus), AppError> {
    let sav = savs::store::lock(conn, told.sav_id)?
        .ok_or(SavError::SavNotFound)?
        .fields;
    if !platform::inbox::first_time(conn, &told.event_id, DEMAND_STATUS_TOPIC, now)? {
        return Ok((true, sav.status));
    }
    let repair = store::find(conn, told.sav_id)?.ok_or(SavError::RepairNotFound)?;
    if repair
        .demand_number
        .as_deref()
        .is_some_and(|number| number != told.demand_number)
    {
        return Err(SavError::RepairOfAnotherDemand.into());
    }
    store::record_event(conn, &told, now)?;
    let moved_to = model::sav_status_for(&told.status).filter(|to| *to != sav.status);
    match moved_to.filter(|_| !sav.archived) {
        Some(to) => {
            let changes = SavChanges {
                status: Some(to),
                ..SavChanges::default()
            };
            let actor = format!("rma:{}", told.demand_number);
            Ok((
                false,
                savs::update(conn, told.sav_id, &changes, &actor, now)?,
            ))
        }
        None => Ok((false, sav.status)),
    }
}
