//! Secrets at rest are argon2 hashes; comparisons are constant-time.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use subtle::ConstantTimeEq;

use crate::error::AppError;

/// An argon2id PHC string of `secret`. Slow on purpose: call it from a blocking task.
pub fn hash_secret(secret: &str) -> Result<String, AppError> {
    let mut random = [0u8; 16];
    aws_lc_rs::rand::fill(&mut random)
        .map_err(|_| AppError::internal("no randomness for a salt"))?;
    let salt = SaltString::encode_b64(&random)
        .map_err(|e| AppError::internal(format!("argon2 salt: {e}")))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))
}

/// Whether `secret` matches the stored PHC string; a malformed hash never matches.
pub fn verify_secret(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Byte equality whose time does not depend on where the inputs differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_secret_only() {
        let hash = hash_secret("s3cret").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("s3cret"));
        assert!(verify_secret("s3cret", &hash));
        assert!(!verify_secret("s3cret!", &hash));
        assert!(!verify_secret("s3cret", "not-a-hash"));
    }

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
