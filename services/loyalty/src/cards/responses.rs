//! `GET /api/v1/cards/{card}/balance` in the guide's shape (one entry per shop), with what the
//! ledger adds: points still held, the next expiry, the wallet.

use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use crate::vouchers::responses::VoucherView;

#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    pub index: usize,
    /// The points that reach it, as text (`"500"`).
    pub value: String,
    #[serde(rename = "forcedUse")]
    pub forced_use: bool,
    pub reward: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepsView {
    /// The highest step reached.
    pub current: Option<usize>,
    /// The first step not reached.
    pub next: Option<usize>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The steps whose reward may be asked for now.
    pub availables: Vec<usize>,
    pub steps: Vec<StepView>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyBalanceView {
    pub label: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The card's points (held ones included; below zero after the return of spent points).
    pub value: i64,
    pub money_currency: Option<String>,
    pub step: StepsView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExpiryView {
    pub date: String,
    pub points: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BalanceView {
    pub shop_id: i64,
    /// Whether a step's reward may be asked for.
    pub available: bool,
    /// Deducted by amount vouchers and discounts, in euros.
    #[schema(value_type = f64)]
    pub discount: Cents,
    pub purchases: i64,
    #[schema(value_type = f64)]
    pub purchase_amount: Cents,
    #[schema(value_type = f64)]
    pub discount_cumulative: Cents,
    pub purchases_cumulative: i64,
    #[schema(value_type = f64)]
    pub purchase_amount_cumulative: Cents,
    pub info: &'static str,
    pub primary_loyalty_balance: LoyaltyBalanceView,
    pub date_first_purchase: Option<String>,
    pub date_last_purchase: Option<String>,
    /// Points earned but held for the return window: not yet spendable.
    pub pending_points: i64,
    /// The next points to expire, oldest first.
    pub next_expiry: Option<ExpiryView>,
    /// The virtual wallet (deposits 11, withdrawals 12), in euros.
    #[schema(value_type = f64)]
    pub wallet: Cents,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RewardView {
    /// The step rewarded.
    pub step: usize,
    pub reward: String,
    /// Points the reward spent.
    pub points: i64,
    pub voucher: VoucherView,
}
