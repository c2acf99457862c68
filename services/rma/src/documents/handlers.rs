//! `demands/adddocument`, `demands/documents` and `demands/tracking` (sections 3.6, 3.7, 3.10).

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use platform::auth::Caller;
use platform::db::{self, Pool};
use platform::openapi::pieces;
use platform::web::{JsonOrForm, Query, decode_form, decode_json};
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

use super::model::{DIRECTIONS, DOCUMENT_TYPES};
use super::responses::{AddedDocumentOut, AddedLabelOut, DocumentWithContentOut, DocumentsOut};
use super::store;
use super::{NewDocument, Parcel};
use crate::access::{either_side, reader_side};
use crate::config::RmaSettings;
use crate::demands::store as demands;
use crate::errors::RmaError;
use platform::input::{one_of, required, string_or_number, trimmed};

use crate::input::{
    DemandRef, base64, base64_content, file_name, file_name_schema, required_base64,
};

/// The document types of sections 3.7 and 3.10, as written (any case is read).
fn document_type() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(DOCUMENT_TYPES.iter().copied()))
        .into()
}

/// Which way a parcel goes, as written (any case is read).
fn direction() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(DIRECTIONS.iter().copied()))
        .into()
}

#[derive(Deserialize, ToSchema)]
pub struct DocumentInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    demand_number: DemandRef,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = file_name_schema, required = true)]
    file_name: Option<String>,
    /// The file (required).
    #[serde(default)]
    #[schema(schema_with = required_base64, required = true)]
    file_content: Option<String>,
    /// Optional but recommended, case-insensitive (AGREEMENT, PICTURE, REPORT, OTHER, or a type
    /// of section 3.10); OTHER when absent.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = document_type)]
    r#type: Option<String>,
}

/// Section 3.7: a document on a demand, in base64 (scope demands_adddocument).
///
/// Either side, on a demand not closed (nor refused, for its center). JSON or form.
#[utoipa::path(
    post,
    path = "/api/demands/adddocument",
    operation_id = "addDocument",
    request_body(content(
        (DocumentInput = "application/json", example = json!({"demand_number": "CRF-8000-0004", "file_name": "rapport1.txt", "file_content": "VEVYVEUgVEVTVFM=", "type": "REPORT"})),
        (DocumentInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The document, without its content.", body = AddedDocumentOut),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "The demand is refused, to its center (DEMAND_REFUSED), or closed (DEMAND_CLOSED)."),
        (status = 413, description = "file_content exceeds the document limit once decoded (DOCUMENT_TOO_LARGE), or the body the HTTP limit (PAYLOAD_TOO_LARGE)."),
        (status = 422, description = "A field is missing or invalid (VALIDATION_ERROR), or file_content is not base64 (INVALID_BASE64)."),
    )
)]
pub async fn add_document(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<DocumentInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_adddocument")?;
    let input = body.0;
    let number = input.demand_number.required()?;
    let name = file_name(&required("file_name", input.file_name.as_ref())?)?;
    let doc_type = match trimmed(input.r#type.as_ref()) {
        None => "OTHER",
        Some(t) => one_of("type", &t.to_ascii_uppercase(), DOCUMENT_TYPES)
            .map_err(|e| AppError::invalid_fields(vec![e]))?,
    };
    let content = base64_content(
        "file_content",
        &required("file_content", input.file_content.as_ref())?,
        rules.max_document_bytes,
    )?;
    let file = NewDocument {
        name,
        doc_type,
        content,
    };
    let written = crate::demands::write(&pool, side, caller.sub, number, move |conn, act, d| {
        Ok((super::add_document(conn, act, d, &file)?, d.clone()))
    });
    let (document, demand) = written.await?;
    let added = AddedDocumentOut {
        document: (&document).into(),
        demand_number: &demand.demand_number,
    };
    Ok(Dialect::Rma.success(StatusCode::OK, added))
}

/// The demand and the type, in the query string or in the body.
#[derive(Deserialize, Default, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    /// The demand (here or in the body; the query string wins); alias demand_numero.
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = crate::input::demand_number, required = true)]
    #[param(value_type = Option<String>, pattern = r"\S")]
    demand_number: Option<String>,
    /// Only documents of this type, case-insensitive.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = document_type)]
    #[param(schema_with = document_type)]
    r#type: Option<String>,
}

