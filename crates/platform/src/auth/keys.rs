//! Signing (gateway, tests) and verification (every service) of access tokens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

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

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Where a service finds the gateway's public keys.
pub enum KeySource {
    Static(JwkSet),
    /// Fetched from the gateway's `/.well-known/jwks.json`, cached for `refresh`.
    Remote {
        url: String,
        refresh: Duration,
    },
}

/// A published key made ready once: parsing a JWK and building its validation rules cost more
/// than the signature check itself.
struct VerifyingKey {
    key: DecodingKey,
    validation: Validation,
}

struct Cached {
    keys: HashMap<String, Arc<VerifyingKey>>,
    fetched: Option<Instant>,
}

/// Tokens already verified, by fingerprint, so a partner's token reused for an hour is checked
/// once: the signature check is most of a small request's CPU.
const VERIFIED_CAPACITY: usize = 10_000;

pub struct TokenVerifier {
    issuer: String,
    audience: String,
    leeway_secs: u64,
    source: KeySource,
    cache: RwLock<Cached>,
    verified: Mutex<HashMap<[u8; 32], Claims>>,
    http: reqwest::Client,
}

/// An unknown key id may mean the gateway rotated its key: fetch again, but not more often than this.
const MIN_REFETCH: Duration = Duration::from_secs(10);

impl TokenVerifier {
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>, source: KeySource) -> Self {
        let verifier = Self {
            issuer: issuer.into(),
            audience: audience.into(),
            leeway_secs: 30,
            source,
            cache: RwLock::new(Cached {
                keys: HashMap::new(),
                fetched: None,
            }),
            verified: Mutex::new(HashMap::new()),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap_or_default(),
        };
        verifier.index_static_keys();
        verifier
    }

    fn index_static_keys(&self) {
        if let KeySource::Static(set) = &self.source {
            self.set_keys(set.clone());
        }
    }

    /// Usable keys by id; a key naming no algorithm we support is left out.
    fn index(&self, set: &JwkSet) -> HashMap<String, Arc<VerifyingKey>> {
        set.keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                // The algorithm comes from the published key, never from the token's header.
                let algorithm = jwk
                    .common
                    .key_algorithm
                    .and_then(|a| a.to_string().parse::<Algorithm>().ok())?;
                let key = DecodingKey::from_jwk(jwk).ok()?;
                let mut validation = Validation::new(algorithm);
                validation.leeway = self.leeway_secs;
                validation.set_audience(&[&self.audience]);
                validation.set_issuer(&[&self.issuer]);
                validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
                Some((kid, Arc::new(VerifyingKey { key, validation })))
            })
            .collect()
    }

    /// Replaces the key set (the gateway verifying its own tokens after a key rotation).
    pub fn set_keys(&self, keys: JwkSet) {
        let indexed = self.index(&keys);
        self.cache.write().unwrap_or_else(|p| p.into_inner()).keys = indexed;
        self.verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    pub fn with_leeway(mut self, secs: u64) -> Self {
        self.leeway_secs = secs;
        self.index_static_keys();
        self
    }

    /// Verifies signature, expiry, issuer and audience; fetches the keys first when needed.
    pub async fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        match self.verify_with_keys(token) {
            Err(VerifyError::UnknownKey(_)) if self.should_fetch() => {
                self.fetch().await?;
                self.verify_with_keys(token)
            }
            other => other,
        }
    }

    fn should_fetch(&self) -> bool {
        let KeySource::Remote { refresh, .. } = &self.source else {
            return false;
        };
        let cache = self.cache.read().unwrap_or_else(|p| p.into_inner());
        match cache.fetched {
            None => true,
            Some(at) => at.elapsed() >= MIN_REFETCH.min(*refresh),
        }
    }

    async fn fetch(&self) -> Result<(), VerifyError> {
        let KeySource::Remote { url, .. } = &self.source else {
            return Ok(());
        };
        let fetched = self
            .http
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| VerifyError::KeysUnavailable(e.to_string()))?
            .json::<JwkSet>()
            .await
            .map_err(|e| VerifyError::KeysUnavailable(e.to_string()))?;
        let indexed = self.index(&fetched);
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        cache.keys = indexed;
        cache.fetched = Some(Instant::now());
        drop(cache);
        self.verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        Ok(())
    }

    fn verify_with_keys(&self, token: &str) -> Result<Claims, VerifyError> {
        let fingerprint = fingerprint(token);
        let now = now_secs();
        if let Some(claims) = self
            .verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&fingerprint)
            .filter(|claims| claims.exp + self.leeway_secs > now)
        {
            return Ok(claims.clone());
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| VerifyError::Malformed(e.to_string()))?;
        let kid = header.kid.unwrap_or_default();
        let key = {
            let cache = self.cache.read().unwrap_or_else(|p| p.into_inner());
            let stale = match (&self.source, cache.fetched) {
                (KeySource::Remote { refresh, .. }, Some(at)) => at.elapsed() > *refresh,
                (KeySource::Remote { .. }, None) => true,
                (KeySource::Static(_), _) => false,
            };
            match cache.keys.get(&kid) {
                Some(key) if !stale => key.clone(),
                _ => return Err(VerifyError::UnknownKey(kid)),
            }
        };
        let claims = jsonwebtoken::decode::<Claims>(token, &key.key, &key.validation)
            .map(|data| data.claims)
            .map_err(|e| VerifyError::Invalid(e.to_string()))?;
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= VERIFIED_CAPACITY {
            verified.retain(|_, c| c.exp + self.leeway_secs > now);
            if verified.len() >= VERIFIED_CAPACITY {
                verified.clear();
            }
        }
        verified.insert(fingerprint, claims.clone());
        Ok(claims)
    }
}

