//! Forwarding a partner call to its service: method, query, headers and a streamed body pass
//! through, minus hop-by-hop headers and the partner's own credentials.

use std::rc::Rc;
use std::time::Duration;

use crate::errors::GatewayError;
use actix_http::RequestHead;
use actix_http::StatusCode;
use actix_http::body::BodySize;
use actix_web::http::Uri;
use actix_web::http::header::{CONTENT_LENGTH, HOST, HeaderName, HeaderValue, TRANSFER_ENCODING};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use platform::AppError;
use platform::error::PlatformCode;
use platform::telemetry::{REQUEST_ID_HEADER, RequestId, RouteLabel};

use super::Worker;
use super::auth::authenticate;
use super::routing::Target;
use super::upstream::{AnswerBody, Upload, UploadError, UpstreamError};
use crate::ratelimit::Decision;
use crate::state::{GatewayState, peer_ip};

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the partner's
/// credentials, which never leave the gateway, and those the gateway sets itself. `expect` is
/// answered by the gateway's own server before the body is read.
fn forwarded(name: &HeaderName) -> bool {
    !matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "expect"
            | "host"
            | "authorization"
            | "x-api-token"
            | "x-request-id"
            | "x-forwarded-for"
    )
}

/// Every path that is not the gateway's own.
pub async fn forward(req: HttpRequest, payload: web::Payload) -> HttpResponse {
    // Borrowed, not extracted: an extractor clones the shared state's `Arc`, so every call on
    // every worker would write the same counter.
    let (Some(state), Some(worker)) = (
        req.app_data::<web::Data<GatewayState>>(),
        req.app_data::<web::Data<Worker>>(),
    ) else {
        return platform::Dialect::Plain.render(&req, &AppError::internal("gateway state missing"));
    };
    let Some(target) = state.routes.resolve(req.path()) else {
        // One of the gateway's own paths with a method it lacks (405), or nothing (404).
        return platform::web::unknown_route(req).await;
    };
    if let Some(label) = worker.route_labels.get(target.rule) {
        req.extensions_mut().insert(RouteLabel(Rc::clone(label)));
    }
    let dialect = target.service.dialect;
    match proxy(&req, payload, state, worker, target).await {
        Ok(response) => response,
        Err(err) => dialect.render(&req, &err),
    }
}

