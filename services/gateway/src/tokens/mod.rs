//! Issuing access tokens (what a client's token says about it) and the token endpoints.

pub mod handlers;
pub mod view;

use chrono::Utc;
use platform::AppError;
use platform::auth::{Claims, Signer, now_secs};

use crate::clients::model::{ApiClient, OpaqueToken, TokenFormat, new_opaque_token, token_lookup};
use crate::clients::store;
use crate::state::GatewayState;

/// The access token handed to `client`, in its token format (`default` where it has none): a
/// signed token, or an opaque one stored as its SHA-256 and exchanged at the gateway.
pub async fn access_token(
    state: &GatewayState,
    client: &ApiClient,
    default: TokenFormat,
) -> Result<String, AppError> {
    let ttl = state.settings.token_ttl_secs;
    match client.token_format(default) {
        TokenFormat::Jwt => mint(
            &state.keys.signer(),
            &state.issuer,
            &state.audience,
            client,
            ttl,
        ),
        TokenFormat::Opaque => {
            let token = new_opaque_token().map_err(AppError::internal)?;
            let now = Utc::now().naive_utc();
            let row = OpaqueToken {
                token_hash: token_lookup(&token),
                client_id: client.id.clone(),
                scopes: client.scopes.clone(),
                created_at: now,
                expires_at: now + state.token_ttl(),
            };
            platform::db::run(&state.pool, move |conn| store::insert_opaque(conn, &row)).await?;
            Ok(token)
        }
    }
}

/// A signed token for `client`, valid `ttl_secs`.
pub fn mint(
    signer: &Signer,
    issuer: &str,
    audience: &str,
    client: &ApiClient,
    ttl_secs: u64,
) -> Result<String, AppError> {
    let now = now_secs();
    let claims = Claims {
        sub: client.id.clone(),
        iss: issuer.to_string(),
        aud: audience.to_string(),
        exp: now + ttl_secs,
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        scope: client.scopes.clone(),
        permissions: client
            .permission_list()
            .into_iter()
            .map(str::to_string)
            .collect(),
        terminal: client.terminal.clone(),
        partner: client.partner.clone(),
    };
    signer
        .sign(&claims)
        .map_err(|e| AppError::internal(format!("signing a token: {e}")))
}
