//! The OpenAPI document of a service, generated from code and checked in under `proto-docs/`
//! (`<service> openapi` prints it; CI fails when the checked-in copy differs).
//!
//! Besides the service's own paths, the document says what the platform answers on every route:
//! the dialect's envelope and error shape (with `error_code` limited to the codes the service
//! declares), and the failures any route may meet (malformed input, auth, retries, server
//! errors). The testkit checks every response of every test against this document.

pub mod aliases;
pub mod pieces;
pub mod routes;

use serde_json::{Map, Value, json};

use crate::dialect::Dialect;
use crate::error::PlatformCode;
use crate::service::ServiceSpec;

/// For a service that has no endpoints of its own yet.
pub fn no_paths() -> Value {
    json!({})
}

/// The paths and components a service derives with utoipa (`#[derive(OpenApi)]` over its
/// `#[utoipa::path]` handlers and `ToSchema` response types), for `ServiceSpec::api_paths`.
pub fn derived<D: utoipa::OpenApi>() -> Value {
    serde_json::to_value(D::openapi()).unwrap_or_else(|_| json!({}))
}

/// The document of a service: its own paths plus the endpoints every service serves.
pub fn document(spec: &ServiceSpec) -> Value {
    let text = |description: &str| json!({"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}});
    let status = |description: &str, example: Value| {
        json!({
            "description": description,
            "content": {"application/json": {
                "schema": {"type": "object", "properties": {"status": {"type": "string"}, "reason": {"type": "string"}}, "required": ["status"]},
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
                "Errors answer in the {:?} dialect (see docs/decisions.md). Every response carries `x-request-id`.{}{}",
                spec.dialect,
                if spec.remembers_retries {
                    " A POST sent with an `Idempotency-Key` header (1 to 255 characters) is done once per caller and key: a retry gets the first answer again with `Idempotent-Replayed: true`; the key on another request is a 422 `IDEMPOTENCY_KEY_REUSED`, a retry while the first runs a 409 `IDEMPOTENCY_KEY_IN_USE`."
                } else {
                    ""
                },
                if spec.keyed_by_content.is_empty() {
                    String::new()
                } else {
                    format!(
                        " Without the header, a POST on {} is keyed by its content: the same request again from the same caller within 24 hours is a retry, answered as the first one was.",
                        spec.keyed_by_content.join(", ")
                    )
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
    let mut dialects = vec![spec.dialect];
    let mut schemas = Map::new();
    let mut own = (spec.api_paths)();
    // A derived document brings its paths and the schemas of its types; a hand-written one is
    // its paths alone.
    if own.get("paths").is_some() {
        if let Some(Value::Object(types)) = own.pointer_mut("/components/schemas").map(Value::take)
        {
            schemas.extend(types);
        }
        own = own["paths"].take();
    }
    if let Some(paths) = document["paths"].as_object_mut()
        && let Value::Object(own) = own
    {
        for (path, mut item) in own {
            if let Some(operations) = item.as_object_mut() {
                for (method, operation) in operations.iter_mut() {
                    let dialect = complete(operation, method, spec);
                    if !dialects.contains(&dialect) {
                        dialects.push(dialect);
                    }
                }
            }
            paths.insert(path, item);
        }
    }
    let codes = declared_codes(spec);
    schemas.insert(success_name(spec.dialect), success_schema(spec.dialect));
    for dialect in dialects {
        schemas.insert(error_name(dialect), error_schema(dialect, &codes));
    }
    document["components"] = json!({"schemas": schemas});
    document
}

fn success_name(dialect: Dialect) -> String {
    format!("Success{dialect:?}")
}

fn error_name(dialect: Dialect) -> String {
    format!("Error{dialect:?}")
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// Every code the service may answer: the platform's, then its own.
fn declared_codes(spec: &ServiceSpec) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = PlatformCode::ALL.iter().map(|c| c.code()).collect();
    codes.extend(
        spec.error_codes
            .iter()
            .flat_map(|codes| codes.iter().copied()),
    );
    codes
}

/// Adds to one operation the failures every route may meet and, where a response gives only an
/// example, the schema of its dialect's envelope. Answers the dialect of its errors: the
/// service's, or the one `x-dialect` names (the gateway's token routes answer in their seed's).
fn complete(operation: &mut Value, method: &str, spec: &ServiceSpec) -> Dialect {
    let dialect = operation
        .get("x-dialect")
        .and_then(|d| serde_json::from_value::<Dialect>(d.clone()).ok())
        .unwrap_or(spec.dialect);
    let has_body = operation.get("requestBody").is_some();
    let has_parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty());
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return dialect;
    };
    let mut common: Vec<(&str, &str)> = vec![
        ("401", "No valid token: missing, malformed or expired."),
        ("403", "The token may not do this."),
        (
            "500",
            "An internal error; `request_id` finds its cause in the log.",
        ),
        ("503", "The database is unreachable: retry."),
    ];
    if has_body || has_parameters {
        common.push(("400", "Malformed body, query string or path parameter."));
    }
    if has_body {
        common.push(("413", "The body exceeds the limit."));
        common.push(("415", "The Content-Type is not one this route reads."));
        common.push(("422", "A field is invalid; `errors` names each."));
    }
    if method == "post" && spec.remembers_retries {
        common.push(("409", "A retry with this Idempotency-Key is still running."));
        common.push(("422", "This Idempotency-Key was used for another request."));
    }
    for (status, description) in common {
        responses
            .entry(status)
            .or_insert_with(|| json!({"description": description}));
    }
    // A `default` answer is the route's own to describe.
    for (status, response) in responses
        .iter_mut()
        .filter(|(status, _)| *status != "default")
    {
        let schema = if status.starts_with('2') {
            reference(&success_name(spec.dialect))
        } else {
            reference(&error_name(dialect))
        };
        // A redirect has no body; a page or a file (`text/html`, `text/csv`) is not JSON.
        let textual = response["content"]
            .as_object()
            .is_some_and(|c| c.keys().any(|media| media.starts_with("text/")));
        if status.starts_with('3') || textual {
            continue;
        }
        let content = response
            .as_object_mut()
            .map(|r| r.entry("content").or_insert_with(|| json!({})));
        let Some(Value::Object(content)) = content else {
            continue;
        };
        let media = content
            .entry("application/json")
            .or_insert_with(|| json!({}));
        let Some(media) = media.as_object_mut() else {
            continue;
        };
        match media.get_mut("schema") {
            None => {
                media.insert("schema".into(), schema);
            }
            // A derived type is the payload: the dialect's envelope goes around it, as
            // `Dialect::success` puts it around the body at run time.
            Some(payload) if status.starts_with('2') && payload.get("$ref").is_some() => {
                *payload = enveloped(spec.dialect, payload.take());
            }
            Some(_) => {}
        }
    }
    dialect
}

/// A derived payload schema inside the success envelope of `dialect`.
fn enveloped(dialect: Dialect, payload: Value) -> Value {
    let envelope = reference(&success_name(dialect));
    match dialect {
        Dialect::Sav => json!({"allOf": [envelope, payload]}),
        Dialect::Rma => json!({"allOf": [envelope, {"properties": {"data": payload}}]}),
        Dialect::Customers | Dialect::Loyalty | Dialect::Crm | Dialect::Plain => payload,
    }
}

/// The envelope of a success in `dialect`; what is inside is the route's own.
pub fn success_schema(dialect: Dialect) -> Value {
    match dialect {
        Dialect::Sav => json!({
            "type": "object",
            "required": ["success"],
            "properties": {"success": {"const": true}},
        }),
        Dialect::Rma => json!({
            "type": "object",
            "required": ["status", "message", "data"],
            "properties": {"status": {"const": "OK"}, "message": {"const": "Success"}},
        }),
        Dialect::Customers | Dialect::Loyalty | Dialect::Crm | Dialect::Plain => json!({}),
    }
}

/// The error body of `dialect`, its code one of `codes`.
pub fn error_schema(dialect: Dialect, codes: &[&'static str]) -> Value {
    let code = json!({"type": "string", "enum": codes});
    let text = json!({"type": "string"});
    let fields = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let (required, mut properties): (&[&str], Map<String, Value>) = match dialect {
        Dialect::Sav => (
            &["success", "message", "error_code"],
            object(
                json!({"success": {"const": false}, "message": text, "error_code": code, "errors": fields}),
            ),
        ),
        Dialect::Rma => (
            &["status", "message", "error_code"],
            object(
                json!({"status": {"const": "KO"}, "message": text, "error_code": code, "errors": fields}),
            ),
        ),
        Dialect::Customers => (
            &["result", "message"],
            object(json!({"result": code, "message": text, "validation_messages": fields})),
        ),
        Dialect::Loyalty => (
            &["code", "message", "error_code"],
            object(
                json!({"code": {"type": "integer"}, "message": text, "details": {"type": ["object", "null"]}, "error_code": code}),
            ),
        ),
        Dialect::Crm => (
            &["error", "code"],
            object(json!({"error": text, "code": code, "errors": fields})),
        ),
        Dialect::Plain => {
            let lowercase: Vec<String> = codes.iter().map(|c| c.to_ascii_lowercase()).collect();
            (
                &["error", "error_description"],
                object(
                    json!({"error": {"type": "string", "enum": lowercase}, "error_description": text, "errors": fields}),
                ),
            )
        }
    };
    properties.insert("request_id".into(), json!({"type": "string"}));
    json!({"type": "object", "required": required, "properties": properties, "additionalProperties": false})
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
