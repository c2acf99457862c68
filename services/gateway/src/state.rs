//! What every gateway handler shares.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;
use chrono::Utc;
use platform::AppError;
use platform::db::Pool;
use platform::service::StartError;

use crate::config::{GatewaySettings, Settings};
use crate::keys::KeyRing;
use crate::lockout::Lockout;
use crate::proxy::routing::RouteTable;
use crate::ratelimit::RateLimiter;

/// A credential presented on a proxied call, already verified.
#[derive(Clone)]
pub struct Verified {
    pub client_id: Arc<str>,
    /// `Bearer <gateway token>`, as forwarded to the service.
    pub forward_authorization: HeaderValue,
    /// Trusted until then.
    pub until: Instant,
    /// From then on, a call starts checking the credential again (static credentials only).
    pub refresh_after: Option<Instant>,
}

impl Verified {
    /// Trusted at `now` without asking the shared cache: not expired, and not yet due for its
    /// next check.
    pub fn usable_alone(&self, now: Instant) -> bool {
        self.until > now && self.refresh_after.is_none_or(|at| at > now)
    }

    /// The same, in allocations of its own (clones share the original's reference counts).
    pub fn deep_copy(&self) -> Self {
        let mut forward_authorization =
            HeaderValue::from_bytes(self.forward_authorization.as_bytes())
                .unwrap_or_else(|_| self.forward_authorization.clone());
        forward_authorization.set_sensitive(self.forward_authorization.is_sensitive());
        Self {
            client_id: Arc::from(&*self.client_id),
            forward_authorization,
            until: self.until,
            refresh_after: self.refresh_after,
        }
    }

    pub fn new(
        client_id: Arc<str>,
        forward_token: &str,
        until: Instant,
        refresh_after: Option<Instant>,
    ) -> Result<Self, AppError> {
        let forward_authorization = HeaderValue::try_from(format!("Bearer {forward_token}"))
            .map_err(|_| AppError::unauthorized("Missing or invalid credentials."))?;
        Ok(Self {
            client_id,
            forward_authorization,
            until,
            refresh_after,
        })
    }
}

pub struct GatewayState {
    pub settings: GatewaySettings,
    pub issuer: String,
    pub audience: String,
    pub pool: Pool,
    pub keys: KeyRing,
    pub lockout: Lockout,
    pub limiter: RateLimiter,
    pub routes: RouteTable,
    /// Keyed by the fingerprint (SHA-256) of the presented credential.
    pub verified: Mutex<HashMap<[u8; 32], Verified>>,
    /// Credentials being verified right now, by the same key.
    pub inflight: Mutex<HashMap<[u8; 32], Arc<tokio::sync::Mutex<()>>>>,
}

impl GatewayState {
    pub async fn build(settings: &Settings, pool: Pool) -> Result<Self, StartError> {
        let gateway = settings.service.clone();
        let ttl = chrono::Duration::seconds(i64::try_from(gateway.token_ttl_secs).unwrap_or(3600));
        let (issuer, audience) = (settings.auth.issuer.clone(), settings.auth.audience.clone());
        let keys = {
            let (pool, issuer, audience) = (pool.clone(), issuer.clone(), audience.clone());
            let leeway = settings.auth.leeway_secs;
            platform::db::blocking(move || {
                let mut conn = pool.get()?;
                KeyRing::load(
                    &mut conn,
                    &issuer,
                    &audience,
                    leeway,
                    ttl,
                    Utc::now().naive_utc(),
                )
                .map_err(platform::AppError::internal)
            })
            .await
            .map_err(|e| StartError::Auth(format!("signing keys: {e}")))?
        };
        let limiter = RateLimiter::new(&gateway.rate_limit)
            .await
            .map_err(|e| StartError::Auth(format!("rate limiter: {e}")))?;
        let routes = RouteTable::new(&gateway).map_err(StartError::Auth)?;
        Ok(Self {
            lockout: Lockout::new(gateway.lockout.clone()),
            settings: gateway,
            issuer,
            audience,
            pool,
            keys,
            limiter,
            routes,
            verified: Mutex::new(HashMap::new()),
            inflight: Mutex::new(HashMap::new()),
        })
    }

    pub fn token_ttl(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.settings.token_ttl_secs).unwrap_or(3600))
    }
}

/// The caller's address as the gateway saw it (forwarding headers are not trusted for this).
pub fn peer_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map_or_else(|| "unknown".to_string(), |addr| addr.ip().to_string())
}
