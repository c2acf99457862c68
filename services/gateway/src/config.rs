//! Settings of the gateway service: the platform's sections plus its own (`GATEWAY__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GatewaySettings {}

pub type Settings = platform::config::Settings<GatewaySettings>;

/// Defaults < `config/gateway.toml` < `GATEWAY__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
