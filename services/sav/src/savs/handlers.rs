//! The SAV endpoints: the customer status lookup, create and update (seed 000), and one SAV or a
//! filtered list for the support tools.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool};
use platform::input::{Email, Paging, dates, number, required, trimmed};
use platform::money::Cents;
use platform::web::{JsonOrForm, Query};
use platform::{AppError, Dialect};
use serde::Deserialize;
use serde_json::{Value, json};

use super::model::{NewSav, Product, Sav, SavInput, products_of_order};
use super::store::{self, ListFilter};
use crate::errors::SavError;
use crate::sales::store as sales_store;

/// `page` from 1, `per_page` within 1..=200, 50 when not given.
const PAGING: Paging = Paging {
    size_parameter: "per_page",
    default_size: 50,
    max_size: 200,
};

fn views(
    conn: &mut platform::db::DbConn,
    rows: &[(Sav, String)],
) -> diesel::QueryResult<Vec<Value>> {
    let ids: Vec<i64> = rows.iter().map(|(sav, _)| sav.id).collect();
    let mut products: HashMap<i64, Vec<Product>> = HashMap::new();
    for (sav_id, product) in store::products_of(conn, &ids)? {
        products.entry(sav_id).or_default().push(product);
    }
    Ok(rows
        .iter()
        .map(|(sav, sale_ref)| sav.view(sale_ref, products.get(&sav.id).map_or(&[], Vec::as_slice)))
        .collect())
}

#[derive(Deserialize)]
pub struct StatusQuery {
    email: Option<String>,
    product_sku: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// `GET /api/customer/sav-status?email=…&product_sku=…`
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
    let page = PAGING.page(query.page, query.per_page)?;
    let (lookup_email, lookup_sku) = (email.clone(), sku.clone());
    let (records, total) = db::run(&pool, move |conn| {
        let (rows, total) = store::for_customer(
            conn,
            lookup_email.as_str(),
            lookup_sku.as_deref(),
            page.size,
            page.offset(),
        )?;
        Ok::<_, diesel::result::Error>((views(conn, &rows)?, total))
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        json!({
            "customerEmail": email,
            "productSku": sku,
            "hasSav": total > 0,
            "totalSav": total,
            "page": page.number,
            "perPage": page.size,
            "savRecords": records,
        }),
    ))
}

/// `POST /sav/create-sale-sav` (form, as the document's curl, or JSON).
pub async fn create_sale_sav(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<SavInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_write")?;
    let mut input = body.0;
    let sale_ref = required("sale_ref", input.sale_ref.take())?;
    let changes = input.changes().map_err(AppError::invalid_fields)?;
    let actor = caller.sub.clone();
    let sav_id = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let sale = sales_store::find_by_increment_id(conn, &sale_ref)?
                .ok_or(SavError::SaleNotFound)?;
            let wanted = changes.products.as_deref().unwrap_or_default();
            let products = products_of_order(wanted, &sales_store::lines(conn, sale.id)?)
                .map_err(|field| AppError::invalid_fields(vec![field]))?;
            let now = Utc::now().naive_utc();
            let status = changes.status.map_or(0, |s| i32::from(s.code()));
            let new = NewSav {
                sale_id: sale.id,
                status,
                type_pb: changes.type_pb.clone().unwrap_or_else(|| "garantie".into()),
                claim_date: changes.claim_date.or(Some(now.date())),
                created_at: now,
                validated_at: (status == 1).then_some(now),
                updated_at: now,
                customer_name: changes.customer_name.clone().or(sale.customer_name),
                customer_email: changes
                    .customer_email
                    .clone()
                    .map_or(sale.customer_email, Email::into_string),
                customer_phone: changes.customer_phone.clone().or(sale.customer_phone),
                observations: changes.observations.clone(),
                propositions: changes.propositions.clone(),
                final_action: changes.final_action.clone(),
                date_retour: changes.date_retour,
                pickup_rdv_date: changes.pickup_rdv_date,
                communication_type: changes.communication_type.clone(),
                archived: changes.archived.unwrap_or(false),
            };
            Ok::<_, AppError>(store::insert(conn, &new, &products, &actor)?)
        })
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::CREATED, json!({"sav_id": sav_id})))
}

/// `POST /sav/update-new-sale-sav/{id}`: a partial update; every status change is recorded.
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
            let sav = store::lock(conn, id)?.ok_or(SavError::SavNotFound)?;
            if sav.archived {
                return Err(SavError::SavArchived.into());
            }
            let now = Utc::now().naive_utc();
            let status = changes.status.map(|s| i32::from(s.code()));
            store::update_fields(conn, id, &changes, now)?;
            if status == Some(1) && sav.validated_at.is_none() {
                store::mark_validated(conn, id, now)?;
            }
            if let Some(to) = status.filter(|to| *to != sav.status) {
                store::record_status(conn, id, Some(sav.status), to, &actor, now)?;
            }
            if let Some(wanted) = &changes.products {
                let products = products_of_order(wanted, &sales_store::lines(conn, sav.sale_id)?)
                    .map_err(|field| AppError::invalid_fields(vec![field]))?;
                store::replace_products(conn, id, &products)?;
            }
            Ok::<_, AppError>(status.unwrap_or(sav.status))
        })
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::OK, json!({"sav_id": id, "status": updated})))
}

/// `GET /api/sav/{id}`: one SAV with its products, status history and pre-refund.
pub async fn get_sav(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_read")?;
    let id = path.into_inner();
    let view = db::run(&pool, move |conn| {
        let (sav, sale_ref) = store::find(conn, id)?.ok_or(SavError::SavNotFound)?;
        let mut view = sav.view(&sale_ref, &store::products(conn, id)?);
        view["history"] = store::history(conn, id)?.iter().map(|h| h.view()).collect();
        view["preRefund"] = match store::pre_refund_of(conn, id)? {
            Some((amount, status, created_at)) => json!({
                "amount": Cents(amount),
                "status": status,
                "createdAt": created_at.and_utc().to_rfc3339(),
            }),
            None => Value::Null,
        };
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::OK, json!({"sav": view})))
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    type_pb: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// `GET /api/sav?status=&type_pb=&from=&to=&page=`: SAV for quality monitoring, newest first.
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
                .and_then(|c| platform::codes::sav_status::SavStatus::from_code(c).ok())
                .map(|s| i32::from(s.code()))
                .ok_or_else(|| {
                    AppError::invalid_query("status", "must be one of 0, 1, 2, 4, 5, 6, 7")
                })?,
        ),
    };
    let day = |field: &str, value: Option<String>| -> Result<Option<_>, AppError> {
        match trimmed(value) {
            None => Ok(None),
            Some(raw) => dates::date(&raw)
                .map(|d| Some(store::day_start(d)))
                .ok_or_else(|| AppError::invalid_query(field, "must be a date written YYYY-MM-DD")),
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
        Ok::<_, diesel::result::Error>((views(conn, &rows)?, total))
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        json!({"total": total, "page": page.number, "perPage": page.size, "savRecords": records}),
    ))
}
