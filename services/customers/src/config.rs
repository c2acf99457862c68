//! Settings of the customers service: the platform's sections plus its own (`CUSTOMERS__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomersSettings {
    /// Where uploaded images (warranty registrations) are kept.
    pub images_dir: String,
    /// The largest image accepted, decoded, in bytes.
    pub image_max_bytes: usize,
    /// A registration's length when neither `time_warranty` nor `expired_date` is given.
    pub default_warranty_months: u32,
    /// Days at the supplier after which a warranty ticket is overdue (`overdue: true`).
    pub supplier_overdue_days: u32,
    /// The days back from today `other_view=stats` covers when no `start_date` is given.
    pub stats_default_days: u32,
}

impl Default for CustomersSettings {
    fn default() -> Self {
        Self {
            images_dir: "var/customers-images".into(),
            image_max_bytes: 2 * 1024 * 1024,
            default_warranty_months: 12,
            supplier_overdue_days: 14,
            stats_default_days: 90,
        }
    }
}

pub type Settings = platform::config::Settings<CustomersSettings>;

/// Defaults < `config/customers.toml` < `CUSTOMERS__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
