//! Queries on `demand_documents` and `tracking_labels`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{DocumentMeta, TrackingLabel};
use crate::access::Side;
use crate::schema::{demand_documents, tracking_labels};

pub fn insert(
    conn: &mut DbConn,
    demand_id: i64,
    file_name: &str,
    doc_type: &str,
    content: &[u8],
    side: &Side,
    now: NaiveDateTime,
) -> QueryResult<DocumentMeta> {
    let size = i64::try_from(content.len()).unwrap_or(i64::MAX);
    diesel::insert_into(demand_documents::table)
        .values((
            demand_documents::demand_id.eq(demand_id),
            demand_documents::file_name.eq(file_name),
            demand_documents::doc_type.eq(doc_type),
            demand_documents::content.eq(content),
            demand_documents::size_bytes.eq(size),
            demand_documents::side.eq(side.name()),
            demand_documents::created_at.eq(now),
        ))
        .returning((
            demand_documents::id,
            demand_documents::file_name,
            demand_documents::doc_type,
            demand_documents::size_bytes,
            demand_documents::side,
            demand_documents::created_at,
        ))
        .get_result(conn)
}

pub fn list(conn: &mut DbConn, demand_id: i64) -> QueryResult<Vec<DocumentMeta>> {
    demand_documents::table
        .filter(demand_documents::demand_id.eq(demand_id))
        .order(demand_documents::id.asc())
        .select(DocumentMeta::as_select())
        .load(conn)
}

/// The documents with their content, optionally of one type.
pub fn with_content(
    conn: &mut DbConn,
    demand_id: i64,
    doc_type: Option<&str>,
) -> QueryResult<Vec<(DocumentMeta, Vec<u8>)>> {
    let rows: Vec<(DocumentMeta, Vec<u8>)> = demand_documents::table
        .filter(demand_documents::demand_id.eq(demand_id))
        .order(demand_documents::id.asc())
        .select((DocumentMeta::as_select(), demand_documents::content))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(meta, _)| doc_type.is_none_or(|t| t == meta.doc_type))
        .collect())
}

pub fn add_label(
    conn: &mut DbConn,
    demand_id: i64,
    tracking_number: &str,
    carrier_name: &str,
    direction: &str,
    document_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<TrackingLabel> {
    diesel::insert_into(tracking_labels::table)
        .values((
            tracking_labels::demand_id.eq(demand_id),
            tracking_labels::tracking_number.eq(tracking_number),
            tracking_labels::carrier_name.eq(carrier_name),
            tracking_labels::direction.eq(direction),
            tracking_labels::document_id.eq(document_id),
            tracking_labels::created_at.eq(now),
        ))
        .returning((
            tracking_labels::id,
            tracking_labels::tracking_number,
            tracking_labels::carrier_name,
            tracking_labels::direction,
            tracking_labels::document_id,
            tracking_labels::created_at,
        ))
        .get_result(conn)
}

pub fn labels(conn: &mut DbConn, demand_id: i64) -> QueryResult<Vec<TrackingLabel>> {
    tracking_labels::table
        .filter(tracking_labels::demand_id.eq(demand_id))
        .order(tracking_labels::id.asc())
        .select(TrackingLabel::as_select())
        .load(conn)
}
