//! Logging set-up, request ids and the access log.

use std::io::IsTerminal;
use std::rc::Rc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use serde::{Deserialize, Serialize};
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::metrics::MetricsShard;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines, for a developer's terminal.
    #[default]
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LogSettings {
    pub format: LogFormat,
    /// An `EnvFilter` directive; `RUST_LOG` overrides it when set.
    pub filter: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            format: LogFormat::Pretty,
            filter: "info".into(),
        }
    }
}

/// Installs the global subscriber; a second call (tests) keeps the first one.
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stdout().is_terminal());
    let _ = match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}

/// The id of the request being served, as received in `x-request-id` or generated here. Kept as
/// the header value itself: echoing and forwarding it copies nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub HeaderValue);

impl RequestId {
    pub fn as_str(&self) -> &str {
        // Only printable ASCII is ever accepted or generated.
        self.0.to_str().unwrap_or("-")
    }
}

/// A caller-supplied id is kept only if it is short printable ASCII, so it cannot forge log lines.
fn accepted_request_id(value: &HeaderValue) -> Option<HeaderValue> {
    let bytes = value.as_bytes();
    let ok = !bytes.is_empty() && bytes.len() <= 128 && bytes.iter().all(u8::is_ascii_graphic);
    ok.then(|| value.clone())
}

fn generated_request_id() -> HeaderValue {
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
    HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("-"))
}

/// The route a request is counted and logged under, set by a handler that serves many routes
/// of its own behind one default service (the gateway names its routing rule); otherwise the
/// route's pattern is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLabel(pub Rc<str>);

enum Route {
    Named(Rc<str>),
    Matched(String),
    Fixed(&'static str),
}

impl Route {
    fn as_str(&self) -> &str {
        match self {
            Self::Named(label) => label,
            Self::Matched(pattern) => pattern,
            Self::Fixed(name) => name,
        }
    }
}

/// Middleware: request id (accepted or generated, echoed back, on every log line of the
/// request), one access-log line per request and the per-route metrics.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = RequestId(
        req.headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(accepted_request_id)
            .unwrap_or_else(generated_request_id),
    );
    req.extensions_mut().insert(request_id.clone());
    let metrics = req.app_data::<web::Data<MetricsShard>>().cloned();
    let method = req.method().clone();
    let span = tracing::info_span!("request", request_id = request_id.as_str());
    let started = Instant::now();

    let outcome = next.call(req).instrument(span.clone()).await;

    let latency = started.elapsed();
    let (route, status) = match &outcome {
        Ok(res) => {
            let named = res.request().extensions().get::<RouteLabel>().cloned();
            let route = match named {
                Some(RouteLabel(label)) => Route::Named(label),
                None => res
                    .request()
                    .match_pattern()
                    .map_or(Route::Fixed("unmatched"), Route::Matched),
            };
            (route, res.status().as_u16())
        }
        // A panic answered by `render_errors`: the request is gone with it.
        Err(err) => (
            Route::Fixed("unknown"),
            err.as_response_error().status_code().as_u16(),
        ),
    };
    let route = route.as_str();
    if let Some(metrics) = metrics {
        metrics.observe(method.as_str(), route, status, latency);
    }
    span.in_scope(|| {
        tracing::info!(
            target: "access",
            method = %method,
            route = %route,
            status,
            latency_ms = latency.as_secs_f64() * 1000.0,
        )
    });
    let mut res = outcome?;
    res.headers_mut().insert(REQUEST_ID_HEADER, request_id.0);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_that_could_forge_log_lines_are_refused() {
        assert_eq!(
            accepted_request_id(&HeaderValue::from_static("abc-123")),
            Some(HeaderValue::from_static("abc-123"))
        );
        assert_eq!(accepted_request_id(&HeaderValue::from_static("a b")), None);
        let long = "x".repeat(129);
        assert_eq!(
            accepted_request_id(&HeaderValue::from_str(&long).unwrap()),
            None
        );
    }

    #[test]
    fn generated_request_ids_are_uuids() {
        let id = generated_request_id();
        let text = id.to_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(text).unwrap().get_version_num(), 4);
        assert_ne!(generated_request_id(), id);
    }
}
