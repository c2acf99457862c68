//! Queries on `sales` and `sale_lines`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::{DbConn, MAX_BIND_PARAMS};

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

/// The `increment_id` of the order with this id.
pub fn increment_id_of(conn: &mut DbConn, id: i64) -> QueryResult<String> {
    sales::table
        .find(id)
        .select(sales::increment_id)
        .first(conn)
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

/// Inserts new orders as they stand at their creation (no order may exist yet under their
/// numbers) and their lines, in multi-row statements: for loading many at once (the bench
/// seed); their ids, in the order given. A multi-row insert is each backend's own query.
pub fn insert_many(conn: &mut DbConn, sales: &[Sale]) -> QueryResult<Vec<i64>> {
    let mut stored = Vec::with_capacity(sales.len());
    let mut lines = Vec::new();
    for chunk in sales.chunks(MAX_BIND_PARAMS / 10) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|sale| {
                (
                    sales::increment_id.eq(&sale.increment_id),
                    sales::customer_email.eq(sale.customer_email.as_str()),
                    sales::customer_name.eq(&sale.customer_name),
                    sales::customer_phone.eq(&sale.customer_phone),
                    sales::grand_total_cents.eq(sale.grand_total.0),
                    sales::coupon_code.eq(&sale.coupon_code),
                    sales::status.eq(&sale.status),
                    sales::created_at.eq(sale.created_at),
                    sales::updated_at.eq(sale.created_at),
                )
            })
            .collect();
        let insert = diesel::insert_into(sales::table).values(rows);
        let ids: Vec<(String, i64)> = match conn {
            DbConn::Pg(pg) => insert
                .returning((sales::increment_id, sales::id))
                .get_results(pg)?,
            DbConn::Sqlite(lite) => insert
                .returning((sales::increment_id, sales::id))
                .get_results(lite)?,
        };
        // RETURNING's row order is not promised: rows are matched back by order number.
        let ids: std::collections::HashMap<String, i64> = ids.into_iter().collect();
        for sale in chunk {
            let id = *ids
                .get(&sale.increment_id)
                .ok_or(diesel::result::Error::NotFound)?;
            lines.extend(sale.lines.iter().map(|line| Line {
                sale_id: id,
                ..line.clone()
            }));
            stored.push(id);
        }
    }
    for chunk in lines.chunks(MAX_BIND_PARAMS / 5) {
        let insert = diesel::insert_into(sale_lines::table).values(chunk);
        match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(stored)
}
