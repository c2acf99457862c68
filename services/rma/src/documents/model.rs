//! Document types, documents and tracking labels; no I/O.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{demand_documents, tracking_labels};

/// Section 3.7's types, then those section 3.10 returns.
pub const DOCUMENT_TYPES: &[&str] = &[
    "AGREEMENT",
    "PICTURE",
    "REPORT",
    "OTHER",
    "INVOICE",
    "TRANSPORT",
    "QUOTE",
    "DESTRUCTION_VOUCHER",
    "NAMEPLATE_PICTURE",
];

pub const DIRECTIONS: &[&str] = &["CLIENT_TO_CENTER", "CENTER_TO_CLIENT"];

/// A document without its content, for listings.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = demand_documents)]
pub struct DocumentMeta {
    pub id: i64,
    pub file_name: String,
    pub doc_type: String,
    pub size_bytes: i64,
    pub side: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tracking_labels)]
pub struct TrackingLabel {
    pub id: i64,
    pub tracking_number: String,
    pub carrier_name: String,
    pub direction: String,
    pub document_id: Option<i64>,
    pub created_at: NaiveDateTime,
}
