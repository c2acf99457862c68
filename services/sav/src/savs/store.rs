//! Queries on `savs`, `sav_products`, `sav_status_history` and `pre_refunds`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::codes::sav_status::SavStatus;
use platform::db::{DbConn, MAX_BIND_PARAMS};

use super::input::SavChanges;
use super::model::{NewPreRefund, NewStatusChange, Product, Sav, SavFields, StatusChange};
use crate::schema::{pre_refunds, sales, sav_products, sav_status_history, savs};

pub fn insert(conn: &mut DbConn, sav: &SavFields) -> QueryResult<i64> {
    diesel::insert_into(savs::table)
        .values(sav)
        .returning(savs::id)
        .get_result(conn)
}

/// Inserts SAV records without products or history, in multi-row statements: for loading
/// many at once (the bench seed). Returns the rows as stored (RETURNING's row order is not
/// promised, so the caller matches them by their fields). Each backend's own query.
pub fn insert_many(conn: &mut DbConn, savs: &[SavFields]) -> QueryResult<Vec<Sav>> {
    let mut stored = Vec::with_capacity(savs.len());
    for chunk in savs.chunks(MAX_BIND_PARAMS / 17) {
        let insert = diesel::insert_into(savs::table).values(chunk);
        stored.extend(match conn {
            DbConn::Pg(pg) => insert.returning(Sav::as_returning()).get_results(pg)?,
            DbConn::Sqlite(lite) => insert.returning(Sav::as_returning()).get_results(lite)?,
        });
    }
    Ok(stored)
}

/// Adds products to SAV records (`(sav id, product)`), in multi-row statements.
pub fn add_products_many(conn: &mut DbConn, products: &[(i64, Product)]) -> QueryResult<()> {
    for chunk in products.chunks(MAX_BIND_PARAMS / 4) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(sav_id, product)| {
                (
                    sav_products::sav_id.eq(*sav_id),
                    sav_products::sku.eq(&product.sku),
                    sav_products::name.eq(&product.name),
                    sav_products::quantity.eq(product.quantity),
                )
            })
            .collect();
        let insert = diesel::insert_into(sav_products::table).values(rows);
        match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(())
}

pub fn replace_products(conn: &mut DbConn, sav_id: i64, products: &[Product]) -> QueryResult<()> {
    diesel::delete(sav_products::table.filter(sav_products::sav_id.eq(sav_id))).execute(conn)?;
    add_products(conn, sav_id, products)
}

