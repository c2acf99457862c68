//! Vouchers and the rules of their use in a ticket: an amount voucher is deducted by the
//! service (in part if asked, its remainder kept), a percentage one was applied by the till, a
//! gift changes nothing; a "choices" voucher is used with an object naming its type and value.

use chrono::NaiveDateTime;
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::money::Cents;
use platform::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `value` in money, deducted from the ticket by the service.
    Amount,
    /// `value` in percent, applied by the till before sending the ticket.
    Percentage,
    /// A present: nothing to deduct.
    Gift,
    /// One of its `choices`, chosen when used.
    Choices,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Amount => "amount",
            Kind::Percentage => "percentage",
            Kind::Gift => "gift",
            Kind::Choices => "choices",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "amount" | "montant" => Some(Kind::Amount),
            "percentage" | "pourcentage" => Some(Kind::Percentage),
            "gift" | "cadeau" => Some(Kind::Gift),
            "choices" => Some(Kind::Choices),
            _ => None,
        }
    }
}

/// A voucher's value: cents for an amount or a gift, hundredths of a percent for a percentage.
pub fn value_of(kind: Kind, text: &str) -> Option<i64> {
    let cents = Cents::parse(text).ok()?.0;
    match kind {
        Kind::Amount | Kind::Gift | Kind::Percentage if cents >= 0 => Some(cents),
        _ => None,
    }
}

/// The value as the guide writes it: `5` (euros), `10` (percent).
pub fn value_text(value: i64) -> String {
    let text = Cents(value).to_decimal_string();
    text.strip_suffix(".00")
        .map_or(text.clone(), str::to_string)
}

/// One choice of a "choices" voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Choice {
    #[serde(rename = "type")]
    pub kind: Kind,
    /// As the guide writes values: `"5"`, `"10"`.
    pub value: String,
}

/// A voucher as stored.
#[derive(Debug, Clone)]
pub struct Voucher {
    pub number: String,
    pub card: String,
    pub kind: Kind,
    pub value: i64,
    pub remaining_cents: i64,
    pub choices: Vec<Choice>,
    pub used: bool,
    pub expires_at: NaiveDateTime,
}

/// How the ticket names a voucher: its number, or (`choices`) an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub number: String,
    pub kind: Option<Kind>,
    pub value: Option<String>,
    pub amount: Option<i64>,
}

fn refused(code: Code, number: &str, why: impl Into<String>) -> AppError {
    AppError::from(code).with_fields(vec![FieldError::new(number.to_string(), why)])
}

impl Use {
    /// One item of `voucherUsed`: a number (text or digits), or `{number, type, value, amount}`.
    pub fn read(index: usize, item: &Value) -> Result<Self, AppError> {
        let field = format!("voucherUsed[{index}]");
        let empty = || {
            AppError::from(Code::RequiredParameterEmpty).with_fields(vec![FieldError::new(
                field.clone(),
                "the voucher's number is required",
            )])
        };
        let text = |v: &Value| platform::input::scalar_text(v).map(|t| t.trim().to_string());
        match item {
            Value::Object(fields) => {
                let number = fields
                    .get("number")
                    .and_then(text)
                    .filter(|n| !n.is_empty())
                    .ok_or_else(empty)?;
                let kind = match fields.get("type").and_then(text) {
                    None => None,
                    Some(t) => Some(Kind::parse(&t).ok_or_else(|| {
                        refused(
                            Code::InvalidVoucherType,
                            &number,
                            format!("unknown type {t}"),
                        )
                    })?),
                };
                let amount = match fields.get("amount") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(
                        Cents::from_json(v)
                            .map_err(|_| {
                                refused(
                                    Code::InvalidVoucherValue,
                                    &number,
                                    "amount is not an amount",
                                )
                            })?
                            .0,
                    ),
                };
                Ok(Use {
                    number,
                    kind,
                    value: fields.get("value").and_then(text),
                    amount,
                })
            }
            other => {
                let number = text(other).filter(|n| !n.is_empty()).ok_or_else(empty)?;
                Ok(Use {
                    number,
                    kind: None,
                    value: None,
                    amount: None,
                })
            }
        }
    }
}

/// What using a voucher does to the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redemption {
    /// Cents deducted from the purchases.
    pub deducted: i64,
    /// What is left of the voucher afterwards (amount vouchers).
    pub remaining_cents: i64,
    /// Whether the voucher is used up.
    pub used_up: bool,
}

