//! The gateway's Ed25519 signing keys: made, loaded from storage, published, and used to sign.

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use super::{Claims, KeyError, KeySource, TokenVerifier, now_secs};

/// An Ed25519 signing key with its key id; the gateway publishes [`Signer::jwk`].
pub struct Signer {
    kid: String,
    encoding: EncodingKey,
    jwk: Jwk,
}

/// PKCS#8 v1 prefix of an Ed25519 private key: what `openssl genpkey -algorithm ed25519` writes.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// A fresh random Ed25519 private key, PKCS#8 v1 DER (for storing).
pub fn new_ed25519_pkcs8() -> Result<Vec<u8>, KeyError> {
    let mut seed = [0u8; 32];
    aws_lc_rs::rand::fill(&mut seed).map_err(|_| KeyError("no randomness".into()))?;
    let mut der = ED25519_PKCS8_PREFIX.to_vec();
    der.extend_from_slice(&seed);
    Ok(der)
}

impl Signer {
    /// A fresh random key.
    pub fn generate(kid: impl Into<String>) -> Result<Self, KeyError> {
        Self::from_pkcs8_der(kid, &new_ed25519_pkcs8()?)
    }

    pub fn from_pkcs8_der(kid: impl Into<String>, der: &[u8]) -> Result<Self, KeyError> {
        let kid = kid.into();
        let encoding = EncodingKey::from_ed_der(der);
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::EdDSA)
            .map_err(|e| KeyError(e.to_string()))?;
        jwk.common.key_id = Some(kid.clone());
        let signer = Self { kid, encoding, jwk };
        // A wrong crypto backend build compiles and fails only at run time: fail here, loudly.
        signer.self_check()?;
        Ok(signer)
    }

    pub fn from_pkcs8_pem(kid: impl Into<String>, pem: &str) -> Result<Self, KeyError> {
        let encoding =
            EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| KeyError(e.to_string()))?;
        Self::from_pkcs8_der(kid, encoding.as_bytes())
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half, as published in the JWKS.
    pub fn jwk(&self) -> &Jwk {
        &self.jwk
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, KeyError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|e| KeyError(e.to_string()))
    }

    fn self_check(&self) -> Result<(), KeyError> {
        let claims = Claims {
            sub: "self-check".into(),
            iss: "self-check".into(),
            aud: "self-check".into(),
            exp: now_secs() + 60,
            iat: now_secs(),
            jti: "self-check".into(),
            scope: String::new(),
            permissions: Vec::new(),
            terminal: None,
            partner: None,
        };
        let token = self.sign(&claims)?;
        let verifier = TokenVerifier::new(
            "self-check",
            "self-check",
            KeySource::Static(JwkSet {
                keys: vec![self.jwk.clone()],
            }),
        );
        verifier
            .verify_with_keys(&token)
            .map(|_| ())
            .map_err(|e| KeyError(e.to_string()))
    }
}
