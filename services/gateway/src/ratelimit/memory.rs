//! Buckets kept in this process: exact for one replica, cheap enough for every request.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use super::{Decision, Limits};

/// Workers checking different clients rarely wait on the same lock.
const SHARDS: usize = 16;

/// A shard is swept when it holds this many buckets, or twice as many as its last sweep left.
const MIN_SWEEP_AT: usize = 1024;

pub(super) struct MemoryLimiter {
    /// Seeded per process, so callers cannot choose keys that pile onto one shard.
    hasher: RandomState,
    /// On the heap: the limiter itself stays small wherever it is kept.
    shards: Box<[Mutex<Shard>]>,
}

/// Memory stays bounded without a timer: when a shard reaches `sweep_at` buckets, the buckets
/// that have refilled to full are dropped. A full bucket acts exactly like a missing one (a new
/// one starts full), so the sweep forgets nothing. What remains are clients seen within one
/// refill time (`burst / rate_per_sec`, 2 s by default); moving `sweep_at` to twice that keeps
/// sweeping at a constant cost per new bucket however many clients are active.
struct Shard {
    buckets: HashMap<String, Bucket>,
    sweep_at: usize,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
    /// Those of the client's last request (a client's own limits may change while it calls).
    limits: Limits,
}

impl MemoryLimiter {
    pub(super) fn new() -> Self {
        Self {
            hasher: RandomState::new(),
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        buckets: HashMap::new(),
                        sweep_at: MIN_SWEEP_AT,
                    })
                })
                .collect(),
        }
    }

    pub(super) fn acquire(&self, key: &str, limits: Limits) -> Decision {
        // Read the clock before locking, to hold the lock as briefly as possible.
        let now = Instant::now();
        let shard = &self.shards[(self.hasher.hash_one(key) % SHARDS as u64) as usize];
        // A panic elsewhere while holding the lock leaves at worst one bucket slightly off:
        // keep limiting rather than fail every request.
        let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
        match shard.buckets.get_mut(key) {
            Some(bucket) => bucket.take(now, limits),
            None => {
                shard.insert(key, now, limits);
                Decision::Allowed
            }
        }
    }
}

impl Shard {
    /// Adds the bucket of a client not seen recently, which spends its first token.
    fn insert(&mut self, key: &str, now: Instant, limits: Limits) {
        if self.buckets.len() >= self.sweep_at {
            self.buckets.retain(|_, bucket| {
                bucket.refill(now);
                bucket.tokens < bucket.limits.burst()
            });
            self.sweep_at = MIN_SWEEP_AT.max(self.buckets.len() * 2);
        }
        let bucket = Bucket {
            tokens: limits.burst() - 1.0,
            updated: now,
            limits,
        };
        self.buckets.insert(key.to_owned(), bucket);
    }
}

impl Bucket {
    fn take(&mut self, now: Instant, limits: Limits) -> Decision {
        if self.limits == limits {
            self.refill(now);
        } else {
            // The operator changed the client's limits: its bucket starts again, full.
            *self = Self {
                tokens: limits.burst(),
                updated: now,
                limits,
            };
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Decision::Allowed
        } else {
            Decision::limited((1.0 - self.tokens) / limits.rate_per_sec)
        }
    }

