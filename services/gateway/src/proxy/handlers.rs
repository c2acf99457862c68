//! Forwarding a partner call to its service: method, query, headers and a streamed body pass
//! through, minus hop-by-hop headers and the partner's own credentials.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::{BodyExt, Empty, StreamBody};
use hyper::body::{Frame, Incoming};
use platform::AppError;
use platform::telemetry::{REQUEST_ID_HEADER, RequestId};

use super::auth::authenticate;
use super::routing::Target;
use super::upstream::{ProxyBody, UpstreamError, Upstreams};
use crate::ratelimit::Decision;
use crate::state::{GatewayState, peer_ip};

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the partner's
/// credentials, which never leave the gateway, and those the gateway sets itself.
const NOT_FORWARDED: [&str; 13] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "authorization",
    "x-api-token",
    "x-request-id",
    "x-forwarded-for",
];

fn forwarded(name: &str) -> bool {
    !NOT_FORWARDED.contains(&name)
}

/// Answers up to this size are read whole and sent in one piece; larger ones are streamed.
const BUFFERED_RESPONSE: u64 = 64 * 1024;

/// Every path that is not the gateway's own.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
    upstreams: web::Data<Upstreams>,
) -> HttpResponse {
    let Some(target) = state.routes.resolve(req.path()) else {
        let err = AppError::not_found(
            "ROUTE_NOT_FOUND",
            format!("No route for {} {}", req.method(), req.path()),
        );
        return platform::Dialect::Plain.render(&req, &err);
    };
    let dialect = target.service.dialect;
    match proxy(&req, payload, &state, &upstreams, target).await {
        Ok(response) => response,
        Err(err) => dialect.render(&req, &err),
    }
}

async fn proxy(
    req: &HttpRequest,
    payload: web::Payload,
    state: &web::Data<GatewayState>,
    upstreams: &Upstreams,
    target: Target<'_>,
) -> Result<HttpResponse, AppError> {
    let caller = authenticate(state, req).await?;
    if let Decision::Limited { retry_after } = state.limiter.acquire(&caller.client_id).await {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            "Too many requests; retry later.",
        )
        .with_retry_after(retry_after.as_secs().max(1)));
    }
    let declared_length = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let (Some(limit), Some(length)) = (target.body_limit, declared_length) {
        if length > limit {
            return Err(too_large(limit));
        }
    }

    let service = target.service;
    let mut uri = format!("{}{}", service.base_path, target.path);
    if !req.query_string().is_empty() {
        uri.push('?');
        uri.push_str(req.query_string());
    }
    let mut request = http::Request::builder()
        .method(req.method().as_str())
        .uri(uri)
        .header("host", service.authority.as_str());
    for (name, value) in req.headers() {
        if forwarded(name.as_str()) {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    if let Some(RequestId(id)) = req.extensions().get::<RequestId>() {
        request = request.header(REQUEST_ID_HEADER.as_str(), id.as_str());
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
    request = request
        .header("x-forwarded-for", forwarded_for)
        .header("authorization", caller.forward_authorization);

    let has_body =
        declared_length.is_some_and(|n| n > 0) || req.headers().contains_key("transfer-encoding");
    let body = if has_body {
        stream_body(payload, target.body_limit)
    } else {
        Box::pin(Empty::new().map_err(|never| match never {}))
    };
    let request = request.body(body).map_err(|e| {
        AppError::bad_request(
            "INVALID_REQUEST",
            format!("Cannot forward this request: {e}"),
        )
    })?;

    // One deadline for the whole exchange: connection, request, answer head and a small body.
    let timeout = Duration::from_millis(state.settings.upstream_timeout_ms);
    let upstream_error = |err: UpstreamError| upstream_error(&service.name, err, target.body_limit);
    let exchange = async {
        let (response, lease) = upstreams.send(&service.authority, request).await?;
        let (parts, body) = response.into_parts();
        let length = parts
            .headers
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if length.is_some_and(|n| n <= BUFFERED_RESPONSE) {
            let bytes = body.collect().await?.to_bytes();
            upstreams.release(&service.authority, lease);
            return Ok((parts, Answer::Whole(bytes)));
        }
        Ok((parts, Answer::Streamed(body)))
    };
    let (parts, answer) = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| upstream_error(UpstreamError::Timeout(timeout)))?
        .map_err(upstream_error)?;

    let status = StatusCode::from_u16(parts.status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut builder = HttpResponse::build(status);
    for (name, value) in &parts.headers {
        if !forwarded(name.as_str()) || name == "content-length" {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            builder.append_header((name, value));
        }
    }
    Ok(match answer {
        Answer::Whole(bytes) => builder.body(bytes),
        // Streamed: the connection closes once this body is done instead of returning to the
        // pool, and the body is not bound by the deadline (a large export may take longer).
        Answer::Streamed(body) => builder.streaming(
            body.into_data_stream()
                .map_err(|e| actix_web::error::ErrorBadGateway(e.to_string())),
        ),
    })
}

/// The upstream's answer body: read whole when small, else streamed to the partner.
enum Answer {
    Whole(Bytes),
    Streamed(Incoming),
}

fn too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        format!("The request body exceeds the limit of {limit} bytes."),
    )
}

/// The partner's body, streamed to the upstream as it arrives, cut off past the route's limit.
fn stream_body(payload: web::Payload, limit: Option<usize>) -> ProxyBody {
    let mut sent = 0usize;
    let frames = payload.map(move |chunk| {
        let bytes = chunk.map_err(|e| std::io::Error::other(e.to_string()))?;
        sent += bytes.len();
        match limit {
            Some(limit) if sent > limit => Err(std::io::Error::other(BODY_OVER_LIMIT)),
            _ => Ok(Frame::data(bytes)),
        }
    });
    Box::pin(StreamBody::new(frames))
}

const BODY_OVER_LIMIT: &str = "body over the route's limit";

fn upstream_error(service: &str, err: UpstreamError, limit: Option<usize>) -> AppError {
    if let (UpstreamError::Http(http), Some(limit)) = (&err, limit) {
        if std::error::Error::source(http).is_some_and(|s| s.to_string() == BODY_OVER_LIMIT) {
            return too_large(limit);
        }
    }
    if err.is_timeout() {
        AppError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "UPSTREAM_TIMEOUT",
            format!("The {service} service did not answer in time."),
        )
        .with_cause(err)
    } else {
        AppError::new(
            StatusCode::BAD_GATEWAY,
            "UPSTREAM_UNAVAILABLE",
            format!("The {service} service is unavailable."),
        )
        .with_cause(err)
    }
}
