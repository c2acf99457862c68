//! A process-wide test signing key, published to the app under test as an inline JWKS.

use std::sync::OnceLock;

use jsonwebtoken::jwk::JwkSet;
use platform::auth::{Claims, Signer};

pub fn signer() -> &'static Signer {
    static SIGNER: OnceLock<Signer> = OnceLock::new();
    SIGNER.get_or_init(|| Signer::generate("test-key").expect("a test signing key"))
}

pub fn jwks_json() -> String {
    serde_json::to_string(&JwkSet {
        keys: vec![signer().jwk().clone()],
    })
    .expect("a JWKS document")
}

/// A valid token with these scopes and permissions.
pub fn token(scopes: &[&str], permissions: &[&str]) -> String {
    TokenBuilder::new()
        .scopes(scopes)
        .permissions(permissions)
        .sign()
}

/// Builds tokens as the gateway would, or deliberately wrong ones.
pub struct TokenBuilder {
    claims: Claims,
}

impl Default for TokenBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenBuilder {
    pub fn new() -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_secs();
        Self {
            claims: Claims {
                sub: "test-client".into(),
                iss: "gateway".into(),
                aud: "retail-platform".into(),
                exp: now + 600,
                iat: now,
                jti: uuid::Uuid::new_v4().to_string(),
                scope: String::new(),
                permissions: Vec::new(),
                terminal: None,
                partner: None,
            },
        }
    }

    pub fn scopes(mut self, scopes: &[&str]) -> Self {
        self.claims.scope = scopes.join(" ");
        self
    }

    pub fn permissions(mut self, permissions: &[&str]) -> Self {
        self.claims.permissions = permissions.iter().map(|p| p.to_string()).collect();
        self
    }

    pub fn subject(mut self, sub: &str) -> Self {
        self.claims.sub = sub.into();
        self
    }

    pub fn partner(mut self, partner: &str) -> Self {
        self.claims.partner = Some(partner.into());
        self
    }

    pub fn terminal(mut self, terminal: &str) -> Self {
        self.claims.terminal = Some(terminal.into());
        self
    }

    pub fn audience(mut self, aud: &str) -> Self {
        self.claims.aud = aud.into();
        self
    }

    /// Expiry relative to now, in seconds (negative: already expired).
    pub fn expires_in(mut self, secs: i64) -> Self {
        self.claims.exp = self.claims.iat.saturating_add_signed(secs);
        self
    }

    pub fn sign(self) -> String {
        signer().sign(&self.claims).expect("a signed token")
    }

    /// Signed by a key the service does not know under the same key id.
    pub fn sign_with_foreign_key(self) -> String {
        Signer::generate("test-key")
            .expect("a foreign key")
            .sign(&self.claims)
            .expect("a signed token")
    }
}
