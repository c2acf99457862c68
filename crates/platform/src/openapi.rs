//! The OpenAPI document of a service, generated from code and checked in under `proto-docs/`
//! (`<service> openapi` prints it; CI fails when the checked-in copy differs).

use serde_json::{Value, json};

use crate::service::ServiceSpec;

/// For a service that has no endpoints of its own yet.
pub fn no_paths() -> Value {
    json!({})
}

/// The document of a service: its own paths plus the endpoints every service serves.
pub fn document(spec: &ServiceSpec) -> Value {
    let text = |description: &str| json!({"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}});
    let status = |description: &str, example: Value| {
        json!({
            "description": description,
            "content": {"application/json": {
                "schema": {"type": "object", "properties": {"status": {"type": "string"}, "reason": {"type": "string"}}},
                "example": example,
            }},
        })
    };
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{} service", spec.name),
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!(
                "Errors answer in the {:?} dialect (see docs/decisions.md). Every response carries `x-request-id`.{}",
                spec.dialect,
                if spec.remembers_retries {
                    " A POST sent with an `Idempotency-Key` header (1 to 255 characters) is done once per caller and key: a retry gets the first answer again with `Idempotent-Replayed: true`; the key on another request is a 422 `IDEMPOTENCY_KEY_REUSED`, a retry while the first runs a 409 `IDEMPOTENCY_KEY_IN_USE`."
                } else {
                    ""
                }
            ),
        },
        "servers": [{"url": format!("http://127.0.0.1:{}", spec.port)}],
        "paths": {
            "/healthz": {"get": {
                "summary": "Liveness: the process answers.",
                "operationId": "healthz",
                "responses": {"200": status("Alive.", json!({"status": "ok"}))},
            }},
            "/readyz": {"get": {
                "summary": "Readiness: the database answers and every migration is applied.",
                "operationId": "readyz",
                "responses": {
                    "200": status("Ready.", json!({"status": "ready"})),
                    "503": status("Not ready.", json!({"status": "unavailable", "reason": "no database connection"})),
                },
            }},
            "/metrics": {"get": {
                "summary": "Prometheus text: request counts and latency histograms per route.",
                "operationId": "metrics",
                "responses": {"200": text("Metrics in the Prometheus text format.")},
            }},
        },
    });
    if let (Some(paths), Value::Object(own)) =
        (document["paths"].as_object_mut(), (spec.api_paths)())
    {
        paths.extend(own);
    }
    document
}
