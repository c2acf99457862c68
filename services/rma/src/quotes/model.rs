//! Quote lines with exact money, answers, and how a quote is shown; no I/O.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::FieldError;
use platform::money::Cents;
use serde::Deserialize;
use serde_json::{Value, json};

use platform::input::{number, string_or_number, trimmed};

use crate::demands::view::show;
use crate::schema::{quotation_lines, quotations};

/// One `prestation` as sent: `"quantity": "1"`, `"price": "158,45"` (or numbers).
#[derive(Debug, Deserialize)]
pub struct LineInput {
    #[serde(default, deserialize_with = "string_or_number")]
    pub label_prestation: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub quantity: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: String,
    pub quantity: i32,
    pub unit_price: Cents,
    pub total: Cents,
}

const MAX_QUANTITY: i32 = 100_000;

/// The lines and their total, exact to the cent, or every field that is wrong
/// (`prestation[1].price`).
pub fn priced_lines(input: &[LineInput]) -> Result<(Vec<Line>, Cents), Vec<FieldError>> {
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
        let quantity =
            match trimmed(line.quantity.as_ref()).map(|q| number::whole_in(&q, 1..=MAX_QUANTITY)) {
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

/// The retailer's answer: `VDE` (accepted) or `RDE` (refused), also written in words.
pub fn answer_code(raw: &str) -> Option<&'static str> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "VDE" | "ACCEPT" | "ACCEPTED" | "VALIDATE" => Some("VDE"),
        "RDE" | "REFUSE" | "REFUSED" | "REJECT" => Some("RDE"),
        _ => None,
    }
}

/// Section 4, step 9: on a refused quote the status comment tells whether the product is to be
/// returned or destroyed.
pub fn refusal_comment(treatment: &str, comment: Option<&str>) -> String {
    match comment {
        Some(comment) => format!("{treatment} - {comment}"),
        None => treatment.to_string(),
    }
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

    pub fn view(&self, demand_number: &str, lines: &[StoredLine]) -> Value {
        let lines: Vec<Value> = lines
            .iter()
            .filter(|l| l.quotation_id == self.id)
            .map(|l| {
                json!({
                    "label_prestation": l.label,
                    "quantity": l.quantity,
                    "price": Cents(l.unit_price_cents).to_decimal_string(),
                    "total": Cents(l.total_cents).to_decimal_string(),
                })
            })
            .collect();
        json!({
            "demand_number": demand_number,
            "quote_number": self.quote_number,
            "quote_comment": self.comment,
            "quote_document_id": self.document_id,
            "prestation": lines,
            "total": Cents(self.total_cents).to_decimal_string(),
            "total_cents": self.total_cents,
            "state": self.state(),
            "quote_treatment": self.quote_treatment,
            "answered_at": self.answered_at.map(show),
            "date": show(self.created_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, quantity: &str, price: &str) -> LineInput {
        LineInput {
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
        assert_eq!(answer_code(" vde "), Some("VDE"));
        assert_eq!(answer_code("refuse"), Some("RDE"));
        assert_eq!(answer_code("maybe"), None);
        assert_eq!(refusal_comment("DESTRUCT", None), "DESTRUCT");
        assert_eq!(
            refusal_comment("RETURN", Some("trop cher")),
            "RETURN - trop cher"
        );
    }
}
