//! Settings of the SAV service: the platform's sections plus its own (`SAV__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of the chatbot flow that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SavSettings {
    /// Order statuses in which the chatbot may take a cancellation request.
    pub chatbot_cancelable_statuses: Vec<String>,
    /// Highest commercial-offer percentage the chatbot may propose.
    pub max_commercial_offer_percentage: u32,
}

impl Default for SavSettings {
    fn default() -> Self {
        Self {
            chatbot_cancelable_statuses: vec![
                "pending".into(),
                "pending_payment".into(),
                "processing".into(),
            ],
            max_commercial_offer_percentage: 100,
        }
    }
}

pub type Settings = platform::config::Settings<SavSettings>;

/// Defaults < `config/sav.toml` < `SAV__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
