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
    /// The forgotten coupon confirmed by the loyalty service before a gesture; off by default.
    pub coupon_check: CouponCheck,
}

/// `SAV__SERVICE__COUPON_CHECK__…`: where the loyalty service is, how long the chatbot may wait
/// for it, and what to answer when it cannot say.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CouponCheck {
    /// The loyalty service's base URL (`http://loyalty:8084`); no check when absent.
    pub loyalty_url: Option<String>,
    /// The whole check, connection included; no retry (a conversation is waiting).
    pub timeout_ms: u64,
    pub when_unavailable: WhenUnavailable,
}

impl Default for CouponCheck {
    fn default() -> Self {
        Self {
            loyalty_url: None,
            timeout_ms: 1500,
            when_unavailable: WhenUnavailable::Refuse,
        }
    }
}

/// When the loyalty service is down, slow or refuses the SAV service's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WhenUnavailable {
    /// No gesture without a confirmed coupon: `COUPON_CHECK_UNAVAILABLE`.
    Refuse,
    /// As without the check (seed 000's behaviour), logged.
    Allow,
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
            coupon_check: CouponCheck::default(),
        }
    }
}

pub type Settings = platform::config::Settings<SavSettings>;

/// Defaults < `config/sav.toml` < `SAV__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
