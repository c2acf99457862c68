//! Queries on `products`, `locations` and `suppliers`: written by the shop's ids, listed for
//! the back office's pickers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::{DbConn, is_unique_violation, write_transaction};

use crate::customers::model::contains_pattern;
use crate::schema::{locations, products, suppliers};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = locations)]
pub struct Location {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = suppliers)]
pub struct Supplier {
    pub id: String,
    pub name: String,
}

/// Runs an update-else-insert; when a concurrent writer inserted the same id first, once more
/// (it then updates): a replay or a race leaves one row with the last values.
fn upsert(conn: &mut DbConn, write: impl Fn(&mut DbConn) -> QueryResult<()>) -> QueryResult<()> {
    match write_transaction(conn, &write) {
        Err(err) if is_unique_violation(&err) => write_transaction(conn, &write),
        outcome => outcome,
    }
}

pub fn put_product(conn: &mut DbConn, product: &Product, now: NaiveDateTime) -> QueryResult<()> {
    let search = crate::customers::model::search_text(&format!(
        "{} {}",
        product.name,
        product.reference.as_deref().unwrap_or("")
    ));
    upsert(conn, |conn| {
        let changed = diesel::update(products::table.find(&product.id))
            .set((
                products::name.eq(&product.name),
                products::reference.eq(&product.reference),
                products::search.eq(&search),
                products::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(products::table)
                .values((
                    products::id.eq(&product.id),
                    products::name.eq(&product.name),
                    products::reference.eq(&product.reference),
                    products::search.eq(&search),
                    products::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

pub fn put_location(conn: &mut DbConn, location: &Location, now: NaiveDateTime) -> QueryResult<()> {
    upsert(conn, |conn| {
        let changed = diesel::update(locations::table.find(&location.id))
            .set((
                locations::name.eq(&location.name),
                locations::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(locations::table)
                .values((
                    locations::id.eq(&location.id),
                    locations::name.eq(&location.name),
                    locations::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

pub fn put_supplier(conn: &mut DbConn, supplier: &Supplier, now: NaiveDateTime) -> QueryResult<()> {
    let search = crate::customers::model::search_text(&supplier.name);
    upsert(conn, |conn| {
        let changed = diesel::update(suppliers::table.find(&supplier.id))
            .set((
                suppliers::name.eq(&supplier.name),
                suppliers::search.eq(&search),
                suppliers::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(suppliers::table)
                .values((
                    suppliers::id.eq(&supplier.id),
                    suppliers::name.eq(&supplier.name),
                    suppliers::search.eq(&search),
                    suppliers::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

pub fn location_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(locations::table.find(id))).get_result(conn)
}

/// The warehouses, by name.
pub fn locations(conn: &mut DbConn, limit: i64, offset: i64) -> QueryResult<(Vec<Location>, i64)> {
    let total = locations::table.count().get_result(conn)?;
    let rows = locations::table
        .order((locations::name.asc(), locations::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(Location::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The products whose name or reference contains `search` (lowercase), by name.
pub fn products(
    conn: &mut DbConn,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Product>, i64)> {
    let filtered = || {
        let mut query = products::table.into_boxed();
        if let Some(search) = search {
            query = query.filter(products::search.like(contains_pattern(search)).escape('\\'));
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((products::name.asc(), products::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(Product::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The suppliers whose name contains `search` (lowercase), by name.
pub fn suppliers(
    conn: &mut DbConn,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Supplier>, i64)> {
    let filtered = || {
        let mut query = suppliers::table.into_boxed();
        if let Some(search) = search {
            query = query.filter(
                suppliers::search
                    .like(contains_pattern(search))
                    .escape('\\'),
            );
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((suppliers::name.asc(), suppliers::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(Supplier::as_select())
        .load(conn)?;
    Ok((rows, total))
}
