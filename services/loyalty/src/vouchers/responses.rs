//! A voucher as `GET /api/v1/vouchers/{number}` shows it.

use chrono::NaiveDateTime;
use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{Choice, Kind, Voucher, value_text};
use crate::cards::model::wire_time;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoucherView {
    number: String,
    card: String,
    #[serde(rename = "type")]
    kind: Kind,
    /// Euros for an amount or a gift, percent for a percentage (`"5"`, `"10"`).
    value: String,
    /// What is left to deduct (amount vouchers), in euros.
    #[schema(value_type = f64)]
    remaining_amount: Cents,
    /// `active`, `used` or `expired`.
    state: &'static str,
    expiry_date: String,
    choices: Vec<Choice>,
}

impl VoucherView {
    pub fn new(v: Voucher, now: NaiveDateTime) -> Self {
        let state = if v.used {
            "used"
        } else if v.expires_at <= now {
            "expired"
        } else {
            "active"
        };
        Self {
            number: v.number,
            card: v.card,
            kind: v.kind,
            value: value_text(v.value),
            remaining_amount: Cents(v.remaining_cents),
            state,
            expiry_date: wire_time(v.expires_at),
            choices: v.choices,
        }
    }
}
