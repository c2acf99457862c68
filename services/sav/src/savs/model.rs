//! What a SAV record is and its rules; no I/O.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::FieldError;
use platform::codes::sav_status::SavStatus;
use serde::{Deserialize, Serialize};

use super::input::ProductRef;
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

/// The label of a status code, as the document prints it (`Validé`); blank for a code outside
/// its table.
pub fn status_label(status: i32) -> &'static str {
    SavStatus::from_code(i64::from(status)).map_or("", SavStatus::label)
}

/// Whether a status code is the validated one (`1`, Validé): a SAV records when it was first
/// validated.
pub fn is_validated(status: i32) -> bool {
    i64::from(status) == i64::from(SavStatus::Validated.code())
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
