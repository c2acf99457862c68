//! Forwarding a partner call to its service: method, query, headers and a streamed body pass
//! through, minus hop-by-hop headers and the partner's own credentials.

use actix_web::body::SizedStream;
use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderName, HeaderValue};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::{StreamExt, TryStreamExt};
use platform::AppError;
use platform::telemetry::{REQUEST_ID_HEADER, RequestId};

use super::auth::authenticate;
use crate::ratelimit::Decision;
use crate::state::{GatewayState, UpstreamClient, peer_ip};

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the partner's
/// credentials, which never leave the gateway.
const NOT_FORWARDED: [&str; 11] = [
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
];

fn forwarded(name: &str) -> bool {
    !NOT_FORWARDED.contains(&name)
}

/// Every path that is not the gateway's own.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
    client: web::Data<UpstreamClient>,
) -> HttpResponse {
    let path = req.path().to_string();
    let Some(target) = state.routes.resolve(&path) else {
        let err = AppError::not_found(
            "ROUTE_NOT_FOUND",
            format!("No route for {} {path}", req.method()),
        );
        return platform::Dialect::Plain.render(&req, &err);
    };
    let dialect = target.service.dialect;
    match proxy(&req, payload, &state, &client.0, target).await {
        Ok(response) => response,
        Err(err) => dialect.render(&req, &err),
    }
}

async fn proxy(
    req: &HttpRequest,
    payload: web::Payload,
    state: &GatewayState,
    client: &reqwest::Client,
    target: super::routing::Target<'_>,
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

    let mut url = target.service.base_url.clone();
    url.set_path(target.path);
    url.set_query(Some(req.query_string()).filter(|q| !q.is_empty()));
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|e| AppError::bad_request("INVALID_METHOD", e.to_string()))?;
    let mut upstream = client.request(method, url);
    for (name, value) in req.headers() {
        if forwarded(name.as_str())
            && name != REQUEST_ID_HEADER
            && name.as_str() != "x-forwarded-for"
        {
            upstream = upstream.header(name.as_str(), value.as_bytes());
        }
    }
    let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
    if let Some(id) = &request_id {
        upstream = upstream.header(REQUEST_ID_HEADER.as_str(), id.as_str());
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
    upstream = upstream.header("x-forwarded-for", forwarded_for).header(
        AUTHORIZATION.as_str(),
        format!("Bearer {}", caller.forward_token),
    );

    let has_body =
        declared_length.is_some_and(|n| n > 0) || req.headers().contains_key("transfer-encoding");
    if has_body {
        upstream = upstream.body(stream_body(payload, target.body_limit));
    }

    let response = upstream
        .send()
        .await
        .map_err(|e| upstream_error(&target.service.name, &e))?;
    relay(response)
        .await
        .map_err(|e| upstream_error(&target.service.name, &e))
}

fn too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        format!("The request body exceeds the limit of {limit} bytes."),
    )
}

/// The partner's body, streamed to the upstream as it arrives. actix's payload lives on its
/// worker thread, so a local task feeds a channel that reqwest (which needs `Send`) reads.
fn stream_body(mut payload: web::Payload, limit: Option<usize>) -> reqwest::Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(8);
    actix_web::rt::spawn(async move {
        let mut sent = 0usize;
        while let Some(chunk) = payload.next().await {
            let item = chunk
                .map_err(|e| std::io::Error::other(e.to_string()))
                .and_then(|bytes| {
                    sent += bytes.len();
                    match limit {
                        Some(limit) if sent > limit => {
                            Err(std::io::Error::other("body over the route's limit"))
                        }
                        _ => Ok(bytes),
                    }
                });
            let failed = item.is_err();
            if tx.send(item).await.is_err() || failed {
                break;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    reqwest::Body::wrap_stream(stream)
}

fn upstream_error(service: &str, err: &reqwest::Error) -> AppError {
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

/// Answers up to this size are read whole and sent in one piece; larger ones are streamed.
const BUFFERED_RESPONSE: u64 = 64 * 1024;

/// The upstream's answer with its status and end-to-end headers.
async fn relay(response: reqwest::Response) -> Result<HttpResponse, reqwest::Error> {
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut builder = HttpResponse::build(status);
    for (name, value) in response.headers() {
        if !forwarded(name.as_str()) || name.as_str() == "content-length" {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            builder.append_header((name, value));
        }
    }
    let length = response.content_length();
    if length.is_some_and(|n| n <= BUFFERED_RESPONSE) {
        return Ok(builder.body(response.bytes().await?));
    }
    let body = response
        .bytes_stream()
        .map_err(|e| actix_web::error::ErrorBadGateway(e.to_string()));
    Ok(match length {
        Some(length) => builder.body(SizedStream::new(length, body)),
        None => builder.streaming(body),
    })
}
