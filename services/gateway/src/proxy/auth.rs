//! Who is calling through the gateway, in any style the seeds use: a gateway token
//! (`Authorization: Bearer <jwt>`), an opaque token it issued (`Authorization: Bearer <40 hex>`,
//! seed 001), an API token (`X-API-Token`, `Authorization: <token>` or
//! `Authorization: Bearer <token>`, seed 000), HTTP Basic with client id and secret (seed 002),
//! or a browser's `session` cookie, which carries a gateway token (the CRM pages' login).
//! Whatever was presented, the call is forwarded with a gateway-signed token.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, web};
use platform::AppError;

use chrono::Utc;

use crate::clients::model::{ApiClient, fingerprint, is_opaque_form, token_lookup};
use crate::clients::store;
use crate::credentials::{self, guarded};
use crate::state::{GatewayState, Verified, peer_ip};
use crate::tokens::handlers::basic_credentials;
use crate::tokens::mint;

/// A credential as presented.
#[derive(Debug, PartialEq, Eq)]
pub enum Presented {
    GatewayToken(String),
    /// An opaque token of the gateway's, or an API token of the same form.
    OpaqueToken(String),
    ApiToken(String),
    Basic {
        id: String,
        secret: String,
    },
    /// An `Authorization` header in a scheme we do not take.
    Unsupported,
}

pub fn presented(req: &HttpRequest) -> Option<Presented> {
    if let Some(token) = req
        .headers()
        .get("x-api-token")
        .and_then(|v| v.to_str().ok())
    {
        let token = token.trim();
        if !token.is_empty() {
            return Some(Presented::ApiToken(token.to_string()));
        }
    }
    let Some(value) = req.headers().get(AUTHORIZATION) else {
        // A browser's session (the CRM pages' login): a gateway token in its cookie.
        return platform::auth::session::cookie(req, platform::auth::session::SESSION_COOKIE)
            .map(Presented::GatewayToken);
    };
    let value = value.to_str().ok()?.trim();
    Some(match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            let token = token.trim().to_string();
            // A JWT has three dot-separated parts; anything else is an API token.
            if token.split('.').count() == 3 {
                Presented::GatewayToken(token)
            } else if is_opaque_form(&token) {
                Presented::OpaqueToken(token)
            } else {
                Presented::ApiToken(token)
            }
        }
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("basic") => match basic_credentials(req) {
            Some((id, secret)) => Presented::Basic { id, secret },
            None => Presented::Unsupported,
        },
        Some(_) => Presented::Unsupported,
        None if value.is_empty() => return None,
        None => Presented::ApiToken(value.to_string()),
    })
}

fn unauthorized() -> AppError {
    AppError::unauthorized("Missing or invalid credentials.")
}

/// The verified caller of a proxied request, from the cache when it was verified recently.
///
/// A static credential still trusted but close to the end of its trust is checked again in the
/// background while calls go on with the cached answer, so a busy partner never waits on argon2
/// (before, every call with that credential queued behind the check once per trust period: 45-75 ms
/// at 5,000 req/s). The check decides as the first one did: refused, the entry is dropped.
pub async fn authenticate(
    state: &web::Data<GatewayState>,
    local: &LocalTrust,
    req: &HttpRequest,
) -> Result<Verified, AppError> {
    let mut presented = presented(req).ok_or_else(unauthorized)?;
    let cache_key = match &presented {
        Presented::GatewayToken(t) | Presented::OpaqueToken(t) | Presented::ApiToken(t) => {
            fingerprint(t)
        }
        Presented::Basic { id, secret } => fingerprint(&format!("{id}:{secret}")),
        Presented::Unsupported => return Err(unauthorized()),
    };
    // Only verified API tokens, Basic credentials and JWTs are kept here, never opaque tokens.
    if let Some(hit) = local.get(&cache_key) {
        return Ok(hit);
    }
    if let Presented::OpaqueToken(token) = presented {
        if let Some(verified) = opaque(state, &token).await? {
            return Ok(verified);
        }
        // Not a live opaque token. An API token of the same form (an imported one) is verified
        // as such; anything else, most often an expired token, is refused without counting as
        // a guess towards the address's lockout: partners retry with an expired token routinely.
        if !api_token_stored(state, &token).await? {
            return Err(unauthorized());
        }
        presented = Presented::ApiToken(token);
    }
    let outcome = shared(state, req, presented, cache_key).await;
    match &outcome {
        Ok(verified) => local.keep(cache_key, verified),
        Err(_) => local.forget(&cache_key),
    }
    outcome
}

