//! Quote lines with exact money and the retailer's answers; no I/O.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::FieldError;
use platform::codes::rma_status::RmaStatus;
use platform::money::Cents;

use platform::input::{number, trimmed};

use crate::demands::model::QUOTE_TREATMENTS;
use crate::errors::RmaError;
use crate::schema::{quotation_lines, quotations};

/// One `prestation` as sent, before its rules: each field as text.
#[derive(Debug, Default)]
pub struct LineFields {
    pub label_prestation: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: String,
    pub quantity: i32,
    pub unit_price: Cents,
    pub total: Cents,
}

/// The lines and their total, exact to the cent, or every field that is wrong
/// (`prestation[1].price`).
pub fn priced_lines(input: &[LineFields]) -> Result<(Vec<Line>, Cents), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    if input.is_empty() {
        errors.push(FieldError {
            field: "prestation".into(),
            message: "needs at least one line".into(),
        });
    }
    for (i, line) in input.iter().enumerate() {
        let mut wrong = |field: &str, message: &str| {
            errors.push(FieldError {
                field: format!("prestation[{i}].{field}"),
                message: message.into(),
            })
        };
        let label = trimmed(line.label_prestation.as_ref());
        if label.is_none() {
            wrong("label_prestation", "is required");
        }
        let quantity = match trimmed(line.quantity.as_ref())
            .map(|q| number::whole_in(&q, 1..=number::MAX_QUANTITY))
        {
            Some(Some(q)) => Some(q),
            Some(None) => {
                wrong("quantity", "must be a whole number from 1 to 100000");
                None
            }
            None => {
                wrong("quantity", "is required");
                None
            }
        };
        let price = match trimmed(line.price.as_ref()).map(|p| Cents::parse(&p)) {
            Some(Ok(p)) if p.0 >= 0 => Some(p),
            Some(_) => {
                wrong("price", "must be an amount such as 158,45 or 158.45");
                None
            }
            None => {
                wrong("price", "is required");
                None
            }
        };
        if let (Some(label), Some(quantity), Some(unit_price)) = (label, quantity, price) {
            match unit_price.0.checked_mul(i64::from(quantity)) {
                Some(total) => lines.push(Line {
                    label,
                    quantity,
                    unit_price,
                    total: Cents(total),
                }),
                None => wrong("price", "is too large"),
            }
        }
    }
    let total = lines
        .iter()
        .try_fold(0i64, |sum, line| sum.checked_add(line.total.0));
    match total {
        Some(total) if errors.is_empty() => Ok((lines, Cents(total))),
        Some(_) => Err(errors),
        None => {
            errors.push(FieldError {
                field: "prestation".into(),
                message: "the total is too large".into(),
            });
            Err(errors)
        }
    }
}

/// The retailer's answer to a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    Refused,
}

impl Answer {
    /// How an acceptance is written, in any case.
    pub const ACCEPTED: &[&str] = &["VDE", "accept", "accepted", "validate"];
    /// How a refusal is written, in any case.
    pub const REFUSED: &[&str] = &["RDE", "refuse", "refused", "reject"];

    /// `VDE` (accepted) or `RDE` (refused), also written in words.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let said = |spellings: &[&str]| spellings.iter().any(|s| s.eq_ignore_ascii_case(raw));
        if said(Self::ACCEPTED) {
            Some(Self::Accepted)
        } else if said(Self::REFUSED) {
            Some(Self::Refused)
        } else {
            None
        }
    }

    /// The demand's status once answered; its code is also the quote's stored answer.
    pub fn status(self) -> RmaStatus {
        match self {
            Self::Accepted => RmaStatus::QuoteAccepted,
            Self::Refused => RmaStatus::QuoteRefused,
        }
    }
}

/// An answer with what it needs: a refusal says what becomes of the product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub answer: Answer,
    pub treatment: Option<&'static str>,
    pub comment: Option<String>,
}

