//! The token endpoints, each answering as its document shows: `/api/token/create` (seed 001),
//! `/api/token` (seed 003), `/oauth/token` (RFC 6749) and the JWKS.

use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use platform::AppError;
use platform::codes::loyalty::LoyaltyErrorCode;
use platform::input::{given, non_blank};
use platform::openapi::pieces::string_or_number;
use platform::web::{Form, JsonOrForm};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access_token;
use super::view::{Jwks, ScopedToken, Token};
use crate::clients::model::{ApiClient, TokenFormat};
use crate::credentials::{self, Denied, guarded};
use crate::errors::GatewayError;
use crate::state::{GatewayState, peer_ip};

// The fields are optional to Serde so that a missing one is answered in the route's dialect,
// naming the field; the schemas say what a valid request holds.

/// Seed 001's client credentials.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"client_secret": "your secret", "client_id": "your id", "grant_type": "client_credentials"}))]
pub struct ClientCredentials {
    #[schema(value_type = String, required = true, pattern = r"\S")]
    client_id: Option<String>,
    #[schema(value_type = String, required = true, pattern = r"\S")]
    client_secret: Option<String>,
    /// `client_credentials`, the only grant; may be left out.
    #[schema(value_type = String, required = false, pattern = "^client_credentials$")]
    grant_type: Option<String>,
}

/// Seed 003's username, password and terminal.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"username": "shop-12", "password": "your password", "terminal": 12}))]
pub struct PasswordCredentials {
    #[schema(value_type = String, required = true, pattern = r"\S")]
    username: Option<String>,
    #[schema(value_type = String, required = true, pattern = r"\S")]
    password: Option<String>,
    /// An integer in seed 003; strings are accepted too.
    #[schema(schema_with = string_or_number, required = true)]
    terminal: Option<serde_json::Value>,
}

/// RFC 6749 §4.4: the client authenticates with a Basic header or `client_id` and
/// `client_secret`; `scope` narrows the token to some of the client's scopes.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"grant_type": "client_credentials", "scope": "customers"}))]
pub struct OAuthRequest {
    #[schema(value_type = String, required = true, pattern = "^client_credentials$")]
    grant_type: Option<String>,
    #[schema(value_type = String, required = false)]
    client_id: Option<String>,
    #[schema(value_type = String, required = false)]
    client_secret: Option<String>,
    /// Space-separated.
    #[schema(value_type = String, required = false)]
    scope: Option<String>,
}

fn invalid_client() -> AppError {
    AppError::unauthorized("Invalid client credentials.")
}

fn token_response(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(body)
}

async fn scoped_token(
    state: &GatewayState,
    client: ApiClient,
    default: TokenFormat,
) -> Result<HttpResponse, AppError> {
    let token = access_token(state, &client, default).await?;
    let body = ScopedToken::bearer(token, state.settings.token_ttl_secs, client.scopes);
    Ok(token_response(&body))
}

/// The lockout key of the caller's address.
fn ip_key(req: &HttpRequest) -> String {
    format!("ip:{}", peer_ip(req))
}

