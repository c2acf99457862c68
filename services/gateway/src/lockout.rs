//! Brute-force slowdown: after `max_failures` wrong credentials within `window_secs` for one
//! client or one address, that key is refused for `lockout_secs`, and the lockout is logged.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::LockoutSettings;

struct Entry {
    window_start: Instant,
    failures: u32,
    locked_until: Option<Instant>,
}

pub struct Lockout {
    settings: LockoutSettings,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Lockout {
    pub fn new(settings: LockoutSettings) -> Self {
        Self {
            settings,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds to wait when `key` is locked out.
    pub fn locked(&self, key: &str) -> Option<u64> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let until = entries.get(key)?.locked_until?;
        let left = until.checked_duration_since(Instant::now())?;
        Some(left.as_secs().max(1))
    }

    pub fn record_failure(&self, key: &str) {
        let now = Instant::now();
        let window = Duration::from_secs(self.settings.window_secs);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        // Keep the map bounded: forget keys whose window and lockout are over.
        if entries.len() > 10_000 {
            entries.retain(|_, e| {
                now.duration_since(e.window_start) < window
                    || e.locked_until.is_some_and(|u| u > now)
            });
        }
        let entry = entries.entry(key.to_string()).or_insert(Entry {
            window_start: now,
            failures: 0,
            locked_until: None,
        });
        if now.duration_since(entry.window_start) >= window {
            entry.window_start = now;
            entry.failures = 0;
        }
        entry.failures += 1;
        if entry.failures >= self.settings.max_failures {
            entry.locked_until = Some(now + Duration::from_secs(self.settings.lockout_secs));
            entry.window_start = now;
            entry.failures = 0;
            tracing::warn!(
                key,
                lockout_secs = self.settings.lockout_secs,
                "repeated credential failures: locked out"
            );
        }
    }

    pub fn record_success(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_configured_failures_and_only_that_key() {
        let lockout = Lockout::new(LockoutSettings {
            max_failures: 3,
            window_secs: 60,
            lockout_secs: 30,
        });
        lockout.record_failure("client:a");
        lockout.record_failure("client:a");
        assert_eq!(lockout.locked("client:a"), None);
        lockout.record_failure("client:a");
        assert!(lockout.locked("client:a").is_some_and(|s| s >= 29));
        assert_eq!(lockout.locked("client:b"), None);
    }

    #[test]
    fn a_success_clears_the_count() {
        let lockout = Lockout::new(LockoutSettings {
            max_failures: 2,
            window_secs: 60,
            lockout_secs: 30,
        });
        lockout.record_failure("k");
        lockout.record_success("k");
        lockout.record_failure("k");
        assert_eq!(lockout.locked("k"), None);
    }
}
