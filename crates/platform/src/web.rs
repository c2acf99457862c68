//! Extractor settings shared by every service, so malformed JSON, a wrong `Content-Type`, an
//! unparsable query string, an oversized body and an unknown route all answer a 4xx that names
//! the problem, in the service's dialect.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError, UrlencodedError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;

/// Registers the extractor error handlers and body limits on a service's app.
pub fn configure_extractors(cfg: &mut web::ServiceConfig, body_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(body_limit)
            .error_handler(|err, _| json_error(err).into()),
    )
    .app_data(
        web::FormConfig::default()
            .limit(body_limit)
            .error_handler(|err, _| form_error(err).into()),
    )
    .app_data(web::QueryConfig::default().error_handler(|err, _| query_error(err).into()))
    .app_data(web::PathConfig::default().error_handler(|err, _| path_error(err).into()))
    .app_data(web::PayloadConfig::new(body_limit));
}

/// The default service: an unknown route is a 404 that names the path.
pub async fn unknown_route(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::not_found(
        "ROUTE_NOT_FOUND",
        format!("No route for {} {}", req.method(), req.path()),
    ))
}

fn too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        format!("The request body exceeds the limit of {limit} bytes."),
    )
}

fn unsupported_media(expected: &str) -> AppError {
    AppError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        format!("Content-Type must be {expected}."),
    )
}

fn json_error(err: JsonPayloadError) -> AppError {
    match err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => too_large(limit),
        JsonPayloadError::ContentType => unsupported_media("application/json"),
        JsonPayloadError::Deserialize(e) if e.is_data() => AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            format!("Invalid body: {e}"),
        ),
        JsonPayloadError::Deserialize(e) => {
            AppError::bad_request("MALFORMED_JSON", format!("Malformed JSON body: {e}"))
        }
        other => AppError::bad_request("MALFORMED_BODY", format!("Unreadable body: {other}")),
    }
}

fn form_error(err: UrlencodedError) -> AppError {
    match err {
        UrlencodedError::Overflow { limit, .. } => too_large(limit),
        UrlencodedError::ContentType => unsupported_media("application/x-www-form-urlencoded"),
        UrlencodedError::Parse(e) => AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            format!("Invalid form body: {e}"),
        ),
        other => AppError::bad_request("MALFORMED_BODY", format!("Unreadable form body: {other}")),
    }
}

fn query_error(err: QueryPayloadError) -> AppError {
    AppError::bad_request("INVALID_QUERY", format!("Invalid query string: {err}"))
}

fn path_error(err: PathError) -> AppError {
    AppError::bad_request("INVALID_PATH", format!("Invalid path parameter: {err}"))
}