fn fingerprint(token: &str) -> [u8; 32] {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(aud: &str, exp: u64) -> Claims {
        Claims {
            sub: "client-1".into(),
            iss: "gateway".into(),
            aud: aud.into(),
            exp,
            iat: now_secs(),
            jti: "j1".into(),
            scope: "demands_accept demands_status".into(),
            permissions: vec!["customer.view_phone".into()],
            terminal: Some("12".into()),
            partner: Some("center-9".into()),
        }
    }

    fn verifier_for(signer: &Signer) -> TokenVerifier {
        TokenVerifier::new(
            "gateway",
            "retail-platform",
            KeySource::Static(JwkSet {
                keys: vec![signer.jwk().clone()],
            }),
        )
        .with_leeway(0)
    }

    #[tokio::test]
    async fn a_valid_token_round_trips_its_claims() {
        let signer = Signer::generate("k1").unwrap();
        let c = claims("retail-platform", now_secs() + 600);
        let token = signer.sign(&c).unwrap();
        assert_eq!(verifier_for(&signer).verify(&token).await.unwrap(), c);
    }

    #[tokio::test]
    async fn expired_wrong_audience_foreign_and_tampered_tokens_are_rejected() {
        let signer = Signer::generate("k1").unwrap();
        let verifier = verifier_for(&signer);

        let expired = signer
            .sign(&claims("retail-platform", now_secs() - 5))
            .unwrap();
        assert!(matches!(
            verifier.verify(&expired).await,
            Err(VerifyError::Invalid(_))
        ));

        let wrong_aud = signer.sign(&claims("elsewhere", now_secs() + 600)).unwrap();
        assert!(matches!(
            verifier.verify(&wrong_aud).await,
            Err(VerifyError::Invalid(_))
        ));

        // Same key id, another key: the signature does not match.
        let impostor = Signer::generate("k1").unwrap();
        let forged = impostor
            .sign(&claims("retail-platform", now_secs() + 600))
            .unwrap();
        assert!(matches!(
            verifier.verify(&forged).await,
            Err(VerifyError::Invalid(_))
        ));

        let good = signer
            .sign(&claims("retail-platform", now_secs() + 600))
            .unwrap();
        let mut parts: Vec<&str> = good.split('.').collect();
        let other = signer
            .sign(&Claims {
                scope: "everything".into(),
                ..claims("retail-platform", now_secs() + 600)
            })
            .unwrap();
        let other_payload = other.split('.').nth(1).unwrap().to_string();
        parts[1] = &other_payload;
        let tampered = parts.join(".");
        assert!(matches!(
            verifier.verify(&tampered).await,
            Err(VerifyError::Invalid(_))
        ));

        assert!(matches!(
            verifier.verify("not-a-jwt").await,
            Err(VerifyError::Malformed(_))
        ));

        let unknown_kid = Signer::generate("k2").unwrap();
        let token = unknown_kid
            .sign(&claims("retail-platform", now_secs() + 600))
            .unwrap();
        assert!(matches!(
            verifier.verify(&token).await,
            Err(VerifyError::UnknownKey(_))
        ));
    }

    #[test]
    fn a_pem_key_from_openssl_loads() {
        // openssl genpkey -algorithm ed25519
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";
        let signer = Signer::from_pkcs8_pem("pem", pem).unwrap();
        assert_eq!(signer.kid(), "pem");
    }
}
