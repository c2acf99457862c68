//! Settings of the crm service: the platform's sections plus its own (`CRM__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmSettings {}

pub type Settings = platform::config::Settings<CrmSettings>;

/// Defaults < `config/crm.toml` < `CRM__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
