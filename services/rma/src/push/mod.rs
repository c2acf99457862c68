//! PUSH mode: events a repair center wants told (a demand assigned to it, a quote answered, a
//! retailer's message, a resubmission) go to its endpoint, signed, at least once. Each event is
//! written to the outbox in the same transaction as the change, so none is lost or invented.

pub mod dispatcher;
pub mod handlers;
pub mod model;
pub mod store;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::db::DbConn;
use serde_json::{Value, json};

use crate::demands::model::Demand;
use crate::demands::view::show;

/// The outbox topic of partner events.
pub const TOPIC: &str = "rma.partner_event";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    DemandAssigned,
    QuoteAnswered,
    RetailerMessage,
    Resubmitted,
}

impl Event {
    pub fn name(self) -> &'static str {
        match self {
            Self::DemandAssigned => "demand.assigned",
            Self::QuoteAnswered => "quote.answered",
            Self::RetailerMessage => "message.created",
            Self::Resubmitted => "demand.resubmitted",
        }
    }
}

/// Queues `event` on `demand` for its repair center when the center has an enabled endpoint;
/// call it inside the transaction that makes the change. `extra`'s fields join the payload.
pub fn enqueue(
    conn: &mut DbConn,
    demand: &Demand,
    event: Event,
    extra: Value,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if !store::is_enabled(conn, &demand.partner_id)? {
        return Ok(());
    }
    let mut payload = json!({
        "event": event.name(),
        "occurred_at": show(now),
        "partner": demand.partner_id,
        "demand": demand.view(),
    });
    if let (Some(out), Value::Object(extra)) = (payload.as_object_mut(), extra) {
        out.extend(extra);
    }
    platform::outbox::enqueue(conn, TOPIC, &payload, now).map(|_| ())
}
