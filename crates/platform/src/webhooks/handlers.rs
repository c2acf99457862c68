//! The webhook routes every service mounting them serves, keyed by the calling client (the
//! token's `sub`): register an endpoint and its secret, list them, delete one, list the latest
//! delivery attempts with their outcome. Answers in the service's dialect.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::store::{self, Delivery, Subscription};
use super::{Mount, WebhookError, WebhookSettings, acceptable_url};
use crate::auth::Caller;
use crate::db::{self, Pool};
use crate::input::{given, non_blank, trimmed};
use crate::web::{Json, Query};
use crate::{AppError, Dialect};

const MIN_SECRET_CHARS: usize = 16;
const MAX_SECRET_CHARS: usize = 256;
const DEFAULT_DELIVERIES: i64 = 100;
const MAX_DELIVERIES: i64 = 1000;

#[derive(Deserialize, ToSchema)]
pub struct WebhookInput {
    /// Where events are POSTed: an absolute https:// URL.
    #[serde(default)]
    #[schema(schema_with = crate::openapi::pieces::https_url, required = true)]
    url: Option<String>,
    /// The HMAC-SHA256 key of the signatures, 16 to 256 characters; never shown again.
    #[serde(default)]
    #[schema(value_type = String, min_length = 16, max_length = 256, required = true)]
    secret: Option<String>,
    /// The events wanted (names from the service's list); absent or empty for all.
    #[serde(default)]
    events: Option<Vec<String>>,
}

/// A registered webhook; its secret is never shown.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "6f1c…", "url": "https://partner.example/hooks",
    "events": [], "created_at": "2026-12-02T08:00:00Z"}))]
