//! `Idempotency-Key` on POST: the first answer a caller got for a key is stored, and a retry
//! with the same key and the same request gets that answer again (with `Idempotent-Replayed:
//! true`) instead of doing the work twice. The same key on another request is a 422; a retry
//! while the first is still running is a 409. Answers that say nothing final (5xx, 401, 403,
//! 404, 408, 429) are not kept, so the retry runs. Without the header nothing changes, except on
//! the POST paths a service keys by content (`ServiceSpec::keyed_by_content`): there a request
//! without the header is remembered under a key made of its method, URI and body.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::auth::{TokenVerifier, bearer_token};
use crate::db::{self, Pool};
use crate::dialect::Dialect;
use crate::error::{AppError, PlatformCode};

mod store;
#[cfg(test)]
mod tests;

use store::{Seen, release, remember, reserve, sweep};

pub const HEADER: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Expired keys are swept once every this many answers kept by the process.
const SWEEP_EVERY: u64 = 1000;
static KEPT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Whether an answer is final for this request, so a retry should get it again.
fn is_final(status: StatusCode) -> bool {
    !(status.is_server_error()
        || matches!(
            status,
            StatusCode::UNAUTHORIZED
                | StatusCode::FORBIDDEN
                // Nothing was done, and what was missing may exist by the retry (a route a
                // deployment adds, a resource another call creates).
                | StatusCode::NOT_FOUND
                | StatusCode::REQUEST_TIMEOUT
                | StatusCode::TOO_MANY_REQUESTS
        ))
}

fn request_hash(req: &ServiceRequest, body: &[u8]) -> String {
    let mut context = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    context.update(req.method().as_str().as_bytes());
    context.update(b" ");
    context.update(req.uri().to_string().as_bytes());
    context.update(b"\n");
    context.update(body);
    context
        .finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the request's path is one its service keys by content.
fn keyed_by_content(req: &ServiceRequest) -> bool {
    let path = req.path().trim_end_matches('/');
    req.app_data::<web::Data<crate::service::Context>>()
        .is_some_and(|ctx| ctx.spec.keyed_by_content.contains(&path))
}

fn reject(req: ServiceRequest, dialect: Dialect, err: &AppError) -> ServiceResponse<BoxBody> {
    let (http_req, _) = req.into_parts();
    let response = dialect.render(&http_req, err);
    ServiceResponse::new(http_req, response)
}

/// Middleware: see the module's documentation. It sits outside the dialect renderer, so what it
/// keeps is exactly what the client read.
pub async fn remember_answers(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let given = req.headers().get(&HEADER).cloned();
    let by_content = given.is_none() && keyed_by_content(&req);
    if req.method() != actix_web::http::Method::POST || (given.is_none() && !by_content) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let dialect = req.app_data::<Dialect>().copied().unwrap_or(Dialect::Plain);
    let key = match given.as_ref().map(HeaderValue::to_str) {
        None => None,
        Some(Ok(key)) if (1..=255).contains(&key.len()) => Some(key.to_string()),
        Some(_) => {
            let err = AppError::from_code(PlatformCode::InvalidIdempotencyKey);
            return Ok(reject(req, dialect, &err));
        }
    };
    // Keys belong to the caller the token names. Without a valid token the request goes on
    // unremembered, to be answered 401 by the handler.
    let verifier = req.app_data::<web::Data<TokenVerifier>>().cloned();
    let pool = req.app_data::<web::Data<Pool>>().cloned();
    let caller = match (verifier, bearer_token(req.request())) {
        (Some(verifier), Some(token)) => verifier.verify(&token).await.ok().map(|c| c.sub),
        _ => None,
    };
    let (Some(caller), Some(pool)) = (caller, pool) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(err) => {
            let status = err.as_response_error().status_code();
            let err = if status == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::from_code(PlatformCode::PayloadTooLarge)
            } else {
                AppError::coded(
                    PlatformCode::MalformedBody,
                    format!("Unreadable body: {err}"),
                )
            };
            return Ok(reject(req, dialect, &err));
        }
    };
    let hash = request_hash(&req, &body);
    req.set_payload(actix_http::Payload::from(body));
    let key = key.unwrap_or_else(|| format!("content:{hash}"));

    let (reserve_caller, reserve_key) = (caller.clone(), key.clone());
    let seen = db::run(&pool, move |conn| {
        reserve(conn, &reserve_caller, &reserve_key, &hash)
    })
    .await;
    match seen {
        Err(err) => return Ok(reject(req, dialect, &err)),
        Ok(Seen::New) => {}
        Ok(Seen::Replay {
            status,
            content_type,
            body,
        }) => {
            let (http_req, _) = req.into_parts();
            let mut response =
                HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
            if let Some(content_type) = content_type {
                response.insert_header((CONTENT_TYPE, content_type));
            }
            response.insert_header((REPLAYED, HeaderValue::from_static("true")));
            return Ok(ServiceResponse::new(http_req, response.body(body)));
        }
        Ok(Seen::InFlight) => {
            let err = AppError::from_code(PlatformCode::IdempotencyKeyInUse);
            return Ok(reject(req, dialect, &err));
        }
        Ok(Seen::OtherRequest) => {
            let err = AppError::from_code(PlatformCode::IdempotencyKeyReused);
            return Ok(reject(req, dialect, &err));
        }
    }

    let outcome = next.call(req).await;
    let res = match outcome {
        Ok(res) => res,
        Err(err) => {
            let _ = db::run(&pool, move |conn| release(conn, &caller, &key)).await;
            return Err(err);
        }
    };
    let (http_req, response) = res.into_parts();
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let kept = bytes.clone();
    let saved = db::run(&pool, move |conn| {
        if !is_final(status) {
            return release(conn, &caller, &key);
        }
        let kept = remember(
            conn,
            &caller,
            &key,
            status.as_u16(),
            content_type.as_deref(),
            &kept,
        )?;
        if KEPT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1
        {
            sweep(conn, Utc::now().naive_utc())?;
        }
        Ok(kept)
    })
    .await;
    if let Err(err) = saved {
        tracing::warn!(error = %err, "the answer to an Idempotency-Key was not kept");
    }
    Ok(ServiceResponse::new(
        http_req,
        head.set_body(BoxBody::new(bytes)),
    ))
}
