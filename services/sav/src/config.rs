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
    /// A warranty SAV's repair, asked of the customers and RMA services; off by default.
    pub warranty_repair: WarrantyRepair,
}

/// `SAV__SERVICE__WARRANTY_REPAIR__…`: where the warranty register (customers) and the RMA are,
/// and which repair center takes a brand's products. On when both URLs are set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WarrantyRepair {
    /// The customers service's base URL (`http://customers:8083`).
    pub customers_url: Option<String>,
    /// The RMA service's base URL (`http://rma:8082`).
    pub rma_url: Option<String>,
    /// The repair center (its partner id at the RMA) of a brand not in `centers`.
    pub default_center: String,
    /// Brand (any case) → repair center: `SAV__SERVICE__WARRANTY_REPAIR__CENTERS__SAMSUNG=center-12`.
    pub centers: std::collections::BTreeMap<String, String>,
}

impl Default for WarrantyRepair {
    fn default() -> Self {
        Self {
            customers_url: None,
            rma_url: None,
            default_center: "default".into(),
            centers: Default::default(),
        }
    }
}

impl WarrantyRepair {
    pub fn is_on(&self) -> bool {
        self.customers_url.is_some() && self.rma_url.is_some()
    }
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
            warranty_repair: WarrantyRepair::default(),
        }
    }
}

pub type Settings = platform::config::Settings<SavSettings>;

/// Defaults < `config/sav.toml` < `SAV__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
