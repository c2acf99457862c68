//! Issuing access tokens (what a client's token says about it) and the token endpoints.

pub mod handlers;
pub mod view;

use platform::AppError;
use platform::auth::{Claims, Signer, now_secs};

use crate::clients::model::ApiClient;

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
