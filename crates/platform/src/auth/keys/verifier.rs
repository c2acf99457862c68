//! Verification of the gateway's tokens against its published keys, with the keys and the
//! tokens already verified kept in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use super::{Claims, VerifyError, now_secs};

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

    pub(super) fn verify_with_keys(&self, token: &str) -> Result<Claims, VerifyError> {
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
