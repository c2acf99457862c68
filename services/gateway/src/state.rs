//! What every gateway handler shares.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Instant;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;
use chrono::Utc;
use platform::AppError;
use platform::db::Pool;
use platform::service::StartError;

use crate::clients::model::ApiClient;
use crate::clients::store;
use crate::config::{GatewaySettings, Settings};
use crate::keys::KeyRing;
use crate::lockout::Lockout;
use crate::proxy::routing::RouteTable;
use crate::ratelimit::{Limits, RateLimiter};

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
    /// Forwarding tokens minted for opaque tokens, by the opaque token's fingerprint; used only
    /// after the database has confirmed the opaque token on the same call.
    pub opaque_minted: Mutex<HashMap<[u8; 32], Verified>>,
    /// The rate limits of the clients that have their own, by client id: reloaded every
    /// `keys_refresh_secs` and whenever the gateway verifies a client's credential.
    pub client_limits: RwLock<HashMap<String, Limits>>,
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
        let own_rates = {
            let pool = pool.clone();
            platform::db::run(&pool, store::own_rates)
                .await
                .map_err(|e| StartError::Auth(format!("client rate limits: {e}")))?
        };
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
            opaque_minted: Mutex::new(HashMap::new()),
            client_limits: RwLock::new(limits_by_client(&own_rates)),
        })
    }

    /// The client's own rate limits, if it has some.
    pub fn limits_of(&self, client_id: &str) -> Option<Limits> {
        let limits = self.client_limits.read();
        limits
            .unwrap_or_else(PoisonError::into_inner)
            .get(client_id)
            .copied()
    }

    /// Follows the client's rate limits as just read from the database.
    pub fn note_client(&self, client: &ApiClient) {
        let own = client_limits(client);
        if self.limits_of(&client.id) == own {
            return;
        }
        let mut limits = self
            .client_limits
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        match own {
            Some(own) => limits.insert(client.id.clone(), own),
            None => limits.remove(&client.id),
        };
    }

    /// Replaces every client's rate limits by those just read from the database.
    pub fn reload_limits(&self, clients: &[ApiClient]) {
        *self
            .client_limits
            .write()
            .unwrap_or_else(PoisonError::into_inner) = limits_by_client(clients);
    }

    pub fn token_ttl(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.settings.token_ttl_secs).unwrap_or(3600))
    }
}

fn client_limits(client: &ApiClient) -> Option<Limits> {
    client
        .rate()
        .map(|(rate, burst)| Limits::of_client(rate, burst))
}

fn limits_by_client(clients: &[ApiClient]) -> HashMap<String, Limits> {
    clients
        .iter()
        .filter_map(|c| Some((c.id.clone(), client_limits(c)?)))
        .collect()
}

/// The caller's address as the gateway saw it (forwarding headers are not trusted for this).
pub fn peer_ip(req: &HttpRequest) -> String {
    match req.peer_addr().map(|addr| addr.ip()) {
        Some(IpAddr::V4(ip)) => dotted(ip),
        Some(ip) => ip.to_string(),
        None => "unknown".to_string(),
    }
}

/// What `Ipv4Addr`'s `Display` writes, without the formatting machinery (padding, width): that
/// cost over a thousand instructions on every proxied call, for its `x-forwarded-for`.
fn dotted(ip: Ipv4Addr) -> String {
    let mut text = String::with_capacity(15);
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        if octet >= 100 {
            text.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            text.push(char::from(b'0' + octet / 10 % 10));
        }
        text.push(char::from(b'0' + octet % 10));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_written_as_display_writes_them() {
        for ip in [
            Ipv4Addr::new(0, 0, 0, 0),
            Ipv4Addr::new(127, 0, 0, 1),
            Ipv4Addr::new(10, 0, 100, 9),
            Ipv4Addr::new(192, 168, 20, 255),
            Ipv4Addr::new(255, 255, 255, 255),
        ] {
            assert_eq!(dotted(ip), ip.to_string());
        }
    }
}
