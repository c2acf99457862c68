//! What a SAV record is, how it is shown, and the rules of its input; no I/O.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::FieldError;
use platform::codes::sav_status::SavStatus;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::schema::{sav_products, sav_status_history, savs};

/// The problem type of the chatbot's forgotten-coupon tickets (seed 000's own words).
pub const FORGOTTEN_COUPON: &str = "oublie de code promo";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = savs)]
pub struct Sav {
    pub id: i64,
    pub sale_id: i64,
    pub status: i32,
    pub type_pb: String,
    pub claim_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub validated_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub customer_name: Option<String>,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    pub date_retour: Option<NaiveDate>,
    pub pickup_rdv_date: Option<NaiveDate>,
    pub communication_type: Option<String>,
    pub archived: bool,
}

/// `None` is written as NULL (not DEFAULT), so the INSERT's SQL never varies and PostgreSQL
/// keeps it prepared.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = savs, treat_none_as_default_value = false)]
pub struct NewSav {
    pub sale_id: i64,
    pub status: i32,
    pub type_pb: String,
    pub claim_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub validated_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub customer_name: Option<String>,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    pub date_retour: Option<NaiveDate>,
    pub pickup_rdv_date: Option<NaiveDate>,
    pub communication_type: Option<String>,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Queryable, Selectable)]
#[diesel(table_name = sav_products)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sav_status_history)]
pub struct StatusChange {
    pub from_status: Option<i32>,
    pub to_status: i32,
    pub actor: String,
    pub changed_at: NaiveDateTime,
}

fn utc(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn label(status: i32) -> &'static str {
    SavStatus::from_code(i64::from(status)).map_or("", SavStatus::label)
}

impl Sav {
    /// The record as seed 000 shows it (camelCase), with every field of its "Data Returned".
    pub fn view(&self, sale_ref: &str, products: &[Product]) -> Value {
        json!({
            "savId": self.id,
            "status": self.status,
            "statusLabel": label(self.status),
            "saleRef": sale_ref,
            "typePb": self.type_pb,
            "claimDate": self.claim_date.map(|d| d.to_string()),
            "createdAt": utc(self.created_at),
            "validatedAt": self.validated_at.map(utc),
            "updatedAt": utc(self.updated_at),
            "customerName": self.customer_name,
            "customerEmail": self.customer_email,
            "customerPhone": self.customer_phone,
            "observations": self.observations,
            "propositions": self.propositions,
            "finalAction": self.final_action,
            "returnDate": self.date_retour.map(|d| d.to_string()),
            "pickupRdvDate": self.pickup_rdv_date.map(|d| d.to_string()),
            "communicationType": self.communication_type,
            "archived": self.archived,
            "products": products,
        })
    }
}

impl StatusChange {
    pub fn view(&self) -> Value {
        json!({
            "from": self.from_status,
            "fromLabel": self.from_status.map(label),
            "to": self.to_status,
            "toLabel": label(self.to_status),
            "actor": self.actor,
            "changedAt": utc(self.changed_at),
        })
    }
}

/// A product named by SKU, with a quantity (1 when not given).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRef {
    pub sku: String,
    pub quantity: i32,
}

/// `products` as JSON (`[{"sku": "A", "quantity": 2}, "B"]`) or, in a form, `A:2,B`.
pub fn deserialize_products<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<ProductRef>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Sku(String),
        Full { sku: String, quantity: Option<i32> },
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Products {
        List(Vec<Item>),
        Text(String),
    }
    let parse_text = |text: &str| -> Result<Vec<ProductRef>, D::Error> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| match item.split_once(':') {
                Some((sku, quantity)) => quantity
                    .trim()
                    .parse()
                    .map(|quantity| ProductRef {
                        sku: sku.trim().into(),
                        quantity,
                    })
                    .map_err(|_| de::Error::custom(format!("bad quantity in {item:?}"))),
                None => Ok(ProductRef {
                    sku: item.into(),
                    quantity: 1,
                }),
            })
            .collect()
    };
    Ok(match Option::<Products>::deserialize(deserializer)? {
        None => None,
        Some(Products::Text(text)) => Some(parse_text(&text)?),
        Some(Products::List(items)) => Some(
            items
                .into_iter()
                .map(|item| match item {
                    Item::Sku(sku) => ProductRef { sku, quantity: 1 },
                    Item::Full { sku, quantity } => ProductRef {
                        sku,
                        quantity: quantity.unwrap_or(1),
                    },
                })
                .collect(),
        ),
    })
}

/// The SAV's products, each of which must be a line of its order (named as the order names it).
pub fn products_of_order(
    wanted: &[ProductRef],
    lines: &[crate::sales::model::StoredLine],
) -> Result<Vec<Product>, FieldError> {
    wanted
        .iter()
        .enumerate()
        .map(|(i, want)| {
            let line = lines
                .iter()
                .find(|l| l.sku == want.sku)
                .ok_or_else(|| FieldError {
                    field: format!("products[{i}]"),
                    message: format!("{} is not a product of this order", want.sku),
                })?;
            Ok(Product {
                sku: line.sku.clone(),
                name: line.name.clone(),
                quantity: want.quantity,
            })
        })
        .collect()
}