/// Section 3.10: a demand's documents with their content in base64 (any demands_* scope).
///
/// GET or POST, the same. The demand (demand_number, or its alias demand_numero) and the
/// optional type come in the query string or in the body (JSON or form); the query string
/// wins. Either side: a repair center reads only its own demands.
#[utoipa::path(
    method(get, post),
    path = "/api/demands/documents",
    operation_id = "retrieveDocuments",
    params(DocumentsQuery),
    request_body(description = "The same fields as the query string (which wins); a GET has \
        them in its query string.", content(
        (DocumentsQuery = "application/json"),
        (DocumentsQuery = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The documents, oldest first.", body = DocumentsOut),
        (status = 403, description = "The token has no demands_* scope (FORBIDDEN)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 422, description = "demand_number missing, or an unknown type (VALIDATION_ERROR)."),
    )
)]
pub async fn documents(
    caller: Caller,
    pool: web::Data<Pool>,
    req: HttpRequest,
    query: Query<DocumentsQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let side = reader_side(&caller)?;
    let from_body: DocumentsQuery = if body.iter().all(u8::is_ascii_whitespace) {
        DocumentsQuery::default()
    } else if req.content_type().contains("json") || body.trim_ascii_start().starts_with(b"{") {
        decode_json(&body)?
    } else {
        decode_form(&body, "form body")?
    };
    let number = required(
        "demand_number",
        trimmed(query.0.demand_number.as_ref()).or(from_body.demand_number),
    )?;
    // The query's type wins, but a type the body sends must be one too: both are the contract.
    let mut doc_type = None;
    for given in [&query.0.r#type, &from_body.r#type] {
        if let Some(t) = trimmed(given.as_ref()) {
            let checked = one_of("type", &t.to_ascii_uppercase(), DOCUMENT_TYPES)
                .map_err(|e| AppError::invalid_fields(vec![e]))?;
            doc_type = doc_type.or(Some(checked));
        }
    }
    let documents = db::run(&pool, move |conn| {
        let demand = demands::find_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
        Ok::<_, AppError>(store::with_content(conn, demand.id, doc_type)?)
    })
    .await?;
    let out = DocumentsOut(
        documents
            .iter()
            .map(|(meta, content)| DocumentWithContentOut::of(meta, content))
            .collect(),
    );
    Ok(Dialect::Rma.success(StatusCode::OK, out))
}

#[derive(Deserialize, ToSchema)]
pub struct TrackingInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    demand_number: DemandRef,
    /// The carrier's tracking number (required).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    tracking_number: Option<String>,
    /// The label itself (optional), stored as a TRANSPORT document.
    #[serde(default)]
    #[schema(schema_with = base64)]
    label_content: Option<String>,
    /// Such as chronopost (required).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    carrier_name: Option<String>,
    /// CLIENT_TO_CENTER or CENTER_TO_CLIENT (required, case-insensitive): which way the parcel
    /// goes.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = direction, required = true)]
    r#type: Option<String>,
}

/// Section 3.6: a transport label on a demand (scope demands_update).
///
/// Its number and carrier become the demand's tracking_number and carrier_name. Either side;
/// a repair center once the demand is accepted (or came with its agreement number), not once refused
/// or closed. JSON or form.
#[utoipa::path(
    post,
    path = "/api/demands/tracking",
    operation_id = "addTrackingLabel",
    request_body(content(
        (TrackingInput = "application/json", example = json!({"demand_number": "ACH-0000-0000", "tracking_number": "XFR14512345", "label_content": "JVBERi0xLjQK", "carrier_name": "chronopost", "type": "CLIENT_TO_CENTER"})),
        (TrackingInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The label.", body = AddedLabelOut),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "To a repair center: not yet accepted (DEMAND_NOT_ACCEPTED), refused (DEMAND_REFUSED) or closed (DEMAND_CLOSED). To the retailer: closed."),
        (status = 413, description = "label_content exceeds the document limit once decoded (DOCUMENT_TOO_LARGE), or the body the HTTP limit (PAYLOAD_TOO_LARGE)."),
        (status = 422, description = "A field is missing or invalid (VALIDATION_ERROR), or label_content is not base64 (INVALID_BASE64)."),
    )
)]
pub async fn tracking(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<TrackingInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_update")?;
    let input = body.0;
    let number = input.demand_number.required()?;
    let tracking_number = required("tracking_number", input.tracking_number.as_ref())?;
    let carrier = required("carrier_name", input.carrier_name.as_ref())?;
    let direction = one_of(
        "type",
        &required("type", input.r#type.as_ref())?.to_ascii_uppercase(),
        DIRECTIONS,
    )
    .map_err(|e| AppError::invalid_fields(vec![e]))?;
    let label = trimmed(input.label_content.as_ref())
        .map(|c| base64_content("label_content", &c, rules.max_document_bytes))
        .transpose()?;
    let parcel = Parcel {
        tracking_number,
        carrier,
        direction,
        label,
    };
    let written = crate::demands::write(&pool, side, caller.sub, number, move |conn, act, d| {
        Ok((super::add_label(conn, act, d, &parcel)?, d.clone()))
    });
    let (label, demand) = written.await?;
    let added = AddedLabelOut {
        label: (&label).into(),
        demand_number: &demand.demand_number,
    };
    Ok(Dialect::Rma.success(StatusCode::OK, added))
}
