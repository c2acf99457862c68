//! The rules of the forgotten-coupon flow; no I/O.

use chrono::NaiveDateTime;
use platform::codes::sav_status::SavStatus;
use platform::money::Cents;

use crate::errors::SavError;
use crate::sales::model::StoredSale;
use crate::savs::model::{FORGOTTEN_COUPON, SavFields};

/// A coupon code longer than this is not one.
const MAX_COUPON_LENGTH: usize = 64;

/// `sav_type` values the chatbot may send for this flow (case and surrounding spaces ignored).
pub const SAV_TYPE_ALIASES: [&str; 3] =
    ["oublie de code promo", "forgotten-coupon", "forgot-coupon"];

pub fn is_forgotten_coupon_type(sav_type: &str) -> bool {
    let wanted = sav_type.trim().to_lowercase();
    SAV_TYPE_ALIASES.contains(&wanted.as_str())
}

/// A checked offer: the coupon the customer forgot and the percentage offered instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub coupon_code: String,
    /// Hundredths of a percent (1000 = 10 %), so it stays exact.
    pub basis_points: i64,
}

impl Offer {
    /// The gesture: grand total × percentage, rounded half up to the cent.
    pub fn gesture(&self, grand_total: Cents) -> Cents {
        grand_total.percent_of(self.basis_points)
    }

    /// The SAV a ticket opens: a forgotten-coupon problem, validated at once (the gesture is
    /// decided; its pre-refund is still to pay), from the chatbot, on the order's customer.
    pub fn ticket(&self, sale: &StoredSale, gesture: Cents, now: NaiveDateTime) -> SavFields {
        SavFields {
            sale_id: sale.id,
            status: SavStatus::Validated,
            type_pb: FORGOTTEN_COUPON.into(),
            claim_date: Some(now.date()),
            created_at: now,
            validated_at: Some(now),
            updated_at: now,
            customer_name: sale.customer_name.clone(),
            customer_email: sale.customer_email.clone(),
            customer_phone: sale.customer_phone.clone(),
            observations: Some(format!(
                "Code promo oublié : {} (chatbot)",
                self.coupon_code
            )),
            propositions: Some(format!(
                "Geste commercial de {} % : {} €",
                Cents(self.basis_points),
                gesture
            )),
            final_action: Some("geste commercial".into()),
            date_retour: None,
            pickup_rdv_date: None,
            communication_type: Some("chatbot".into()),
            archived: false,
        }
    }

    /// The percentage, printed as the document prints it (`10`, `12.5`).
    pub fn percentage(&self) -> Cents {
        Cents(self.basis_points)
    }
}

/// Checks the coupon code (non-blank, at most 64 characters) and the percentage as read
/// (`10`, `"12.5"`, `"12,5"`; `None` when it was no number): in (0, max], at most two decimals.
pub fn check_offer(
    coupon_code: &str,
    percentage: Option<Cents>,
    max_percentage: u32,
) -> Result<Offer, SavError> {
    let coupon_code = coupon_code.trim();
    if coupon_code.is_empty() || coupon_code.chars().count() > MAX_COUPON_LENGTH {
        return Err(SavError::InvalidCouponCode);
    }
    let basis_points = percentage
        .ok_or(SavError::InvalidCommercialOfferPercentage)?
        .0;
    if basis_points <= 0 || basis_points > i64::from(max_percentage) * 100 {
        return Err(SavError::InvalidCommercialOfferPercentage);
    }
    Ok(Offer {
        coupon_code: coupon_code.to_string(),
        basis_points,
    })
}

/// Whether the chatbot may open a forgotten-coupon ticket on this order.
pub fn check_sale(
    sale: &StoredSale,
    cancelable_statuses: &[String],
    open_forgotten_coupon_sav: bool,
) -> Result<(), SavError> {
    if !cancelable_statuses
        .iter()
        .any(|s| s.eq_ignore_ascii_case(&sale.status))
    {
        return Err(SavError::SaleNotCancelable);
    }
    if sale
        .coupon_code
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty())
    {
        return Err(SavError::SaleAlreadyHasCoupon);
    }
    if open_forgotten_coupon_sav {
        return Err(SavError::ForgottenCouponSavAlreadyExists);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(percentage: &str) -> Option<Cents> {
        Cents::parse(percentage).ok()
    }

    #[test]
    fn the_documents_example_gives_twenty() {
        let offer = check_offer("SUMMER10", read("10"), 100).unwrap();
        assert_eq!(offer.gesture(Cents(20000)), Cents(2000));
        assert_eq!(offer.percentage().to_json_number(), json!(10));
        let half = check_offer("X", read("12,5"), 100).unwrap();
        assert_eq!(half.gesture(Cents(999)), Cents(125));
        assert_eq!(half.percentage().to_json_number(), json!(12.5));
    }

    #[test]
    fn coupon_and_percentage_are_checked() {
        assert_eq!(
            check_offer("  ", read("10"), 100),
            Err(SavError::InvalidCouponCode)
        );
        assert_eq!(
            check_offer(&"x".repeat(65), read("10"), 100),
            Err(SavError::InvalidCouponCode)
        );
        for bad in ["0", "-5", "100.5", "abc", "true", "12.345", ""] {
            assert_eq!(
                check_offer("C", read(bad), 100),
                Err(SavError::InvalidCommercialOfferPercentage),
                "{bad}"
            );
        }
        assert!(check_offer("C", read(" 100 "), 100).is_ok());
        assert_eq!(
            check_offer("C", read("31"), 30),
            Err(SavError::InvalidCommercialOfferPercentage)
        );
    }

    #[test]
    fn sav_type_aliases_ignore_case_and_spaces() {
        for alias in [
            "oublie de code promo",
            " Forgotten-Coupon ",
            "FORGOT-COUPON",
        ] {
            assert!(is_forgotten_coupon_type(alias), "{alias}");
        }
        assert!(!is_forgotten_coupon_type("garantie"));
    }
}
