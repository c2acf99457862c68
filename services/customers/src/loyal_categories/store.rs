//! Queries on `loyal_categories`.

use diesel::prelude::*;
use platform::db::{DbConn, is_unique_violation};

use crate::schema::loyal_categories;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = loyal_categories)]
pub struct LoyalCategory {
    pub id: i64,
    pub name: String,
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> QueryResult<(Vec<LoyalCategory>, i64)> {
    let total = loyal_categories::table.count().get_result(conn)?;
    let rows = loyal_categories::table
        .order(loyal_categories::id)
        .limit(limit)
        .offset(offset)
        .select(LoyalCategory::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<LoyalCategory>> {
    loyal_categories::table
        .find(id)
        .select(LoyalCategory::as_select())
        .first(conn)
        .optional()
}

/// Writes the shop's category under its own id: a replay changes nothing. Returns whether it
/// was new.
pub fn put(conn: &mut DbConn, id: i64, name: &str) -> QueryResult<bool> {
    let rename = |conn: &mut DbConn| {
        diesel::update(loyal_categories::table.find(id))
            .set(loyal_categories::name.eq(name))
            .execute(conn)
    };
    if rename(conn)? > 0 {
        return Ok(false);
    }
    match diesel::insert_into(loyal_categories::table)
        .values((loyal_categories::id.eq(id), loyal_categories::name.eq(name)))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        // Written by a concurrent call meanwhile.
        Err(err) if is_unique_violation(&err) => rename(conn).map(|_| false),
        Err(err) => Err(err),
    }
}