pub fn add_products(conn: &mut DbConn, sav_id: i64, products: &[Product]) -> QueryResult<()> {
    for product in products {
        diesel::insert_into(sav_products::table)
            .values((
                sav_products::sav_id.eq(sav_id),
                sav_products::sku.eq(&product.sku),
                sav_products::name.eq(&product.name),
                sav_products::quantity.eq(product.quantity),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn record_status(conn: &mut DbConn, change: &NewStatusChange) -> QueryResult<()> {
    diesel::insert_into(sav_status_history::table)
        .values(change)
        .execute(conn)?;
    Ok(())
}

/// Writes the fields `changes` names; the others stay as they are.
pub fn update_fields(
    conn: &mut DbConn,
    id: i64,
    changes: &SavChanges,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(savs::table.find(id))
        .set((
            savs::updated_at.eq(now),
            changes
                .customer_email
                .clone()
                .map(|v| savs::customer_email.eq(v.into_string())),
            changes
                .customer_name
                .clone()
                .map(|v| savs::customer_name.eq(v)),
            changes
                .customer_phone
                .clone()
                .map(|v| savs::customer_phone.eq(v)),
            changes.type_pb.clone().map(|v| savs::type_pb.eq(v)),
            changes.status.map(|v| savs::status.eq(v)),
            changes.claim_date.map(|v| savs::claim_date.eq(v)),
            changes
                .observations
                .clone()
                .map(|v| savs::observations.eq(v)),
            changes
                .propositions
                .clone()
                .map(|v| savs::propositions.eq(v)),
            changes
                .final_action
                .clone()
                .map(|v| savs::final_action.eq(v)),
            changes.date_retour.map(|v| savs::date_retour.eq(v)),
            changes.pickup_rdv_date.map(|v| savs::pickup_rdv_date.eq(v)),
            changes
                .communication_type
                .clone()
                .map(|v| savs::communication_type.eq(v)),
            changes.archived.map(|v| savs::archived.eq(v)),
        ))
        .execute(conn)
}

pub fn mark_validated(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(savs::table.find(id))
        .set(savs::validated_at.eq(now))
        .execute(conn)
}

/// The SAV, locked until the end of the write transaction.
pub fn lock(conn: &mut DbConn, id: i64) -> QueryResult<Option<Sav>> {
    platform::first_for_update!(conn, savs::table.find(id).select(Sav::as_select()))
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(Sav, String)>> {
    savs::table
        .inner_join(sales::table)
        .filter(savs::id.eq(id))
        .select((Sav::as_select(), sales::increment_id))
        .first(conn)
        .optional()
}

pub fn products(conn: &mut DbConn, sav_id: i64) -> QueryResult<Vec<Product>> {
    sav_products::table
        .filter(sav_products::sav_id.eq(sav_id))
        .order(sav_products::id.asc())
        .select(Product::as_select())
        .load(conn)
}

pub fn history(conn: &mut DbConn, sav_id: i64) -> QueryResult<Vec<StatusChange>> {
    sav_status_history::table
        .filter(sav_status_history::sav_id.eq(sav_id))
        .order(sav_status_history::id.asc())
        .select(StatusChange::as_select())
        .load(conn)
}

/// Products of several SAV at once, grouped by SAV id.
pub fn products_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, Product)>> {
    sav_products::table
        .filter(sav_products::sav_id.eq_any(ids))
        .order(sav_products::id.asc())
        .select((sav_products::sav_id, Product::as_select()))
        .load(conn)
}

/// A customer's unarchived SAV (those with `sku` only, when given), newest first: one page and
/// the total count. Written without boxing so PostgreSQL keeps the prepared statements: this is
/// the hot read of the chatbot and the support tools.
pub fn for_customer(
    conn: &mut DbConn,
    email: &str,
    sku: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<(Sav, String)>, i64)> {
    let of_customer = savs::customer_email.eq(email).and(savs::archived.eq(false));
    // One plain (not boxed) query per filter, so that PostgreSQL keeps each one prepared.
    macro_rules! counted_page {
        ($filter:expr) => {{
            let total = savs::table.filter($filter).count().get_result(conn)?;
            let page = savs::table
                .inner_join(sales::table)
                .filter($filter)
                .order((savs::created_at.desc(), savs::id.desc()))
                .limit(limit)
                .offset(offset)
                .select((Sav::as_select(), sales::increment_id))
                .load(conn)?;
            Ok((page, total))
        }};
    }
    match sku {
        None => counted_page!(of_customer),
        Some(sku) => counted_page!(
            of_customer.and(
                savs::id.eq_any(
                    sav_products::table
                        .filter(sav_products::sku.eq(sku))
                        .select(sav_products::sav_id),
                )
            )
        ),
    }
}

/// Filters of the quality-monitoring list.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub status: Option<SavStatus>,
    pub type_pb: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

pub fn list(
    conn: &mut DbConn,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<(Sav, String)>, i64)> {
    let filtered = || {
        let mut query = savs::table.inner_join(sales::table).into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(savs::status.eq(status));
        }
        if let Some(type_pb) = &filter.type_pb {
            query = query.filter(savs::type_pb.eq(type_pb.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(savs::created_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(savs::created_at.lt(to));
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let page = filtered()
        .order((savs::created_at.desc(), savs::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((Sav::as_select(), sales::increment_id))
        .load(conn)?;
    Ok((page, total))
}

/// Whether the order already has an unarchived SAV of this type.
pub fn open_of_type_exists(conn: &mut DbConn, sale_id: i64, type_pb: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        savs::table
            .filter(savs::sale_id.eq(sale_id))
            .filter(savs::type_pb.eq(type_pb))
            .filter(savs::archived.eq(false)),
    ))
    .get_result(conn)
}

pub fn insert_pre_refund(conn: &mut DbConn, pre_refund: &NewPreRefund) -> QueryResult<()> {
    diesel::insert_into(pre_refunds::table)
        .values(pre_refund)
        .execute(conn)?;
    Ok(())
}

/// The pre-refund of a SAV: amount in cents, status, creation time.
pub fn pre_refund_of(
    conn: &mut DbConn,
    sav_id: i64,
) -> QueryResult<Option<(i64, String, NaiveDateTime)>> {
    pre_refunds::table
        .filter(pre_refunds::sav_id.eq(sav_id))
        .select((
            pre_refunds::amount_cents,
            pre_refunds::status,
            pre_refunds::created_at,
        ))
        .first(conn)
        .optional()
}

/// A date as the start of its day, for range filters.
pub fn day_start(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(0, 0, 0).unwrap_or_default()
}
