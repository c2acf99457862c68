//! What clients send to create or update a SAV (form or JSON, the seed's spellings and types),
//! and its parsing into checked changes.

use chrono::NaiveDate;
use platform::FieldError;
use platform::codes::sav_status::SavStatus;
use platform::input::{Email, dates, number, scalar_text, string_or_number, trimmed};
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

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
        /// `quantity` as raw JSON: `2` or `"2"`, read below so a bad one is named.
        Full {
            sku: String,
            quantity: Option<Value>,
        },
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Products {
        List(Vec<Item>),
        Text(String),
    }
    let bad_quantity =
        |item: &dyn std::fmt::Debug| de::Error::custom(format!("bad quantity in {item:?}"));
    let parse_text = |text: &str| -> Result<Vec<ProductRef>, D::Error> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| match item.split_once(':') {
                Some((sku, quantity)) => number::whole(quantity)
                    .map(|quantity| ProductRef {
                        sku: sku.trim().into(),
                        quantity,
                    })
                    .ok_or_else(|| bad_quantity(&item)),
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
                    Item::Sku(sku) => Ok(ProductRef { sku, quantity: 1 }),
                    Item::Full {
                        sku,
                        quantity: None | Some(Value::Null),
                    } => Ok(ProductRef { sku, quantity: 1 }),
                    Item::Full {
                        sku,
                        quantity: Some(quantity),
                    } => scalar_text(&quantity)
                        .and_then(|q| number::whole(&q))
                        .map(|quantity| ProductRef { sku, quantity })
                        .ok_or_else(|| bad_quantity(&quantity)),
                })
                .collect::<Result<_, D::Error>>()?,
        ),
    })
}
/// The fields of `POST /sav/create-sale-sav` and `/sav/update-new-sale-sav/{id}`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SavInput {
    /// The order's `increment_id`, as text or a number (required on creation).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub sale_ref: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::optional_email)]
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    #[serde(alias = "typePb")]
    pub type_pb: Option<String>,
    /// `1` or `"1"` (forms carry text).
    #[schema(schema_with = platform::openapi::pieces::optional_sav_status)]
    pub status: Option<Value>,
    #[schema(schema_with = platform::openapi::pieces::optional_date)]
    pub claim_date: Option<String>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::optional_date)]
    pub date_retour: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::optional_date)]
    pub pickup_rdv_date: Option<String>,
    pub communication_type: Option<String>,
    /// true or false; also 1 / 0 and yes / no, as JSON or form text.
    #[schema(schema_with = crate::openapi::flag)]
    pub archived: Option<Value>,
    /// JSON: `[{"sku", "quantity"}]` or SKUs; form: `"SKU1:2,SKU2"`.
    #[serde(default, deserialize_with = "deserialize_products")]
    #[schema(schema_with = crate::openapi::products)]
    pub products: Option<Vec<ProductRef>>,
    /// Our own, on creation only: the product's serial number. A `garantie` SAV with one asks
    /// the warranty register and, under warranty, the RMA for a repair (when configured).
    #[serde(default, alias = "serialNumber", deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub serial_number: Option<String>,
    /// Our own, on creation only: the product's brand, which picks its repair center.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub brand: Option<String>,
}

/// What an input changes, each field checked.
#[derive(Debug, Default)]
pub struct SavChanges {
    pub customer_email: Option<Email>,
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
    pub serial_number: Option<String>,
    pub brand: Option<String>,
}

/// `1`, `"true"`, `"yes"`… as JSON or form text; any other number is true when not 0.
fn flag(value: &Value) -> Option<bool> {
    if let Value::Number(n) = value {
        return Some(n.as_f64() != Some(0.0));
    }
    let text = scalar_text(value)?.trim().to_ascii_lowercase();
    match text.as_str() {
        "true" | "yes" | "y" => Some(true),
        "false" | "no" | "n" => Some(false),
        _ => number::whole::<i64>(&text).map(|n| n != 0),
    }
}

