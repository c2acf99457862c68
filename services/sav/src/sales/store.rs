//! Queries on `sales` and `sale_lines`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{Line, Sale, StoredLine, StoredSale};
use crate::schema::{sale_lines, sales};

pub fn find_by_increment_id(
    conn: &mut DbConn,
    increment_id: &str,
) -> QueryResult<Option<StoredSale>> {
    sales::table
        .filter(sales::increment_id.eq(increment_id))
        .select(StoredSale::as_select())
        .first(conn)
        .optional()
}

/// The order, locked until the end of the write transaction.
pub fn lock_by_increment_id(
    conn: &mut DbConn,
    increment_id: &str,
) -> QueryResult<Option<StoredSale>> {
    platform::first_for_update!(
        conn,
        sales::table
            .filter(sales::increment_id.eq(increment_id))
            .select(StoredSale::as_select())
    )
}

pub fn lines(conn: &mut DbConn, sale_id: i64) -> QueryResult<Vec<StoredLine>> {
    sale_lines::table
        .filter(sale_lines::sale_id.eq(sale_id))
        .order(sale_lines::id.asc())
        .select(StoredLine::as_select())
        .load(conn)
}

/// Inserts or replaces an order and its lines; returns its id.
pub fn upsert(conn: &mut DbConn, sale: &Sale, now: NaiveDateTime) -> QueryResult<i64> {
    let existing = lock_by_increment_id(conn, &sale.increment_id)?;
    let values = (
        sales::customer_email.eq(sale.customer_email.as_str()),
        sales::customer_name.eq(&sale.customer_name),
        sales::customer_phone.eq(&sale.customer_phone),
        sales::grand_total_cents.eq(sale.grand_total.0),
        sales::coupon_code.eq(&sale.coupon_code),
        sales::status.eq(&sale.status),
        sales::created_at.eq(sale.created_at),
        sales::updated_at.eq(now),
    );
    let id = match existing {
        Some(stored) => {
            diesel::update(sales::table.find(stored.id))
                .set(values)
                .execute(conn)?;
            diesel::delete(sale_lines::table.filter(sale_lines::sale_id.eq(stored.id)))
                .execute(conn)?;
            stored.id
        }
        None => diesel::insert_into(sales::table)
            .values((sales::increment_id.eq(&sale.increment_id), values))
            .returning(sales::id)
            .get_result(conn)?,
    };
    for line in &sale.lines {
        diesel::insert_into(sale_lines::table)
            .values(&Line {
                sale_id: id,
                ..line.clone()
            })
            .execute(conn)?;
    }
    Ok(id)
}
