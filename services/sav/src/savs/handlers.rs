//! The SAV endpoints: the customer status lookup, create and update (seed 000), and one SAV or a
//! filtered list for the support tools.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_scope};
use platform::codes::sav_status::SavStatus;
use platform::db::{self, Pool};
use platform::input::{Email, Paging, dates, number, required, trimmed};
use platform::web::{JsonOrForm, Query};
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::IntoParams;

use super::input::SavInput;
use super::model::{Product, Sav};
use super::responses::{
    CustomerSavStatus, OneSav, PreRefund, SavCreated, SavDetail, SavPage, SavRecord, SavUpdated,
    StatusChangeRecord,
};
use super::store::{self, ListFilter};
use crate::config::SavSettings;
use crate::errors::SavError;
use crate::repairs::responses::RepairView;
use crate::repairs::store as repairs;

/// Without `page` and `per_page`, `sav-status` sends every SAV of the customer up to this many
/// (document 000 has no paging), and says when there are more.
const UNPAGED_CAP: i64 = 1000;

/// `page` from 1, `per_page` within 1..=200, 50 when not given.
const PAGING: Paging = Paging {
    size_parameter: "per_page",
    default_size: 50,
    max_size: 200,
};

fn records(
    conn: &mut platform::db::DbConn,
    rows: &[(Sav, String)],
) -> diesel::QueryResult<Vec<SavRecord>> {
    let ids: Vec<i64> = rows.iter().map(|(sav, _)| sav.id).collect();
    let mut products: HashMap<i64, Vec<Product>> = HashMap::new();
    for (sav_id, product) in store::products_of(conn, &ids)? {
        products.entry(sav_id).or_default().push(product);
    }
    Ok(rows
        .iter()
        .map(|(sav, sale_ref)| {
            SavRecord::new(
                sav,
                sale_ref,
                products.get(&sav.id).map_or(&[], Vec::as_slice),
            )
        })
        .collect())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Matched case-insensitively after trimming.
    // The pattern of `pieces::email` (a parameter's pattern must be a literal).
    #[param(value_type = String, required = true, pattern = r"^\s*[^@\s\u0085]+@[^@\s\u0085.]+(\.[^@\s\u0085.]+)+\s*$")]
    email: Option<String>,
    /// Only SAV containing this product.
    product_sku: Option<String>,
    /// From 1. Without page and per_page, every SAV up to 1000 (truncated says when more).
    #[param(minimum = 1)]
    page: Option<i64>,
    /// Default 50 (when page is given), at most 200.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// `GET /api/customer/sav-status?email=…&product_sku=…`
#[utoipa::path(get, path = "/api/customer/sav-status", params(StatusQuery),
    description = "A customer's unarchived SAV, newest first (scope sav_read). Without page and per_page, every one up to 1000; truncated says when more match.",
    responses(
        (status = 200, description = "The customer's SAV.", body = CustomerSavStatus,
            example = json!({"success": true, "customerEmail": "customer@example.com",
                "productSku": "SKU123", "hasSav": true, "totalSav": 1, "page": 1, "perPage": 1000, "truncated": false,
                "savRecords": [{"savId": 123, "status": 1, "statusLabel": "Validé", "saleRef": "ORDER123",
                    "typePb": "garantie", "products": [{"sku": "SKU123", "name": "Canapé", "quantity": 1}]}]})),
        (status = 400, description = "email missing (MISSING_EMAIL) or malformed (INVALID_EMAIL), or a bad page (INVALID_QUERY)."),
    ))]
pub async fn customer_sav_status(
    caller: Caller,
    pool: web::Data<Pool>,
    query: Query<StatusQuery>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_read")?;
    let query = query.0;
    let email = trimmed(query.email).ok_or(SavError::MissingEmail)?;
    let email = Email::parse(&email).map_err(|_| SavError::InvalidEmail)?;
    let sku = trimmed(query.product_sku);
    let page = PAGING.page_or_all(query.page, query.per_page, UNPAGED_CAP)?;
    let (lookup_email, lookup_sku) = (email.clone(), sku.clone());
    let (records, total) = db::run(&pool, move |conn| {
        let (rows, total) = store::for_customer(
            conn,
            lookup_email.as_str(),
            lookup_sku.as_deref(),
            page.size,
            page.offset(),
        )?;
        Ok::<_, diesel::result::Error>((records(conn, &rows)?, total))
    })
    .await?;
    let shown = i64::try_from(records.len()).unwrap_or(i64::MAX);
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        CustomerSavStatus {
            customer_email: email.into_string(),
            product_sku: sku,
            has_sav: total > 0,
            total_sav: total,
            page: page.number,
            per_page: page.size,
            truncated: total > page.offset().saturating_add(shown),
            sav_records: records,
        },
    ))
}

/// `POST /sav/create-sale-sav` (form, as the document's curl, or JSON).
#[utoipa::path(post, path = "/sav/create-sale-sav",
    description = "Creates a SAV on a known order; pickup_rdv_date overrides date_retour (scope sav_write).",
    request_body(content((SavInput = "application/json"), (SavInput = "application/x-www-form-urlencoded"))),
    responses(
        (status = 200, description = "Created (200, as seed 000 shows every success).", body = SavCreated, example = json!({"success": true, "sav_id": 123})),
        (status = 404, description = "Unknown order (SALE_NOT_FOUND)."),
        (status = 422, description = "A field is invalid (VALIDATION_ERROR names each)."),
    ))]
