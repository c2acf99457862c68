//! Settings of the rma service: the platform's sections plus its own (`RMA__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RmaSettings {
    /// Largest document accepted, once decoded from base64 (`RMA__SERVICE__MAX_DOCUMENT_BYTES`).
    pub max_document_bytes: usize,
    pub push: PushSettings,
}

impl Default for RmaSettings {
    fn default() -> Self {
        Self {
            max_document_bytes: 10 * 1024 * 1024,
            push: PushSettings::default(),
        }
    }
}

/// The PUSH dispatcher (`RMA__SERVICE__PUSH__…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PushSettings {
    /// Run the dispatcher in this process (one or more replicas may; claims keep them apart).
    pub enabled: bool,
    /// How often the outbox is looked at when it had nothing due.
    pub poll_interval_ms: u64,
    /// Wait after the first failure, doubled after each one, up to `retry_max_ms`.
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// How long a partner has to answer one delivery.
    pub timeout_ms: u64,
    /// Events taken per round.
    pub batch_size: u32,
    /// Delivered events are deleted after this long (checked at start, then hourly).
    pub keep_delivered_hours: u32,
}

impl Default for PushSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 1000,
            retry_base_ms: 30_000,
            retry_max_ms: 3_600_000,
            timeout_ms: 10_000,
            batch_size: 50,
            keep_delivered_hours: 7 * 24,
        }
    }
}

pub type Settings = platform::config::Settings<RmaSettings>;

/// Defaults < `config/rma.toml` < `RMA__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
