//! An order as the shop sends it, and its validation; no I/O.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use platform::FieldError;
use platform::input::{Email, dates, number, scalar_text, trimmed};
use platform::money::Cents;
use serde::Deserialize;
use serde_json::Value;

use crate::schema::{sale_lines, sales};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SaleInput {
    /// Typed fields arrive as raw JSON (text or a number: `100000123` and `"100000123"` alike)
    /// so a bad value is reported on its field, not as an unreadable body of the untagged
    /// [`SalesPayload`]. Required.
    #[schema(schema_with = platform::openapi::pieces::string_or_number, required = true)]
    pub increment_id: Option<Value>,
    #[schema(schema_with = platform::openapi::pieces::email, required = true)]
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    /// `158.45`, `"158.45"` or `"158,45"`.
    #[schema(schema_with = platform::openapi::pieces::amount, required = true)]
    pub grand_total: Option<Value>,
    pub coupon_code: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true)]
    pub status: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::optional_timestamp)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LineInput {
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true)]
    pub sku: Option<String>,
    pub name: Option<String>,
    /// 1 when absent.
    #[schema(schema_with = platform::openapi::pieces::optional_quantity)]
    pub quantity: Option<Value>,
    #[schema(schema_with = platform::openapi::pieces::optional_amount)]
    pub unit_price: Option<Value>,
}

/// One order or a list of them.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum SalesPayload {
    Many(Vec<SaleInput>),
    One(Box<SaleInput>),
}

/// A checked order, ready to store.
#[derive(Debug, Clone)]
pub struct Sale {
    pub increment_id: String,
    pub customer_email: Email,
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

/// An amount as JSON: `"158,45"`, `"158.45"` or a number.
fn amount(value: &Value) -> Option<Cents> {
    Cents::from_json(value).ok()
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
        let increment_id = trimmed(self.increment_id.as_ref().and_then(scalar_text));
        if increment_id.is_none() {
            fail("increment_id", "is required");
        }
        let email = Email::parse(self.customer_email.as_deref().unwrap_or(""))
            .map_err(|bad| fail("customer_email", &bad.to_string()))
            .ok();
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
        let status = trimmed(self.status);
        if status.is_none() {
            fail("status", "is required");
        }
        let created_at = match trimmed(self.created_at) {
            None => Some(Utc::now().naive_utc()),
            Some(raw) => {
                let parsed = dates::timestamp(&raw);
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
            let sku = trimmed(line.sku);
            if sku.is_none() {
                fail(&field("sku"), "is required");
            }
            let quantity = match &line.quantity {
                None | Some(Value::Null) => 1,
                Some(value) => scalar_text(value)
                    .and_then(|q| number::whole_in::<i32>(&q, 1..=number::MAX_QUANTITY))
                    .unwrap_or(0),
            };
            if quantity <= 0 {
                fail(
                    &field("quantity"),
                    "must be a whole number from 1 to 100000",
                );
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
                    name: trimmed(line.name).unwrap_or_else(|| sku.clone()),
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
                customer_name: trimmed(self.customer_name),
                customer_phone: trimmed(self.customer_phone),
                grand_total,
                coupon_code: trimmed(self.coupon_code),
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
    fn ids_quantities_and_amounts_come_as_numbers_or_text() {
        let sale = |increment_id: Value, quantity: Value, total: Value| {
            serde_json::from_value::<SaleInput>(serde_json::json!({
                "increment_id": increment_id,
                "customer_email": "a@b.fr",
                "grand_total": total,
                "status": "processing",
                "lines": [{"sku": "A", "quantity": quantity, "unit_price": total}]
            }))
            .unwrap()
            .validate("")
        };
        let as_numbers = sale(100000123.into(), 2.into(), 158.45.into()).unwrap();
        let as_text = sale("100000123".into(), "2".into(), "158,45".into()).unwrap();
        for checked in [&as_numbers, &as_text] {
            assert_eq!(checked.increment_id, "100000123");
            assert_eq!(checked.lines[0].quantity, 2);
            assert_eq!(checked.grand_total, Cents(15845));
        }
        let errors = sale("  ".into(), "2.5".into(), "12.345".into()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "increment_id",
                "grand_total",
                "lines[0].quantity",
                "lines[0].unit_price"
            ]
        );
    }
}