/// Seed 001: an access token for client credentials.
///
/// JSON, or a form. The token lasts `expires_in` seconds (3600 by default). It is an opaque
/// reference token of 40 lowercase hex characters, as the document shows, unless the client's
/// token format is `jwt`. Errors answer in seed 001's RMA dialect.
#[utoipa::path(
    post,
    tag = "tokens",
    path = "/api/token/create",
    operation_id = "tokenCreate",
    extensions(("x-dialect" = json!("rma"))),
    request_body(content(
        (ClientCredentials = "application/json"),
        (ClientCredentials = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "A token (`Cache-Control: no-store`).", body = ScopedToken,
            example = json!({"access_token": "43db12155516ffc226655a1c51a9de9b3161f62d", "expires_in": 3600, "scope": "demands_accept demands_status", "token_type": "Bearer"})),
        (status = 400, description = "`UNSUPPORTED_GRANT_TYPE`: a grant_type other than client_credentials; `MALFORMED_JSON` or `MALFORMED_BODY`: an unreadable body.",
            content(("application/json", example = json!({"status": "KO", "message": "grant_type must be client_credentials.", "error_code": "UNSUPPORTED_GRANT_TYPE"})))),
        (status = 401, description = "`UNAUTHORIZED`: unknown client, wrong secret, or a disabled client.",
            content(("application/json", example = json!({"status": "KO", "message": "Invalid client credentials.", "error_code": "UNAUTHORIZED"})))),
        (status = 422, description = "`VALIDATION_ERROR`: client_id or client_secret missing, or a field of the wrong type; `errors` names it.",
            content(("application/json", example = json!({"status": "KO", "message": "client_secret: is required", "error_code": "VALIDATION_ERROR", "errors": {"client_secret": "is required"}})))),
        (status = 429, description = "`TOO_MANY_FAILED_ATTEMPTS`: locked out after repeated failures (Retry-After).",
            content(("application/json", example = json!({"status": "KO", "message": "Too many failed attempts; retry later.", "error_code": "TOO_MANY_FAILED_ATTEMPTS"})))),
    ),
)]
pub async fn token_create(
    req: HttpRequest,
    state: web::Data<GatewayState>,
    body: JsonOrForm<ClientCredentials>,
) -> Result<HttpResponse, AppError> {
    let body = body.0;
    let id = given("client_id", non_blank(body.client_id))?;
    let secret = given("client_secret", non_blank(body.client_secret))?;
    if body
        .grant_type
        .as_deref()
        .is_some_and(|g| g != "client_credentials")
    {
        return Err(AppError::coded(
            GatewayError::UnsupportedGrantType,
            "grant_type must be client_credentials.",
        ));
    }
    let check = credentials::check_client_secret(&state.pool, &id, &secret);
    let account = Some(format!("client:{id}"));
    let client = guarded(&state, account, ip_key(&req), check, |_| invalid_client()).await?;
    // Seed 001 shows a 40-character hex token.
    scoped_token(&state, client, TokenFormat::Opaque).await
}

/// Seed 003: an access token for username, password and terminal (JSON or form).
///
/// The token lasts `expires_in` seconds (3600 by default). Errors answer in seed 003's loyalty
/// dialect.
#[utoipa::path(
    post,
    tag = "tokens",
    path = "/api/token",
    operation_id = "tokenPassword",
    extensions(("x-dialect" = json!("loyalty"))),
    request_body(content(
        (PasswordCredentials = "application/json"),
        (PasswordCredentials = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "A token (`Cache-Control: no-store`).", body = Token,
            example = json!({"access_token": "eyJ…", "expires_in": 3600, "token_type": "Bearer"})),
        (status = 400, description = "`REQUIRED_PARAMETER_EMPTY` (102): username, password or terminal missing, `details` names it; `MALFORMED_JSON` or `MALFORMED_BODY`: an unreadable body.",
            content(("application/json", example = json!({"code": 102, "message": "Required parameter is empty.", "details": {"password": "is required"}, "error_code": "REQUIRED_PARAMETER_EMPTY"})))),
        (status = 401, description = "`TERMINAL_NOT_FOUND` (200): no client has this terminal; `UNAUTHORIZED`: wrong username or password.",
            content(("application/json", example = json!({"code": 200, "message": "Terminal not found.", "details": null, "error_code": "TERMINAL_NOT_FOUND"})))),
        (status = 429, description = "`TOO_MANY_FAILED_ATTEMPTS`: locked out after repeated failures (Retry-After)."),
    ),
)]
pub async fn token_password(
    req: HttpRequest,
    state: web::Data<GatewayState>,
    body: JsonOrForm<PasswordCredentials>,
) -> Result<HttpResponse, AppError> {
    let body = body.0;
    let required = |field: &str| {
        AppError::from(LoyaltyErrorCode::RequiredParameterEmpty).with_fields(vec![
            platform::FieldError {
                field: field.into(),
                message: "is required".into(),
            },
        ])
    };
    let username = non_blank(body.username).ok_or_else(|| required("username"))?;
    let password = non_blank(body.password).ok_or_else(|| required("password"))?;
    let terminal = match body.terminal {
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err(required("terminal")),
    };
    let check = credentials::check_password(&state.pool, &username, &password, &terminal);
    let account = Some(format!("user:{username}"));
    let client = guarded(
        &state,
        account,
        ip_key(&req),
        check,
        |denied| match denied {
            Denied::UnknownTerminal => LoyaltyErrorCode::TerminalNotFound.into(),
            Denied::Invalid => AppError::unauthorized("Invalid credentials."),
        },
    )
    .await?;
    let token = access_token(&state, &client, TokenFormat::Jwt).await?;
    Ok(token_response(&Token::bearer(
        token,
        state.settings.token_ttl_secs,
    )))
}

