//! Signing (gateway, tests) and verification (every service) of access tokens.

use serde::{Deserialize, Serialize};

mod signer;
#[cfg(test)]
mod tests;
mod verifier;

pub use signer::{Signer, new_ed25519_pkcs8};
pub use verifier::{KeySource, TokenVerifier};

/// The claims of every access token the gateway issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The API client (or service) the token was issued to.
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
    pub jti: String,
    /// Space-separated scopes (seed 001 names where they exist).
    #[serde(default)]
    pub scope: String,
    /// Fine-grained permissions (seed 002 names, e.g. `customer.view_phone`).
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<String>,
    /// The partner the client acts for: a repair center, a shop, a terminal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("malformed token: {0}")]
    Malformed(String),
    #[error("unknown signing key {0:?}")]
    UnknownKey(String),
    #[error("invalid token: {0}")]
    Invalid(String),
    #[error("cannot fetch the signing keys: {0}")]
    KeysUnavailable(String),
}

#[derive(Debug, thiserror::Error)]
#[error("signing key: {0}")]
pub struct KeyError(String);

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
