//! The credit eligibility rule, without I/O. A request is allowed when the customer is known,
//! of age, has been refused fewer times than the limit, asks at most the limit its payments
//! give, and for a date that is not past. Every limit is configuration (`Eligibility`).

use chrono::NaiveDate;
use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use crate::config::Eligibility;

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// No customer has this `idClient`.
    UnknownClient,
    /// The customer's `Age` is not known.
    AgeUnknown,
    /// The customer is younger than `min_age`.
    UnderAge,
    /// The customer's `NbRefus` has reached `max_refusals`.
    TooManyRefusals,
    /// `Montant` is above the customer's paid `Montant` times `limit_basis_points`.
    AmountOverLimit,
    /// `Date` is before today (UTC).
    DateInPast,
}

/// What the rule knows of the customer.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub age: Option<i64>,
    pub nb_refus: i64,
    pub paid: Cents,
}

/// The most a customer who paid `paid` may ask.
pub fn limit(paid: Cents, rule: &Eligibility) -> Cents {
    paid.percent_of(rule.limit_basis_points)
}

/// Every reason to refuse; none means allowed.
pub fn judge(
    facts: Option<Facts>,
    montant: Cents,
    date: NaiveDate,
    today: NaiveDate,
    rule: &Eligibility,
) -> Vec<Reason> {
    let Some(facts) = facts else {
        return vec![Reason::UnknownClient];
    };
    let mut reasons = Vec::new();
    match facts.age {
        None => reasons.push(Reason::AgeUnknown),
        Some(age) if age < rule.min_age => reasons.push(Reason::UnderAge),
        Some(_) => {}
    }
    if facts.nb_refus >= rule.max_refusals {
        reasons.push(Reason::TooManyRefusals);
    }
    if montant > limit(facts.paid, rule) {
        reasons.push(Reason::AmountOverLimit);
    }
    if date < today {
        reasons.push(Reason::DateInPast);
    }
    reasons
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const JACQUIE: Facts = Facts {
        age: Some(42),
        nb_refus: 0,
        paid: Cents(133_000),
    };

    #[test]
    fn the_documents_request_is_allowed_on_its_day() {
        let rule = Eligibility::default();
        let date = day("2019-12-06");
        assert_eq!(limit(JACQUIE.paid, &rule), Cents(3_990_000));
        assert!(judge(Some(JACQUIE), Cents(3_600_000), date, date, &rule).is_empty());
    }

    #[test]
    fn each_branch_refuses_with_its_reason() {
        let rule = Eligibility::default();
        let today = day("2026-12-03");
        let ask = |facts, montant, date| judge(facts, Cents(montant), day(date), today, &rule);
        assert_eq!(ask(None, 100, "2026-12-03"), [Reason::UnknownClient]);
        let young = Facts {
            age: Some(17),
            ..JACQUIE
        };
        assert_eq!(ask(Some(young), 100, "2026-12-03"), [Reason::UnderAge]);
        let unknown = Facts {
            age: None,
            ..JACQUIE
        };
        assert_eq!(ask(Some(unknown), 100, "2026-12-03"), [Reason::AgeUnknown]);
        let refused = Facts {
            nb_refus: 3,
            ..JACQUIE
        };
        assert_eq!(
            ask(Some(refused), 100, "2026-12-03"),
            [Reason::TooManyRefusals]
        );
        assert_eq!(
            ask(Some(JACQUIE), 3_990_001, "2026-12-03"),
            [Reason::AmountOverLimit]
        );
        assert_eq!(ask(Some(JACQUIE), 100, "2026-12-02"), [Reason::DateInPast]);
    }
}
