//! Settings of the rma service: the platform's sections plus its own (`RMA__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RmaSettings {}

pub type Settings = platform::config::Settings<RmaSettings>;

/// Defaults < `config/rma.toml` < `RMA__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
