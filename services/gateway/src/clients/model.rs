//! What an API client is and the rules of its credentials; no I/O but randomness.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::{api_clients, opaque_tokens};

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
    /// `opaque` or `jwt`; none: each endpoint answers as its document shows.
    pub token_format: Option<String>,
    /// Requests per second; none: the configured default.
    pub rate_per_sec: Option<i32>,
    /// Requests at once above the rate; none: the configured default.
    pub burst: Option<i32>,
}

/// An opaque token as stored: the SHA-256 of the token, never the token.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = opaque_tokens)]
pub struct OpaqueToken {
    pub token_hash: String,
    pub client_id: String,
    /// The scopes of the token (`/oauth/token` may narrow the client's).
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// What the admin command prints about a client: never its hash. Fields in alphabetical order,
/// the order it has always printed them in (it went through `serde_json::Value`, which sorts).
#[derive(Debug, Serialize)]
pub struct ClientView {
    pub burst: Option<i32>,
    pub created_at: String,
    pub enabled: bool,
    pub id: String,
    pub kind: String,
    pub name: String,
    pub partner: Option<String>,
    pub permissions: Vec<String>,
    pub rate_per_sec: Option<i32>,
    pub rotated_at: Option<String>,
    pub scopes: String,
    pub terminal: Option<String>,
    pub token_format: Option<String>,
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
            burst: self.burst,
            created_at: utc(self.created_at),
            enabled: self.enabled,
            id: self.id,
            kind: self.kind,
            name: self.name,
            partner: self.partner,
            rate_per_sec: self.rate_per_sec,
            rotated_at: self.rotated_at.map(utc),
            scopes: self.scopes,
            terminal: self.terminal,
            token_format: self.token_format,
            username: self.username,
        }
    }

    pub fn kind(&self) -> Option<ClientKind> {
        self.kind.parse().ok()
    }

    pub fn permission_list(&self) -> Vec<&str> {
        self.permissions.split_whitespace().collect()
    }

    /// The format of the tokens issued to this client where the endpoint's own is `default`.
    pub fn token_format(&self, default: TokenFormat) -> TokenFormat {
        self.token_format
            .as_deref()
            .and_then(|f| f.parse().ok())
            .unwrap_or(default)
    }

    /// The client's own rate limit (requests per second, burst), when it has one.
    pub fn rate(&self) -> Option<(u32, u32)> {
        let rate = u32::try_from(self.rate_per_sec?).ok()?;
        let burst = self.burst.and_then(|b| u32::try_from(b).ok());
        Some((rate, burst.unwrap_or(rate.saturating_mul(2))))
    }
}

/// What an access token looks like to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFormat {
    /// Seed 001's reference token: 40 lowercase hex characters, exchanged at the gateway.
    Opaque,
    /// The signed token itself.
    Jwt,
}

impl TokenFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opaque => "opaque",
            Self::Jwt => "jwt",
        }
    }
}

impl FromStr for TokenFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "opaque" => Ok(Self::Opaque),
            "jwt" => Ok(Self::Jwt),
            other => Err(format!("unknown token format {other:?}: use opaque or jwt")),
        }
    }
}

/// Highest per-client rate: beyond it a limit means nothing.
pub const MAX_RATE: u32 = 1_000_000;

/// `--rate`: requests per second, as `1000` or `1000/s`.
pub fn parse_rate(text: &str) -> Result<u32, String> {
    let number = text.trim().strip_suffix("/s").unwrap_or(text.trim());
    match number.parse::<u32>() {
        Ok(rate) if (1..=MAX_RATE).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "rate {text:?}: requests per second from 1 to {MAX_RATE}, as 1000 or 1000/s"
        )),
    }
}

/// `--burst`: requests at once above the rate.
pub fn parse_burst(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(burst) if (1..=MAX_RATE.saturating_mul(2)).contains(&burst) => Ok(burst),
        _ => Err(format!(
            "burst {text:?}: a number of requests from 1 to {}",
            MAX_RATE * 2
        )),
    }
}

