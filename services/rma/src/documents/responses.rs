//! How documents and tracking labels are shown.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{DocumentMeta, TrackingLabel};
use crate::shown::{self, Shown};

/// A document without its content.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 12, "file_name": "rapport1.txt", "type": "REPORT", "size": 11,
    "side": "partner", "date": "2021-09-24 16:20:05"}))]
pub struct DocumentOut<'a> {
    pub id: i64,
    pub file_name: &'a str,
    /// A type of section 3.7 or 3.10.
    #[serde(rename = "type")]
    pub doc_type: &'a str,
    /// Bytes, decoded.
    pub size: i64,
    /// partner or retailer.
    pub side: &'a str,
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
}

impl<'a> From<&'a DocumentMeta> for DocumentOut<'a> {
    fn from(d: &'a DocumentMeta) -> Self {
        Self {
            id: d.id,
            file_name: &d.file_name,
            doc_type: &d.doc_type,
            size: d.size_bytes,
            side: &d.side,
            date: Shown(d.created_at),
        }
    }
}

/// `adddocument`'s answer: the document, without its content, and its demand.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedDocumentOut<'a> {
    #[serde(flatten)]
    pub document: DocumentOut<'a>,
    pub demand_number: &'a str,
}

/// Section 3.10: a document with its content.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 12, "file_name": "rapport1.txt", "type": "REPORT", "size": 11,
    "side": "partner", "date": "2021-09-24 16:20:05", "file_content": "VEVYVEUgVEVTVFM="}))]
pub struct DocumentWithContentOut<'a> {
    #[serde(flatten)]
    pub document: DocumentOut<'a>,
    /// The file, base64.
    pub file_content: String,
}

impl<'a> DocumentWithContentOut<'a> {
    pub fn of(meta: &'a DocumentMeta, content: &[u8]) -> Self {
        Self {
            document: meta.into(),
            file_content: STANDARD.encode(content),
        }
    }
}

/// The documents of a demand, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentsOut<'a>(pub Vec<DocumentWithContentOut<'a>>);

/// A transport label (section 3.6).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "tracking_number": "XFR14512345", "carrier_name": "chronopost",
    "type": "CLIENT_TO_CENTER", "label_document_id": 13, "date": "2021-09-23 10:12:00"}))]
pub struct LabelOut<'a> {
    pub id: i64,
    pub tracking_number: &'a str,
    pub carrier_name: &'a str,
    /// CLIENT_TO_CENTER or CENTER_TO_CLIENT.
    #[serde(rename = "type")]
    pub direction: &'a str,
    /// The label itself, a TRANSPORT document of the demand, when one was sent.
    pub label_document_id: Option<i64>,
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
}

impl<'a> From<&'a TrackingLabel> for LabelOut<'a> {
    fn from(l: &'a TrackingLabel) -> Self {
        Self {
            id: l.id,
            tracking_number: &l.tracking_number,
            carrier_name: &l.carrier_name,
            direction: &l.direction,
            label_document_id: l.document_id,
            date: Shown(l.created_at),
        }
    }
}

/// `tracking`'s answer: the label and its demand.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedLabelOut<'a> {
    #[serde(flatten)]
    pub label: LabelOut<'a>,
    pub demand_number: &'a str,
}