pub struct WebhookOut {
    pub id: String,
    pub url: String,
    /// Empty: every event.
    pub events: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&Subscription> for WebhookOut {
    fn from(s: &Subscription) -> Self {
        Self {
            id: s.id.clone(),
            url: s.url.clone(),
            events: s.event_names().into_iter().map(str::to_string).collect(),
            created_at: s.created_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookCreated {
    pub webhook: WebhookOut,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    pub webhooks: Vec<WebhookOut>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDeleted {
    pub deleted: String,
}

/// One delivery attempt.
#[derive(Serialize, ToSchema)]
pub struct DeliveryOut {
    pub webhook_id: String,
    /// The event's id (the `X-Webhook-Id` header): the same on every attempt.
    pub event_id: String,
    pub event: String,
    /// 1 for the first attempt of this event to this webhook.
    pub attempt: i32,
    /// `delivered`; `failed` (retried later, with backoff); `given_up` (no more attempts).
    #[schema(example = "delivered")]
    pub outcome: String,
    /// The endpoint's HTTP status, when it answered.
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
    pub attempted_at: DateTime<Utc>,
}

impl From<Delivery> for DeliveryOut {
    fn from(d: Delivery) -> Self {
        Self {
            webhook_id: d.subscription_id,
            event_id: d.event_id,
            event: d.event,
            attempt: d.attempt,
            outcome: d.outcome,
            status_code: d.status_code,
            error: d.error,
            duration_ms: d.duration_ms,
            attempted_at: d.attempted_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryList {
    pub deliveries: Vec<DeliveryOut>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// Only this webhook's attempts.
    webhook_id: Option<String>,
    /// Default 100, at most 1000.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// Registers an endpoint for the calling client.
///
/// Each event is POSTed as JSON {event_id, event, occurred_at, data}, at least once, retried
/// with backoff for days, in order per aggregate. Headers: X-Webhook-Id (the event id: the
/// same on every attempt, deduplicate on it), X-Webhook-Event, and X-Webhook-Signature:
/// t={unix seconds},sha256={hex HMAC-SHA256 of "{t}.{body}" keyed by the secret}. Any 2xx is
/// success. The secret is never shown again.
#[utoipa::path(post, path = "/api/webhooks", operation_id = "registerWebhook",
    request_body = WebhookInput,
    responses(
        (status = 201, description = "Registered (without its secret).", body = WebhookCreated),
        (status = 422, description = "url not https (VALIDATION_ERROR), secret shorter than 16 or longer than 256 characters, or an unknown event."),
    ))]
pub async fn register(
    caller: Caller,
    dialect: Dialect,
    mount: web::Data<Mount>,
    settings: web::Data<WebhookSettings>,
    pool: web::Data<Pool>,
    body: Json<WebhookInput>,
) -> Result<HttpResponse, AppError> {
    let audience = (mount.authorize)(&caller)?;
    let input = body.0;
    let url = given("url", non_blank(input.url))?;
    if !acceptable_url(&url, &settings) {
        return Err(AppError::invalid_field(
            "url",
            "must be an absolute https:// URL",
        ));
    }
    let secret = input
        .secret
        .filter(|s| (MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&s.chars().count()))
        .ok_or_else(|| AppError::invalid_field("secret", "must be 16 to 256 characters"))?;
    let events: Vec<String> = input.events.unwrap_or_default();
    if let Some(unknown) = events.iter().find(|e| !mount.events.contains(&e.as_str())) {
        return Err(AppError::invalid_field(
            "events",
            format!("{unknown} is not one of {}", mount.events.join(", ")),
        ));
    }
    let subscription = Subscription {
        id: uuid::Uuid::new_v4().to_string(),
        client_id: caller.sub.clone(),
        audience,
        url,
        secret,
        events: events.join(" "),
        created_at: Utc::now().naive_utc(),
    };
    let saved = subscription.clone();
    db::run(&pool, move |conn| store::insert(conn, &saved)).await?;
    let webhook = WebhookOut::from(&subscription);
    Ok(dialect.success(StatusCode::CREATED, WebhookCreated { webhook }))
}

/// The calling client's webhooks, oldest first, without their secrets.
#[utoipa::path(get, path = "/api/webhooks", operation_id = "listWebhooks",
    responses((status = 200, description = "The client's webhooks.", body = WebhookList)))]
pub async fn list(
    caller: Caller,
    dialect: Dialect,
    mount: web::Data<Mount>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, AppError> {
    (mount.authorize)(&caller)?;
    let client = caller.sub;
    let webhooks = db::run(&pool, move |conn| store::of_client(conn, &client)).await?;
    let webhooks = webhooks.iter().map(WebhookOut::from).collect();
    Ok(dialect.success(StatusCode::OK, WebhookList { webhooks }))
}

/// Deletes one of the calling client's webhooks; its undelivered events are dropped.
#[utoipa::path(delete, path = "/api/webhooks/{id}", operation_id = "deleteWebhook",
    params(("id" = String, Path, description = "The webhook.")),
    responses(
        (status = 200, description = "Deleted.", body = WebhookDeleted),
        (status = 404, description = "The client has no webhook of this id (WEBHOOK_NOT_FOUND)."),
    ))]
pub async fn remove(
    caller: Caller,
    dialect: Dialect,
    mount: web::Data<Mount>,
    pool: web::Data<Pool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    (mount.authorize)(&caller)?;
    let id = path.into_inner();
    let (client, target) = (caller.sub, id.clone());
    let deleted = db::run(&pool, move |conn| store::delete(conn, &client, &target)).await?;
    if !deleted {
        return Err(WebhookError::WebhookNotFound.into());
    }
    Ok(dialect.success(StatusCode::OK, WebhookDeleted { deleted: id }))
}

/// The calling client's latest delivery attempts, newest first, with their outcome.
#[utoipa::path(get, path = "/api/webhooks/deliveries", operation_id = "listWebhookDeliveries",
    params(DeliveriesQuery),
    responses(
        (status = 200, description = "The latest attempts.", body = DeliveryList),
        (status = 400, description = "limit is not between 1 and 1000 (INVALID_QUERY)."),
    ))]
pub async fn deliveries(
    caller: Caller,
    dialect: Dialect,
    mount: web::Data<Mount>,
    pool: web::Data<Pool>,
    query: Query<DeliveriesQuery>,
) -> Result<HttpResponse, AppError> {
    (mount.authorize)(&caller)?;
    let query = query.0;
    let limit = query.limit.unwrap_or(DEFAULT_DELIVERIES);
    if !(1..=MAX_DELIVERIES).contains(&limit) {
        return Err(AppError::invalid_query(
            "limit",
            "must be between 1 and 1000",
        ));
    }
    let (client, webhook) = (caller.sub, trimmed(query.webhook_id));
    let rows = db::run(&pool, move |conn| {
        store::deliveries(conn, &client, webhook.as_deref(), limit)
    })
    .await?;
    let deliveries = rows.into_iter().map(DeliveryOut::from).collect();
    Ok(dialect.success(StatusCode::OK, DeliveryList { deliveries }))
}