impl Response {
    /// The answer and treatment as sent, or the field that is wrong.
    pub fn new(
        answer: &str,
        treatment: Option<&str>,
        comment: Option<String>,
    ) -> Result<Self, FieldError> {
        let answer = Answer::parse(answer).ok_or_else(|| {
            FieldError::new("response", "must be VDE (accepted) or RDE (refused)")
        })?;
        let treatment = match (answer, treatment) {
            (Answer::Refused, None) => {
                return Err(FieldError::new(
                    "quote_treatment",
                    "is required when the quote is refused: DESTRUCT or RETURN",
                ));
            }
            (_, None) => None,
            (_, Some(t)) => Some(platform::input::one_of(
                "quote_treatment",
                &t.to_ascii_uppercase(),
                QUOTE_TREATMENTS,
            )?),
        };
        Ok(Self {
            answer,
            treatment,
            comment,
        })
    }

    /// The demand's new status and its comment. Section 4, step 9: on a refused quote the
    /// comment tells whether the product is to be returned or destroyed.
    pub fn status(&self) -> (RmaStatus, Option<String>) {
        let comment = match (self.answer, self.treatment) {
            (Answer::Refused, Some(treatment)) => Some(match &self.comment {
                Some(comment) => format!("{treatment} - {comment}"),
                None => treatment.to_string(),
            }),
            _ => self.comment.clone(),
        };
        (self.answer.status(), comment)
    }
}

/// Answering needs a quote waiting for one.
pub fn answerable(pending: Option<Quote>) -> Result<Quote, RmaError> {
    pending.ok_or(RmaError::NoPendingQuote)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = quotations)]
pub struct Quote {
    pub id: i64,
    pub quote_number: String,
    pub total_cents: i64,
    pub comment: Option<String>,
    pub document_id: Option<i64>,
    pub answer: Option<String>,
    pub quote_treatment: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = quotation_lines)]
pub struct StoredLine {
    pub quotation_id: i64,
    pub label: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
    pub total_cents: i64,
}

impl Quote {
    pub fn state(&self) -> &str {
        self.answer.as_deref().unwrap_or("PENDING")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, quantity: &str, price: &str) -> LineFields {
        LineFields {
            label_prestation: Some(label.into()),
            quantity: Some(quantity.into()),
            price: Some(price.into()),
        }
    }

    #[test]
    fn comma_and_dot_prices_are_exact() {
        let (lines, total) = priced_lines(&[
            line("Prestation 1", "1", "158,45"),
            line("Prestation 2", "3", "0.10"),
        ])
        .unwrap();
        assert_eq!(lines[0].unit_price, Cents(15845));
        assert_eq!(lines[1].total, Cents(30));
        assert_eq!(total, Cents(15875));
    }

    #[test]
    fn every_wrong_field_is_named() {
        let errors = priced_lines(&[
            line("", "1", "1"),
            line("x", "0", "1,234"),
            line("y", "2", "-1"),
        ])
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "prestation[0].label_prestation",
                "prestation[1].quantity",
                "prestation[1].price",
                "prestation[2].price"
            ]
        );
        assert_eq!(priced_lines(&[]).unwrap_err()[0].field, "prestation");
    }

    #[test]
    fn answers_and_refusal_comments() {
        assert_eq!(Answer::parse(" vde "), Some(Answer::Accepted));
        assert_eq!(Answer::parse("refuse"), Some(Answer::Refused));
        assert_eq!(Answer::parse("maybe"), None);
        let refused = |treatment, comment: Option<&str>| {
            Response::new("RDE", treatment, comment.map(str::to_string)).map(|r| r.status())
        };
        assert_eq!(
            refused(Some("destruct"), None),
            Ok((RmaStatus::QuoteRefused, Some("DESTRUCT".into())))
        );
        assert_eq!(
            refused(Some("RETURN"), Some("trop cher")),
            Ok((RmaStatus::QuoteRefused, Some("RETURN - trop cher".into())))
        );
        assert_eq!(refused(None, None).unwrap_err().field, "quote_treatment");
        assert_eq!(
            Response::new("VDE", None, Some("ok".into())).map(|r| r.status()),
            Ok((RmaStatus::QuoteAccepted, Some("ok".into())))
        );
    }
}