    fn refill(&mut self, now: Instant) {
        let limits = self.limits;
        // Clocks are read before locking, so `now` may be a little older than `updated`:
        // then nothing was earned, and time must not go backwards.
        if let Some(elapsed) = now.checked_duration_since(self.updated) {
            let earned = elapsed.as_secs_f64() * limits.rate_per_sec;
            self.tokens = (self.tokens + earned).min(limits.burst());
            self.updated = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// A limiter whose every client has these limits.
    struct Fixed(MemoryLimiter, Limits);

    impl Fixed {
        fn acquire(&self, key: &str) -> Decision {
            self.0.acquire(key, self.1)
        }
    }

    fn limiter(rate_per_sec: f64, burst: u32) -> Fixed {
        Fixed(
            MemoryLimiter::new(),
            Limits {
                rate_per_sec,
                burst,
            },
        )
    }

    fn buckets(limiter: &Fixed) -> usize {
        let shards = limiter.0.shards.iter();
        shards
            .map(|shard| shard.lock().unwrap().buckets.len())
            .sum()
    }

    #[tokio::test]
    async fn burst_is_allowed_at_once_then_limited() {
        let limiter = limiter(1.0, 5);
        for i in 0..5 {
            assert_eq!(limiter.acquire("a"), Decision::Allowed, "request {i}");
        }
        match limiter.acquire("a") {
            Decision::Limited { retry_after } => assert!(retry_after >= Duration::from_secs(1)),
            Decision::Allowed => panic!("6th request allowed"),
        }
    }

    #[tokio::test]
    async fn retry_after_is_the_time_to_the_next_token_rounded_up() {
        // One token per 4 s: the bucket just emptied needs (almost) 4 s.
        let limiter = limiter(0.25, 1);
        assert_eq!(limiter.acquire("a"), Decision::Allowed);
        assert_eq!(
            limiter.acquire("a"),
            Decision::Limited {
                retry_after: Duration::from_secs(4)
            }
        );
    }

    #[tokio::test]
    async fn tokens_come_back_at_the_rate() {
        let limiter = limiter(20.0, 2);
        assert_eq!(limiter.acquire("a"), Decision::Allowed);
        assert_eq!(limiter.acquire("a"), Decision::Allowed);
        assert!(matches!(limiter.acquire("a"), Decision::Limited { .. }));
        // 20 per second: two tokens in 100 ms.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(limiter.acquire("a"), Decision::Allowed);
    }

    #[tokio::test]
    async fn keys_have_their_own_buckets() {
        let limiter = limiter(1.0, 2);
        for _ in 0..2 {
            assert_eq!(limiter.acquire("a"), Decision::Allowed);
        }
        assert!(matches!(limiter.acquire("a"), Decision::Limited { .. }));
        assert_eq!(limiter.acquire("b"), Decision::Allowed);
        assert_eq!(limiter.acquire("b"), Decision::Allowed);
        assert!(matches!(limiter.acquire("b"), Decision::Limited { .. }));
    }

    #[tokio::test]
    async fn a_clients_new_limits_apply_from_its_next_request() {
        let limiter = MemoryLimiter::new();
        let (narrow, wide) = (
            Limits {
                rate_per_sec: 0.001,
                burst: 1,
            },
            Limits {
                rate_per_sec: 0.001,
                burst: 3,
            },
        );
        assert_eq!(limiter.acquire("a", narrow), Decision::Allowed);
        assert!(matches!(
            limiter.acquire("a", narrow),
            Decision::Limited { .. }
        ));
        assert_eq!(limiter.acquire("b", wide), Decision::Allowed);
        assert_eq!(limiter.acquire("b", wide), Decision::Allowed);
        assert_eq!(limiter.acquire("b", narrow), Decision::Allowed);
        assert!(matches!(
            limiter.acquire("b", narrow),
            Decision::Limited { .. }
        ));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_requests_never_exceed_the_burst() {
        let limiter = Arc::new(limiter(0.001, 100));
        let allowed = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (limiter, allowed) = (limiter.clone(), allowed.clone());
                tokio::spawn(async move {
                    for _ in 0..50 {
                        if limiter.acquire("shared") == Decision::Allowed {
                            allowed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(allowed.load(Ordering::Relaxed), 100);
    }

    #[tokio::test]
    async fn full_buckets_are_swept_and_others_kept() {
        let keys = SHARDS * MIN_SWEEP_AT * 4;
        // Refills in a nanosecond: every bucket is full again by the next sweep.
        let idle = limiter(1e12, 1);
        for i in 0..keys {
            assert_eq!(idle.acquire(&i.to_string()), Decision::Allowed);
        }
        assert!(
            buckets(&idle) <= SHARDS * MIN_SWEEP_AT,
            "{} kept",
            buckets(&idle)
        );

        // Refills in hours: every client is still limited, so none may be forgotten.
        let busy = limiter(0.0001, 1);
        for i in 0..keys {
            assert_eq!(busy.acquire(&i.to_string()), Decision::Allowed);
        }
        assert_eq!(buckets(&busy), keys);
        for i in 0..keys {
            assert!(matches!(
                busy.acquire(&i.to_string()),
                Decision::Limited { .. }
            ));
        }
    }
}
