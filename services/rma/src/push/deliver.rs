//! Delivering one PUSH event with the platform's dispatcher: POSTed as JSON to its partner's
//! endpoint with an HMAC-SHA256 signature. Any 2xx is success; anything else (also a disabled
//! or missing endpoint) is retried with the dispatcher's backoff. Partners deduplicate on
//! `event_id` (also in `X-RMA-Event-Id`).

use chrono::Utc;
use platform::db::{self, Pool};
use platform::outbox::{OutboxEvent, Outcome};
use serde_json::Value;

use super::model::signature;
use super::store;

pub async fn deliver(pool: Pool, client: reqwest::Client, event: OutboxEvent) -> Outcome {
    let mut payload: Value = match serde_json::from_str(&event.payload) {
        Ok(payload) => payload,
        Err(err) => return Outcome::Discard(format!("unreadable PUSH event: {err}")),
    };
    let partner = payload["partner"].as_str().unwrap_or_default().to_string();
    let endpoint = match db::run(&pool, move |conn| store::endpoint(conn, &partner)).await {
        Ok(endpoint) => endpoint,
        Err(err) => return Outcome::Failed(format!("endpoint lookup: {err}")),
    };
    let Some(endpoint) = endpoint.filter(|e| e.enabled) else {
        return Outcome::Failed("the partner has no enabled endpoint".into());
    };
    payload["event_id"] = Value::String(event.event_id.clone());
    let body = match serde_json::to_vec(&payload) {
        Ok(body) => body,
        Err(err) => return Outcome::Discard(format!("unwritable PUSH event: {err}")),
    };
    let timestamp = Utc::now().timestamp();
    let response = client
        .post(&endpoint.url)
        .header("content-type", "application/json")
        .header("x-rma-event-id", &event.event_id)
        .header("x-rma-timestamp", timestamp.to_string())
        .header(
            "x-rma-signature",
            signature(&endpoint.secret, timestamp, &body),
        )
        .body(body)
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => Outcome::Delivered,
        Ok(response) => Outcome::Failed(format!("the partner answered {}", response.status())),
        Err(err) => Outcome::Failed(format!("request failed: {}", err.without_url())),
    }
}
