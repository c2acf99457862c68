//! Who is calling: gateway-signed JWTs verified against the gateway's public keys, the caller
//! extractor, scope / permission checks (401 vs 403), and secret hashing.

mod caller;
mod keys;
mod secrets;
pub mod session;

pub(crate) use caller::bearer_token;
pub use caller::{Caller, require_permission, require_scope, verify_token};
pub use keys::{
    Claims, KeyError, KeySource, Signer, TokenVerifier, VerifyError, new_ed25519_pkcs8, now_secs,
};
pub use secrets::{constant_time_eq, hash_secret, verify_secret};
