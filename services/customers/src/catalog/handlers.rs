//! `PUT /pos/products/:id`, `PUT /pos/locations/:id`, `PUT /pos/suppliers/:id`: the point of
//! sale's feed of reference data (scope customers_feed), by its own ids; a replay leaves the
//! same row.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use diesel::QueryResult;
use platform::auth::{Caller, require_scope};
use platform::db::{self, DbConn, Pool};
use platform::input::{required, trimmed};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;

use super::store::{self, Location, Product, Supplier};
use crate::permissions::FEED_SCOPE;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProductInput {
    /// Tên sản phẩm. Required.
    name: Option<String>,
    /// Mã sản phẩm.
    reference: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NamedInput {
    /// Tên. Required.
    name: Option<String>,
}

/// Writes one fed row under the point of sale's id (scope customers_feed); the scope is
/// checked before the row's input.
async fn feed<R: Send + 'static>(
    caller: &Caller,
    pool: &Pool,
    row: Result<R, AppError>,
    put: fn(&mut DbConn, &R, NaiveDateTime) -> QueryResult<()>,
) -> Result<HttpResponse, AppError> {
    require_scope(caller, FEED_SCOPE)?;
    let row = row?;
    db::run(pool, move |conn| put(conn, &row, Utc::now().naive_utc())).await?;
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}

#[utoipa::path(put, path = "/pos/products/{product_id}", request_body = ProductInput,
    params(("product_id" = String, Path, description = "The point of sale's id of the product.")),
    description = "The point of sale writes a product under its own id (scope customers_feed); a replay leaves the same row.",
    responses(
        (status = 200, description = "Written.", example = json!({"result": "SUCCESS"})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn put_product(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: Json<ProductInput>,
) -> Result<HttpResponse, AppError> {
    let product = required("name", body.0.name).map(|name| Product {
        id: id.into_inner(),
        name,
        reference: trimmed(body.0.reference),
    });
    feed(&caller, &pool, product, store::put_product).await
}

#[utoipa::path(put, path = "/pos/locations/{location_id}", request_body = NamedInput,
    params(("location_id" = String, Path, description = "The point of sale's id of the warehouse.")),
    description = "The point of sale writes a location (warehouse) under its own id (scope customers_feed); a replay leaves the same row.",
    responses(
        (status = 200, description = "Written.", example = json!({"result": "SUCCESS"})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn put_location(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: Json<NamedInput>,
) -> Result<HttpResponse, AppError> {
    let location = required("name", body.0.name).map(|name| Location {
        id: id.into_inner(),
        name,
    });
    feed(&caller, &pool, location, store::put_location).await
}

#[utoipa::path(put, path = "/pos/suppliers/{supplier_id}", request_body = NamedInput,
    params(("supplier_id" = String, Path, description = "The point of sale's id of the supplier.")),
    description = "The point of sale writes a supplier under its own id (scope customers_feed); a replay leaves the same row.",
    responses(
        (status = 200, description = "Written.", example = json!({"result": "SUCCESS"})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn put_supplier(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: Json<NamedInput>,
) -> Result<HttpResponse, AppError> {
    let supplier = required("name", body.0.name).map(|name| Supplier {
        id: id.into_inner(),
        name,
    });
    feed(&caller, &pool, supplier, store::put_supplier).await
}
