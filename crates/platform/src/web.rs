//! Request extractors and settings shared by every service, so malformed JSON, a wrong
//! `Content-Type`, an unparsable query string, an oversized body and an unknown route all answer
//! a 4xx that names the problem (and the field), in the service's dialect.
//!
//! Handlers use [`Json`], [`Form`], [`JsonOrForm`] and [`Query`] from here rather than actix's,
//! because these name the offending field (`prestation[0].price: invalid digit`).

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldError, PlatformCode};

/// The configured body limit, so a 413 can say what it is.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// Registers the body limit and the error handlers of actix's own extractors.
pub fn configure_extractors(cfg: &mut web::ServiceConfig, body_limit: usize) {
    cfg.app_data(BodyLimit(body_limit))
        .app_data(web::PayloadConfig::new(body_limit))
        .app_data(web::PathConfig::default().error_handler(|err, _| {
            AppError::coded(
                PlatformCode::InvalidPath,
                format!("Invalid path parameter: {err}"),
            )
            .into()
        }));
}

/// The default service: a documented path asked with a method it lacks is a 405 with `Allow`
/// (from the service's document); any other unknown route is a 404 that names the path.
pub async fn unknown_route(req: HttpRequest) -> HttpResponse {
    let dialect = req
        .app_data::<crate::Dialect>()
        .copied()
        .unwrap_or(crate::Dialect::Plain);
    let allowed = req
        .app_data::<web::Data<crate::service::Context>>()
        .and_then(|ctx| crate::openapi::routes::allowed_methods(ctx.spec, req.path()));
    match allowed {
        Some(methods)
            if !methods.is_empty() && !methods.iter().any(|m| m == req.method().as_str()) =>
        {
            let err = AppError::coded(
                PlatformCode::MethodNotAllowed,
                format!(
                    "{} is not allowed on {}: {}",
                    req.method(),
                    req.path(),
                    methods.join(", ")
                ),
            );
            let mut response = dialect.render(&req, &err);
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&methods.join(", ")) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::ALLOW, value);
            }
            response
        }
        _ => dialect.render(
            &req,
            &AppError::coded(
                PlatformCode::RouteNotFound,
                format!("No route for {} {}", req.method(), req.path()),
            ),
        ),
    }
}

/// A JSON body (`application/json`, `…+json`, or no `Content-Type` at all).
pub struct Json<T>(pub T);
/// A form body (`application/x-www-form-urlencoded`, or no `Content-Type`).
pub struct Form<T>(pub T);
/// JSON or form, by `Content-Type`: the seeds' curl examples send forms, other clients JSON.
pub struct JsonOrForm<T>(pub T);
/// The query string.
pub struct Query<T>(pub T);

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Missing,
    Other,
}

fn body_kind(req: &HttpRequest) -> BodyKind {
    let Some(value) = req.headers().get(CONTENT_TYPE) else {
        return BodyKind::Missing;
    };
    let mime = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "application/json" || mime.ends_with("+json") {
        BodyKind::Json
    } else if mime == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else {
        BodyKind::Other
    }
}

pub(crate) fn unsupported_media(expected: &str) -> AppError {
    AppError::coded(
        PlatformCode::UnsupportedMediaType,
        format!("Content-Type must be {expected}."),
    )
}

/// Reads the whole body within the configured limit.
async fn read_body(req: HttpRequest, mut payload: Payload) -> Result<web::Bytes, AppError> {
    web::Bytes::from_request(&req, &mut payload)
        .await
        .map_err(|err| {
            let status = err.as_response_error().status_code();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                let limit = req.app_data::<BodyLimit>().map_or(0, |l| l.0);
                AppError::coded(
                    PlatformCode::PayloadTooLarge,
                    format!("The request body exceeds the limit of {limit} bytes."),
                )
            } else {
                AppError::coded(
                    PlatformCode::MalformedBody,
                    format!("Unreadable body: {err}"),
                )
            }
        })
}

