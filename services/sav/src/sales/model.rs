//! An order as the shop sends it, and its validation; no I/O.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use platform::FieldError;
use platform::money::Cents;
use serde::Deserialize;
use serde_json::Value;

use crate::schema::{sale_lines, sales};

#[derive(Debug, Deserialize)]
pub struct SaleInput {
    pub increment_id: Option<String>,
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    /// Typed fields arrive as raw JSON so a bad value is reported on its field, not as an
    /// unreadable body.
    pub grand_total: Option<Value>,
    pub coupon_code: Option<String>,
    pub status: Option<String>,
    pub created_at: Option<String>,
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Deserialize)]
pub struct LineInput {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: Option<Value>,
    pub unit_price: Option<Value>,
}

/// One order or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SalesPayload {
    Many(Vec<SaleInput>),
    One(Box<SaleInput>),
}

/// A checked order, ready to store.
#[derive(Debug, Clone)]
pub struct Sale {
    pub increment_id: String,
    pub customer_email: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub grand_total: Cents,
    pub coupon_code: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sale_lines)]
pub struct Line {
    pub sale_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sales)]
pub struct StoredSale {
    pub id: i64,
    pub increment_id: String,
    pub customer_email: String,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub grand_total_cents: i64,
    pub coupon_code: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sale_lines)]
pub struct StoredLine {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
}

/// Trimmed, lower-case: how emails are stored and matched.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately simple check: one `@`, something before it, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// An amount as JSON: `"158,45"`, `"158.45"` or a number.
fn amount(value: &Value) -> Option<Cents> {
    match value {
        Value::String(s) => Cents::parse(s).ok(),
        Value::Number(n) => Cents::parse(&n.to_string()).ok(),
        _ => None,
    }
}

fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `2026-03-15T10:00:00Z`, `2026-03-15 10:00:00` or `2026-03-15` (UTC).
pub fn parse_timestamp(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|dt| dt.naive_utc())
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S").ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

impl SaleInput {
    /// The order, or every problem with it, each naming its field (prefixed with `prefix`).
    pub fn validate(self, prefix: &str) -> Result<Sale, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: format!("{prefix}{field}"),
                message: message.to_string(),
            });
        };
        let increment_id = text(self.increment_id);
        if increment_id.is_none() {
            fail("increment_id", "is required");
        }
        let email = text(self.customer_email).map(|e| normalize_email(&e));
        match &email {
            None => fail("customer_email", "is required"),
            Some(e) if !is_valid_email(e) => fail("customer_email", "is not a valid email address"),
            Some(_) => {}
        }
        let grand_total = match self.grand_total.as_ref().filter(|v| !v.is_null()) {
            None => {
                fail("grand_total", "is required");
                None
            }
            Some(value) => match amount(value) {
                Some(total) if total.0 >= 0 => Some(total),
                _ => {
                    fail(
                        "grand_total",
                        "must be an amount such as 158.45 or \"158,45\"",
                    );
                    None
                }
            },
        };
        let status = text(self.status);
        if status.is_none() {
            fail("status", "is required");
        }
        let created_at = match text(self.created_at) {
            None => Some(Utc::now().naive_utc()),
            Some(raw) => {
                let parsed = parse_timestamp(&raw);
                if parsed.is_none() {
                    fail(
                        "created_at",
                        "must be a date-time such as 2026-03-15T10:00:00Z",
                    );
                }
                parsed
            }
        };
        let mut lines = Vec::new();
        for (position, line) in self.lines.into_iter().enumerate() {
            let field = |name: &str| format!("lines[{position}].{name}");
            let sku = text(line.sku);
            if sku.is_none() {
                fail(&field("sku"), "is required");
            }
            let quantity = match &line.quantity {
                None | Some(Value::Null) => 1,
                Some(value) => value
                    .as_i64()
                    .and_then(|q| i32::try_from(q).ok())
                    .unwrap_or(0),
            };
            if quantity <= 0 {
                fail(&field("quantity"), "must be a positive whole number");
            }
            let unit_price = match &line.unit_price {
                None | Some(Value::Null) => Cents(0),
                Some(value) => amount(value).filter(|p| p.0 >= 0).unwrap_or_else(|| {
                    fail(&field("unit_price"), "must be an amount such as 158.45");
                    Cents(0)
                }),
            };
            if let Some(sku) = sku {
                lines.push(Line {
                    sale_id: 0,
                    name: text(line.name).unwrap_or_else(|| sku.clone()),
                    sku,
                    quantity,
                    unit_price_cents: unit_price.0,
                });
            }
        }
        match (increment_id, email, grand_total, status, created_at) {
            (
                Some(increment_id),
                Some(customer_email),
                Some(grand_total),
                Some(status),
                Some(created_at),
            ) if errors.is_empty() => Ok(Sale {
                increment_id,
                customer_email,
                customer_name: text(self.customer_name),
                customer_phone: text(self.customer_phone),
                grand_total,
                coupon_code: text(self.coupon_code),
                status,
                created_at,
                lines,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("  John.Doe@Example.COM "),
            "john.doe@example.com"
        );
        assert!(is_valid_email("a@b.fr"));
        for bad in [
            "", "a", "a@", "@b.fr", "a@b", "a b@c.fr", "a@@b.fr", "a@b.", "a@.b",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn every_bad_field_is_named() {
        let input: SaleInput = serde_json::from_value(serde_json::json!({
            "customer_email": "nope",
            "grand_total": "10,00",
            "lines": [{"quantity": 0}]
        }))
        .unwrap();
        let errors = input.validate("").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "increment_id",
                "customer_email",
                "status",
                "lines[0].sku",
                "lines[0].quantity"
            ]
        );
    }

    #[test]
    fn timestamps_in_three_shapes() {
        assert!(parse_timestamp("2026-03-15T10:00:00Z").is_some());
        assert!(parse_timestamp("2026-03-15 10:00:00").is_some());
        assert!(parse_timestamp("2026-03-15").is_some());
        assert!(parse_timestamp("15/03/2026").is_none());
    }
}
