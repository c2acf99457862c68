//! Partners' webhooks: a client registers an endpoint and a secret; each event a service
//! publishes with [`publish`] (in the transaction of its change) becomes one outbox event per
//! matching subscription, POSTed by the service's one dispatcher, signed ([`sign`]), retried
//! with backoff, in order per subscription and aggregate, each attempt recorded
//! (`GET /api/webhooks/deliveries`). A service only mounts the routes ([`configure`]) and
//! attaches the delivery to its dispatcher ([`Dispatcher::with_webhooks`]).
//!
//! [`Dispatcher::with_webhooks`]: crate::outbox::Dispatcher::with_webhooks

pub mod deliver;
pub mod handlers;
pub mod sign;
pub mod store;

use actix_web::web;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::QueryResult;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::auth::Caller;
use crate::db::DbConn;

/// The outbox topic of webhook deliveries.
pub const TOPIC: &str = "webhook";

/// `<SERVICE>__WEBHOOKS__…`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Also accept `http://` endpoints on the loopback address (127.0.0.1, ::1, localhost):
    /// for tests and local development only. Every other endpoint must be `https://`.
    pub allow_http_loopback: bool,
}

crate::error_codes! {
    /// The webhook routes' own codes (each service mounting them declares them).
    pub enum WebhookError {
        WebhookNotFound = (NOT_FOUND, "WEBHOOK_NOT_FOUND", "No webhook of this client has this id."),
    }
}

/// What a service tells of the routes it mounts.
#[derive(Clone, Copy)]
pub struct Mount {
    /// Whether the caller may manage webhooks (403 otherwise) and which events it may receive:
    /// `None` every event of the service, `Some(a)` those published for audience `a` (a repair
    /// center's own demands).
    pub authorize: fn(&Caller) -> Result<Option<String>, AppError>,
    /// The event names the service publishes, which a subscription may pick from.
    pub events: &'static [&'static str],
}

/// `document` (a service's derived document) with the events a subscription may pick: the
/// mount's names, which the shared input type cannot know.
pub fn with_event_names(mut document: serde_json::Value, mount: &Mount) -> serde_json::Value {
    if let Some(items) =
        document.pointer_mut("/components/schemas/WebhookInput/properties/events/items")
    {
        items["enum"] = serde_json::json!(mount.events);
    }
    document
}

/// Mounts `POST|GET /api/webhooks`, `GET /api/webhooks/deliveries`, `DELETE /api/webhooks/{id}`.
pub fn configure(cfg: &mut web::ServiceConfig, mount: Mount, settings: WebhookSettings) {
    cfg.app_data(web::Data::new(mount))
        .app_data(web::Data::new(settings))
        .route("/api/webhooks", web::post().to(handlers::register))
        .route("/api/webhooks", web::get().to(handlers::list))
        .route(
            "/api/webhooks/deliveries",
            web::get().to(handlers::deliveries),
        )
        .route("/api/webhooks/{id}", web::delete().to(handlers::remove));
}

/// One event as a subscriber receives it (the body POSTed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Body {
    /// The same for every attempt and every subscription: deduplicate on it.
    pub event_id: String,
    pub event: String,
    pub occurred_at: DateTime<Utc>,
    pub data: serde_json::Value,
}

/// The outbox payload: the body and the subscription it goes to.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    subscription: String,
    body: Body,
}

/// What a service publishes.
pub struct Event<'a> {
    pub name: &'static str,
    /// The aggregate (`sav:12`, `demand:RMA-1`): its events reach each subscriber in order.
    pub stream: &'a str,
    /// Who may see it beyond the subscriptions of every event (see [`Mount::authorize`]).
    pub audience: Option<&'a str>,
    pub data: serde_json::Value,
}

/// Queues `event` for every subscription that wants it; call it inside the transaction of
/// the change. How many subscriptions it was queued for.
pub fn publish(conn: &mut DbConn, event: Event<'_>, now: NaiveDateTime) -> QueryResult<usize> {
    let subscriptions = store::matching(conn, event.audience)?;
    let wanted: Vec<_> = subscriptions
        .into_iter()
        .filter(|s| s.wants(event.name))
        .collect();
    if wanted.is_empty() {
        return Ok(0);
    }
    let body = Body {
        event_id: uuid::Uuid::new_v4().to_string(),
        event: event.name.to_string(),
        occurred_at: now.and_utc(),
        data: event.data,
    };
    for subscription in &wanted {
        let envelope = Envelope {
            subscription: subscription.id.clone(),
            body: body.clone(),
        };
        let payload = serde_json::to_value(&envelope)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let stream = format!("{}|{}", subscription.id, event.stream);
        crate::outbox::enqueue(conn, TOPIC, Some(&stream), &payload, now)?;
    }
    Ok(wanted.len())
}

/// An endpoint: absolute `https://`, or `http://` on the loopback when the settings allow it.
pub fn acceptable_url(url: &str, settings: &WebhookSettings) -> bool {
    if !crate::input::url::endpoint(url, settings.allow_http_loopback) {
        return false;
    }
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => true,
        "http" => settings.allow_http_loopback && loopback,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_only_unless_loopback_is_allowed() {
        let strict = WebhookSettings::default();
        let local = WebhookSettings {
            allow_http_loopback: true,
        };
        assert!(acceptable_url("https://partner.example/hooks", &strict));
        assert!(!acceptable_url("http://partner.example/hooks", &strict));
        assert!(!acceptable_url("http://127.0.0.1:9000/hook", &strict));
        assert!(acceptable_url("http://127.0.0.1:9000/hook", &local));
        assert!(acceptable_url("http://localhost/hook", &local));
        assert!(!acceptable_url("http://partner.example/hooks", &local));
        // Endpoints are host names or IPv4 addresses (crate::input::url), not IPv6 literals.
        assert!(!acceptable_url("http://[::1]:9000/hook", &local));
        assert!(!acceptable_url("ftp://partner.example", &local));
        assert!(!acceptable_url("partner.example/hook", &local));
    }
}
