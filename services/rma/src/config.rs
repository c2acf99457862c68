//! Settings of the rma service: the platform's sections plus its own (`RMA__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RmaSettings {
    /// Largest document accepted, once decoded from base64 (`RMA__SERVICE__MAX_DOCUMENT_BYTES`).
    pub max_document_bytes: usize,
}

impl Default for RmaSettings {
    fn default() -> Self {
        Self {
            max_document_bytes: 10 * 1024 * 1024,
        }
    }
}

pub type Settings = platform::config::Settings<RmaSettings>;

/// Defaults < `config/rma.toml` < `RMA__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
