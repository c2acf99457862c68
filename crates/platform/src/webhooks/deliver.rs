//! Delivering one outbox event to its webhook: POSTed as JSON, signed, each attempt recorded.
//! Any 2xx is success; another status, a timeout or a refused connection is retried by the
//! dispatcher; a deleted subscription settles its events unsent.

use std::time::{Duration, Instant};

use chrono::Utc;

use super::store::{self, Delivery, Subscription};
use super::{Envelope, TOPIC, sign};
use crate::db::{self, Pool};
use crate::outbox::{Dispatcher, OutboxEvent, Outcome};

pub const EVENT_ID_HEADER: &str = "x-webhook-id";
pub const EVENT_HEADER: &str = "x-webhook-event";
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";

impl Dispatcher {
    /// Delivers this service's webhook events too, and prunes their delivery records with the
    /// outbox.
    pub fn with_webhooks(self) -> reqwest::Result<Self> {
        // No redirects: an endpoint is where the client said, and stays https.
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(self.settings().timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let pool = self.pool().clone();
        Ok(self
            .route(TOPIC, move |event| {
                deliver(pool.clone(), client.clone(), event)
            })
            .prune_also(store::prune_deliveries))
    }
}

async fn deliver(pool: Pool, client: reqwest::Client, event: OutboxEvent) -> Outcome {
    let envelope: Envelope = match serde_json::from_str(&event.payload) {
        Ok(envelope) => envelope,
        Err(err) => return Outcome::Discard(format!("unreadable webhook event: {err}")),
    };
    let id = envelope.subscription.clone();
    let subscription = match db::run(&pool, move |conn| store::find(conn, &id)).await {
        Ok(Some(subscription)) => subscription,
        Ok(None) => return Outcome::Discard("the webhook was deleted".into()),
        Err(err) => return Outcome::Failed(format!("webhook lookup: {err}")),
    };
    let body = match serde_json::to_vec(&envelope.body) {
        Ok(body) => body,
        Err(err) => return Outcome::Discard(format!("unwritable webhook event: {err}")),
    };
    let started = Instant::now();
    let (outcome, status) = post(&client, &subscription, &envelope, body).await;
    let delivery = Delivery {
        id: 0,
        subscription_id: subscription.id,
        client_id: subscription.client_id,
        event_id: envelope.body.event_id,
        event: envelope.body.event,
        attempt: event.attempts + 1,
        outcome: match &outcome {
            Outcome::Delivered => "delivered",
            Outcome::Failed(_) => "failed",
            Outcome::Discard(_) => "given_up",
        }
        .into(),
        status_code: status,
        error: match &outcome {
            Outcome::Delivered => None,
            Outcome::Failed(error) | Outcome::Discard(error) => Some(error.clone()),
        },
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        attempted_at: Utc::now().naive_utc(),
    };
    if let Err(err) = db::run(&pool, move |conn| store::record(conn, &delivery)).await {
        tracing::warn!(error = %err, "webhook delivery not recorded");
    }
    outcome
}

async fn post(
    client: &reqwest::Client,
    subscription: &Subscription,
    envelope: &Envelope,
    body: Vec<u8>,
) -> (Outcome, Option<i32>) {
    let timestamp = Utc::now().timestamp();
    let signature = sign::header(&subscription.secret, timestamp, &body);
    let answer = client
        .post(&subscription.url)
        .header("content-type", "application/json")
        .header(EVENT_ID_HEADER, &envelope.body.event_id)
        .header(EVENT_HEADER, &envelope.body.event)
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await;
    match answer {
        Ok(response) => {
            let status = response.status();
            let code = Some(i32::from(status.as_u16()));
            if status.is_success() {
                (Outcome::Delivered, code)
            } else {
                (
                    Outcome::Failed(format!("the endpoint answered {status}")),
                    code,
                )
            }
        }
        // Without the URL, which may carry a token of the client's.
        Err(err) => (
            Outcome::Failed(format!("request failed: {}", err.without_url())),
            None,
        ),
    }
}
