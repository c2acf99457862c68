//! The gateway's own endpoints in its OpenAPI document (`proto-docs/gateway.openapi.json`):
//! derived from the handlers and their types, plus the forwarded routes.

use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::sessions::handlers as sessions;
use crate::tokens::handlers;

#[derive(OpenApi)]
#[openapi(paths(
    handlers::token_create,
    handlers::token_password,
    handlers::oauth_token,
    handlers::jwks,
    sessions::login,
))]
struct GatewayApi;

pub fn paths() -> Value {
    let mut document = platform::openapi::derived::<GatewayApi>();
    document["paths"]["/{path}"] = forwarded();
    document
}

/// Every other path: forwarded by the routing table, after authentication (Bearer token,
/// X-API-Token, `Authorization: <token>`, Basic, or the `session` cookie of a login; the
/// routes marked public, such as the CRM's login page, need none). Errors answer in the dialect of the route's
/// service, as its own document describes.
fn forwarded() -> Value {
    let failure = |description: &str| {
        json!({"description": description, "content": {"application/json": {"schema": {
            "description": "The error body of the dialect of the route's service.", "type": "object",
        }}}})
    };
    let operation = json!({
        "summary": "Forwarded to the service the routing table names; answers what it answers.",
        "responses": {
            "default": {"description": "The service's answer."},
            "401": failure("Missing or bad credentials."),
            "404": failure("No route for this path."),
            "413": failure("The body exceeds the route's limit."),
            "429": failure("Rate limited (Retry-After)."),
            "502": failure("The service is unavailable."),
            "504": failure("The service did not answer in time."),
        },
    });
    let mut item = json!({
        "parameters": [{"name": "path", "in": "path", "required": true, "schema": {"type": "string"}}],
    });
    for method in ["get", "post", "put", "patch", "delete"] {
        item[method] = operation.clone();
    }
    item
}
