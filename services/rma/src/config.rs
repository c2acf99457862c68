//! Settings of the rma service: the platform's sections plus its own (`RMA__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RmaSettings {
    /// Largest document accepted, once decoded from base64 (`RMA__SERVICE__MAX_DOCUMENT_BYTES`).
    pub max_document_bytes: usize,
    /// Where the statuses of the demands the SAV service opened go.
    pub sav_events: SavEvents,
}

/// `RMA__SERVICE__SAV_EVENTS__URL`: the SAV service's base URL (`http://sav:8081`). Unset, the
/// events wait in the outbox (its backlog in `/metrics`) until it is set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavEvents {
    pub url: Option<String>,
}

impl Default for RmaSettings {
    fn default() -> Self {
        Self {
            max_document_bytes: 10 * 1024 * 1024,
            sav_events: SavEvents::default(),
        }
    }
}

pub type Settings = platform::config::Settings<RmaSettings>;

/// Defaults < `config/rma.toml` < `RMA__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