async fn proxy(
    req: &HttpRequest,
    payload: web::Payload,
    state: &web::Data<GatewayState>,
    worker: &Worker,
    target: Target<'_>,
) -> Result<HttpResponse, AppError> {
    // A public route (a login page) is forwarded without credentials or a gateway token.
    let caller = match target.public {
        true => None,
        false => match authenticate(state, &worker.trust, req).await {
            Ok(caller) => Some(caller),
            Err(err) => {
                return match target.login_page {
                    Some(login) if err.status() == StatusCode::UNAUTHORIZED && wants_html(req) => {
                        Ok(to_login(login, req))
                    }
                    _ => Err(err),
                };
            }
        },
    };
    if let Some(caller) = &caller {
        let own = state.limits_of(&caller.client_id);
        if let Decision::Limited { retry_after } =
            state.limiter.acquire(&caller.client_id, own).await
        {
            return Err(AppError::from(GatewayError::RateLimited)
                .with_retry_after(retry_after.as_secs().max(1)));
        }
    }
    let declared_length = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let (Some(limit), Some(length)) = (target.body_limit, declared_length)
        && length > limit
    {
        return Err(too_large(limit));
    }

    let service = target.service;
    let mut head = RequestHead::default();
    head.method = req.method().clone();
    head.uri = upstream_uri(&service.base_path, target.path, req.query_string())?;
    for (name, value) in req.headers() {
        if forwarded(name) {
            head.headers.append(name.clone(), value.clone());
        }
    }
    head.headers.insert(HOST, service.host.clone());
    if let Some(RequestId(id)) = req.extensions().get::<RequestId>() {
        head.headers.insert(REQUEST_ID_HEADER, id.clone());
    }
    let client_ip = peer_ip(req);
    let forwarded_for = match req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
    {
        Some(chain) => format!("{chain}, {client_ip}"),
        None => client_ip,
    };
    if let Ok(forwarded_for) = HeaderValue::try_from(forwarded_for) {
        head.headers
            .insert(HeaderName::from_static("x-forwarded-for"), forwarded_for);
    }
    if let Some(caller) = caller {
        head.headers.insert(
            actix_web::http::header::AUTHORIZATION,
            caller.forward_authorization,
        );
    }

    let chunked = req.headers().contains_key(TRANSFER_ENCODING);
    let upload = match declared_length {
        Some(length) if !chunked => Some(Upload {
            size: BodySize::Sized(length as u64),
            chunks: stream_body(payload, target.body_limit),
        }),
        _ if chunked => Some(Upload {
            size: BodySize::Stream,
            chunks: stream_body(payload, target.body_limit),
        }),
        _ => None,
    };

    // One deadline for the whole exchange: connection, request, answer head and a small body.
    let timeout = Duration::from_millis(state.settings.upstream_timeout_ms);
    let answer = tokio::time::timeout(
        timeout,
        worker
            .upstreams
            .exchange(&service.authority, Rc::new(head), upload),
    )
    .await
    .map_err(|_| UpstreamError::Timeout(timeout))
    .and_then(|outcome| outcome)
    .map_err(|err| upstream_error(&service.name, err))?;

    let mut builder = HttpResponse::build(answer.head.status);
    for (name, value) in answer.head.headers.iter() {
        if forwarded(name) && name != CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    Ok(match answer.body {
        AnswerBody::Whole(bytes) => builder.body(bytes),
        // Not bound by the deadline: a large export may take longer.
        AnswerBody::Streamed(body) => builder.streaming(body),
    })
}

/// Whether the caller is a browser asking for a page.
fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// `303` to the login page, with the page asked for (a GET's) as the way back.
fn to_login(login: &str, req: &HttpRequest) -> HttpResponse {
    let location = match (
        req.method() == actix_web::http::Method::GET,
        req.query_string(),
    ) {
        (false, _) => login.to_string(),
        (true, "") => format!("{login}?next={}", platform::html::query_value(req.path())),
        (true, query) => format!(
            "{login}?next={}",
            platform::html::query_value(&format!("{}?{query}", req.path()))
        ),
    };
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// The upstream's path: its base path, the forwarded path and the partner's query.
fn upstream_uri(base_path: &str, path: &str, query: &str) -> Result<Uri, AppError> {
    let mut uri = String::with_capacity(base_path.len() + path.len() + query.len() + 1);
    uri.push_str(base_path);
    uri.push_str(path);
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query);
    }
    Uri::try_from(uri).map_err(|e| {
        AppError::coded(
            GatewayError::InvalidRequest,
            format!("Cannot forward this request: {e}"),
        )
    })
}

fn too_large(limit: usize) -> AppError {
    AppError::coded(
        PlatformCode::PayloadTooLarge,
        format!("The request body exceeds the limit of {limit} bytes."),
    )
}

/// The partner's body, streamed to the upstream as it arrives, cut off past the route's limit.
fn stream_body(
    payload: web::Payload,
    limit: Option<usize>,
) -> futures_util::stream::LocalBoxStream<'static, Result<web::Bytes, UploadError>> {
    let mut sent = 0usize;
    payload
        .map(move |chunk| {
            let bytes = chunk?;
            sent += bytes.len();
            match limit {
                Some(limit) if sent > limit => Err(UploadError::OverLimit(limit)),
                _ => Ok(bytes),
            }
        })
        .boxed_local()
}

fn upstream_error(service: &str, err: UpstreamError) -> AppError {
    match err {
        UpstreamError::Upload(UploadError::OverLimit(limit)) => too_large(limit),
        UpstreamError::Upload(UploadError::Payload(err)) => AppError::coded(
            GatewayError::InvalidRequest,
            format!("The request body could not be read: {err}"),
        ),
        err if err.is_timeout() => AppError::coded(
            GatewayError::UpstreamTimeout,
            format!("The {service} service did not answer in time."),
        )
        .with_cause(err),
        err => AppError::coded(
            GatewayError::UpstreamUnavailable,
            format!("The {service} service is unavailable."),
        )
        .with_cause(err),
    }
}
