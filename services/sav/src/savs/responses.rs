//! What the SAV endpoints answer, as seed 000 shows it (camelCase records), each type deriving
//! its schema for the service's document.

use chrono::NaiveDateTime;
use platform::codes::sav_status::SavStatus;
use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{NewStatusChange, Product, Sav, StatusChange};

pub fn utc(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A product of a SAV.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavProduct {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
}

impl From<&Product> for SavProduct {
    fn from(product: &Product) -> Self {
        Self {
            sku: product.sku.clone(),
            name: product.name.clone(),
            quantity: product.quantity,
        }
    }
}

/// A SAV record with every field of seed 000's "Data Returned".
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavRecord {
    pub sav_id: i64,
    /// 0 En cours, 1 Validé, 2 Complet, 4 Annulé, 5 Urgent, 6 En attente, 7 Transmis.
    #[schema(value_type = i32)]
    pub status: SavStatus,
    pub status_label: &'static str,
    pub sale_ref: String,
    pub type_pb: String,
    pub claim_date: Option<String>,
    pub created_at: String,
    pub validated_at: Option<String>,
    pub updated_at: String,
    pub customer_name: Option<String>,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub observations: Option<String>,
    pub propositions: Option<String>,
    pub final_action: Option<String>,
    pub return_date: Option<String>,
    pub pickup_rdv_date: Option<String>,
    pub communication_type: Option<String>,
    pub archived: bool,
    pub products: Vec<SavProduct>,
}

impl SavRecord {
    pub fn new(sav: &Sav, sale_ref: &str, products: &[Product]) -> Self {
        Self {
            sav_id: sav.id,
            status: sav.fields.status,
            status_label: sav.fields.status.label(),
            sale_ref: sale_ref.to_string(),
            type_pb: sav.fields.type_pb.clone(),
            claim_date: sav.fields.claim_date.map(|d| d.to_string()),
            created_at: utc(sav.fields.created_at),
            validated_at: sav.fields.validated_at.map(utc),
            updated_at: utc(sav.fields.updated_at),
            customer_name: sav.fields.customer_name.clone(),
            customer_email: sav.fields.customer_email.clone(),
            customer_phone: sav.fields.customer_phone.clone(),
            observations: sav.fields.observations.clone(),
            propositions: sav.fields.propositions.clone(),
            final_action: sav.fields.final_action.clone(),
            return_date: sav.fields.date_retour.map(|d| d.to_string()),
            pickup_rdv_date: sav.fields.pickup_rdv_date.map(|d| d.to_string()),
            communication_type: sav.fields.communication_type.clone(),
            archived: sav.fields.archived,
            products: products.iter().map(SavProduct::from).collect(),
        }
    }
}

/// One status change of a SAV's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeRecord {
    #[schema(value_type = Option<i32>)]
    pub from: Option<SavStatus>,
    pub from_label: Option<&'static str>,
    #[schema(value_type = i32)]
    pub to: SavStatus,
    pub to_label: &'static str,
    pub actor: String,
    pub changed_at: String,
}

impl StatusChangeRecord {
    fn new(from: Option<SavStatus>, to: SavStatus, actor: &str, at: NaiveDateTime) -> Self {
        Self {
            from,
            from_label: from.map(SavStatus::label),
            to,
            to_label: to.label(),
            actor: actor.to_string(),
            changed_at: utc(at),
        }
    }
}

impl From<&StatusChange> for StatusChangeRecord {
    fn from(c: &StatusChange) -> Self {
        Self::new(c.from_status, c.to_status, &c.actor, c.changed_at)
    }
}

impl From<&NewStatusChange> for StatusChangeRecord {
    fn from(c: &NewStatusChange) -> Self {
        Self::new(c.from_status, c.to_status, &c.actor, c.changed_at)
    }
}

/// The pre-refund of a forgotten-coupon SAV.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreRefund {
    #[schema(value_type = f64)]
    pub amount: Cents,
    pub status: String,
    pub created_at: String,
}

impl PreRefund {
    pub fn new(amount_cents: i64, status: String, created_at: NaiveDateTime) -> Self {
        Self {
            amount: Cents(amount_cents),
            status,
            created_at: created_at.and_utc().to_rfc3339(),
        }
    }
}

/// One SAV with its products, status history and pre-refund.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavDetail {
    #[serde(flatten)]
    pub record: SavRecord,
    pub history: Vec<StatusChangeRecord>,
    pub pre_refund: Option<PreRefund>,
    /// The warranty, RMA demand and timeline of a SAV that asked for a repair (issue 16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repair: Option<crate::repairs::responses::RepairView>,
}

/// `GET /api/sav/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OneSav {
    pub sav: SavDetail,
}

/// `GET /api/customer/sav-status`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerSavStatus {
    pub customer_email: String,
    pub product_sku: Option<String>,
    pub has_sav: bool,
    pub total_sav: i64,
    pub page: i64,
    pub per_page: i64,
    /// Whether more SAV match than this answer holds from its page on (past the cap of 1000
    /// when no paging was asked): the rest comes with page and per_page.
    pub truncated: bool,
    pub sav_records: Vec<SavRecord>,
}

/// `GET /api/sav`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavPage {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub sav_records: Vec<SavRecord>,
}

/// `POST /sav/create-sale-sav`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavCreated {
    pub sav_id: i64,
}

/// `POST /sav/update-new-sale-sav/{id}`: the SAV and its status after the update.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavUpdated {
    pub sav_id: i64,
    #[schema(value_type = i32)]
    pub status: SavStatus,
}
