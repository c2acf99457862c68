//! Error codes declared once: a service's codes are one enum, each variant one line giving its
//! HTTP status, wire code, message and (seed 003) number. [`error_codes!`] writes the rest.

use actix_web::http::StatusCode;

/// What every declared code knows of itself. `ALL` lets tests prove each variant renders as
/// documented and appears in the service's OpenAPI document.
pub trait ErrorCode: Copy + std::fmt::Debug + 'static {
    const ALL: &'static [Self];
    fn status(self) -> StatusCode;
    /// Stable machine code: part of the API, never reworded.
    fn code(self) -> &'static str;
    fn message(self) -> &'static str;
    /// The numbered code of dialects that have one (loyalty, seed 003).
    fn number(self) -> Option<u16>;
}

/// Declares an enum of error codes:
///
/// ```
/// platform::error_codes! {
///     /// Codes of an example service.
///     pub enum ExampleError {
///         SaleNotFound = (NOT_FOUND, "SALE_NOT_FOUND", "Commande introuvable"),
///         VoucherAlreadyUsed = (CONFLICT, "VOUCHER_ALREADY_USED", "Voucher already used.", 451),
///     }
/// }
/// use platform::error::ErrorCode;
/// assert_eq!(ExampleError::VoucherAlreadyUsed.number(), Some(451));
/// assert_eq!(platform::AppError::from(ExampleError::SaleNotFound).status().as_u16(), 404);
/// ```
#[macro_export]
macro_rules! error_codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = ($status:ident, $code:literal, $message:literal $(, $number:literal)?)
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )*
        }

        #[allow(dead_code)]
        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];
            /// The wire codes, for the service's OpenAPI document.
            pub const CODES: &'static [&'static str] = &[$($code),*];

            pub fn status(self) -> $crate::error::StatusCode {
                match self { $(Self::$variant => $crate::error::StatusCode::$status,)* }
            }

            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)* }
            }

            pub fn message(self) -> &'static str {
                match self { $(Self::$variant => $message,)* }
            }

            pub fn number(self) -> Option<u16> {
                match self { $(Self::$variant => $crate::error_codes!(@number $($number)?),)* }
            }
        }

        impl $crate::error::ErrorCode for $name {
            const ALL: &'static [Self] = $name::ALL;

            fn status(self) -> $crate::error::StatusCode {
                $name::status(self)
            }

            fn code(self) -> &'static str {
                $name::code(self)
            }

            fn message(self) -> &'static str {
                $name::message(self)
            }

            fn number(self) -> Option<u16> {
                $name::number(self)
            }
        }

        impl From<$name> for $crate::AppError {
            fn from(code: $name) -> Self {
                $crate::AppError::from_code(code)
            }
        }
    };
    (@number) => { None };
    (@number $number:literal) => { Some($number) };
}

error_codes! {
    /// The codes the platform itself answers, in every service: malformed input, auth, routing,
    /// retries and server failures.
    pub enum PlatformCode {
        ValidationError = (UNPROCESSABLE_ENTITY, "VALIDATION_ERROR", "A field is invalid."),
        MalformedJson = (BAD_REQUEST, "MALFORMED_JSON", "Malformed JSON body."),
        MalformedBody = (BAD_REQUEST, "MALFORMED_BODY", "Unreadable body."),
        InvalidQuery = (BAD_REQUEST, "INVALID_QUERY", "Invalid query string."),
        InvalidPath = (BAD_REQUEST, "INVALID_PATH", "Invalid path parameter."),
        BadRequest = (BAD_REQUEST, "BAD_REQUEST", "Bad request."),
        UnsupportedMediaType = (UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Content-Type."),
        PayloadTooLarge = (PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large."),
        RouteNotFound = (NOT_FOUND, "ROUTE_NOT_FOUND", "No such route."),
        MethodNotAllowed = (METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Method not allowed on this route."),
        NotFound = (NOT_FOUND, "NOT_FOUND", "Resource not found."),
        Unauthorized = (UNAUTHORIZED, "UNAUTHORIZED", "Invalid or expired token."),
        Forbidden = (FORBIDDEN, "FORBIDDEN", "This token may not do this."),
        InvalidIdempotencyKey = (BAD_REQUEST, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 255 visible ASCII characters."),
        IdempotencyKeyInUse = (CONFLICT, "IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still being processed: retry later."),
        IdempotencyKeyReused = (UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request."),
        RateLimited = (TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests: retry later."),
        ServiceUnavailable = (SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable, please retry."),
        InternalError = (INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "An internal error occurred."),
    }
}

/// The code of an error actix raised itself (its extractors, its router), by status.
pub(crate) fn for_foreign_status(status: StatusCode) -> PlatformCode {
    match status {
        StatusCode::NOT_FOUND => PlatformCode::RouteNotFound,
        StatusCode::METHOD_NOT_ALLOWED => PlatformCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => PlatformCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => PlatformCode::UnsupportedMediaType,
        StatusCode::UNAUTHORIZED => PlatformCode::Unauthorized,
        StatusCode::FORBIDDEN => PlatformCode::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => PlatformCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => PlatformCode::ServiceUnavailable,
        status if status.is_server_error() => PlatformCode::InternalError,
        _ => PlatformCode::BadRequest,
    }
}
