//! Settings of the sav service: the platform's sections plus its own (`SAV__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavSettings {}

pub type Settings = platform::config::Settings<SavSettings>;

/// Defaults < `config/sav.toml` < `SAV__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