/// The fields of `POST /sav/create-sale-sav` and `/sav/update-new-sale-sav/{id}`.
#[derive(Debug, Default, Deserialize)]
pub struct SavInput {
    pub sale_ref: Option<String>,
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    #[serde(alias = "typePb")]
    pub type_pb: Option<String>,
    /// `1` or `"1"` (forms carry text).
    pub status: Option<Value>,
    pub claim_date: Option<String>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    pub date_retour: Option<String>,
    pub pickup_rdv_date: Option<String>,
    pub communication_type: Option<String>,
    pub archived: Option<Value>,
    #[serde(default, deserialize_with = "deserialize_products")]
    pub products: Option<Vec<ProductRef>>,
}

/// What an input changes, each field checked.
#[derive(Debug, Default)]
pub struct SavChanges {
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub type_pb: Option<String>,
    pub status: Option<SavStatus>,
    pub claim_date: Option<NaiveDate>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    pub date_retour: Option<NaiveDate>,
    pub pickup_rdv_date: Option<NaiveDate>,
    pub communication_type: Option<String>,
    pub archived: Option<bool>,
    pub products: Option<Vec<ProductRef>>,
}

fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    (value.len() == 10)
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
}

fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "y" => Some(true),
            "0" | "false" | "no" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

impl SavInput {
    /// Checks every given field; `pickup_rdv_date` overrides `date_retour` (version 1.1.0).
    pub fn changes(self) -> Result<SavChanges, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        let mut date = |field: &str, value: Option<String>| match text(value) {
            None => None,
            Some(raw) => {
                let parsed = parse_date(&raw);
                if parsed.is_none() {
                    fail(field, "must be a real date written YYYY-MM-DD");
                }
                parsed
            }
        };
        let claim_date = date("claim_date", self.claim_date);
        let date_retour = date("date_retour", self.date_retour);
        let pickup_rdv_date = date("pickup_rdv_date", self.pickup_rdv_date);
        let status = match &self.status {
            None | Some(Value::Null) => None,
            Some(value) => {
                let code = match value {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                let status = code.and_then(|c| SavStatus::from_code(c).ok());
                if status.is_none() {
                    fail("status", "must be one of 0, 1, 2, 4, 5, 6, 7");
                }
                status
            }
        };
        let archived = match &self.archived {
            None | Some(Value::Null) => None,
            Some(value) => {
                let parsed = flag(value);
                if parsed.is_none() {
                    fail("archived", "must be true or false");
                }
                parsed
            }
        };
        let customer_email =
            text(self.customer_email).map(|e| crate::sales::model::normalize_email(&e));
        if customer_email
            .as_deref()
            .is_some_and(|e| !crate::sales::model::is_valid_email(e))
        {
            fail("customer_email", "is not a valid email address");
        }
        if let Some(products) = &self.products {
            if let Some(i) = products
                .iter()
                .position(|p| p.sku.trim().is_empty() || p.quantity <= 0)
            {
                fail(
                    &format!("products[{i}]"),
                    "needs a SKU and a positive quantity",
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SavChanges {
            customer_email,
            customer_name: text(self.customer_name),
            customer_phone: text(self.customer_phone),
            type_pb: text(self.type_pb),
            status,
            claim_date,
            observations: text(self.observations),
            propositions: text(self.propositions),
            final_action: text(self.final_action),
            date_retour: pickup_rdv_date.or(date_retour),
            pickup_rdv_date,
            communication_type: text(self.communication_type),
            archived,
            products: self.products,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_calendar_dates_pass() {
        assert!(parse_date("2026-03-15").is_some());
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-3-15").is_none());
        assert!(parse_date("15/03/2026").is_none());
    }

    #[test]
    fn the_pickup_date_overrides_the_return_date() {
        let input = SavInput {
            date_retour: Some("2026-01-01".into()),
            pickup_rdv_date: Some("2026-03-15".into()),
            ..SavInput::default()
        };
        let changes = input.changes().unwrap();
        assert_eq!(changes.date_retour, parse_date("2026-03-15"));
    }

    #[test]
    fn products_come_as_json_or_as_a_form_list() {
        #[derive(Deserialize)]
        struct P {
            #[serde(default, deserialize_with = "deserialize_products")]
            products: Option<Vec<ProductRef>>,
        }
        let json: P =
            serde_json::from_value(json!({"products": [{"sku": "A", "quantity": 2}, "B"]}))
                .unwrap();
        let form: P = serde_json::from_value(json!({"products": "A:2, B"})).unwrap();
        let expected = vec![
            ProductRef {
                sku: "A".into(),
                quantity: 2,
            },
            ProductRef {
                sku: "B".into(),
                quantity: 1,
            },
        ];
        assert_eq!(json.products.unwrap(), expected);
        assert_eq!(form.products.unwrap(), expected);
    }

    #[test]
    fn a_status_outside_the_table_is_refused() {
        let input = SavInput {
            status: Some(json!(3)),
            ..SavInput::default()
        };
        assert_eq!(input.changes().unwrap_err()[0].field, "status");
    }
}
