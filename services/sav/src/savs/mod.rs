//! SAV records: their products, status history, and the endpoints of seed 000 around them.
//! Each write use case is a plain function called inside the handler's write transaction; every
//! status a SAV takes goes through [`status_changed`].

pub mod handlers;
pub mod input;
pub mod model;
pub mod responses;
pub mod store;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use platform::AppError;
use platform::codes::sav_status::SavStatus;
use platform::db::DbConn;

use crate::errors::SavError;
use crate::repairs;
use crate::sales::model::StoredSale;
use crate::sales::store as sales;
use crate::webhooks;
use input::SavChanges;
use model::{NewStatusChange, Product, SavFields, is_validated, products_of_order};

/// The one path of a status change (a creation's first status included) of a SAV on order
/// `sale_ref`: its history row and its event to the partners' webhooks. Called inside the
/// transaction of the change, so both are written with it or not at all.
pub fn status_changed(
    conn: &mut DbConn,
    change: &NewStatusChange,
    sale_ref: &str,
) -> QueryResult<()> {
    store::record_status(conn, change)?;
    webhooks::status_changed(conn, change, sale_ref)
}

/// A new SAV on order `sale_ref` with its products and its first status; its id.
pub fn open(
    conn: &mut DbConn,
    sav: &SavFields,
    sale_ref: &str,
    products: &[Product],
    actor: &str,
) -> QueryResult<i64> {
    let id = store::insert(conn, sav)?;
    store::add_products(conn, id, products)?;
    let first = NewStatusChange {
        sav_id: id,
        from_status: None,
        to_status: sav.status,
        actor: actor.to_string(),
        changed_at: sav.created_at,
    };
    status_changed(conn, &first, sale_ref)?;
    Ok(id)
}

/// `create-sale-sav`: a SAV on the order `sale_ref`, its products lines of that order; a
/// warranty SAV with a serial asks for its repair when `repairs` is on (`Some`).
pub fn create(
    conn: &mut DbConn,
    sale_ref: &str,
    mut changes: SavChanges,
    actor: &str,
    now: NaiveDateTime,
    repairs: Option<&repairs::Asking>,
) -> Result<i64, AppError> {
    let sale: StoredSale =
        sales::find_by_increment_id(conn, sale_ref)?.ok_or(SavError::SaleNotFound)?;
    let wanted = changes.products.as_deref().unwrap_or_default();
    let products = products_of_order(wanted, &sales::lines(conn, sale.id)?)
        .map_err(|field| AppError::invalid_fields(vec![field]))?;
    let sale_ref = sale.increment_id.clone();
    let repair = (changes.serial_number.take(), changes.brand.take());
    let new = SavFields::of_sale(sale, changes, now);
    let id = open(conn, &new, &sale_ref, &products, actor)?;
    if let (Some(serial), brand) = repair
        && let Some(asking) = repairs
        && repairs::model::asks_for_repair(Some(&new.type_pb))
    {
        repairs::open(conn, id, serial, brand, asking, now)?;
    }
    Ok(id)
}

/// `update-new-sale-sav/{id}`: the fields `changes` names, a status change recorded; the
/// status after the update.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    changes: &SavChanges,
    actor: &str,
    now: NaiveDateTime,
) -> Result<SavStatus, AppError> {
    if changes.serial_number.is_some() || changes.brand.is_some() {
        return Err(AppError::invalid_fields(vec![platform::FieldError {
            field: if changes.serial_number.is_some() {
                "serial_number"
            } else {
                "brand"
            }
            .into(),
            message: "is given on creation only, or to POST /api/sav/{id}/repair".into(),
        }]));
    }
    let sav = store::lock(conn, id)?.ok_or(SavError::SavNotFound)?.fields;
    if sav.archived {
        return Err(SavError::SavArchived.into());
    }
    store::update_fields(conn, id, changes, now)?;
    if changes.status.is_some_and(is_validated) && sav.validated_at.is_none() {
        store::mark_validated(conn, id, now)?;
    }
    if let Some(to) = changes.status.filter(|to| *to != sav.status) {
        let change = NewStatusChange {
            sav_id: id,
            from_status: Some(sav.status),
            to_status: to,
            actor: actor.to_string(),
            changed_at: now,
        };
        let sale_ref = sales::increment_id_of(conn, sav.sale_id)?;
        status_changed(conn, &change, &sale_ref)?;
    }
    if let Some(wanted) = &changes.products {
        let products = products_of_order(wanted, &sales::lines(conn, sav.sale_id)?)
            .map_err(|field| AppError::invalid_fields(vec![field]))?;
        store::replace_products(conn, id, &products)?;
    }
    Ok(changes.status.unwrap_or(sav.status))
}
