//! The one dispatcher of a service's outbox: it claims due events (a share of them when several
//! replicas run, see [`super::claim`]), hands each to the delivery function of its topic, and
//! records the outcome: delivered, retried after a backoff (doubled from `retry_base_ms` up to
//! `retry_max_ms`), or given up once `retry_for_hours` have passed since the event was written.
//! Delivery is at least once: a receiver deduplicates by event id. An idle dispatcher polls every
//! `poll_interval_ms`, and wakes at once when a transaction of its own process writes an event.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web;
use chrono::{NaiveDateTime, Utc};
use diesel::QueryResult;
use futures_util::future::{BoxFuture, join_all};
use serde::{Deserialize, Serialize};

use super::OutboxEvent;
use crate::AppError;
use crate::db::{self, DbConn, Pool};
use crate::metrics::Metrics;

/// `<SERVICE>__OUTBOX__…`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DispatchSettings {
    /// Run the dispatcher in this process (one or more replicas may: claims keep them apart).
    pub enabled: bool,
    /// How often the outbox is looked at when it had nothing due.
    pub poll_interval_ms: u64,
    /// Wait after the first failure, doubled after each one, up to `retry_max_ms`.
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// A failing event is retried for this long after it was written, then given up (its
    /// stream's next event may go); 0 retries for ever.
    pub retry_for_hours: u32,
    /// How long one delivery may take.
    pub timeout_ms: u64,
    /// Events claimed per round, delivered concurrently (never two of one stream).
    pub batch_size: u32,
    /// Delivered and given-up events are deleted after this long (checked at start, then hourly).
    pub keep_delivered_hours: u32,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 1000,
            retry_base_ms: 30_000,
            retry_max_ms: 3_600_000,
            retry_for_hours: 72,
            timeout_ms: 10_000,
            batch_size: 50,
            keep_delivered_hours: 7 * 24,
        }
    }
}

impl DispatchSettings {
    /// An HTTP client for delivery functions, bounded by `timeout_ms`.
    pub fn http_client(&self) -> reqwest::Result<reqwest::Client> {
        reqwest::Client::builder()
            .timeout(Duration::from_millis(self.timeout_ms))
            .build()
    }
}

/// What a delivery function says of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Retried after the backoff (the reason is kept as the event's last error, never a secret).
    Failed(String),
    /// Never to be delivered (its target is gone): settled at once.
    Discard(String),
}

type Deliver = Arc<dyn Fn(OutboxEvent) -> BoxFuture<'static, Outcome> + Send + Sync>;

/// Extra clean-up run with the outbox's own pruning (a table of delivery records, say).
pub type Prune = fn(&mut DbConn, NaiveDateTime) -> QueryResult<usize>;

/// How often settled events past their keeping time are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

