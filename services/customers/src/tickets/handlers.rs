//! `PUT /pos/tickets/:ticket_id`: the point of sale's feed of receipts (scope customers_feed).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool};
use platform::input::{dates, number, required, string_or_number, trimmed};
use platform::web::Json;
use platform::{AppError, Dialect, FieldError};
use serde::Deserialize;
use utoipa::ToSchema;

use super::store::{self, Line, Ticket};
use crate::permissions::FEED_SCOPE;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LineInput {
    /// Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    product_id: Option<String>,
    /// Required.
    product_name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TicketInput {
    /// The customer's id here, when the sale had one.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    customer_id: Option<String>,
    /// When it was sold (UTC). Required.
    #[schema(schema_with = platform::openapi::pieces::timestamp)]
    sold_at: Option<String>,
    #[serde(default)]
    lines: Vec<LineInput>,
}

fn ticket_of(id: String, input: TicketInput) -> Result<Ticket, AppError> {
    let customer_id = trimmed(input.customer_id)
        .map(|c| {
            number::whole::<i64>(&c)
                .ok_or_else(|| AppError::invalid_field("customer_id", "must be a whole number"))
        })
        .transpose()?;
    let sold_at = required("sold_at", input.sold_at)?;
    let sold_at = dates::timestamp(&sold_at).ok_or_else(|| {
        AppError::invalid_field("sold_at", "must be a moment like 2026-03-01 10:00:00")
    })?;
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for (index, line) in input.lines.into_iter().enumerate() {
        match (trimmed(line.product_id), trimmed(line.product_name)) {
            (Some(product_id), Some(product_name)) => lines.push(Line {
                product_id,
                product_name,
            }),
            (None, _) => problems.push(FieldError::new(
                format!("lines[{index}].product_id"),
                "is required",
            )),
            (_, None) => problems.push(FieldError::new(
                format!("lines[{index}].product_name"),
                "is required",
            )),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(problems));
    }
    Ok(Ticket {
        id,
        customer_id,
        sold_at,
        lines,
    })
}

#[utoipa::path(put, path = "/pos/tickets/{ticket_id}", request_body = TicketInput,
    params(("ticket_id" = String, Path, description = "The point of sale's id of the ticket.")),
    description = "The point of sale writes a ticket (receipt) and its lines under its own id (scope customers_feed); a replay leaves the same rows.",
    responses(
        (status = 200, description = "Written.", example = json!({"result": "SUCCESS"})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn put(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: Json<TicketInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, FEED_SCOPE)?;
    let ticket = ticket_of(id.into_inner(), body.0)?;
    db::run(&pool, move |conn| {
        store::put(conn, &ticket, Utc::now().naive_utc())
    })
    .await?;
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}
