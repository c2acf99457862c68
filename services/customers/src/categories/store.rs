//! Queries on `customer_categories`. The default changes only inside a write transaction that
//! first takes [`lock_categories`], so concurrent changes queue instead of racing.

use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{customer_categories, customers};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_categories)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> QueryResult<(Vec<Category>, i64)> {
    let total = customer_categories::table.count().get_result(conn)?;
    let rows = customer_categories::table
        .order(customer_categories::id)
        .limit(limit)
        .offset(offset)
        .select(Category::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Category>> {
    customer_categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

pub fn default_id(conn: &mut DbConn) -> QueryResult<i64> {
    customer_categories::table
        .filter(customer_categories::is_default.eq(true))
        .select(customer_categories::id)
        .first(conn)
}

pub fn insert(conn: &mut DbConn, name: &str) -> QueryResult<i64> {
    diesel::insert_into(customer_categories::table)
        .values((
            customer_categories::name.eq(name),
            customer_categories::is_default.eq(false),
            customer_categories::created_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .returning(customer_categories::id)
        .get_result(conn)
}

pub fn rename(conn: &mut DbConn, id: i64, name: &str) -> QueryResult<usize> {
    diesel::update(customer_categories::table.find(id))
        .set(customer_categories::name.eq(name))
        .execute(conn)
}

/// Serializes every change of the default: PostgreSQL locks the table against other writers
/// until the transaction ends (each later statement then sees the committed default); SQLite's
/// `BEGIN IMMEDIATE` already holds the database's write lock.
pub fn lock_categories(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("LOCK TABLE customer_categories IN SHARE ROW EXCLUSIVE MODE")
            .execute(pg)?;
    }
    Ok(())
}

/// Makes `id` the default and unsets the previous one (within the caller's transaction).
pub fn make_default(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::update(
        customer_categories::table
            .filter(customer_categories::is_default.eq(true))
            .filter(customer_categories::id.ne(id)),
    )
    .set(customer_categories::is_default.eq(false))
    .execute(conn)?;
    diesel::update(customer_categories::table.find(id))
        .set(customer_categories::is_default.eq(true))
        .execute(conn)?;
    Ok(())
}

/// Moves the category's customers to `to`, then deletes it.
pub fn delete_moving_customers(conn: &mut DbConn, id: i64, to: i64) -> QueryResult<()> {
    diesel::update(customers::table.filter(customers::category_id.eq(id)))
        .set(customers::category_id.eq(to))
        .execute(conn)?;
    diesel::delete(customer_categories::table.find(id)).execute(conn)?;
    Ok(())
}