/// The answer of the cache all workers share, or of a verification.
async fn shared(
    state: &web::Data<GatewayState>,
    req: &HttpRequest,
    presented: Presented,
    cache_key: [u8; 32],
) -> Result<Verified, AppError> {
    if let Some(hit) = cached(state, &cache_key) {
        if hit.refresh_after.is_some_and(|at| at <= Instant::now()) {
            refresh_ahead(state, peer_ip(req), presented, cache_key);
        }
        return Ok(hit);
    }
    // One verification per credential at a time: when a trusted entry expires under load, the
    // other calls with the same credential wait for it instead of each running argon2.
    let flight = in_flight(state, cache_key);
    let _turn = flight.lock().await;
    if let Some(hit) = cached(state, &cache_key) {
        return Ok(hit);
    }
    let outcome = verify(state, peer_ip(req), presented, cache_key).await;
    landed(state, &cache_key);
    outcome
}

/// One worker's copy of the credentials it verified or took from the shared cache, used only
/// until the point where the shared entry starts its next check: a disabled or rotated credential
/// is refused as quickly as without it. Copied, not shared: reading it touches no lock and no
/// counter that the other workers write (with both workers on one map and one `Arc`, that
/// traffic between cores was a visible part of every proxied call).
#[derive(Default)]
pub struct LocalTrust {
    entries: RefCell<HashMap<[u8; 32], Verified>>,
}

impl LocalTrust {
    const MAX_ENTRIES: usize = 10_000;

    fn get(&self, key: &[u8; 32]) -> Option<Verified> {
        let now = Instant::now();
        let entries = self.entries.borrow();
        entries.get(key).filter(|v| v.usable_alone(now)).cloned()
    }

    fn keep(&self, key: [u8; 32], verified: &Verified) {
        let now = Instant::now();
        if !verified.usable_alone(now) {
            return;
        }
        let mut entries = self.entries.borrow_mut();
        if entries.len() >= Self::MAX_ENTRIES {
            entries.retain(|_, v| v.usable_alone(now));
        }
        if entries.len() < Self::MAX_ENTRIES {
            entries.insert(key, verified.deep_copy());
        }
    }

    fn forget(&self, key: &[u8; 32]) {
        self.entries.borrow_mut().remove(key);
    }
}

/// The caches hold no invariant a panicking holder could break: a poisoned lock is still usable.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn in_flight(state: &GatewayState, key: [u8; 32]) -> Arc<tokio::sync::Mutex<()>> {
    locked(&state.inflight).entry(key).or_default().clone()
}

fn landed(state: &GatewayState, key: &[u8; 32]) {
    locked(&state.inflight).remove(key);
}

/// Starts checking a cached credential again, unless a check of it is already under way.
fn refresh_ahead(
    state: &web::Data<GatewayState>,
    ip: String,
    presented: Presented,
    cache_key: [u8; 32],
) {
    let flight = {
        let mut inflight = locked(&state.inflight);
        if inflight.contains_key(&cache_key) {
            return;
        }
        inflight.entry(cache_key).or_default().clone()
    };
    let state = state.clone();
    // On this worker's own thread: the check's futures borrow the state and need not be `Send`.
    actix_web::rt::spawn(async move {
        let _turn = flight.lock().await;
        if let Err(err) = verify(&state, ip, presented, cache_key).await {
            // Refused (or locked out): no call may use the old answer any more. Any other failure
            // (the database) leaves it trusted until its end, as if no early check had run.
            let refused = [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS];
            if refused.contains(&err.status()) {
                forget(&state, &cache_key);
            } else {
                tracing::warn!(error = %err, "cached credential not checked again");
            }
        }
        landed(&state, &cache_key);
    });
}

