//! The body of `POST /api/v1/cards/{card}/sales` as the guide's parameters table and its
//! "cas pratique" write it, checked into a [`Ticket`]: an empty required parameter is 102.

use chrono::{DateTime, NaiveDateTime, Utc};
use platform::codes::loyalty::{LoyaltyErrorCode as Code, OperationType};
use platform::input::string_or_number;
use platform::money::Cents;
use platform::{AppError, FieldError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::vouchers::model::Use;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Labelled {
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    code: Option<String>,
    label: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OperationInput {
    /// From the guide's table: 0, 1 (purchase), 2, 5 (discount), 7 (credit), 10 (opening
    /// fee), 11 (deposit), 12 (withdrawal), 13 (return), 17 (RAZ).
    id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseInput {
    operation: Option<OperationInput>,
    /// Always including tax: the line's total.
    #[schema(value_type = Option<f64>)]
    amount: Option<Value>,
    #[schema(value_type = Option<f64>)]
    quantity: Option<Value>,
    /// Already applied by the till: kept as sent.
    #[schema(value_type = Option<f64>)]
    percentage_discount: Option<Value>,
    item: Option<Labelled>,
    item_type: Option<Labelled>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketInput {
    /// Your reference of the sale, once per shop.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    receipt: Option<String>,
    /// RFC 3339.
    date: Option<String>,
    #[serde(default)]
    purchases: Vec<PurchaseInput>,
    /// Voucher numbers, or `{number, type, value, amount}` objects (choices).
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    voucher_used: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub operation: OperationType,
    pub amount_cents: i64,
    pub quantity_hundredths: i64,
    pub percentage_discount: String,
    pub item_code: String,
    pub item_label: String,
    pub item_type_code: String,
    pub item_type_label: String,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub receipt: String,
    pub sold_at: NaiveDateTime,
    pub lines: Vec<Line>,
    pub uses: Vec<Use>,
}

fn empty(field: impl Into<String>) -> AppError {
    AppError::from(Code::RequiredParameterEmpty)
        .with_fields(vec![FieldError::new(field, "is required")])
}

fn text(v: Option<String>) -> String {
    v.map(|t| t.trim().to_string()).unwrap_or_default()
}

impl TicketInput {
    pub fn check(self) -> Result<Ticket, AppError> {
        let receipt = text(self.receipt);
        if receipt.is_empty() {
            return Err(empty("receipt"));
        }
        let date = text(self.date);
        if date.is_empty() {
            return Err(empty("date"));
        }
        let sold_at = DateTime::parse_from_rfc3339(&date)
            .map_err(|_| {
                AppError::invalid_field("date", "an RFC 3339 date, like 2018-12-17T15:55:28.91Z")
            })?
            .with_timezone(&Utc)
            .naive_utc();
        if self.purchases.is_empty() {
            return Err(empty("purchases"));
        }
        let lines = self
            .purchases
            .into_iter()
            .enumerate()
            .map(|(i, p)| p.check(i))
            .collect::<Result<Vec<_>, _>>()?;
        let uses = self
            .voucher_used
            .iter()
            .enumerate()
            .map(|(i, v)| Use::read(i, v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Ticket {
            receipt,
            sold_at,
            lines,
            uses,
        })
    }
}

impl PurchaseInput {
    fn check(self, index: usize) -> Result<Line, AppError> {
        let field = |name: &str| format!("purchases[{index}].{name}");
        let id = self
            .operation
            .and_then(|o| o.id)
            .ok_or_else(|| empty(field("operation.id")))?;
        let operation = OperationType::from_id(id).map_err(|_| {
            AppError::invalid_field(
                field("operation.id"),
                "not an operation of the guide's table",
            )
        })?;
        let amount = match self.amount {
            None | Some(Value::Null) => return Err(empty(field("amount"))),
            Some(v) => {
                Cents::from_json(&v)
                    .map_err(|e| AppError::invalid_field(field("amount"), e.to_string()))?
                    .0
            }
        };
        // A return may be sent negative or positive: its size is what counts.
        let amount = if operation == OperationType::RepriseArticle {
            amount.abs()
        } else {
            amount
        };
        if amount < 0 {
            return Err(AppError::invalid_field(
                field("amount"),
                "must not be negative",
            ));
        }
        let quantity = match self.quantity {
            None | Some(Value::Null) => 100,
            Some(v) => Cents::from_json(&v)
                .ok()
                .map(|q| q.0.abs())
                .filter(|q| *q > 0)
                .ok_or_else(|| {
                    AppError::invalid_field(
                        field("quantity"),
                        "a positive quantity with at most two decimals",
                    )
                })?,
        };
        let discount = self
            .percentage_discount
            .as_ref()
            .and_then(platform::input::scalar_text)
            .unwrap_or_else(|| "0".into());
        let (item, kind) = (
            self.item.unwrap_or_default(),
            self.item_type.unwrap_or_default(),
        );
        Ok(Line {
            operation,
            amount_cents: amount,
            quantity_hundredths: quantity,
            percentage_discount: discount,
            item_code: text(item.code),
            item_label: text(item.label),
            item_type_code: text(kind.code),
            item_type_label: text(kind.label),
        })
    }
}