pub struct Dispatcher {
    pool: Pool,
    settings: DispatchSettings,
    metrics: Option<web::Data<Metrics>>,
    routes: Vec<(&'static str, Deliver)>,
    prunes: Vec<Prune>,
}

fn later(now: NaiveDateTime, wait: Duration) -> NaiveDateTime {
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

impl Dispatcher {
    pub fn new(pool: Pool, settings: DispatchSettings) -> Self {
        Self {
            pool,
            settings,
            metrics: None,
            routes: Vec::new(),
            prunes: Vec::new(),
        }
    }

    /// Delivery latency and outcomes go to the service's `/metrics`.
    pub fn with_metrics(mut self, metrics: web::Data<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Events of `topic` are delivered by `deliver`.
    pub fn route<F, Fut>(mut self, topic: &'static str, deliver: F) -> Self
    where
        F: Fn(OutboxEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        let deliver: Deliver = Arc::new(move |event| Box::pin(deliver(event)));
        self.routes.push((topic, deliver));
        self
    }

    pub fn prune_also(mut self, prune: Prune) -> Self {
        self.prunes.push(prune);
        self
    }

    pub fn settings(&self) -> &DispatchSettings {
        &self.settings
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs for as long as it is polled: a service spawns it for the life of its server.
    pub async fn run(self) {
        let mut pruned_at: Option<Instant> = None;
        loop {
            if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                pruned_at = Some(Instant::now());
                if let Err(err) = self.prune().await {
                    tracing::warn!(error = %err, "pruning settled outbox events failed");
                }
            }
            // Listening before the round, so an event committed during it wakes the next one.
            let woken = super::wake().notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            match self.run_once().await {
                Ok(0) => {
                    tokio::select! {
                        () = tokio::time::sleep(self.poll_interval()) => {}
                        () = woken => {}
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "outbox dispatch round failed");
                    tokio::time::sleep(self.poll_interval()).await;
                }
            }
        }
    }

    fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.settings.poll_interval_ms.max(10))
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(self.settings.timeout_ms.max(1))
    }

    /// Deletes the events settled more than `keep_delivered_hours` ago, and what the extra
    /// prunes clean.
    async fn prune(&self) -> Result<(), AppError> {
        let keep = chrono::Duration::hours(i64::from(self.settings.keep_delivered_hours));
        let prunes = self.prunes.clone();
        let pruned = db::run(&self.pool, move |conn| {
            let before = Utc::now().naive_utc() - keep;
            let mut pruned = super::prune_settled(conn, before)?;
            for prune in prunes {
                pruned += prune(conn, before)?;
            }
            Ok::<_, diesel::result::Error>(pruned)
        })
        .await?;
        if pruned > 0 {
            tracing::info!(pruned, "settled outbox events deleted");
        }
        Ok(())
    }

    /// One round: claims the due events and delivers them; how many were attempted.
    pub async fn run_once(&self) -> Result<usize, AppError> {
        let topics: Vec<&'static str> = self.routes.iter().map(|(topic, _)| *topic).collect();
        let batch = i64::from(self.settings.batch_size.max(1));
        // The lease outlasts the delivery's own timeout, so only a dead dispatcher's claim lapses.
        let lease = self.timeout() + Duration::from_secs(30);
        let claimed = db::run(&self.pool, move |conn| {
            let now = Utc::now().naive_utc();
            super::claim_due(conn, &topics, now, later(now, lease), batch)
        })
        .await?;
        let attempted = claimed.len();
        let outcomes = join_all(claimed.into_iter().map(|event| self.attempt(event))).await;
        outcomes
            .into_iter()
            .collect::<Result<Vec<()>, AppError>>()?;
        Ok(attempted)
    }

    async fn attempt(&self, event: OutboxEvent) -> Result<(), AppError> {
        let Some((topic, deliver)) = self.routes.iter().find(|(t, _)| *t == event.topic) else {
            return Ok(());
        };
        let outcome = tokio::time::timeout(self.timeout(), deliver(event.clone()))
            .await
            .unwrap_or_else(|_| Outcome::Failed("timed out".into()));
        let now = Utc::now().naive_utc();
        if let Some(metrics) = &self.metrics {
            let waited = (now - event.created_at).to_std().unwrap_or_default();
            metrics.observe_delivery(topic, &outcome, waited);
        }
        let base = Duration::from_millis(self.settings.retry_base_ms);
        let max = Duration::from_millis(self.settings.retry_max_ms);
        let retry_for = chrono::Duration::hours(i64::from(self.settings.retry_for_hours));
        let (id, attempts, created_at) = (event.id, event.attempts, event.created_at);
        db::run(&self.pool, move |conn| match outcome {
            Outcome::Delivered => super::mark_delivered(conn, id, now),
            Outcome::Discard(error) => super::mark_given_up(conn, id, &error, now),
            Outcome::Failed(error) if retry_for > chrono::Duration::zero() && now - created_at >= retry_for => {
                tracing::warn!(event = id, attempts = attempts + 1, %error, "outbox event given up");
                super::mark_given_up(conn, id, &error, now)
            }
            Outcome::Failed(error) => {
                tracing::warn!(event = id, attempts = attempts + 1, %error, "outbox delivery failed");
                let retry_at = later(now, super::backoff(attempts, base, max));
                super::mark_failed(conn, id, &error, retry_at)
            }
        })
        .await?;
        Ok(())
    }
}
