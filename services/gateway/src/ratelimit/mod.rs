//! Per-client token-bucket rate limiting: in memory (each replica counts on its own) or in
//! Redis (every gateway replica shares one limit).
//!
//! A bucket holds at most `burst` tokens and refills continuously at `rate_per_sec`; a request
//! takes one token, and a request that finds less than one is refused with the time until one
//! is available.

mod memory;
mod redis_store;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use memory::MemoryLimiter;
use redis_store::RedisLimiter;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitSettings {
    /// Sustained requests per second per client.
    pub rate_per_sec: f64,
    /// Requests a client may send at once above the sustained rate.
    pub burst: u32,
    /// When set (e.g. redis://127.0.0.1:6379), all gateway replicas share one limit through Redis.
    pub redis_url: Option<String>,
    /// Prefix of the Redis keys.
    pub redis_prefix: String,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            // Seed 000 promises a consumer more than 50 requests/s, and a chatbot is one client.
            rate_per_sec: 1000.0,
            burst: 2000,
            redis_url: None,
            redis_prefix: "gateway:rl:".to_string(),
        }
    }
}

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Over the limit: `retry_after` is whole seconds, at least 1 (the `Retry-After` header).
    Limited {
        retry_after: Duration,
    },
}

impl Decision {
    /// Refusal for a caller that must wait `wait_secs` for its next token.
    fn limited(wait_secs: f64) -> Self {
        // Rounded up: `Retry-After` carries whole seconds, and a retry sent a fraction of a
        // second too early would be refused again.
        let secs = wait_secs.ceil().max(1.0) as u64;
        Self::Limited {
            retry_after: Duration::from_secs(secs),
        }
    }
}

/// The checked shape of a bucket, the same for both stores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    rate_per_sec: f64,
    burst: u32,
}

impl Limits {
    /// A client's own limits (`clients create --rate N --burst M`), both at least 1.
    pub fn of_client(rate_per_sec: u32, burst: u32) -> Self {
        Self {
            rate_per_sec: f64::from(rate_per_sec.max(1)),
            burst: burst.max(1),
        }
    }

    fn new(settings: &RateLimitSettings) -> Result<Self, String> {
        let rate_per_sec = settings.rate_per_sec;
        if !(rate_per_sec.is_finite() && rate_per_sec > 0.0) {
            return Err(format!(
                "rate_limit.rate_per_sec must be a positive number, got {rate_per_sec}"
            ));
        }
        if settings.burst == 0 {
            return Err("rate_limit.burst must be at least 1".to_string());
        }
        Ok(Self {
            rate_per_sec,
            burst: settings.burst,
        })
    }

    fn burst(self) -> f64 {
        f64::from(self.burst)
    }

    /// Seconds an empty bucket takes to fill up.
    fn refill_secs(self) -> f64 {
        self.burst() / self.rate_per_sec
    }
}

/// The per-client limiter of the gateway; the store is chosen by the settings.
pub struct RateLimiter {
    store: Store,
    /// For clients without limits of their own.
    default: Limits,
}

enum Store {
    Memory(MemoryLimiter),
    Redis(RedisLimiter),
}

impl RateLimiter {
    /// Connects to Redis when configured (error as a String naming the URL problem; never log the URL's password).
    ///
    /// An invalid setting or URL is an error. An unreachable Redis is not: the limiter starts,
    /// warns, lets requests through and uses Redis as soon as it answers, so that the gateway
    /// does not depend on Redis starting first.
    pub async fn new(settings: &RateLimitSettings) -> Result<Self, String> {
        let limits = Limits::new(settings)?;
        // A blank URL (an empty environment variable) means "not configured".
        let url = settings
            .redis_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty());
        let store = match url {
            Some(url) => {
                Store::Redis(RedisLimiter::new(url, &settings.redis_prefix, limits).await?)
            }
            None => {
                tracing::info!(
                    rate_per_sec = limits.rate_per_sec,
                    burst = limits.burst,
                    "rate limits kept in memory, per replica"
                );
                Store::Memory(MemoryLimiter::new())
            }
        };
        Ok(Self {
            store,
            default: limits,
        })
    }

    /// Takes one token from `key`'s bucket, shaped by the client's own limits or the default.
    pub async fn acquire(&self, key: &str, own: Option<Limits>) -> Decision {
        let limits = own.unwrap_or(self.default);
        match &self.store {
            Store::Memory(limiter) => limiter.acquire(key, limits),
            Store::Redis(limiter) => limiter.acquire(key, limits).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let settings = RateLimitSettings::default();
        assert_eq!(settings.rate_per_sec, 1000.0);
        assert_eq!(settings.burst, 2000);
        assert_eq!(settings.redis_url, None);
        assert_eq!(settings.redis_prefix, "gateway:rl:");
    }

    #[test]
    fn retry_after_is_rounded_up_to_whole_seconds_at_least_one() {
        let secs = |wait: f64| match Decision::limited(wait) {
            Decision::Limited { retry_after } => retry_after,
            Decision::Allowed => panic!("limited expected"),
        };
        assert_eq!(secs(0.001), Duration::from_secs(1));
        assert_eq!(secs(1.0), Duration::from_secs(1));
        assert_eq!(secs(1.2), Duration::from_secs(2));
        assert_eq!(secs(0.0), Duration::from_secs(1));
    }

    #[tokio::test]
    async fn invalid_settings_are_refused() {
        for (rate_per_sec, burst) in [(0.0, 10), (-1.0, 10), (f64::NAN, 10), (10.0, 0)] {
            let settings = RateLimitSettings {
                rate_per_sec,
                burst,
                ..RateLimitSettings::default()
            };
            let error = RateLimiter::new(&settings).await.err();
            assert!(error.is_some(), "{rate_per_sec}/{burst} accepted");
        }
    }

    #[tokio::test]
    async fn a_blank_redis_url_means_in_memory() {
        let settings = RateLimitSettings {
            redis_url: Some("  ".to_string()),
            ..RateLimitSettings::default()
        };
        let limiter = RateLimiter::new(&settings).await.unwrap();
        assert!(matches!(limiter.store, Store::Memory(_)));
    }

    #[tokio::test]
    async fn the_limiter_can_be_shared_between_workers() {
        fn shareable<T: Send + Sync>(_: &T) {}
        fn sendable<F: Send>(_: &F) {}
        let limiter = RateLimiter::new(&RateLimitSettings::default())
            .await
            .unwrap();
        shareable(&limiter);
        // The future of either store may move between tokio workers.
        let acquire = limiter.acquire("client", None);
        sendable(&acquire);
        assert_eq!(acquire.await, Decision::Allowed);
    }
}