/// A typed field's text (a date, an email, a status, a flag), `None` when blank or, as a form may say it with
/// JavaScript's `String(null)`, "null".
fn given_typed<S: AsRef<str>>(value: Option<S>) -> Option<String> {
    trimmed(value).filter(|text| text != "null")
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
        let mut date = |field: &str, value: Option<String>| match given_typed(value) {
            None => None,
            Some(raw) => {
                let parsed = dates::day(&raw);
                if parsed.is_none() {
                    fail(
                        field,
                        "must be a real date, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS",
                    );
                }
                parsed
            }
        };
        let claim_date = date("claim_date", self.claim_date);
        let date_retour = date("date_retour", self.date_retour);
        let pickup_rdv_date = date("pickup_rdv_date", self.pickup_rdv_date);
        let status = match &self.status {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if given_typed(Some(text)).is_none() => None,
            Some(value) => {
                let code = scalar_text(value).and_then(|c| number::whole(&c));
                let status = code.and_then(|c| SavStatus::from_code(c).ok());
                if status.is_none() {
                    fail("status", "must be one of 0, 1, 2, 4, 5, 6, 7");
                }
                status
            }
        };
        let archived = match &self.archived {
            None | Some(Value::Null) => None,
            Some(Value::Bool(archived)) => Some(*archived),
            Some(Value::String(text)) if given_typed(Some(text)).is_none() => None,
            Some(value) => {
                let parsed = flag(value);
                if parsed.is_none() {
                    fail("archived", "must be true or false");
                }
                parsed
            }
        };
        let customer_email = given_typed(self.customer_email).and_then(|raw| {
            Email::parse(&raw)
                .map_err(|bad| fail("customer_email", &bad.to_string()))
                .ok()
        });
        if let Some(products) = &self.products
            && let Some(i) = products
                .iter()
                .position(|p| p.sku.trim().is_empty() || p.quantity <= 0)
        {
            fail(
                &format!("products[{i}]"),
                "needs a SKU and a positive quantity",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SavChanges {
            customer_email,
            customer_name: trimmed(self.customer_name),
            customer_phone: trimmed(self.customer_phone),
            type_pb: trimmed(self.type_pb),
            status,
            claim_date,
            observations: trimmed(self.observations),
            propositions: trimmed(self.propositions),
            final_action: trimmed(self.final_action),
            date_retour: pickup_rdv_date.or(date_retour),
            pickup_rdv_date,
            communication_type: trimmed(self.communication_type),
            archived,
            products: self.products,
            serial_number: trimmed(self.serial_number),
            brand: trimmed(self.brand),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_pickup_date_overrides_the_return_date() {
        let input = SavInput {
            date_retour: Some("2026-01-01".into()),
            pickup_rdv_date: Some("2026-03-15".into()),
            ..SavInput::default()
        };
        let changes = input.changes().unwrap();
        assert_eq!(changes.date_retour, dates::date("2026-03-15"));
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
        let quantities_as_text: P =
            serde_json::from_value(json!({"products": [{"sku": "A", "quantity": "2"}, "B"]}))
                .unwrap();
        assert_eq!(json.products.unwrap(), expected);
        assert_eq!(form.products.unwrap(), expected);
        assert_eq!(quantities_as_text.products.unwrap(), expected);
        assert!(
            serde_json::from_value::<P>(json!({"products": [{"sku": "A", "quantity": "x"}]}))
                .is_err()
        );
    }

    #[test]
    fn a_status_outside_the_table_is_refused() {
        let input = SavInput {
            status: Some(json!(3)),
            ..SavInput::default()
        };
        assert_eq!(input.changes().unwrap_err()[0].field, "status");
    }

    #[test]
    fn status_and_archived_come_as_numbers_or_text() {
        for (status, archived) in [
            (json!(1), json!(1)),
            (json!("1"), json!("1")),
            (json!(1), json!(true)),
        ] {
            let input = SavInput {
                status: Some(status),
                archived: Some(archived),
                ..SavInput::default()
            };
            let changes = input.changes().unwrap();
            assert_eq!(changes.status, SavStatus::from_code(1).ok());
            assert_eq!(changes.archived, Some(true));
        }
    }
}
