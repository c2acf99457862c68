//! `PUT|GET /api/partners/{partner}/push-endpoint`: where the retailer's back office tells
//! which repair centers are in PUSH mode.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, Pool, UniqueViolationAs};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Endpoint;
use super::store;
use crate::access::retailer_side;
use crate::errors::RmaError;
use crate::shown::{self, Shown};
use platform::input::{given, non_blank, trimmed};

const MIN_SECRET_CHARS: usize = 16;

#[derive(Deserialize, ToSchema)]
pub struct EndpointInput {
    /// An absolute http:// or https:// URL.
    #[serde(default)]
    #[schema(schema_with = platform::openapi::pieces::web_url, required = true)]
    url: Option<String>,
    /// The HMAC key, at least 16 characters.
    #[serde(default)]
    #[schema(schema_with = platform::openapi::pieces::trimmed_secret, required = true)]
    secret: Option<String>,
    /// false pauses deliveries (default true).
    #[serde(default)]
    enabled: Option<bool>,
}

/// A partner's endpoint; the secret is never shown again once set.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"partner": "center-1", "url": "https://center.example/rma/events",
    "enabled": true, "updated_at": "2021-09-20 08:00:00"}))]
pub struct EndpointOut<'a> {
    pub partner: &'a str,
    pub url: &'a str,
    pub enabled: bool,
    #[schema(schema_with = shown::schema)]
    pub updated_at: Shown,
}

impl<'a> From<&'a Endpoint> for EndpointOut<'a> {
    fn from(e: &'a Endpoint) -> Self {
        Self {
            partner: &e.partner_id,
            url: &e.url,
            enabled: e.enabled,
            updated_at: Shown(e.updated_at),
        }
    }
}

/// Puts a repair center in PUSH mode: where its events go (scope partners_manage).
///
/// Creates or replaces the endpoint. Events (demand.assigned, quote.answered, message.created,
/// demand.resubmitted) are POSTed as JSON {event, event_id, occurred_at, partner, demand, …},
/// at least once, retried with backoff; the partner deduplicates on event_id (also in
/// X-RMA-Event-Id). X-RMA-Signature is sha256= and the hex HMAC-SHA256, keyed by the secret,
/// of "{X-RMA-Timestamp}.{body}". The secret is never shown again. JSON only.
#[utoipa::path(
    put,
    path = "/api/partners/{partner}/push-endpoint",
    operation_id = "putPushEndpoint",
    params(("partner" = String, Path, description = "The repair center's partner id.")),
    request_body = EndpointInput,
    responses(
        (status = 200, description = "The endpoint, without its secret.", body = EndpointOut),
        (status = 403, description = "The token lacks the scope partners_manage (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 409, description = "Saved at the same time by another request: retry (CONCURRENT_UPDATE)."),
        (status = 422, description = "url missing or not absolute http(s), or secret shorter than 16 characters (VALIDATION_ERROR)."),
    )
)]
pub async fn put_endpoint(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
    body: Json<EndpointInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "partners_manage")?;
    let partner = path.into_inner();
    let input = body.0;
    let url = given("url", non_blank(input.url))?;
    if !platform::input::url::endpoint(&url, true) {
        return Err(AppError::invalid_field(
            "url",
            "must be an absolute http:// or https:// URL",
        ));
    }
    let secret = trimmed(input.secret.as_ref())
        .filter(|s| s.chars().count() >= MIN_SECRET_CHARS)
        .ok_or_else(|| AppError::invalid_field("secret", "must be at least 16 characters"))?;
    let enabled = input.enabled.unwrap_or(true);
    let endpoint = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            store::save(conn, &partner, &url, &secret, enabled, now)
        })
        .unique_violation_as(|| AppError::from(RmaError::ConcurrentUpdate))
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, EndpointOut::from(&endpoint)))
}

/// A repair center's PUSH endpoint, without its secret (scope partners_manage).
#[utoipa::path(
    get,
    path = "/api/partners/{partner}/push-endpoint",
    operation_id = "getPushEndpoint",
    params(("partner" = String, Path, description = "The repair center's partner id.")),
    responses(
        (status = 200, description = "The endpoint.", body = EndpointOut),
        (status = 403, description = "The token lacks the scope partners_manage (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 404, description = "The partner has no endpoint: it is in PULL mode (ENDPOINT_NOT_FOUND)."),
    )
)]
pub async fn get_endpoint(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "partners_manage")?;
    let partner = path.into_inner();
    let endpoint = db::run(&pool, move |conn| {
        store::endpoint(conn, &partner)?.ok_or_else(|| AppError::from(RmaError::EndpointNotFound))
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, EndpointOut::from(&endpoint)))
}
