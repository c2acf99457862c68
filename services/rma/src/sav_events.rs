//! Issue 16, flow 2: every status a demand opened by the SAV service takes (its creation's
//! first one included) is told to the SAV service, which keeps the demand's timeline and moves
//! its own case. Each event is an outbox row written with the change; the dispatcher posts it
//! to `POST {sav_events.url}/api/sav/{sav_id}/repair-events` with the RMA's own gateway token,
//! under its event id as `Idempotency-Key`; the SAV service drops a repeat by that id.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::db::DbConn;
use platform::http_client::InternalClient;
use platform::outbox::{OutboxEvent, Outcome};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::access::Side;
use crate::demands::model::Demand;

pub const TOPIC: &str = "sav.demand_status";

/// What the SAV service is told of one status.
#[derive(Debug, Serialize, Deserialize)]
struct StatusEvent {
    #[serde(default)]
    event_id: String,
    sav_id: i64,
    demand_number: String,
    status: String,
    label: String,
    comment: Option<String>,
    /// When the demand took the status (UTC).
    at: NaiveDateTime,
    /// `retailer` or `partner`.
    by: String,
}

/// Records the status `demand` has just taken, when the SAV service opened it; call it inside
/// the transaction of the change. In order per demand (its stream).
pub fn status_taken(
    conn: &mut DbConn,
    demand: &Demand,
    side: &Side,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(sav_id) = demand.sav_id else {
        return Ok(());
    };
    let event = StatusEvent {
        event_id: String::new(),
        sav_id,
        demand_number: demand.demand_number.clone(),
        status: demand.status_code.code().to_string(),
        label: demand.status_code.label().to_string(),
        comment: demand.status_comment.clone(),
        at: now,
        by: side.name().to_string(),
    };
    let payload = serde_json::to_value(&event)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let stream = format!("sav-demand:{}", demand.demand_number);
    platform::outbox::enqueue(conn, TOPIC, Some(&stream), &payload, now).map(|_| ())
}

/// Posts one event to the SAV service at `sav_url`. Retried while the SAV service is down or
/// refuses the token; settled when it has it, or when it will never take it (the SAV is gone).
pub async fn deliver(
    client: Arc<InternalClient>,
    sav_url: Arc<str>,
    event: OutboxEvent,
) -> Outcome {
    let mut status: StatusEvent = match serde_json::from_str(&event.payload) {
        Ok(status) => status,
        Err(err) => return Outcome::Discard(format!("unreadable SAV event: {err}")),
    };
    status.event_id = event.event_id.clone();
    let body = match serde_json::to_value(&status) {
        Ok(body) => body,
        Err(err) => return Outcome::Discard(format!("unwritable SAV event: {err}")),
    };
    let url = format!(
        "{}/api/sav/{}/repair-events",
        sav_url.trim_end_matches('/'),
        status.sav_id
    );
    let sent = client
        .send_keyed(
            Method::POST,
            &url,
            Some(&body),
            Some(&event.event_id),
            &event.event_id,
        )
        .await;
    match sent {
        Ok(answer) if answer.status().is_success() => Outcome::Delivered,
        // The SAV, or its repair of this demand, is not there: it never will be.
        Ok(answer)
            if matches!(
                answer.status(),
                StatusCode::NOT_FOUND | StatusCode::CONFLICT
            ) =>
        {
            Outcome::Discard(format!(
                "the SAV service refused SAV {}'s event: {}",
                status.sav_id,
                answer.status()
            ))
        }
        Ok(answer) => Outcome::Failed(format!("the SAV service answered {}", answer.status())),
        Err(err) => Outcome::Failed(err.to_string()),
    }
}
