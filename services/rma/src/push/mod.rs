//! PUSH mode: events a repair center wants told (a demand assigned to it, a quote answered, a
//! retailer's message, a resubmission, a status the retailer set, a closure) go to its
//! endpoint, signed, at least once, in order per demand. Each event is written to the outbox in
//! the same transaction as the change, so none is lost or invented; the platform's dispatcher
//! delivers it with [`deliver::deliver`].

pub mod deliver;
pub mod handlers;
pub mod model;
pub mod store;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::db::DbConn;
use serde::Serialize;

use crate::demands::model::Demand;
use crate::demands::responses::{DemandOut, MessageOut};
use crate::quotes::responses::QuoteOut;
use crate::shown::Shown;

/// The outbox topic of partner events.
pub const TOPIC: &str = "rma.partner_event";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    DemandAssigned,
    QuoteAnswered,
    RetailerMessage,
    Resubmitted,
    /// A status the retailer sets by itself (INFREV, say).
    StatusChanged,
    Closed,
}

impl Event {
    pub fn name(self) -> &'static str {
        match self {
            Self::DemandAssigned => "demand.assigned",
            Self::QuoteAnswered => "quote.answered",
            Self::RetailerMessage => "message.created",
            Self::Resubmitted => "demand.resubmitted",
            Self::StatusChanged => "demand.status_changed",
            Self::Closed => "demand.closed",
        }
    }
}

/// What an event carries besides the demand, beside it in the payload.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Detail<'a> {
    Nothing,
    Quote { quote: QuoteOut<'a> },
    Message(MessageOut<'a>),
}

/// The body POSTed to the partner (the dispatcher adds `event_id`).
#[derive(Debug, Serialize)]
struct Payload<'a> {
    event: &'static str,
    occurred_at: Shown,
    partner: &'a str,
    demand: DemandOut<'a>,
    #[serde(flatten)]
    detail: Detail<'a>,
}

/// Queues `event` on `demand` for its repair center when the center has an enabled endpoint;
/// call it inside the transaction that makes the change.
pub fn enqueue(
    conn: &mut DbConn,
    demand: &Demand,
    event: Event,
    detail: Detail,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if !store::is_enabled(conn, &demand.partner_id)? {
        return Ok(());
    }
    let payload = serde_json::to_value(Payload {
        event: event.name(),
        occurred_at: Shown(now),
        partner: &demand.partner_id,
        demand: demand.into(),
        detail,
    })
    .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let stream = format!("demand:{}", demand.demand_number);
    platform::outbox::enqueue(conn, TOPIC, Some(&stream), &payload, now).map(|_| ())
}
