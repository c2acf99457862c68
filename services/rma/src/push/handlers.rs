//! `PUT|GET /api/partners/{partner}/push-endpoint`: where the retailer's back office tells
//! which repair centers are in PUSH mode.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, Pool, UniqueViolationAs};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::Deserialize;

use super::model::valid_url;
use super::store;
use crate::access::retailer_side;
use crate::errors::RmaError;
use platform::input::{required, trimmed};

const MIN_SECRET_CHARS: usize = 16;

#[derive(Deserialize)]
pub struct EndpointInput {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
}

/// Creates or replaces a partner's endpoint (enabled unless `"enabled": false`).
pub async fn put_endpoint(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
    body: Json<EndpointInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "partners_manage")?;
    let partner = path.into_inner();
    let input = body.0;
    let url = required("url", input.url.as_ref())?;
    if !valid_url(&url) {
        return Err(AppError::invalid_field(
            "url",
            "must be an absolute http:// or https:// URL",
        ));
    }
    let secret = trimmed(input.secret.as_ref())
        .filter(|s| s.chars().count() >= MIN_SECRET_CHARS)
        .ok_or_else(|| AppError::invalid_field("secret", "must be at least 16 characters"))?;
    let enabled = input.enabled.unwrap_or(true);
    let view = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            store::save(conn, &partner, &url, &secret, enabled, now)
        })
        .map(|endpoint| endpoint.view())
        .unique_violation_as(|| AppError::from(RmaError::ConcurrentUpdate))
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

pub async fn get_endpoint(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "partners_manage")?;
    let partner = path.into_inner();
    let view = db::run(&pool, move |conn| {
        store::endpoint(conn, &partner)?
            .map(|e| e.view())
            .ok_or_else(|| AppError::from(RmaError::EndpointNotFound))
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}
