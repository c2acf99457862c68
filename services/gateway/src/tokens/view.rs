//! What the token endpoints answer. Fields are in alphabetical order: the order these bodies
//! have always had on the wire (they were built as `serde_json::Value`, whose maps sort keys).

use jsonwebtoken::jwk::JwkSet;
use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// Every token is used as `Authorization: Bearer <access_token>`.
const BEARER: &str = "Bearer";

/// A token and the scopes it carries: seed 001's `/api/token/create` and RFC 6749's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopedToken {
    /// A JWT signed by the gateway (see `/.well-known/jwks.json`), or, for clients with the
    /// opaque token format (the default at `/api/token/create`), 40 lowercase hex characters.
    pub access_token: String,
    /// Seconds the token is valid.
    pub expires_in: u64,
    /// Space-separated.
    pub scope: String,
    #[schema(value_type = String, example = "Bearer")]
    pub token_type: &'static str,
}

impl ScopedToken {
    pub fn bearer(access_token: String, expires_in: u64, scope: String) -> Self {
        Self {
            access_token,
            expires_in,
            scope,
            token_type: BEARER,
        }
    }
}

/// A token: seed 003's `/api/token` answer, which names no scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    /// A JWT signed by the gateway (see `/.well-known/jwks.json`), or, for clients with the
    /// opaque token format, 40 lowercase hex characters.
    pub access_token: String,
    /// Seconds the token is valid.
    pub expires_in: u64,
    #[schema(value_type = String, example = "Bearer")]
    pub token_type: &'static str,
}

impl Token {
    pub fn bearer(access_token: String, expires_in: u64) -> Self {
        Self {
            access_token,
            expires_in,
            token_type: BEARER,
        }
    }
}

/// The public keys that verify the gateway's tokens (RFC 7517), as jsonwebtoken writes them;
/// the schema says what verifiers rely on.
#[derive(Serialize)]
#[serde(transparent)]
pub struct Jwks<'a>(pub &'a JwkSet);

impl PartialSchema for Jwks<'_> {
    fn schema() -> RefOr<Schema> {
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let key = ObjectBuilder::new()
            .property("kty", text())
            .property("kid", text())
            .property("alg", text())
            .required("kty")
            .required("kid");
        ObjectBuilder::new()
            .property("keys", ArrayBuilder::new().items(key))
            .required("keys")
            .into()
    }
}

impl ToSchema for Jwks<'_> {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn sorted(body: &impl Serialize) -> String {
        serde_json::to_value(body).unwrap().to_string()
    }

    /// The bodies are what they were when built as `serde_json::Value`: keys sorted.
    #[test]
    fn token_bodies_keep_the_key_order_they_always_had() {
        let scoped = ScopedToken::bearer("t".into(), 3600, "a b".into());
        assert_eq!(serde_json::to_string(&scoped).unwrap(), sorted(&scoped));
        let plain = Token::bearer("t".into(), 3600);
        assert_eq!(serde_json::to_string(&plain).unwrap(), sorted(&plain));
    }
}
