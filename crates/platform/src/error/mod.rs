//! One internal error type for every service. What the client reads (status, code, message,
//! field details) is kept apart from what the log reads (the cause chain), so SQL text or a
//! panic message never reaches a client.

mod codes;

use std::borrow::Cow;
use std::fmt;

pub use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub use codes::{ErrorCode, PlatformCode};

/// A problem with one input field, named as the client sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An error on its way to a client. The service's dialect decides how it is rendered
/// (see [`crate::dialect`]). Built only from a declared [`ErrorCode`], so a code the service
/// answers is always one its enum (and its document) declares.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    code: &'static str,
    number: Option<u16>,
    message: Cow<'static, str>,
    fields: Vec<FieldError>,
    /// Logged with the request id, never shown to the client.
    cause: Option<String>,
    /// Sent as `Retry-After` (429, 503).
    retry_after_secs: Option<u64>,
}

impl AppError {
    /// The code with its declared status and message.
    pub fn from_code(code: impl ErrorCode) -> Self {
        Self::coded(code, code.message())
    }

    /// The code with its declared status and a message saying more than the declared one.
    pub fn coded(code: impl ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status: code.status(),
            code: code.code(),
            number: code.number(),
            message: message.into(),
            fields: Vec::new(),
            cause: None,
            retry_after_secs: None,
        }
    }

    /// An error actix raised itself: its status kept, the code the closest declared one.
    pub(crate) fn foreign(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            ..Self::coded(codes::for_foreign_status(status), message)
        }
    }

    /// 422 naming the one field that is wrong.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid_fields(vec![FieldError::new(field, message)])
    }

    /// 422 naming every field that is wrong.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        Self::coded(PlatformCode::ValidationError, summary(&fields)).with_fields(fields)
    }

    /// 400 naming the query parameter that is wrong.
    pub fn invalid_query(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        let fields = vec![FieldError::new(parameter, message)];
        Self::coded(PlatformCode::InvalidQuery, summary(&fields)).with_fields(fields)
    }

    /// 401: the caller is not known (missing, malformed or expired credentials).
    pub fn unauthorized(message: impl Into<Cow<'static, str>>) -> Self {
        Self::coded(PlatformCode::Unauthorized, message)
    }

    /// 403: the caller is known but may not do this.
    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        Self::coded(PlatformCode::Forbidden, message)
    }

    pub fn unavailable(cause: impl fmt::Display) -> Self {
        Self::from_code(PlatformCode::ServiceUnavailable).with_cause(cause)
    }

    /// 500 with a generic message; the cause goes to the log only.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::from_code(PlatformCode::InternalError).with_cause(cause)
    }

    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.fields = fields;
        self
    }

    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    pub fn with_cause(mut self, cause: impl fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn number(&self) -> Option<u16> {
        self.number
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn fields(&self) -> &[FieldError] {
        &self.fields
    }

    pub fn cause(&self) -> Option<&str> {
        self.cause.as_deref()
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }

    /// The same error under another declared code (status and message kept, fields kept):
    /// how a generic failure of a shared parser becomes the caller's own code.
    pub fn recoded(self, code: impl ErrorCode) -> Self {
        Self {
            status: code.status(),
            code: code.code(),
            number: code.number(),
            ..self
        }
    }
}

fn summary(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

/// Outside a dialect middleware (which re-renders it) an error answers in a neutral shape.
impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        crate::dialect::Dialect::Plain.error_response(self, None)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &err {
            Error::NotFound => Self::from_code(PlatformCode::NotFound),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
            | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => {
                Self::unavailable(err)
            }
            _ => Self::internal(err),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(err: r2d2::Error) -> Self {
        Self::unavailable(format!("database pool: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