/// Shortest client secret or API token accepted from an operator (a generated one has 43).
pub const MIN_SECRET_CHARS: usize = 16;
/// Shortest password accepted from an operator.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest credential accepted: argon2 hashes whatever it is given.
pub const MAX_CREDENTIAL_CHARS: usize = 512;

/// Why a credential given by an operator (imported or read from stdin) is refused.
pub fn check_given_secret(kind: ClientKind, secret: &str) -> Result<(), String> {
    let min = match kind {
        ClientKind::Password => MIN_PASSWORD_CHARS,
        _ => MIN_SECRET_CHARS,
    };
    let chars = secret.chars().count();
    if chars < min {
        return Err(format!("shorter than {min} characters"));
    }
    if chars > MAX_CREDENTIAL_CHARS {
        return Err(format!("longer than {MAX_CREDENTIAL_CHARS} characters"));
    }
    if secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains spaces or control characters".into());
    }
    if secret.chars().all(|c| secret.starts_with(c)) {
        return Err("is one character repeated".into());
    }
    Ok(())
}

/// Why a client id given by an operator is refused: 1 to 100 of `A-Z a-z 0-9 . _ - : @`.
pub fn check_client_id(id: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-:@".contains(c);
    if id.is_empty() || id.len() > 100 || !id.chars().all(allowed) {
        return Err("must be 1 to 100 of A-Z a-z 0-9 . _ - : @".into());
    }
    Ok(())
}

/// A new opaque token: 160 random bits as 40 lowercase hex characters, the form of seed 001's.
pub fn new_opaque_token() -> Result<String, String> {
    let mut bytes = [0u8; 20];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| "no randomness".to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a presented bearer token has the opaque form.
pub fn is_opaque_form(token: &str) -> bool {
    token.len() == 40
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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

    #[test]
    fn opaque_tokens_have_seed_001s_form() {
        let token = new_opaque_token().unwrap();
        assert!(is_opaque_form(&token), "{token}");
        assert!(is_opaque_form("43db12155516ffc226655a1c51a9de9b3161f62d"));
        assert_ne!(token, new_opaque_token().unwrap());
        for other in [
            "43DB12155516FFC226655A1C51A9DE9B3161F62D",
            "43db12155516ffc226655a1c51a9de9b3161f62",
            "at_43db12155516ffc226655a1c51a9de9b3161f6",
        ] {
            assert!(!is_opaque_form(other), "{other}");
        }
    }

    #[test]
    fn rates_are_per_second_with_an_optional_unit() {
        assert_eq!(parse_rate("1000"), Ok(1000));
        assert_eq!(parse_rate("1000/s"), Ok(1000));
        for bad in ["0", "-1", "1.5", "1000/m", "", "2000000"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_burst("2000"), Ok(2000));
        assert!(parse_burst("0").is_err());
    }

    #[test]
    fn given_secrets_follow_the_documented_rule() {
        let ok = "0123456789abcdef";
        assert_eq!(
            check_given_secret(ClientKind::ClientCredentials, ok),
            Ok(())
        );
        assert_eq!(check_given_secret(ClientKind::ApiToken, ok), Ok(()));
        assert!(check_given_secret(ClientKind::Basic, &ok[..15]).is_err());
        assert_eq!(check_given_secret(ClientKind::Password, "pa55word"), Ok(()));
        assert!(check_given_secret(ClientKind::Password, "short").is_err());
        assert!(check_given_secret(ClientKind::Password, "pass word").is_err());
        assert!(check_given_secret(ClientKind::ApiToken, &"a".repeat(20)).is_err());
        assert!(check_given_secret(ClientKind::ApiToken, &"ab".repeat(300)).is_err());
    }

    #[test]
    fn given_client_ids_are_plain() {
        assert_eq!(check_client_id("partner-001"), Ok(()));
        assert_eq!(check_client_id("cl_1.a:b@c"), Ok(()));
        for bad in ["", "a b", "é", &"x".repeat(101)] {
            assert!(check_client_id(bad).is_err(), "{bad:?}");
        }
    }
}
