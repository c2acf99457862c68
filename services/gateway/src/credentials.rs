//! Checking a partner's credentials against the stored hashes. The row is read on a pooled
//! connection; the (deliberately slow) argon2 check runs after the connection is released.

use std::future::Future;
use std::sync::OnceLock;

use crate::errors::GatewayError;

use platform::AppError;
use platform::auth::{hash_secret, verify_secret};
use platform::db::{self, Pool};

use crate::clients::model::{ApiClient, ClientKind, token_lookup};
use crate::clients::store;
use crate::state::GatewayState;

/// Why credentials were refused. Clients only ever learn "invalid", except seed 003's
/// documented "Terminal not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    Invalid,
    UnknownTerminal,
}

/// An argon2 hash to verify against when no client matched, so a wrong id costs as much time
/// as a wrong secret and response times do not reveal which ids exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_secret("decoy").unwrap_or_default())
}

async fn verified(
    candidate: Option<ApiClient>,
    secret: String,
    accepts: impl Fn(&ApiClient) -> bool + Send + 'static,
) -> Result<Result<ApiClient, Denied>, AppError> {
    db::blocking(move || {
        let hash = candidate
            .as_ref()
            .map_or_else(|| decoy_hash().to_string(), |c| c.secret_hash.clone());
        let matches = verify_secret(&secret, &hash);
        Ok(match candidate {
            Some(client) if matches && client.enabled && accepts(&client) => Ok(client),
            _ => Err(Denied::Invalid),
        })
    })
    .await
}

/// `client_id` + `client_secret` (client-credentials and Basic kinds).
pub async fn check_client_secret(
    pool: &Pool,
    id: &str,
    secret: &str,
) -> Result<Result<ApiClient, Denied>, AppError> {
    let id = id.to_string();
    let candidate = db::run(pool, move |conn| store::find(conn, &id)).await?;
    verified(candidate, secret.to_string(), |c| {
        c.kind().is_some_and(ClientKind::has_client_secret)
    })
    .await
}

/// `username` + `password` + `terminal` (seed 003).
pub async fn check_password(
    pool: &Pool,
    username: &str,
    password: &str,
    terminal: &str,
) -> Result<Result<ApiClient, Denied>, AppError> {
    let (username, terminal_owned) = (username.to_string(), terminal.to_string());
    let (known_terminal, candidate) = db::run(pool, move |conn| {
        Ok::<_, diesel::result::Error>((
            store::terminal_exists(conn, &terminal_owned)?,
            store::find_by_username(conn, &username)?,
        ))
    })
    .await?;
    if !known_terminal {
        return Ok(Err(Denied::UnknownTerminal));
    }
    let terminal = terminal.to_string();
    verified(candidate, password.to_string(), move |c| {
        c.kind() == Some(ClientKind::Password) && c.terminal.as_deref() == Some(terminal.as_str())
    })
    .await
}

/// A static API token (seed 000).
pub async fn check_api_token(
    pool: &Pool,
    token: &str,
) -> Result<Result<ApiClient, Denied>, AppError> {
    let lookup = token_lookup(token);
    let candidate = db::run(pool, move |conn| store::find_by_token_lookup(conn, &lookup)).await?;
    verified(candidate, token.to_string(), |c| {
        c.kind() == Some(ClientKind::ApiToken)
    })
    .await
}

/// Runs a credential check under the brute-force lockout of the client (when the credential
/// names one) and of the caller's address.
pub async fn guarded<F>(
    state: &GatewayState,
    client_key: Option<String>,
    ip_key: String,
    check: F,
    refused: impl Fn(Denied) -> AppError,
) -> Result<ApiClient, AppError>
where
    F: Future<Output = Result<Result<ApiClient, Denied>, AppError>>,
{
    let keys: Vec<&String> = client_key.iter().chain([&ip_key]).collect();
    if let Some(secs) = keys.iter().find_map(|key| state.lockout.locked(key)) {
        return Err(AppError::from(GatewayError::TooManyFailedAttempts).with_retry_after(secs));
    }
    match check.await? {
        Ok(client) => {
            if let Some(key) = &client_key {
                state.lockout.record_success(key);
            }
            state.note_client(&client);
            Ok(client)
        }
        Err(denied) => {
            keys.iter()
                .for_each(|key| state.lockout.record_failure(key));
            tracing::info!(client = client_key.as_deref().unwrap_or("-"), %ip_key, "credentials refused");
            Err(refused(denied))
        }
    }
}
