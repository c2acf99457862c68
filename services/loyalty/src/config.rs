//! Settings of the loyalty service: the platform's sections plus its own (`LOYALTY__SERVICE__…`).
//! The program's defaults are the guide's example: one point per euro, steps at 500, 800 and
//! 1200 points with its three rewards.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a step's reward issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewardKind {
    Amount,
    Percentage,
    Gift,
}

/// One step of the program: reached at `value` points.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepRule {
    pub value: i64,
    pub reward: String,
    /// Rewarded automatically as soon as it is reached.
    pub forced_use: bool,
    pub voucher_kind: RewardKind,
    /// Cents for an amount voucher, hundredths of a percent for a percentage one, 0 for a gift.
    pub voucher_value: i64,
}

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltySettings {
    /// The shop the program's balance is reported under (`shopId`), and the one a till sells
    /// for when its terminal is not in `terminal_shops`.
    pub shop_id: i64,
    /// The shop of each till, by the terminal its token was issued for
    /// (`LOYALTY__SERVICE__TERMINAL_SHOPS__12=2929`): a receipt number is unique per shop.
    pub terminal_shops: BTreeMap<String, i64>,
    /// Points earned per currency unit (euro) of a purchase, after amount vouchers.
    pub points_per_unit: i64,
    pub steps: Vec<StepRule>,
    /// Whether rewarding a step spends its value in points.
    pub step_spends_points: bool,
    /// Days after a ticket's date at which its points expire.
    pub points_validity_days: i64,
    /// Days after a ticket's date before its points may be spent (the return window).
    pub hold_days: i64,
    /// Days a voucher issued by a step or the back office stays valid.
    pub voucher_validity_days: i64,
    /// The CRM fed with the tickets (`LOYALTY__SERVICE__CRM__…`); off by default.
    pub crm: CrmFeed,
}

/// `LOYALTY__SERVICE__CRM__URL`: where the CRM is (`http://crm:8085`). Set, every ticket that
/// sells or returns is told to it (an outbox event in the ticket's transaction, delivered with
/// the service's own client credentials); unset, no event is written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmFeed {
    pub url: Option<String>,
}

impl Default for LoyaltySettings {
    fn default() -> Self {
        let step = |value, reward: &str, forced_use, voucher_kind, voucher_value| StepRule {
            value,
            reward: reward.into(),
            forced_use,
            voucher_kind,
            voucher_value,
        };
        Self {
            shop_id: 2928,
            terminal_shops: BTreeMap::new(),
            points_per_unit: 1,
            steps: vec![
                step(
                    500,
                    "Un bon de 25 € offert ou 1 cadeau",
                    false,
                    RewardKind::Amount,
                    2500,
                ),
                step(
                    800,
                    "Un bon de 40 € offert",
                    false,
                    RewardKind::Amount,
                    4000,
                ),
                step(1200, "Une nuit offerte", true, RewardKind::Gift, 0),
            ],
            step_spends_points: true,
            points_validity_days: 365,
            hold_days: 0,
            voucher_validity_days: 90,
            crm: CrmFeed::default(),
        }
    }
}

pub type Settings = platform::config::Settings<LoyaltySettings>;

/// Defaults < `config/loyalty.toml` < `LOYALTY__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}

impl LoyaltySettings {
    /// The shop a till of `terminal` sells for.
    pub fn shop_of(&self, terminal: Option<&str>) -> i64 {
        terminal
            .and_then(|t| self.terminal_shops.get(t.trim()))
            .copied()
            .unwrap_or(self.shop_id)
    }
}
