//! The gateway's signing keys: the newest unretired key signs; keys retired by a rotation stay
//! published in the JWKS until every token they signed has expired.

mod store;

use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, NaiveDateTime};
use jsonwebtoken::jwk::JwkSet;
use platform::auth::{KeySource, Signer, TokenVerifier};
use platform::db::DbConn;

pub use store::SigningKey;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("signing key {kid}: {message}")]
    Invalid { kid: String, message: String },
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// The keys in use, refreshed from the database so every replica follows a rotation.
pub struct KeyRing {
    signer: RwLock<Arc<Signer>>,
    jwks: RwLock<Arc<JwkSet>>,
    /// Verifies tokens this gateway issued, when partners present them.
    pub verifier: TokenVerifier,
}

/// Published keys: the signing one and those retired less than a token lifetime ago.
struct Published {
    signer: Signer,
    jwks: JwkSet,
}

fn published(
    conn: &mut DbConn,
    token_ttl: Duration,
    now: NaiveDateTime,
) -> Result<Published, KeyError> {
    let mut rows = store::published_since(conn, now - token_ttl)?;
    if !rows.iter().any(|row| row.retired_at.is_none()) {
        rows.push(store::create(conn, now)?);
    }
    // Newest first: the first unretired key signs.
    rows.sort_by_key(|row| std::cmp::Reverse(row.created_at));
    let mut signers = rows.iter().map(signer_of).collect::<Result<Vec<_>, _>>()?;
    let jwks = JwkSet {
        keys: signers.iter().map(|s| s.jwk().clone()).collect(),
    };
    let position = rows
        .iter()
        .position(|row| row.retired_at.is_none())
        .unwrap_or(0);
    Ok(Published {
        signer: signers.swap_remove(position),
        jwks,
    })
}

fn signer_of(row: &SigningKey) -> Result<Signer, KeyError> {
    let invalid = |message: String| KeyError::Invalid {
        kid: row.kid.clone(),
        message,
    };
    let der = STANDARD
        .decode(&row.private_key)
        .map_err(|e| invalid(e.to_string()))?;
    Signer::from_pkcs8_der(row.kid.clone(), &der).map_err(|e| invalid(e.to_string()))
}

impl KeyRing {
    /// Loads the keys, creating the first one on a fresh database.
    pub fn load(
        conn: &mut DbConn,
        issuer: &str,
        audience: &str,
        leeway_secs: u64,
        token_ttl: Duration,
        now: NaiveDateTime,
    ) -> Result<Self, KeyError> {
        let Published { signer, jwks } = published(conn, token_ttl, now)?;
        Ok(Self {
            verifier: TokenVerifier::new(issuer, audience, KeySource::Static(jwks.clone()))
                .with_leeway(leeway_secs),
            signer: RwLock::new(Arc::new(signer)),
            jwks: RwLock::new(Arc::new(jwks)),
        })
    }

    /// Picks up a rotation made by the admin command or another replica.
    pub fn refresh(
        &self,
        conn: &mut DbConn,
        token_ttl: Duration,
        now: NaiveDateTime,
    ) -> Result<(), KeyError> {
        let Published { signer, jwks } = published(conn, token_ttl, now)?;
        self.verifier.set_keys(jwks.clone());
        *self.signer.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(signer);
        *self.jwks.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(jwks);
        Ok(())
    }

    pub fn signer(&self) -> Arc<Signer> {
        self.signer
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn jwks(&self) -> Arc<JwkSet> {
        self.jwks.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// A new signing key; the previous ones are retired (still published until their tokens expire).
pub fn rotate(conn: &mut DbConn, now: NaiveDateTime) -> Result<SigningKey, KeyError> {
    platform::db::write_transaction(conn, |conn| {
        store::retire_all(conn, now)?;
        store::create(conn, now)
    })
}
