//! Delivers the outbox's partner events: each due event is claimed, POSTed as JSON to its
//! partner's endpoint with an HMAC-SHA256 signature, then marked delivered, or retried with
//! exponential backoff (capped, never abandoned, so at least 24 hours of attempts). Delivery is
//! at least once; partners deduplicate on `event_id` (also in `X-RMA-Event-Id`).

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use platform::AppError;
use platform::db::{self, Pool};
use platform::outbox::{self, OutboxEvent};
use serde_json::Value;

use super::TOPIC;
use super::model::signature;
use super::store;
use crate::config::PushSettings;

/// Runs for as long as it is polled: the service spawns it for the life of its server.
pub async fn run(pool: Pool, settings: PushSettings) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_millis(settings.timeout_ms))
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error = %err, "PUSH dispatcher cannot start");
            return;
        }
    };
    let dispatcher = Dispatcher {
        pool,
        client,
        settings,
    };
    let mut pruned_at: Option<Instant> = None;
    loop {
        if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            pruned_at = Some(Instant::now());
            if let Err(err) = dispatcher.prune().await {
                tracing::warn!(error = %err, "pruning delivered PUSH events failed");
            }
        }
        match dispatcher.run_once().await {
            Ok(0) => tokio::time::sleep(dispatcher.poll_interval()).await,
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = %err, "PUSH dispatch round failed");
                tokio::time::sleep(dispatcher.poll_interval()).await;
            }
        }
    }
}

/// How often delivered events past their keeping time are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

struct Dispatcher {
    pool: Pool,
    client: reqwest::Client,
    settings: PushSettings,
}

fn later(now: NaiveDateTime, wait: Duration) -> NaiveDateTime {
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

impl Dispatcher {
    fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.settings.poll_interval_ms.max(10))
    }

    /// Deletes the events delivered more than `keep_delivered_hours` ago.
    async fn prune(&self) -> Result<(), AppError> {
        let keep = chrono::Duration::hours(i64::from(self.settings.keep_delivered_hours));
        let pruned = db::run(&self.pool, move |conn| {
            outbox::prune_delivered(conn, Utc::now().naive_utc() - keep)
        })
        .await?;
        if pruned > 0 {
            tracing::info!(pruned, "delivered PUSH events deleted");
        }
        Ok(())
    }

    /// One round over the due events; how many were attempted.
    async fn run_once(&self) -> Result<usize, AppError> {
        let batch = i64::from(self.settings.batch_size.max(1));
        let due = db::run(&self.pool, move |conn| {
            outbox::due(conn, Utc::now().naive_utc(), batch)
        })
        .await?;
        let mut attempted = 0;
        for event in due.into_iter().filter(|e| e.topic == TOPIC) {
            if self.attempt(event).await? {
                attempted += 1;
            }
        }
        Ok(attempted)
    }

    /// Claims, sends and records one event; `false` when another dispatcher had it.
    async fn attempt(&self, event: OutboxEvent) -> Result<bool, AppError> {
        let lease = Duration::from_millis(self.settings.timeout_ms) + Duration::from_secs(30);
        let claimed = event.clone();
        let target = db::run(&self.pool, move |conn| {
            let now = Utc::now().naive_utc();
            if !outbox::claim(conn, &claimed, later(now, lease))? {
                return Ok::<_, AppError>(None);
            }
            let payload: Value = serde_json::from_str(&claimed.payload)
                .map_err(|e| AppError::internal(format!("outbox payload: {e}")))?;
            let partner = payload["partner"].as_str().unwrap_or_default().to_string();
            Ok(Some((store::endpoint(conn, &partner)?, payload)))
        })
        .await?;
        let Some((endpoint, mut payload)) = target else {
            return Ok(false);
        };
        let outcome = match endpoint.filter(|e| e.enabled) {
            None => Err("the partner has no enabled endpoint".to_string()),
            Some(endpoint) => {
                payload["event_id"] = Value::String(event.event_id.clone());
                self.deliver(&endpoint.url, &endpoint.secret, &event.event_id, &payload)
                    .await
            }
        };
        let base = Duration::from_millis(self.settings.retry_base_ms);
        let max = Duration::from_millis(self.settings.retry_max_ms);
        let (id, attempts) = (event.id, event.attempts);
        db::run(&self.pool, move |conn| {
            let now = Utc::now().naive_utc();
            match outcome {
                Ok(()) => outbox::mark_delivered(conn, id, now),
                Err(error) => {
                    tracing::warn!(event = id, attempts = attempts + 1, %error, "PUSH delivery failed");
                    let retry_at = later(now, outbox::backoff(attempts, base, max));
                    outbox::mark_failed(conn, id, &error, retry_at)
                }
            }
        })
        .await?;
        Ok(true)
    }

    async fn deliver(
        &self,
        url: &str,
        secret: &str,
        event_id: &str,
        payload: &Value,
    ) -> Result<(), String> {
        let body = serde_json::to_vec(payload).map_err(|e| e.to_string())?;
        let timestamp = Utc::now().timestamp();
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("x-rma-event-id", event_id)
            .header("x-rma-timestamp", timestamp.to_string())
            .header("x-rma-signature", signature(secret, timestamp, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("the partner answered {}", response.status()))
        }
    }
}
