//! Settings of the customers service: the platform's sections plus its own (`CUSTOMERS__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomersSettings {}

pub type Settings = platform::config::Settings<CustomersSettings>;

/// Defaults < `config/customers.toml` < `CUSTOMERS__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
