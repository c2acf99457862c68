//! What an API client is and the rules of its credentials; no I/O but randomness.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::api_clients;

/// How a client proves who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// `client_id` + `client_secret` at `/api/token/create` (seed 001) or `/oauth/token`.
    ClientCredentials,
    /// `username` + `password` + `terminal` at `/api/token` (seed 003).
    Password,
    /// A static token in `X-API-Token` or `Authorization` on every call (seed 000).
    ApiToken,
    /// HTTP Basic with client id and secret on every call (seed 002); also valid at `/oauth/token`.
    Basic,
}

impl ClientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientCredentials => "client-credentials",
            Self::Password => "password",
            Self::ApiToken => "api-token",
            Self::Basic => "basic",
        }
    }

    /// Kinds identified by a client id and a secret.
    pub fn has_client_secret(self) -> bool {
        matches!(self, Self::ClientCredentials | Self::Basic)
    }
}

impl fmt::Display for ClientKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ClientKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "client-credentials" => Ok(Self::ClientCredentials),
            "password" => Ok(Self::Password),
            "api-token" => Ok(Self::ApiToken),
            "basic" => Ok(Self::Basic),
            other => Err(format!(
                "unknown kind {other:?}: use client-credentials, password, api-token or basic"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_clients)]
pub struct ApiClient {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub username: Option<String>,
    pub terminal: Option<String>,
    pub secret_hash: String,
    pub token_lookup: Option<String>,
    pub scopes: String,
    pub permissions: String,
    pub partner: Option<String>,
    pub enabled: bool,
    pub created_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
}

/// What the admin command prints about a client: never its hash. Fields in alphabetical order,
/// the order it has always printed them in (it went through `serde_json::Value`, which sorts).
#[derive(Debug, Serialize)]
pub struct ClientView {
    pub created_at: String,
    pub enabled: bool,
    pub id: String,
    pub kind: String,
    pub name: String,
    pub partner: Option<String>,
    pub permissions: Vec<String>,
    pub rotated_at: Option<String>,
    pub scopes: String,
    pub terminal: Option<String>,
    pub username: Option<String>,
}

impl ApiClient {
    pub fn into_view(self) -> ClientView {
        ClientView {
            permissions: self
                .permission_list()
                .into_iter()
                .map(String::from)
                .collect(),
            created_at: utc(self.created_at),
            enabled: self.enabled,
            id: self.id,
            kind: self.kind,
            name: self.name,
            partner: self.partner,
            rotated_at: self.rotated_at.map(utc),
            scopes: self.scopes,
            terminal: self.terminal,
            username: self.username,
        }
    }

    pub fn kind(&self) -> Option<ClientKind> {
        self.kind.parse().ok()
    }

    pub fn permission_list(&self) -> Vec<&str> {
        self.permissions.split_whitespace().collect()
    }
}

fn utc(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339()
}

/// Scopes and permissions are stored space-separated, as the `scope` claim carries them.
pub fn normalize_list(list: &str) -> String {
    let mut items: Vec<&str> = list.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    items.dedup();
    items.join(" ")
}

/// A random secret of 32 bytes, URL-safe.
pub fn random_secret() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| "no randomness".to_string())?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

pub fn new_client_id() -> String {
    format!("cl_{}", uuid::Uuid::new_v4().simple())
}

/// API tokens carry a prefix so they are recognisable in configuration and leak scanners.
pub fn new_api_token() -> Result<String, String> {
    Ok(format!("at_{}", random_secret()?))
}

/// SHA-256 of a credential: the key under which a verified credential is remembered, so no
/// secret is kept in memory as a key.
pub fn fingerprint(credential: &str) -> [u8; 32] {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, credential.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// The SHA-256 (hex) that finds an API token's row. API tokens are 256-bit random values, so a
/// fast hash is enough to index them; the argon2 hash beside it is what is verified.
pub fn token_lookup(token: &str) -> String {
    fingerprint(token)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_as_the_admin_command_spells_them() {
        for kind in [
            ClientKind::ClientCredentials,
            ClientKind::Password,
            ClientKind::ApiToken,
            ClientKind::Basic,
        ] {
            assert_eq!(kind.as_str().parse::<ClientKind>(), Ok(kind));
        }
        assert!("oauth".parse::<ClientKind>().is_err());
    }

    #[test]
    fn lists_are_space_separated_without_duplicates() {
        assert_eq!(normalize_list(" a, b  b c"), "a b c");
        assert_eq!(normalize_list(""), "");
    }

    #[test]
    fn secrets_are_random_and_long() {
        let a = random_secret().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_secret().unwrap());
        assert!(new_api_token().unwrap().starts_with("at_"));
        assert_eq!(token_lookup("x").len(), 64);
    }
}
