//! Buckets kept in Redis, so every gateway replica draws from the same one.
//!
//! When Redis cannot be reached or answers with an error, requests are allowed (fail open):
//! the limiter protects the services from a partner's excess, and for the few seconds or
//! minutes an outage of the limiter's store lasts, answering partners without exact limits is
//! a smaller harm than refusing every call of every partner.

use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use redis::Script;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Decision, Limits};

/// Longest a Redis connection attempt, or an answer, may add to a request.
const REDIS_TIMEOUT: Duration = Duration::from_millis(250);

/// After a failure, requests are let through without asking Redis for this long, so that an
/// outage costs one slow call per interval rather than one per request.
const BYPASS_AFTER_FAILURE: Duration = Duration::from_secs(1);

/// While Redis fails, at most one warning per interval.
const WARN_EVERY: Duration = Duration::from_secs(10);

/// An idle bucket lives this much longer than it takes to fill up, so it only ever expires
/// full (expiring is then the same as refilling).
const EXPIRY_MARGIN_MS: u64 = 1_000;

/// Cap on the expiry (and so on the wait announced), whatever the settings: 30 days.
const MAX_EXPIRY_MS: u64 = 30 * 24 * 3_600_000;

/// Refill, take and store in one atomic step, so concurrent replicas cannot both spend the
/// last token. The time is Redis's own, so replicas whose clocks disagree still agree.
/// KEYS[1]: the bucket, a hash {tokens, ts (ms)}. ARGV: rate per second, burst, expiry (ms).
/// Returns {1, 0} when a token was taken, else {0, milliseconds until one is available}.
const TAKE_TOKEN: &str = r"
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local expiry = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
  ts = now
end
local allowed, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  -- An idle bucket expires full after `expiry`: no one needs to wait longer.
  wait = math.min(math.ceil((1 - tokens) * 1000 / rate), expiry)
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', ts)
redis.call('PEXPIRE', KEYS[1], expiry)
return {allowed, wait}
";

pub(super) struct RedisLimiter {
    /// Multiplexed, cheap to clone, and reconnects after a connection error.
    conn: ConnectionManager,
    script: Script,
    prefix: String,
    /// `host:port` for the logs: the URL may hold a password.
    addr: String,
    health: Health,
}

impl RedisLimiter {
    pub(super) async fn new(url: &str, prefix: &str, limits: Limits) -> Result<Self, String> {
        // The URL is never repeated in errors or logs: it may carry a password.
        let client = redis::Client::open(url)
            .map_err(|e| format!("rate_limit.redis_url is not a usable Redis URL: {e}"))?;
        let addr = client.get_connection_info().addr().to_string();
        // Fail fast and let `Health` pace the reconnections, rather than have requests wait
        // on the manager's own retries.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(0);
        // Lazy: a Redis that is not up yet must not stop the gateway from starting.
        let conn = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| format!("rate limiter's Redis client for {addr}: {e}"))?;
        let limiter = Self {
            conn,
            script: Script::new(TAKE_TOKEN),
            prefix: prefix.to_string(),
            addr,
            health: Health::new(),
        };
        // Loading the script now connects, so an unreachable Redis shows in the log at start.
        match limiter.script.load_async(&mut limiter.conn.clone()).await {
            Ok(_) => tracing::info!(
                redis = %limiter.addr,
                rate_per_sec = limits.rate_per_sec,
                burst = limits.burst,
                "rate limits shared through Redis"
            ),
            Err(error) => limiter.health.failed(&limiter.addr, &error),
        }
        Ok(limiter)
    }

    pub(super) async fn acquire(&self, key: &str, limits: Limits) -> Decision {
        if self.health.bypassing() {
            return Decision::Allowed;
        }
        let expiry_ms = ((limits.refill_secs() * 1000.0).ceil() as u64)
            .saturating_add(EXPIRY_MARGIN_MS)
            .min(MAX_EXPIRY_MS);
        let mut invocation = self.script.key(format!("{}{key}", self.prefix));
        invocation
            .arg(limits.rate_per_sec)
            .arg(limits.burst)
            .arg(expiry_ms);
        match invocation
            .invoke_async::<(bool, u64)>(&mut self.conn.clone())
            .await
        {
            Ok((allowed, wait_ms)) => {
                self.health.succeeded(&self.addr);
                if allowed {
                    Decision::Allowed
                } else {
                    Decision::limited(wait_ms as f64 / 1000.0)
                }
            }
            Err(error) => {
                self.health.failed(&self.addr, &error);
                Decision::Allowed
            }
        }
    }
}

/// Failures of Redis, shared by all workers through atomics (no lock on the request path).
struct Health {
    epoch: Instant,
    /// Milliseconds since `epoch` before which Redis is not asked.
    bypass_until: AtomicU64,
    /// Milliseconds since `epoch` before which no new warning is logged.
    next_warning: AtomicU64,
    failing: AtomicBool,
}

