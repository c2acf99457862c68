//! Settings of the loyalty service: the platform's sections plus its own (`LOYALTY__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltySettings {}

pub type Settings = platform::config::Settings<LoyaltySettings>;

/// Defaults < `config/loyalty.toml` < `LOYALTY__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