/// Reads the whole body within the configured limit into one buffer the size its
/// `Content-Length` announces: a large upload is held once, not in a buffer grown by doubling
/// (a 22 MB import briefly took 48 MB that way).
pub(crate) async fn read_large_body(
    req: HttpRequest,
    mut payload: Payload,
) -> Result<web::Bytes, AppError> {
    use futures_util::StreamExt as _;
    let limit = req.app_data::<BodyLimit>().map_or(usize::MAX, |l| l.0);
    let too_large = || {
        AppError::coded(
            PlatformCode::PayloadTooLarge,
            format!("The request body exceeds the limit of {limit} bytes."),
        )
    };
    let announced = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(announced.unwrap_or(8192));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|err| {
            AppError::coded(
                PlatformCode::MalformedBody,
                format!("Unreadable body: {err}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Turns a deserialization error into a 422 naming the field (or a 400 when the text is not
/// even well-formed).
fn invalid_input<E: std::fmt::Display>(
    err: serde_path_to_error::Error<E>,
    what: &str,
    malformed: bool,
) -> AppError {
    let detail = err.inner().to_string();
    if malformed {
        return AppError::coded(
            PlatformCode::MalformedJson,
            format!("Malformed JSON body: {detail}"),
        );
    }
    let path = err.path().to_string();
    // A missing field is reported at its parent: take its name from serde's message.
    let field = match (path.as_str(), detail.split('`').nth(1)) {
        (".", Some(name)) => name.to_string(),
        (".", None) => String::new(),
        (parent, Some(name)) if detail.starts_with("missing field") => format!("{parent}.{name}"),
        (path, _) => path.to_string(),
    };
    if field.is_empty() {
        return AppError::coded(
            PlatformCode::ValidationError,
            format!("Invalid {what}: {detail}"),
        );
    }
    AppError::coded(
        PlatformCode::ValidationError,
        format!("Invalid {what}: {field}: {detail}"),
    )
    .with_fields(vec![FieldError::new(field, detail)])
}

pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let malformed = matches!(
            err.inner().classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        invalid_input(err, "body", malformed)
    })?;
    deserializer.end().map_err(|e| {
        AppError::coded(
            PlatformCode::MalformedJson,
            format!("Malformed JSON body: {e}"),
        )
    })?;
    Ok(value)
}

/// [`decode_json`] with a seed: the value is built as the text is read (a large import turns
/// each row into its own small type as it goes, never holding the whole tree).
pub fn decode_json_seed<'de, S: serde::de::DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> Result<S::Value, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    let outcome = seed.deserialize(tracked);
    let value = outcome.map_err(|err| {
        let malformed = matches!(
            err.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        invalid_input(
            serde_path_to_error::Error::new(track.path(), err),
            "body",
            malformed,
        )
    })?;
    deserializer.end().map_err(|e| {
        AppError::coded(
            PlatformCode::MalformedJson,
            format!("Malformed JSON body: {e}"),
        )
    })?;
    Ok(value)
}

pub fn decode_form<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, AppError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    serde_path_to_error::deserialize(deserializer).map_err(|err| invalid_input(err, what, false))
}

/// Reads the body when its `Content-Type` is one of `accepted`, then decodes it.
fn extract<T: 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    accepted: &'static [BodyKind],
    expected: &'static str,
    decode: fn(BodyKind, &[u8]) -> Result<T, AppError>,
) -> LocalBoxFuture<'static, Result<T, AppError>> {
    let kind = body_kind(req);
    let (req, payload) = (req.clone(), payload.take());
    Box::pin(async move {
        if !accepted.contains(&kind) {
            return Err(unsupported_media(expected));
        }
        decode(kind, &read_body(req, payload).await?)
    })
}

fn looks_like_json(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{' || *b == b'[')
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let accepted = &[BodyKind::Json, BodyKind::Missing];
        extract(req, payload, accepted, "application/json", |_, bytes| {
            decode_json(bytes).map(Json)
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let accepted = &[BodyKind::Form, BodyKind::Missing];
        extract(
            req,
            payload,
            accepted,
            "application/x-www-form-urlencoded",
            |_, bytes| decode_form(bytes, "form body").map(Form),
        )
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonOrForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let accepted = &[BodyKind::Json, BodyKind::Form, BodyKind::Missing];
        let expected = "application/json or application/x-www-form-urlencoded";
        extract(req, payload, accepted, expected, |kind, bytes| {
            match kind {
                BodyKind::Json => decode_json(bytes),
                BodyKind::Missing if looks_like_json(bytes) => decode_json(bytes),
                _ => decode_form(bytes, "form body"),
            }
            .map(JsonOrForm)
        })
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            decode_form(req.query_string().as_bytes(), "query string")
                .map(Query)
                .map_err(|err| err.recoded(PlatformCode::InvalidQuery)),
        )
    }
}

/// A JSON body (the [`Json`] rule for its `Content-Type`) kept as its bytes, for bodies too
/// large to hold as a tree: read it with [`decode_json_seed`].
pub struct JsonBytes(pub web::Bytes);

impl FromRequest for JsonBytes {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let kind = body_kind(req);
        let (req, payload) = (req.clone(), payload.take());
        Box::pin(async move {
            if !matches!(kind, BodyKind::Json | BodyKind::Missing) {
                return Err(unsupported_media("application/json"));
            }
            read_large_body(req, payload).await.map(JsonBytes)
        })
    }
}

pub use crate::multipart::Multipart;
