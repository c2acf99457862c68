//! `POST /api/sales`: the shop's order feed.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web;
use chrono::Utc;
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::Serialize;
use utoipa::ToSchema;

use super::model::SalesPayload;
use super::store;

/// An order stored, by its number and its id here.
#[derive(Serialize, ToSchema)]
pub struct SaleStored {
    pub increment_id: String,
    pub sale_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SalesUpserted {
    pub upserted: usize,
    pub sales: Vec<SaleStored>,
}

/// One order or a list, upserted by `increment_id`, all or nothing; an empty list stores
/// nothing and says so (a feed with nothing new is no error).
#[utoipa::path(post, path = "/api/sales", request_body = SalesPayload,
    description = "The shop's order feed: one order or a list, upserted by increment_id, all or nothing (scope sales_write).",
    responses(
        (status = 200, description = "Stored.", body = SalesUpserted,
            example = json!({"success": true, "upserted": 1, "sales": [{"increment_id": "100000123", "sale_id": 456}]})),
        (status = 422, description = "A field is invalid; `errors` names each (VALIDATION_ERROR)."),
    ))]
pub async fn upsert_sales(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<SalesPayload>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sales_write")?;
    let inputs = match body.0 {
        SalesPayload::One(sale) => vec![(String::new(), *sale)],
        SalesPayload::Many(sales) => sales
            .into_iter()
            .enumerate()
            .map(|(i, sale)| (format!("[{i}]."), sale))
            .collect(),
    };
    let mut sales = Vec::new();
    let mut errors = Vec::new();
    for (prefix, input) in inputs {
        match input.validate(&prefix) {
            Ok(sale) => sales.push(sale),
            Err(mut problems) => errors.append(&mut problems),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let stored = db::run(&pool, move |conn| {
        let now = Utc::now().naive_utc();
        db::write_transaction(conn, |conn| {
            sales
                .iter()
                .map(|sale| {
                    store::upsert(conn, sale, now).map(|sale_id| SaleStored {
                        increment_id: sale.increment_id.clone(),
                        sale_id,
                    })
                })
                .collect::<Result<Vec<_>, diesel::result::Error>>()
        })
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        SalesUpserted {
            upserted: stored.len(),
            sales: stored,
        },
    ))
}
