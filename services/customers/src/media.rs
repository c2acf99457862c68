//! Seed 002's media types: `Accept` negotiation (406 otherwise), the `Content-Type` a POST or PUT
//! must carry (415 otherwise), and the answer sent back in the negotiated type. Errors of the
//! routes below are rendered here, so they too carry the negotiated type; a server error answers
//! the document's `ERROR` code.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use actix_web::middleware::Next;
use platform::error::PlatformCode;
use platform::{AppError, Dialect};

use crate::errors::CustomersError;

pub const VENDOR: &str = "application/vnd.customers.v1+json";
pub const HAL: &str = "application/hal+json";
pub const JSON: &str = "application/json";

/// What the client accepts, in the server's order of preference.
const OFFERED: [&str; 3] = [VENDOR, HAL, JSON];
/// What a POST or PUT body may be.
const READ: [&str; 2] = [VENDOR, JSON];

/// The type of the answer: one the client named, or (`*/*`, `application/*`, no `Accept`) the
/// server's own choice, `application/hal+json` for collections and `application/json` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negotiated {
    Named(&'static str),
    Any,
}

/// The media range's type and its `q` (1 when absent, 0 when unreadable).
fn range(part: &str) -> (String, f32) {
    let mut pieces = part.split(';');
    let media = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
    let q = pieces
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
        .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
    (media, q)
}

/// Reads `Accept`: `None` when nothing the service offers is acceptable.
pub fn negotiate(accept: Option<&str>) -> Option<Negotiated> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Negotiated::Any);
    };
    // (q, exact before wildcard, earlier before later) picks the answer.
    let mut best: Option<(f32, u8, usize, Negotiated)> = None;
    for (index, part) in accept.split(',').enumerate() {
        let (media, q) = range(part);
        if q <= 0.0 {
            continue;
        }
        let candidate = match media.as_str() {
            "*/*" | "application/*" => (q, 0, index, Negotiated::Any),
            named => match OFFERED.iter().find(|o| **o == named) {
                Some(offered) => (q, 1, index, Negotiated::Named(offered)),
                None => continue,
            },
        };
        let better = best.is_none_or(|(bq, bs, bi, _)| {
            (candidate.0, candidate.1) > (bq, bs)
                || ((candidate.0, candidate.1) == (bq, bs) && index < bi)
        });
        if better {
            best = Some(candidate);
        }
    }
    best.map(|(_, _, _, negotiated)| negotiated)
}

/// Whether a body of this `Content-Type` may be read (parameters such as `charset` ignored).
pub fn readable(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| READ.contains(&m.as_str()))
}

fn refuse(req: ServiceRequest, err: &AppError) -> ServiceResponse<BoxBody> {
    let (http, _) = req.into_parts();
    let response = Dialect::Customers.render(&http, err);
    ServiceResponse::new(http, response)
}

/// A server error as the document names it (`ERROR`), its cause kept for the log.
fn documented(err: &AppError) -> Option<AppError> {
    (err.code() == PlatformCode::InternalError.code()).then(|| {
        AppError::coded(CustomersError::Error, CustomersError::Error.message())
            .with_cause(err.cause().unwrap_or("-"))
    })
}

/// Middleware over every route of seed 002.
pub async fn negotiate_media(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // A path or method the document lacks is the router's 404 or 405, whatever the headers.
    let served = platform::openapi::routes::allowed_methods(&crate::SPEC, req.path())
        .is_some_and(|methods| methods.iter().any(|m| m == req.method().as_str()));
    if !served {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let accept = req
        .headers()
        .get(ACCEPT)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let Some(negotiated) = negotiate(accept) else {
        return Ok(refuse(req, &CustomersError::NotAcceptable.into()));
    };
    if matches!(*req.method(), Method::POST | Method::PUT) {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if !readable(content_type) {
            let err = AppError::coded(
                PlatformCode::UnsupportedMediaType,
                format!("Content-Type must be {}.", READ.join(" or ")),
            );
            return Ok(refuse(req, &err));
        }
    }
    let res = next.call(req).await?;
    let rendered = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|err| match documented(err) {
            Some(err) => Dialect::Customers.render(res.request(), &err),
            None => Dialect::Customers.render(res.request(), err),
        });
    let mut res = match rendered {
        Some(response) => res.into_response(response),
        None => res.map_into_boxed_body(),
    };
    if let Negotiated::Named(media) = negotiated
        && res.headers().contains_key(CONTENT_TYPE)
    {
        res.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(media));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_s_preference_wins_among_the_offered_types() {
        assert_eq!(negotiate(None), Some(Negotiated::Any));
        assert_eq!(negotiate(Some("*/*")), Some(Negotiated::Any));
        assert_eq!(negotiate(Some(VENDOR)), Some(Negotiated::Named(VENDOR)));
        assert_eq!(
            negotiate(Some(
                "text/html, application/json;q=0.5, application/hal+json;q=0.9"
            )),
            Some(Negotiated::Named(HAL))
        );
        assert_eq!(
            negotiate(Some("application/json, */*;q=0.1")),
            Some(Negotiated::Named(JSON))
        );
        assert_eq!(negotiate(Some("text/html")), None);
        assert_eq!(negotiate(Some("application/json;q=0")), None);
        assert_eq!(negotiate(Some("application/xml")), None);
    }

    #[test]
    fn bodies_are_json_or_the_vendor_type() {
        assert!(readable(Some("application/json; charset=utf-8")));
        assert!(readable(Some(VENDOR)));
        assert!(!readable(Some(HAL)));
        assert!(!readable(Some("application/x-www-form-urlencoded")));
        assert!(!readable(None));
    }
}
