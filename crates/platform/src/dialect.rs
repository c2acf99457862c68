//! The five answer dialects of the seed documents (plus the RFC 6749 shape of the gateway's
//! own endpoints). A service picks its dialect once (`.app_data(Dialect::Sav)`, or per scope);
//! [`render_errors`] turns every error, panic and unknown route into that dialect.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::FutureExt;
use serde_json::{Map, Value, json};

use crate::error::AppError;
use crate::telemetry::RequestId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Seed 000: `{"success": true, …}` / `{"success": false, "message", "error_code"}`.
    Sav,
    /// Seed 001: `{"status": "OK", "message": "Success", "data"}` / `{"status": "KO", …}`.
    Rma,
    /// Seed 002: HAL resources or `{"result": "SUCCESS"}` / `{"result": CODE, "message", "validation_messages"}`.
    Customers,
    /// Seed 003: the resource itself / `{"code": 102, "message", "details"}`.
    Loyalty,
    /// Seed 004: the resource itself / `{"error", "code"}`.
    Crm,
    /// RFC 6749 shape, for the gateway's own endpoints: `{"error", "error_description"}`.
    Plain,
}

impl Dialect {
    /// A success body in this dialect. `body` is the payload the seed shows inside its envelope
    /// (`data` for RMA, the extra fields for SAV, the resource itself elsewhere): a typed
    /// response whose schema the service's document derives, wrapped by
    /// [`crate::openapi`] in the same envelope.
    pub fn success(self, status: StatusCode, body: impl serde::Serialize) -> HttpResponse {
        let body = match serde_json::to_value(body) {
            Ok(body) => body,
            Err(err) => {
                return self.error_response(&AppError::internal(format!("response: {err}")), None);
            }
        };
        let body = match self {
            Dialect::Sav => {
                let mut out = Map::new();
                out.insert("success".into(), Value::Bool(true));
                match body {
                    Value::Object(fields) => out.extend(fields),
                    Value::Null => {}
                    other => {
                        out.insert("data".into(), other);
                    }
                }
                Value::Object(out)
            }
            Dialect::Rma => json!({"status": "OK", "message": "Success", "data": body}),
            Dialect::Customers if body.is_null() => json!({"result": "SUCCESS"}),
            _ => body,
        };
        let mut response = HttpResponse::build(status);
        if self == Dialect::Customers && body.get("_links").is_some() {
            response.content_type("application/hal+json");
            return response.body(body.to_string());
        }
        response.json(body)
    }

    /// The error body of this dialect. Server errors carry the request id so support can find
    /// the logged cause; the cause itself never leaves the process.
    pub fn error_body(self, err: &AppError, request_id: Option<&str>) -> Value {
        let fields: Map<String, Value> = err
            .fields()
            .iter()
            .map(|f| (f.field.clone(), Value::String(f.message.clone())))
            .collect();
        let mut body = match self {
            Dialect::Sav => {
                json!({"success": false, "message": err.message(), "error_code": err.code()})
            }
            Dialect::Rma => {
                json!({"status": "KO", "message": err.message(), "error_code": err.code()})
            }
            Dialect::Customers => json!({"result": err.code(), "message": err.message()}),
            Dialect::Loyalty => json!({
                "code": err.number().unwrap_or(0),
                "message": err.message(),
                "details": if fields.is_empty() { Value::Null } else { Value::Object(fields.clone()) },
                "error_code": err.code(),
            }),
            Dialect::Crm => json!({"error": err.message(), "code": err.code()}),
            Dialect::Plain => json!({
                "error": err.code().to_ascii_lowercase(),
                "error_description": err.message(),
            }),
        };
        if let Value::Object(map) = &mut body {
            if !fields.is_empty() {
                let key = match self {
                    Dialect::Customers => "validation_messages",
                    Dialect::Loyalty => "details",
                    _ => "errors",
                };
                map.insert(key.into(), Value::Object(fields));
            }
            if err.status().is_server_error()
                && let Some(id) = request_id
            {
                map.insert("request_id".into(), Value::String(id.into()));
            }
        }
        body
    }

    /// Logs `err` (server errors with their cause) and answers it in this dialect, for handlers
    /// that choose the dialect per request (the gateway answers in the dialect of the route).
    pub fn render(self, req: &HttpRequest, err: &AppError) -> HttpResponse {
        let request_id = req.extensions().get::<RequestId>().cloned();
        let request_id = request_id.as_ref().map(RequestId::as_str);
        log(err, request_id);
        self.error_response(err, request_id)
    }

    pub fn error_response(self, err: &AppError, request_id: Option<&str>) -> HttpResponse {
        let mut response = HttpResponse::build(err.status());
        if err.status() == StatusCode::UNAUTHORIZED {
            response.insert_header(("www-authenticate", "Bearer"));
        }
        if let Some(secs) = err.retry_after_secs() {
            response.insert_header(("retry-after", secs.to_string()));
        }
        response.json(self.error_body(err, request_id))
    }
}

/// Handlers take the dialect of their route as an argument.
impl FromRequest for Dialect {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(req
            .app_data::<Dialect>()
            .copied()
            .unwrap_or(Dialect::Plain)))
    }
}

/// Middleware: renders errors (from handlers, extractors, middleware, panics) in the dialect
/// found in the request's app data (`Dialect::Plain` when none), and logs server errors with
/// their cause and request id.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Routing needs the request uniquely owned, so no clone of it is kept across the call: what
    // a panic answer needs is taken now.
    let app_dialect = req.app_data::<Dialect>().copied().unwrap_or(Dialect::Plain);
    let request_id = req.extensions().get::<RequestId>().cloned();
    let res = match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(outcome) => outcome?,
        Err(panic) => {
            let err = AppError::internal(format!("panic: {}", panic_message(&panic)));
            let request_id = request_id.as_ref().map(RequestId::as_str);
            log(&err, request_id);
            let response = app_dialect.error_response(&err, request_id);
            return Err(InternalError::from_response(err, response).into());
        }
    };
    let Some(err) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let rendered = match err.as_error::<AppError>() {
        Some(app_err) => render(res.request(), app_err),
        None => {
            let status = res.status();
            let app_err = from_foreign(status, &err.to_string());
            render(res.request(), &app_err)
        }
    };
    Ok(res.into_response(rendered))
}

fn render(req: &HttpRequest, err: &AppError) -> HttpResponse {
    let dialect = req.app_data::<Dialect>().copied().unwrap_or(Dialect::Plain);
    dialect.render(req, err)
}

fn log(err: &AppError, request_id: Option<&str>) {
    if err.status().is_server_error() {
        tracing::error!(
            request_id = request_id.unwrap_or("-"),
            status = err.status().as_u16(),
            code = err.code(),
            cause = err.cause().unwrap_or("-"),
            "request failed"
        );
    } else {
        tracing::debug!(
            status = err.status().as_u16(),
            code = err.code(),
            message = err.message(),
            "request rejected"
        );
    }
}

/// An actix error we did not raise ourselves: keep its status, and its text only for 4xx.
fn from_foreign(status: StatusCode, text: &str) -> AppError {
    if status.is_server_error() {
        return AppError::internal(text);
    }
    AppError::foreign(status, text.to_string())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}