pub async fn create_sale_sav(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    rules: web::Data<SavSettings>,
    body: JsonOrForm<SavInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_write")?;
    let mut input = body.0;
    let sale_ref = required("sale_ref", input.sale_ref.take())?;
    let changes = input.changes().map_err(AppError::invalid_fields)?;
    let actor = caller.sub.clone();
    let repairs = rules
        .warranty_repair
        .is_on()
        .then(|| crate::repairs::Asking::of(&req));
    let sav_id = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            super::create(conn, &sale_ref, changes, &actor, now, repairs.as_ref())
        })
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::OK, SavCreated { sav_id }))
}

/// `POST /sav/update-new-sale-sav/{id}`: a partial update; every status change is recorded.
#[utoipa::path(post, path = "/sav/update-new-sale-sav/{id}",
    params(("id" = i64, Path, description = "The SAV.")),
    description = "Partial update; every status change goes to the history (scope sav_write).",
    request_body(content((SavInput = "application/json"), (SavInput = "application/x-www-form-urlencoded"))),
    responses(
        (status = 200, description = "Updated.", body = SavUpdated, example = json!({"success": true, "sav_id": 123, "status": 1})),
        (status = 404, description = "Unknown SAV (SAV_NOT_FOUND)."),
        (status = 409, description = "Archived SAV (SAV_ARCHIVED)."),
        (status = 422, description = "A field is invalid (VALIDATION_ERROR names each)."),
    ))]
pub async fn update_sale_sav(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<i64>,
    body: JsonOrForm<SavInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_write")?;
    let id = path.into_inner();
    let changes = body.0.changes().map_err(AppError::invalid_fields)?;
    let actor = caller.sub.clone();
    let updated = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            super::update(conn, id, &changes, &actor, Utc::now().naive_utc())
        })
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        SavUpdated {
            sav_id: id,
            status: updated,
        },
    ))
}

/// `GET /api/sav/{id}`: one SAV with its products, status history and pre-refund.
#[utoipa::path(get, path = "/api/sav/{id}", params(("id" = i64, Path, description = "The SAV.")),
    description = "One SAV with products, status history, pre-refund and, for a SAV with a repair, its warranty, its RMA demand and the demand's timeline (scope sav_read).",
    responses(
        (status = 200, description = "The SAV.", body = OneSav),
        (status = 404, description = "Unknown SAV (SAV_NOT_FOUND)."),
    ))]
pub async fn get_sav(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_read")?;
    let id = path.into_inner();
    let sav = db::run(&pool, move |conn| {
        let (sav, sale_ref) = store::find(conn, id)?.ok_or(SavError::SavNotFound)?;
        Ok::<_, AppError>(SavDetail {
            record: SavRecord::new(&sav, &sale_ref, &store::products(conn, id)?),
            history: store::history(conn, id)?
                .iter()
                .map(StatusChangeRecord::from)
                .collect(),
            pre_refund: store::pre_refund_of(conn, id)?
                .map(|(amount, status, created_at)| PreRefund::new(amount, status, created_at)),
            repair: match repairs::find(conn, id)? {
                None => None,
                Some(repair) => Some(RepairView::new(repair, repairs::timeline(conn, id)?)),
            },
        })
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::OK, OneSav { sav }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A status code.
    #[param(schema_with = platform::openapi::pieces::sav_status)]
    status: Option<String>,
    /// A problem type.
    type_pb: Option<String>,
    /// Inclusive.
    #[param(schema_with = platform::openapi::pieces::date)]
    from: Option<String>,
    /// Inclusive.
    #[param(schema_with = platform::openapi::pieces::date)]
    to: Option<String>,
    /// From 1.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// Default 50, at most 200.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// `GET /api/sav?status=&type_pb=&from=&to=&page=`: SAV for quality monitoring, newest first.
#[utoipa::path(get, path = "/api/sav", params(ListQuery),
    description = "SAV for quality monitoring, newest first (scope sav_read).",
    responses(
        (status = 200, description = "A page.", body = SavPage,
            example = json!({"success": true, "total": 1, "page": 1, "perPage": 50, "savRecords": []})),
        (status = 400, description = "A filter or the page is invalid (INVALID_QUERY names it)."),
    ))]
pub async fn list_savs(
    caller: Caller,
    pool: web::Data<Pool>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_read")?;
    let query = query.0;
    let status = match trimmed(query.status) {
        None => None,
        Some(raw) => Some(
            number::whole(&raw)
                .and_then(|c| SavStatus::from_code(c).ok())
                .ok_or_else(|| {
                    AppError::invalid_query("status", "must be one of 0, 1, 2, 4, 5, 6, 7")
                })?,
        ),
    };
    let day = |field: &str, value: Option<String>| -> Result<Option<_>, AppError> {
        match trimmed(value) {
            None => Ok(None),
            Some(raw) => dates::day(&raw)
                .map(|d| Some(store::day_start(d)))
                .ok_or_else(|| {
                    AppError::invalid_query(
                        field,
                        "must be a real date, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS",
                    )
                }),
        }
    };
    let filter = ListFilter {
        status,
        type_pb: trimmed(query.type_pb),
        from: day("from", query.from)?,
        // `to` is inclusive: up to the end of that day.
        to: day("to", query.to)?.map(|d| d + chrono::Duration::days(1)),
    };
    let page = PAGING.page(query.page, query.per_page)?;
    let (records, total) = db::run(&pool, move |conn| {
        let (rows, total) = store::list(conn, &filter, page.size, page.offset())?;
        Ok::<_, diesel::result::Error>((records(conn, &rows)?, total))
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        SavPage {
            total,
            page: page.number,
            per_page: page.size,
            sav_records: records,
        },
    ))
}
