//! `Idempotency-Key` on POST: the first answer a caller got for a key is stored, and a retry
//! with the same key and the same request gets that answer again (with `Idempotent-Replayed:
//! true`) instead of doing the work twice. The same key on another request is a 422; a retry
//! while the first is still running is a 409. Answers that say nothing final (5xx, 401, 403,
//! 408, 429) are not kept, so the retry runs. Without the header nothing changes.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::auth::{TokenVerifier, bearer_token};
use crate::db::{self, DbConn, Pool};
use crate::dialect::Dialect;
use crate::error::{AppError, PlatformCode};

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        caller -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        body -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

pub const HEADER: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// A first request that has run this long without answering is taken as dead (its process
/// stopped): a retry may take the key over.
const ABANDONED_AFTER_SECS: i64 = 60;

/// A key is remembered this long; afterwards it is free again, and its row is deleted by the
/// sweep that runs once every [`SWEEP_EVERY`] answers kept by the process.
const KEPT_FOR_HOURS: i64 = 24;
const SWEEP_EVERY: u64 = 1000;
static KEPT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What the store knows of a key when a request arrives with it.
enum Seen {
    /// First use: the key is now reserved for this request.
    New,
    Replay {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    InFlight,
    OtherRequest,
}

#[derive(Queryable)]
struct Stored {
    request_hash: String,
    status: Option<i32>,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    created_at: NaiveDateTime,
}

fn reserve(conn: &mut DbConn, caller: &str, key: &str, hash: &str) -> QueryResult<Seen> {
    let now = Utc::now().naive_utc();
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller.eq(caller),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => return Ok(Seen::New),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {}
        Err(err) => return Err(err),
    }
    let mine = idempotency_keys::caller
        .eq(caller)
        .and(idempotency_keys::idempotency_key.eq(key));
    let stored: Stored = idempotency_keys::table
        .filter(mine)
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::content_type,
            idempotency_keys::body,
            idempotency_keys::created_at,
        ))
        .first(conn)?;
    if (now - stored.created_at).num_hours() >= KEPT_FOR_HOURS {
        // Expired: the key starts afresh for this request.
        let renewed = diesel::update(
            idempotency_keys::table
                .filter(mine)
                .filter(idempotency_keys::created_at.eq(stored.created_at)),
        )
        .set((
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::status.eq(None::<i32>),
            idempotency_keys::content_type.eq(None::<String>),
            idempotency_keys::body.eq(None::<Vec<u8>>),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
        return Ok(if renewed == 1 {
            Seen::New
        } else {
            Seen::InFlight
        });
    }
    if stored.request_hash != hash {
        return Ok(Seen::OtherRequest);
    }
    match stored.status {
        Some(status) => Ok(Seen::Replay {
            status: u16::try_from(status).unwrap_or(500),
            content_type: stored.content_type,
            body: stored.body.unwrap_or_default(),
        }),
        None if (now - stored.created_at).num_seconds() >= ABANDONED_AFTER_SECS => {
            // Take the abandoned reservation over, unless another retry just did.
            let taken = diesel::update(
                idempotency_keys::table
                    .filter(mine)
                    .filter(idempotency_keys::status.is_null())
                    .filter(idempotency_keys::created_at.eq(stored.created_at)),
            )
            .set(idempotency_keys::created_at.eq(now))
            .execute(conn)?;
            Ok(if taken == 1 {
                Seen::New
            } else {
                Seen::InFlight
            })
        }
        None => Ok(Seen::InFlight),
    }
}

fn remember(
    conn: &mut DbConn,
    caller: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> QueryResult<usize> {
    diesel::update(
        idempotency_keys::table
            .filter(idempotency_keys::caller.eq(caller))
            .filter(idempotency_keys::idempotency_key.eq(key)),
    )
    .set((
        idempotency_keys::status.eq(i32::from(status)),
        idempotency_keys::content_type.eq(content_type),
        idempotency_keys::body.eq(body),
    ))
    .execute(conn)
}

/// Deletes the keys older than [`KEPT_FOR_HOURS`].
fn sweep(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let expired = now - chrono::Duration::hours(KEPT_FOR_HOURS);
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(expired)))
        .execute(conn)
}

fn release(conn: &mut DbConn, caller: &str, key: &str) -> QueryResult<usize> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::caller.eq(caller))
            .filter(idempotency_keys::idempotency_key.eq(key))
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(conn)
}

/// Whether an answer is final for this request, so a retry should get it again.
fn is_final(status: StatusCode) -> bool {
    !(status.is_server_error()
        || matches!(
            status,
            StatusCode::UNAUTHORIZED
                | StatusCode::FORBIDDEN
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
    let key = match req.headers().get(&HEADER) {
        Some(value) if req.method() == actix_web::http::Method::POST => value.clone(),
        _ => {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body);
        }
    };
    let dialect = req.app_data::<Dialect>().copied().unwrap_or(Dialect::Plain);
    let key = match key.to_str() {
        Ok(key) if (1..=255).contains(&key.len()) => key.to_string(),
        _ => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (tempfile::TempDir, db::PooledConn) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let target = db::DbTarget::parse(&dir.path().join("t.db").display().to_string())
            .expect("a SQLite path");
        let settings = crate::config::DatabaseSettings {
            url: String::new(),
            pool_size: 1,
            connection_timeout_ms: 1000,
        };
        // The platform's own set again, as a service's: applying it twice is a no-op.
        static MIGRATIONS: db::Migrations = db::Migrations {
            postgres: diesel_migrations::embed_migrations!("migrations/postgres"),
            sqlite: diesel_migrations::embed_migrations!("migrations/sqlite"),
        };
        let mut conn = db::pool(target, &settings).get().expect("a connection");
        MIGRATIONS.run_pending(&mut conn).expect("migrated");
        (dir, conn)
    }

    fn age(conn: &mut DbConn, key: &str, hours: i64) {
        let then = Utc::now().naive_utc() - chrono::Duration::hours(hours);
        diesel::update(idempotency_keys::table.filter(idempotency_keys::idempotency_key.eq(key)))
            .set(idempotency_keys::created_at.eq(then))
            .execute(conn)
            .expect("aged");
    }

    #[test]
    fn keys_are_kept_a_day_then_free_again() {
        let (_dir, mut conn) = database();
        assert!(matches!(reserve(&mut conn, "c", "k", "h1"), Ok(Seen::New)));
        remember(&mut conn, "c", "k", 201, None, b"first").expect("kept");
        assert!(matches!(
            reserve(&mut conn, "c", "k", "h1"),
            Ok(Seen::Replay { status: 201, .. })
        ));
        assert!(matches!(
            reserve(&mut conn, "c", "k", "h2"),
            Ok(Seen::OtherRequest)
        ));

        age(&mut conn, "k", 25);
        assert!(matches!(reserve(&mut conn, "c", "k", "h2"), Ok(Seen::New)));

        assert!(matches!(reserve(&mut conn, "c", "old", "h"), Ok(Seen::New)));
        age(&mut conn, "old", 30);
        assert_eq!(sweep(&mut conn, Utc::now().naive_utc()).expect("swept"), 1);
        let left: i64 = idempotency_keys::table
            .count()
            .get_result(&mut conn)
            .expect("counted");
        assert_eq!(left, 1);
    }
}
