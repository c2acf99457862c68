//! The gateway's own endpoints in its OpenAPI document (`proto-docs/gateway.openapi.json`).

use serde_json::{Value, json};

fn schema(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

fn response(description: &str, example: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"example": example}}})
}

pub fn paths() -> Value {
    json!({
        "/api/token/create": {"post": {
            "summary": "Seed 001: an access token for client credentials.",
            "operationId": "tokenCreate",
            "x-dialect": "rma",
            "requestBody": {"required": true, "content": {"application/json": {"schema": schema(
                json!({"client_id": {"type": "string"}, "client_secret": {"type": "string"},
                       "grant_type": {"type": "string", "enum": ["client_credentials"]}}),
                &["client_id", "client_secret"],
            )}}},
            "responses": {
                "200": response("A token.", json!({"access_token": "eyJ…", "expires_in": 3600,
                    "token_type": "Bearer", "scope": "demands_accept demands_status"})),
                "401": response("Wrong credentials (RMA dialect).", json!({"status": "KO",
                    "message": "Invalid client credentials.", "error_code": "UNAUTHORIZED"})),
                "422": response("A field is missing.", json!({"status": "KO",
                    "message": "client_secret: is required", "error_code": "VALIDATION_ERROR",
                    "errors": {"client_secret": "is required"}})),
                "429": response("Locked out after repeated failures.", json!({"status": "KO",
                    "message": "Too many failed attempts; retry later.", "error_code": "TOO_MANY_FAILED_ATTEMPTS"})),
            },
        }},
        "/api/token": {"post": {
            "summary": "Seed 003: an access token for username, password and terminal (JSON or form).",
            "operationId": "tokenPassword",
            "x-dialect": "loyalty",
            "requestBody": {"required": true, "content": {
                "application/json": {"schema": schema(
                    json!({"username": {"type": "string"}, "password": {"type": "string"},
                           "terminal": {"type": ["integer", "string"]}}),
                    &["username", "password", "terminal"],
                )},
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
            }},
            "responses": {
                "200": response("A token.", json!({"access_token": "eyJ…", "token_type": "Bearer", "expires_in": 3600})),
                "400": response("A parameter is missing (loyalty dialect).", json!({"code": 102,
                    "message": "Required parameter is empty.", "details": {"password": "is required"},
                    "error_code": "REQUIRED_PARAMETER_EMPTY"})),
                "401": response("Unknown terminal, or wrong credentials.", json!({"code": 200,
                    "message": "Terminal not found.", "details": null, "error_code": "TERMINAL_NOT_FOUND"})),
            },
        }},
        "/oauth/token": {"post": {
            "summary": "RFC 6749 client credentials grant (Basic header or form fields).",
            "operationId": "oauthToken",
            "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": schema(
                json!({"grant_type": {"type": "string", "enum": ["client_credentials"]},
                       "client_id": {"type": "string"}, "client_secret": {"type": "string"},
                       "scope": {"type": "string"}}),
                &["grant_type"],
            )}}},
            "responses": {
                "200": response("A token.", json!({"access_token": "eyJ…", "token_type": "Bearer",
                    "expires_in": 3600, "scope": "customers"})),
                "400": response("invalid_request, unsupported_grant_type or invalid_scope.",
                    json!({"error": "unsupported_grant_type", "error_description": "Only the client_credentials grant is supported."})),
                "401": response("invalid_client.", json!({"error": "invalid_client",
                    "error_description": "Client authentication failed."})),
            },
        }},
        "/.well-known/jwks.json": {"get": {
            "summary": "The public keys (Ed25519) that verify the gateway's tokens.",
            "operationId": "jwks",
            "responses": {"200": {"description": "A JWKS document.", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"keys": {"type": "array", "items": {"type": "object"}}}},
            }}}},
        }},
        "/{path}": forwarded(),
    })
}

/// Every other path: forwarded by the routing table, after authentication (Bearer token,
/// X-API-Token, `Authorization: <token>`, or Basic). Errors answer in the dialect of the route's
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
