//! What a SAV record is and its rules; no I/O.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::FieldError;
use platform::codes::sav_status::SavStatus;
use platform::input::Email;
use serde::{Deserialize, Serialize};

use super::input::ProductRef;
use super::input::SavChanges;
use crate::sales::model::StoredSale;
use crate::schema::{pre_refunds, sav_products, sav_status_history, savs};

/// The problem type of the chatbot's forgotten-coupon tickets (seed 000's own words).
pub const FORGOTTEN_COUPON: &str = "oublie de code promo";

/// A stored SAV record: its id and its fields.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = savs)]
pub struct Sav {
    pub id: i64,
    #[diesel(embed)]
    pub fields: SavFields,
}

/// A SAV record's columns but its id: what is inserted, and what [`Sav`] embeds. `None` is
/// written as NULL (not DEFAULT), so the INSERT's SQL never varies and PostgreSQL keeps it
/// prepared.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = savs, treat_none_as_default_value = false)]
pub struct SavFields {
    pub sale_id: i64,
    pub status: SavStatus,
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

impl SavFields {
    /// A SAV on `sale` as `changes` describe it: new (status 0) unless given, a warranty claim
    /// of today unless said otherwise, the order's customer unless another is named.
    pub fn of_sale(sale: StoredSale, changes: SavChanges, now: NaiveDateTime) -> Self {
        let status = changes.status.unwrap_or(SavStatus::InProgress);
        Self {
            sale_id: sale.id,
            status,
            type_pb: changes.type_pb.unwrap_or_else(|| "garantie".into()),
            claim_date: changes.claim_date.or(Some(now.date())),
            created_at: now,
            validated_at: is_validated(status).then_some(now),
            updated_at: now,
            customer_name: changes.customer_name.or(sale.customer_name),
            customer_email: changes
                .customer_email
                .map_or(sale.customer_email, Email::into_string),
            customer_phone: changes.customer_phone.or(sale.customer_phone),
            observations: changes.observations,
            propositions: changes.propositions,
            final_action: changes.final_action,
            date_retour: changes.date_retour,
            pickup_rdv_date: changes.pickup_rdv_date,
            communication_type: changes.communication_type,
            archived: changes.archived.unwrap_or(false),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Queryable, Selectable)]
#[diesel(table_name = sav_products)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
}

/// A row of a SAV's status history, to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sav_status_history)]
pub struct NewStatusChange {
    pub sav_id: i64,
    pub from_status: Option<SavStatus>,
    pub to_status: SavStatus,
    pub actor: String,
    pub changed_at: NaiveDateTime,
}

/// The pre-refund a forgotten-coupon ticket opens, to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = pre_refunds)]
pub struct NewPreRefund {
    pub sav_id: i64,
    pub sale_id: i64,
    pub amount_cents: i64,
    pub status: &'static str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sav_status_history)]
pub struct StatusChange {
    pub from_status: Option<SavStatus>,
    pub to_status: SavStatus,
    pub actor: String,
    pub changed_at: NaiveDateTime,
}

/// Whether a status is the validated one (`1`, Validé): a SAV records when it was first
/// validated.
pub fn is_validated(status: SavStatus) -> bool {
    status == SavStatus::Validated
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