impl Health {
    fn new() -> Self {
        Self {
            epoch: Instant::now(),
            bypass_until: AtomicU64::new(0),
            next_warning: AtomicU64::new(0),
            failing: AtomicBool::new(false),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn bypassing(&self) -> bool {
        self.now_ms() < self.bypass_until.load(Ordering::Relaxed)
    }

    fn failed(&self, addr: &str, error: &dyn Display) {
        let now = self.now_ms();
        let bypass = BYPASS_AFTER_FAILURE.as_millis() as u64;
        self.bypass_until.store(now + bypass, Ordering::Relaxed);
        self.failing.store(true, Ordering::Relaxed);
        let next = self.next_warning.load(Ordering::Relaxed);
        let after = now + WARN_EVERY.as_millis() as u64;
        // Only the worker that moves the deadline logs, however many fail at once.
        let due = now >= next
            && self
                .next_warning
                .compare_exchange(next, after, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        if due {
            tracing::warn!(
                redis = %addr,
                %error,
                "rate-limit store unavailable: requests are allowed without limit until it answers"
            );
        }
    }

    fn succeeded(&self, addr: &str) {
        // Read first: a write on every request would bounce the cache line between cores.
        if self.failing.load(Ordering::Relaxed) && self.failing.swap(false, Ordering::Relaxed) {
            tracing::info!(redis = %addr, "rate-limit store answers again: limits apply");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::ratelimit::{RateLimitSettings, RateLimiter};

    fn redis_url() -> String {
        std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_string())
    }

    /// Settings on the test Redis under a prefix of their own, so parallel runs never share a
    /// bucket. The keys expire by themselves a second after they are full again.
    fn settings(rate_per_sec: f64, burst: u32) -> RateLimitSettings {
        RateLimitSettings {
            rate_per_sec,
            burst,
            redis_url: Some(redis_url()),
            redis_prefix: format!("gateway:rl:test:{}:", uuid::Uuid::new_v4()),
        }
    }

    fn is_limited_for_a_second_or_more(decision: Decision) -> bool {
        matches!(decision, Decision::Limited { retry_after } if retry_after >= Duration::from_secs(1))
    }

    #[tokio::test]
    async fn replicas_share_one_limit() {
        // One token per 10 s: nothing comes back during the test.
        let settings = settings(0.1, 5);
        let one = RateLimiter::new(&settings).await.unwrap();
        let two = RateLimiter::new(&settings).await.unwrap();
        for i in 0..3 {
            assert_eq!(
                one.acquire("client", None).await,
                Decision::Allowed,
                "one, {i}"
            );
        }
        for i in 0..2 {
            assert_eq!(
                two.acquire("client", None).await,
                Decision::Allowed,
                "two, {i}"
            );
        }
        assert!(is_limited_for_a_second_or_more(
            one.acquire("client", None).await
        ));
        assert!(is_limited_for_a_second_or_more(
            two.acquire("client", None).await
        ));
        // Another client has its own bucket.
        assert_eq!(two.acquire("other", None).await, Decision::Allowed);
    }

    #[tokio::test]
    async fn retry_after_is_the_time_to_the_next_token_rounded_up() {
        let limiter = RateLimiter::new(&settings(0.25, 1)).await.unwrap();
        assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        assert_eq!(
            limiter.acquire("client", None).await,
            Decision::Limited {
                retry_after: Duration::from_secs(4)
            }
        );
    }

    #[tokio::test]
    async fn tokens_come_back_at_the_rate() {
        let limiter = RateLimiter::new(&settings(20.0, 2)).await.unwrap();
        assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        assert!(is_limited_for_a_second_or_more(
            limiter.acquire("client", None).await
        ));
        // 20 per second: two tokens in 100 ms.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_requests_of_replicas_never_exceed_the_burst() {
        let settings = settings(0.01, 10);
        let replicas = [
            Arc::new(RateLimiter::new(&settings).await.unwrap()),
            Arc::new(RateLimiter::new(&settings).await.unwrap()),
        ];
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let replica = replicas[i % 2].clone();
                tokio::spawn(async move { replica.acquire("client", None).await })
            })
            .collect();
        let mut allowed = 0;
        for task in tasks {
            if task.await.unwrap() == Decision::Allowed {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 10);
    }

    #[tokio::test]
    async fn an_unreachable_redis_fails_open() {
        let settings = RateLimitSettings {
            burst: 1,
            redis_url: Some("redis://127.0.0.1:1".to_string()),
            ..RateLimitSettings::default()
        };
        let started = Instant::now();
        let limiter = RateLimiter::new(&settings).await.unwrap();
        for _ in 0..5 {
            assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        }
        // Past the bypass, Redis is asked again, fails again, and the request still passes.
        tokio::time::sleep(BYPASS_AFTER_FAILURE).await;
        for _ in 0..5 {
            assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        }
        let waited = started.elapsed() - BYPASS_AFTER_FAILURE;
        assert!(waited < Duration::from_secs(1), "took {waited:?}");
    }

    #[tokio::test]
    async fn a_redis_error_fails_open() {
        let settings = settings(1.0, 1);
        // A key of the wrong type makes the script fail on a healthy connection.
        let key = format!("{}client", settings.redis_prefix);
        let client = redis::Client::open(redis_url()).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let () = redis::cmd("SET")
            .arg(&key)
            .arg("not a bucket")
            .arg("EX")
            .arg(60)
            .query_async(&mut conn)
            .await
            .unwrap();
        let limiter = RateLimiter::new(&settings).await.unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.acquire("client", None).await, Decision::Allowed);
        }
        let () = redis::cmd("DEL")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_bad_url_is_an_error_that_hides_the_password() {
        for url in [
            "http://user:hunter2@127.0.0.1:6379",
            "redis://:hunter2@127.0.0.1:6379/not-a-db",
            "hunter2",
        ] {
            let settings = RateLimitSettings {
                redis_url: Some(url.to_string()),
                ..RateLimitSettings::default()
            };
            let error = RateLimiter::new(&settings).await.err().unwrap();
            assert!(error.contains("redis_url"), "{error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
    }
}
