//! `demands/adddocument`, `demands/documents` and `demands/tracking` (sections 3.6, 3.7, 3.10).

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use platform::auth::Caller;
use platform::db::{self, Pool};
use platform::web::{JsonOrForm, Query, decode_form, decode_json};
use platform::{AppError, Dialect};
use serde::Deserialize;
use serde_json::{Value, json};

use super::model::{DIRECTIONS, DOCUMENT_TYPES};
use super::store;
use crate::access::{either_side, reader_side};
use crate::config::RmaSettings;
use crate::demands::store as demands;
use crate::errors::RmaError;
use platform::input::{one_of, required, string_or_number, trimmed};

use crate::input::{base64_content, file_name};

#[derive(Deserialize)]
pub struct DocumentInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    file_name: Option<String>,
    #[serde(default)]
    file_content: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    r#type: Option<String>,
}

/// `POST /api/demands/adddocument`: a base64 document, `OTHER` unless typed.
pub async fn add_document(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<DocumentInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_adddocument")?;
    let input = body.0;
    let number = required("demand_number", input.demand_number.as_ref())?;
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
    let view = crate::demands::write(&pool, side, number, move |conn, side, demand, now| {
        demand.open_to(side)?;
        let document = store::insert(conn, demand.id, &name, doc_type, &content, side, now)?;
        demands::touch(conn, demand, now)?;
        let mut view = document.view();
        view["demand_number"] = json!(demand.demand_number);
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::CREATED, view))
}

#[derive(Deserialize, Default)]
pub struct DocumentsQuery {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    r#type: Option<String>,
}

/// `POST|GET /api/demands/documents`: the demand's documents with their content in base64
/// (section 3.10). The demand number comes in the query string or in the body.
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
    let doc_type = match trimmed(query.0.r#type.as_ref()).or(trimmed(from_body.r#type.as_ref())) {
        None => None,
        Some(t) => Some(
            one_of("type", &t.to_ascii_uppercase(), DOCUMENT_TYPES)
                .map_err(|e| AppError::invalid_fields(vec![e]))?,
        ),
    };
    let data = db::run(&pool, move |conn| {
        let demand = demands::find_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
        let documents = store::with_content(conn, demand.id, doc_type)?;
        Ok::<_, AppError>(
            documents
                .iter()
                .map(|(meta, content)| meta.view_with(content))
                .collect::<Vec<Value>>(),
        )
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, Value::Array(data)))
}

#[derive(Deserialize)]
pub struct TrackingInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    tracking_number: Option<String>,
    #[serde(default)]
    label_content: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    carrier_name: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    r#type: Option<String>,
}

/// `POST /api/demands/tracking`: a transport label; its number and carrier become the
/// demand's `tracking_number` and `carrier_name` (section 3.6).
pub async fn tracking(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<TrackingInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_update")?;
    let input = body.0;
    let number = required("demand_number", input.demand_number.as_ref())?;
    let tracking_number = required("tracking_number", input.tracking_number.as_ref())?;
    let carrier = required("carrier_name", input.carrier_name.as_ref())?;
    let direction = one_of(
        "type",
        &required("type", input.r#type.as_ref())?,
        DIRECTIONS,
    )
    .map_err(|e| AppError::invalid_fields(vec![e]))?;
    let label = trimmed(input.label_content.as_ref())
        .map(|c| base64_content("label_content", &c, rules.max_document_bytes))
        .transpose()?;
    let view = crate::demands::write(&pool, side, number, move |conn, side, demand, now| {
        demand.workable_by(side)?;
        let document_id = match &label {
            Some(bytes) => {
                let name = file_name(&format!("label-{tracking_number}.pdf"))?;
                let doc = store::insert(conn, demand.id, &name, "TRANSPORT", bytes, side, now)?;
                Some(doc.id)
            }
            None => None,
        };
        let label = store::add_label(
            conn,
            demand.id,
            &tracking_number,
            &carrier,
            direction,
            document_id,
            now,
        )?;
        demands::set_tracking(conn, demand, &tracking_number, &carrier, now)?;
        let mut view = label.view();
        view["demand_number"] = json!(demand.demand_number);
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::CREATED, view))
}