/// Client credentials from an `Authorization: Basic` header.
pub fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// RFC 6749 client credentials grant (Basic header or form fields).
///
/// RFC 6749 §4.4; errors are RFC 6749's `{"error", "error_description"}`.
#[utoipa::path(
    post,
    tag = "tokens",
    path = "/oauth/token",
    operation_id = "oauthToken",
    request_body(content((OAuthRequest = "application/x-www-form-urlencoded"))),
    responses(
        (status = 200, description = "A token (`Cache-Control: no-store`).", body = ScopedToken,
            example = json!({"access_token": "eyJ…", "expires_in": 3600, "scope": "customers", "token_type": "Bearer"})),
        (status = 400, description = "`invalid_request`: no grant_type; `unsupported_grant_type`: another grant; `invalid_scope`: a scope the client is not granted; `malformed_body`: an unreadable form.",
            content(("application/json", example = json!({"error": "unsupported_grant_type", "error_description": "Only the client_credentials grant is supported."})))),
        (status = 401, description = "`invalid_client`: no credentials, unknown client, wrong secret, or a disabled client.",
            content(("application/json", example = json!({"error": "invalid_client", "error_description": "Client authentication failed."})))),
        (status = 429, description = "`too_many_failed_attempts`: locked out after repeated failures (Retry-After)."),
    ),
)]
pub async fn oauth_token(
    req: HttpRequest,
    state: web::Data<GatewayState>,
    body: Form<OAuthRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.0;
    match body.grant_type.as_deref() {
        None | Some("") => {
            return Err(AppError::coded(
                GatewayError::InvalidRequest,
                "grant_type is required.",
            ));
        }
        Some("client_credentials") => {}
        Some(_) => {
            return Err(GatewayError::UnsupportedGrantType.into());
        }
    }
    let (id, secret) = basic_credentials(&req)
        .or_else(|| Some((non_blank(body.client_id)?, non_blank(body.client_secret)?)))
        .ok_or_else(|| AppError::from(GatewayError::InvalidClient))?;
    let check = credentials::check_client_secret(&state.pool, &id, &secret);
    let account = Some(format!("client:{id}"));
    let mut client = guarded(&state, account, ip_key(&req), check, |_| {
        GatewayError::InvalidClient.into()
    })
    .await?;
    // A requested scope narrows the token to those scopes, all of which must be granted.
    if let Some(requested) = non_blank(body.scope) {
        let granted: Vec<&str> = client.scopes.split_whitespace().collect();
        if let Some(extra) = requested.split_whitespace().find(|s| !granted.contains(s)) {
            return Err(AppError::coded(
                GatewayError::InvalidScope,
                format!("The scope {extra} is not granted to this client."),
            ));
        }
        client.scopes = crate::clients::model::normalize_list(&requested);
    }
    scoped_token(&state, client, TokenFormat::Jwt).await
}

/// The public keys (Ed25519) that verify the gateway's tokens.
///
/// Services fetch it to verify the tokens they are sent.
#[utoipa::path(
    get,
    tag = "tokens",
    path = "/.well-known/jwks.json",
    operation_id = "jwks",
    responses((status = 200, description = "A JWKS document (`Cache-Control: max-age=60`).", body = Jwks)),
)]
pub async fn jwks(state: web::Data<GatewayState>) -> HttpResponse {
    let keys = state.keys.jwks();
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "max-age=60"))
        .json(Jwks(&keys))
}