/// Checks `how` against `voucher` (451, 453, 454) and answers its effect on a ticket whose
/// purchases still total `payable` cents.
pub fn redeem(
    voucher: &Voucher,
    how: &Use,
    payable: i64,
    now: NaiveDateTime,
) -> Result<Redemption, AppError> {
    let number = &voucher.number;
    if voucher.used {
        return Err(refused(Code::VoucherAlreadyUsed, number, "already used"));
    }
    if voucher.expires_at <= now {
        return Err(refused(Code::VoucherAlreadyUsed, number, "expired"));
    }
    let (kind, value) = match (voucher.kind, how.kind) {
        (Kind::Choices, None) => {
            return Err(refused(
                Code::InvalidVoucherType,
                number,
                "a choices voucher is used with {number, type, value}",
            ));
        }
        (Kind::Choices, Some(kind)) => {
            let offered: Vec<&Choice> = voucher.choices.iter().filter(|c| c.kind == kind).collect();
            if offered.is_empty() {
                return Err(refused(
                    Code::InvalidVoucherType,
                    number,
                    format!("{} is not one of its choices", kind.as_str()),
                ));
            }
            let wanted = how.value.as_deref().and_then(|v| value_of(kind, v));
            let chosen = offered
                .iter()
                .find(|c| value_of(kind, &c.value) == wanted)
                .ok_or_else(|| {
                    refused(
                        Code::InvalidVoucherValue,
                        number,
                        "not one of its choices' values",
                    )
                })?;
            (kind, value_of(kind, &chosen.value).unwrap_or(0))
        }
        (own, Some(kind)) if own != kind => {
            return Err(refused(
                Code::InvalidVoucherType,
                number,
                format!("this voucher is of type {}", own.as_str()),
            ));
        }
        (own, _) => {
            if let Some(v) = &how.value
                && value_of(own, v) != Some(voucher.value)
            {
                return Err(refused(
                    Code::InvalidVoucherValue,
                    number,
                    format!("this voucher's value is {}", value_text(voucher.value)),
                ));
            }
            (own, voucher.value)
        }
    };
    if kind != Kind::Amount {
        return Ok(Redemption {
            deducted: 0,
            remaining_cents: 0,
            used_up: true,
        });
    }
    let left = if voucher.kind == Kind::Choices {
        value
    } else {
        voucher.remaining_cents
    };
    let asked = match how.amount {
        Some(a) if a <= 0 || a > left => {
            return Err(refused(
                Code::InvalidVoucherValue,
                number,
                format!("at most {} is left on it", value_text(left)),
            ));
        }
        Some(a) => a,
        None => left,
    };
    // Never more than the purchases: the rest stays on the voucher.
    let deducted = asked.min(payable.max(0));
    let remaining_cents = if voucher.kind == Kind::Choices {
        0
    } else {
        left - deducted
    };
    Ok(Redemption {
        deducted,
        remaining_cents,
        used_up: remaining_cents == 0,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 4)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    fn amount_voucher(euros: i64) -> Voucher {
        Voucher {
            number: "V1".into(),
            card: "13732365477".into(),
            kind: Kind::Amount,
            value: euros * 100,
            remaining_cents: euros * 100,
            choices: Vec::new(),
            used: false,
            expires_at: now() + Duration::days(30),
        }
    }

    fn by_number() -> Use {
        Use {
            number: "V1".into(),
            kind: None,
            value: None,
            amount: None,
        }
    }

    fn number_of(outcome: Result<Redemption, AppError>) -> Option<u16> {
        outcome.err().and_then(|err| err.number())
    }

    #[test]
    fn a_used_or_expired_voucher_is_451() {
        let used = Voucher {
            used: true,
            ..amount_voucher(5)
        };
        assert_eq!(
            number_of(redeem(&used, &by_number(), 1000, now())),
            Some(451)
        );
        let expired = Voucher {
            expires_at: now(),
            ..amount_voucher(5)
        };
        assert_eq!(
            number_of(redeem(&expired, &by_number(), 1000, now())),
            Some(451)
        );
        let last_minute = Voucher {
            expires_at: now() + Duration::minutes(1),
            ..amount_voucher(5)
        };
        assert!(redeem(&last_minute, &by_number(), 1000, now()).is_ok());
    }

    #[test]
    fn another_type_is_453_and_another_value_454() {
        let as_percentage = Use {
            kind: Some(Kind::Percentage),
            ..by_number()
        };
        assert_eq!(
            number_of(redeem(&amount_voucher(5), &as_percentage, 1000, now())),
            Some(453)
        );
        let worth_ten = Use {
            value: Some("10".into()),
            ..by_number()
        };
        assert_eq!(
            number_of(redeem(&amount_voucher(5), &worth_ten, 1000, now())),
            Some(454)
        );
    }

    #[test]
    fn an_amount_is_never_more_than_the_purchases_nor_the_voucher() {
        let whole = redeem(&amount_voucher(5), &by_number(), 1000, now()).unwrap();
        assert_eq!(
            (whole.deducted, whole.remaining_cents, whole.used_up),
            (500, 0, true)
        );
        let small_ticket = redeem(&amount_voucher(5), &by_number(), 300, now()).unwrap();
        assert_eq!(
            (
                small_ticket.deducted,
                small_ticket.remaining_cents,
                small_ticket.used_up
            ),
            (300, 200, false)
        );
        let too_much = Use {
            amount: Some(501),
            ..by_number()
        };
        assert_eq!(
            number_of(redeem(&amount_voucher(5), &too_much, 1000, now())),
            Some(454)
        );
        let gift = Voucher {
            kind: Kind::Gift,
            ..amount_voucher(5)
        };
        let given = redeem(&gift, &by_number(), 1000, now()).unwrap();
        assert_eq!((given.deducted, given.used_up), (0, true));
    }
}
