//! What every gateway handler shares.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::HttpRequest;
use chrono::Utc;
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
    pub forward_token: Arc<str>,
    pub until: Instant,
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
    pub http: reqwest::Client,
    /// Keyed by the SHA-256 of the presented credential, so no secret sits in memory as a key.
    pub verified: Mutex<HashMap<String, Verified>>,
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
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_millis(gateway.upstream_timeout_ms))
            .pool_max_idle_per_host(64)
            .build()
            .map_err(|e| StartError::Auth(format!("upstream client: {e}")))?;
        Ok(Self {
            lockout: Lockout::new(gateway.lockout.clone()),
            settings: gateway,
            issuer,
            audience,
            pool,
            keys,
            limiter,
            routes,
            http,
            verified: Mutex::new(HashMap::new()),
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
