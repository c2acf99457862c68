//! One internal error type for every service. What the client reads (status, code, message,
//! field details) is kept apart from what the log reads (the cause chain), so SQL text or a
//! panic message never reaches a client.

use std::borrow::Cow;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// A problem with one input field, named as the client sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// An error on its way to a client. The service's dialect decides how it is rendered
/// (see [`crate::dialect`]).
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// Stable machine code: part of the API, never reworded.
    pub code: Cow<'static, str>,
    /// Numbered code of dialects that have one (loyalty, seed 003).
    pub number: Option<u16>,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Logged with the request id, never shown to the client.
    pub cause: Option<String>,
    /// Sent as `Retry-After` (429, 503).
    pub retry_after_secs: Option<u64>,
}

impl AppError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            number: None,
            message: message.into(),
            fields: Vec::new(),
            cause: None,
            retry_after_secs: None,
        }
    }

    pub fn bad_request(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422 naming the one field that is wrong.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let message = message.into();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            format!("{field}: {message}"),
        )
        .with_fields(vec![FieldError { field, message }])
    }

    /// 422 naming every field that is wrong.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let summary = fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            summary,
        )
        .with_fields(fields)
    }

    pub fn not_found(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn conflict(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 401: the caller is not known (missing, malformed or expired credentials).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", message)
    }

    /// 403: the caller is known but may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", message)
    }

    pub fn unavailable(cause: impl fmt::Display) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            "The service is temporarily unavailable, please retry.",
        )
        .with_cause(cause)
    }

    /// 500 with a generic message; the cause goes to the log only.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "An internal error occurred.",
        )
        .with_cause(cause)
    }

    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.fields = fields;
        self
    }

    pub fn with_number(mut self, number: u16) -> Self {
        self.number = Some(number);
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
            Error::NotFound => Self::not_found("NOT_FOUND", "Resource not found."),
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

/// A numbered error of seed 003's annex: its number, exact message and HTTP status; the machine
/// code is the variant's name (`TerminalNotFound` → `TERMINAL_NOT_FOUND`).
impl From<crate::codes::loyalty::LoyaltyErrorCode> for AppError {
    fn from(code: crate::codes::loyalty::LoyaltyErrorCode) -> Self {
        let mut machine = String::new();
        for (i, ch) in format!("{code:?}").chars().enumerate() {
            if ch.is_ascii_uppercase() && i > 0 {
                machine.push('_');
            }
            machine.push(ch.to_ascii_uppercase());
        }
        let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        Self::new(status, machine, code.message()).with_number(code.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::loyalty::LoyaltyErrorCode;

    #[test]
    fn loyalty_codes_become_errors_with_their_number_and_text() {
        let err = AppError::from(LoyaltyErrorCode::TerminalNotFound);
        assert_eq!(err.status, StatusCode::UNAUTHORIZED);
        assert_eq!(err.code, "TERMINAL_NOT_FOUND");
        assert_eq!(err.number, Some(200));
        assert_eq!(err.message, "Terminal not found.");
    }
}
