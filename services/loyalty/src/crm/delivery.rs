//! Delivering `crm.ticket` events: `POST {crm}/api/loyalty-events` with this service's own
//! token (client credentials at the gateway, cached), under the event id as `Idempotency-Key`.
//! The CRM deduplicates by the event id as well, so a redelivery credits nothing twice.

use platform::http_client::InternalClient;
use platform::outbox::{OutboxEvent, Outcome};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;

use crate::config::Settings;

/// The CRM's route that receives the events.
const PATH: [&str; 2] = ["api", "loyalty-events"];

pub struct CrmDelivery {
    client: InternalClient,
    url: Url,
}

/// What an answer of the CRM means for the event.
pub fn outcome_of(status: StatusCode, body: &str) -> Outcome {
    if status.is_success() {
        return Outcome::Delivered;
    }
    let said = format!("the CRM answered {status}: {}", excerpt(body));
    match status {
        // The event itself is refused: sending it again would be refused again.
        StatusCode::BAD_REQUEST
        | StatusCode::PAYLOAD_TOO_LARGE
        | StatusCode::UNSUPPORTED_MEDIA_TYPE
        | StatusCode::UNPROCESSABLE_ENTITY => Outcome::Discard(said),
        // Down, overloaded, our token or scope refused, the route not deployed yet, the same
        // key still being answered (409): each can change, so the dispatcher tries again after
        // its backoff.
        _ => Outcome::Failed(said),
    }
}

fn excerpt(body: &str) -> String {
    body.chars().take(300).collect()
}

impl CrmDelivery {
    /// The delivery the settings ask for; `None` without `service.crm.url`.
    pub fn new(settings: &Settings) -> Result<Option<Self>, String> {
        let Some(url) = &settings.service.crm.url else {
            return Ok(None);
        };
        let mut url = Url::parse(url).map_err(|e| format!("service.crm.url is not a URL: {e}"))?;
        url.path_segments_mut()
            .map_err(|()| "service.crm.url cannot take a path".to_string())?
            .pop_if_empty()
            .extend(PATH);
        let client = InternalClient::new(settings.client.clone()).map_err(|e| e.to_string())?;
        Ok(Some(Self { client, url }))
    }

    pub async fn deliver(&self, event: OutboxEvent) -> Outcome {
        let mut body: Value = match serde_json::from_str(&event.payload) {
            Ok(body) => body,
            Err(e) => return Outcome::Discard(format!("unreadable payload: {e}")),
        };
        let mut request_id = None;
        if let Some(fields) = body.as_object_mut() {
            request_id = fields
                .remove("requestId")
                .and_then(|id| id.as_str().map(str::to_string));
            fields.insert("eventId".into(), Value::String(event.event_id.clone()));
        }
        // The till's request id when it gave one, else the event's id: a log line either way.
        let request_id = request_id.unwrap_or_else(|| event.event_id.clone());
        let sent = self
            .client
            .send_keyed(
                Method::POST,
                self.url.as_str(),
                Some(&body),
                Some(&request_id),
                &event.event_id,
            )
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let outcome = outcome_of(status, &text);
        if let Outcome::Discard(why) = &outcome {
            tracing::error!(event = %event.event_id, %why, "the CRM refused a ticket event: given up");
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refusal_of_the_event_itself_is_given_up() {
        let delivered = outcome_of(StatusCode::OK, "");
        assert_eq!(delivered, Outcome::Delivered);
        for status in [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY] {
            assert!(matches!(outcome_of(status, "x"), Outcome::Discard(_)));
        }
        for status in [
            StatusCode::UNAUTHORIZED,
            StatusCode::FORBIDDEN,
            StatusCode::CONFLICT,
            StatusCode::NOT_FOUND,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::SERVICE_UNAVAILABLE,
        ] {
            assert!(matches!(outcome_of(status, "x"), Outcome::Failed(_)));
        }
    }
}
