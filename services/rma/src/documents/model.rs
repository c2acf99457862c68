//! Document types and how documents and tracking labels are shown; no I/O.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::demands::view::show;
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

impl DocumentMeta {
    pub fn view(&self) -> Value {
        json!({
            "id": self.id,
            "file_name": self.file_name,
            "type": self.doc_type,
            "size": self.size_bytes,
            "side": self.side,
            "date": show(self.created_at),
        })
    }

    /// Section 3.10: the document with its content in base64.
    pub fn view_with(&self, content: &[u8]) -> Value {
        let mut view = self.view();
        view["file_content"] = json!(STANDARD.encode(content));
        view
    }
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

impl TrackingLabel {
    pub fn view(&self) -> Value {
        json!({
            "id": self.id,
            "tracking_number": self.tracking_number,
            "carrier_name": self.carrier_name,
            "type": self.direction,
            "label_document_id": self.document_id,
            "date": show(self.created_at),
        })
    }
}
