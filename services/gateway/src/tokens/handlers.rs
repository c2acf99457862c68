//! The token endpoints, each answering as its document shows: `/api/token/create` (seed 001),
//! `/api/token` (seed 003), `/oauth/token` (RFC 6749) and the JWKS.

use crate::errors::GatewayError;

use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use platform::AppError;
use platform::codes::loyalty::LoyaltyErrorCode;
use platform::input::{given, non_blank};
use platform::web::{Form, JsonOrForm};
use serde::Deserialize;
use serde_json::json;

use super::mint;
use crate::clients::model::ApiClient;
use crate::credentials::{self, Denied, guarded};
use crate::state::{GatewayState, peer_ip};

#[derive(Deserialize)]
pub struct ClientCredentials {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
}

#[derive(Deserialize)]
pub struct PasswordCredentials {
    username: Option<String>,
    password: Option<String>,
    /// An integer in seed 003; strings are accepted too.
    terminal: Option<serde_json::Value>,
}

#[derive(Deserialize)]
pub struct OAuthRequest {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
}

fn invalid_client() -> AppError {
    AppError::unauthorized("Invalid client credentials.")
}

fn issue(state: &GatewayState, client: &ApiClient) -> Result<String, AppError> {
    let signer = state.keys.signer();
    mint(
        &signer,
        &state.issuer,
        &state.audience,
        client,
        state.settings.token_ttl_secs,
    )
}

fn token_response(body: serde_json::Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(body)
}

/// `POST /api/token/create` (seed 001): JSON client credentials.
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
    let (client_key, ip_key) = (
        Some(format!("client:{id}")),
        format!("ip:{}", peer_ip(&req)),
    );
    let client = guarded(&state, client_key, ip_key, check, |_| invalid_client()).await?;
    Ok(token_response(json!({
        "access_token": issue(&state, &client)?,
        "expires_in": state.settings.token_ttl_secs,
        "token_type": "Bearer",
        "scope": client.scopes,
    })))
}

/// `POST /api/token` (seed 003): username, password and terminal, as JSON or a form.
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
    let (client_key, ip_key) = (
        Some(format!("user:{username}")),
        format!("ip:{}", peer_ip(&req)),
    );
    let client = guarded(&state, client_key, ip_key, check, |denied| match denied {
        Denied::UnknownTerminal => LoyaltyErrorCode::TerminalNotFound.into(),
        Denied::Invalid => AppError::unauthorized("Invalid credentials."),
    })
    .await?;
    Ok(token_response(json!({
        "access_token": issue(&state, &client)?,
        "token_type": "Bearer",
        "expires_in": state.settings.token_ttl_secs,
    })))
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

/// `POST /oauth/token` (RFC 6749 §4.4): client credentials grant; the client authenticates with
/// a Basic header or form fields; errors are RFC 6749's.
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
    let (client_key, ip_key) = (
        Some(format!("client:{id}")),
        format!("ip:{}", peer_ip(&req)),
    );
    let mut client = guarded(&state, client_key, ip_key, check, |_| {
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
    Ok(token_response(json!({
        "access_token": issue(&state, &client)?,
        "token_type": "Bearer",
        "expires_in": state.settings.token_ttl_secs,
        "scope": client.scopes,
    })))
}

/// `GET /.well-known/jwks.json`: the public keys services verify tokens with.
pub async fn jwks(state: web::Data<GatewayState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "max-age=60"))
        .json(&*state.keys.jwks())
}