async fn verify(
    state: &GatewayState,
    ip: String,
    presented: Presented,
    cache_key: [u8; 32],
) -> Result<Verified, AppError> {
    let verified = match presented {
        Presented::GatewayToken(token) => {
            let claims = state
                .keys
                .verifier
                .verify(&token)
                .await
                .map_err(|e| unauthorized().with_cause(e))?;
            let left = claims.exp.saturating_sub(platform::auth::now_secs());
            Verified::new(
                claims.sub.into(),
                &token,
                Instant::now() + Duration::from_secs(left),
                None,
            )?
        }
        Presented::ApiToken(token) => {
            let check = credentials::check_api_token(&state.pool, &token);
            let client =
                guarded(state, None, format!("ip:{ip}"), check, |_| unauthorized()).await?;
            forwarding(state, &client)?
        }
        Presented::Basic { id, secret } => {
            let check = credentials::check_client_secret(&state.pool, &id, &secret);
            let client_key = Some(format!("client:{id}"));
            let client = guarded(state, client_key, format!("ip:{ip}"), check, |_| {
                unauthorized()
            })
            .await?;
            forwarding(state, &client)?
        }
        Presented::OpaqueToken(_) | Presented::Unsupported => return Err(unauthorized()),
    };
    remember(state, cache_key, verified.clone());
    Ok(verified)
}

/// An opaque token, looked up in the database on every call: it stops working the moment it
/// expires or its client is disabled or rotated, whichever replica or process made the change.
/// Only the token minted for it is cached (signing is what a cache saves here), and used only
/// once the lookup has confirmed the opaque token. `None`: no live opaque token of that form.
async fn opaque(state: &GatewayState, token: &str) -> Result<Option<Verified>, AppError> {
    let hash = token_lookup(token);
    let now = Utc::now().naive_utc();
    let found = platform::db::run(&state.pool, move |conn| {
        store::find_opaque(conn, &hash, now)
    })
    .await?;
    let Some((grant, mut client)) = found else {
        return Ok(None);
    };
    state.note_client(&client);
    let key = fingerprint(token);
    let minted = {
        let cache = locked(&state.opaque_minted);
        cache
            .get(&key)
            .filter(|v| v.until > Instant::now() && *v.client_id == *client.id)
            .cloned()
    };
    if let Some(minted) = minted {
        return Ok(Some(minted));
    }
    let settings = &state.settings;
    let left = u64::try_from((grant.expires_at - now).num_seconds())
        .unwrap_or(0)
        .max(1);
    let ttl = settings.forward_token_ttl_secs.min(left);
    client.scopes = grant.scopes;
    let forward = mint(
        &state.keys.signer(),
        &state.issuer,
        &state.audience,
        &client,
        ttl,
    )?;
    // Reused while the minted token has at least a minute left.
    let trust = Duration::from_secs(ttl.saturating_sub(60).min(settings.credential_cache_secs));
    let verified = Verified::new(
        Arc::from(client.id.as_str()),
        &forward,
        Instant::now() + trust,
        None,
    )?;
    let mut cache = locked(&state.opaque_minted);
    if cache.len() >= 10_000 {
        let now = Instant::now();
        cache.retain(|_, v| v.until > now);
    }
    cache.insert(key, verified.clone());
    Ok(Some(verified))
}

/// Whether an API token with this token's lookup is stored (the cheap index, no argon2).
async fn api_token_stored(state: &GatewayState, token: &str) -> Result<bool, AppError> {
    let lookup = token_lookup(token);
    let client = platform::db::run(&state.pool, move |conn| {
        store::find_by_token_lookup(conn, &lookup)
    })
    .await?;
    Ok(client.is_some())
}

/// A token minted for a client that presented a static credential, trusted for a short while
/// and checked again in its last quarter.
fn forwarding(state: &GatewayState, client: &ApiClient) -> Result<Verified, AppError> {
    let settings = &state.settings;
    let token = mint(
        &state.keys.signer(),
        &state.issuer,
        &state.audience,
        client,
        settings.forward_token_ttl_secs,
    )?;
    // Trusted no longer than the minted token has a minute left to live.
    let trust = Duration::from_secs(
        settings
            .credential_cache_secs
            .min(settings.forward_token_ttl_secs.saturating_sub(60)),
    );
    let now = Instant::now();
    Verified::new(
        Arc::from(client.id.as_str()),
        &token,
        now + trust,
        Some(now + trust * 3 / 4),
    )
}

fn cached(state: &GatewayState, key: &[u8; 32]) -> Option<Verified> {
    let cache = locked(&state.verified);
    cache.get(key).filter(|v| v.until > Instant::now()).cloned()
}

fn remember(state: &GatewayState, key: [u8; 32], verified: Verified) {
    let mut cache = locked(&state.verified);
    if cache.len() >= 10_000 {
        let now = Instant::now();
        cache.retain(|_, v| v.until > now);
    }
    cache.insert(key, verified);
}

fn forget(state: &GatewayState, key: &[u8; 32]) {
    locked(&state.verified).remove(key);
}
