//! Queries on `imports`: the files uploaded on the import page, their preview and their run.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::imports;

pub const PREVIEWED: &str = "previewed";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

#[derive(Debug, Insertable)]
#[diesel(table_name = imports, treat_none_as_default_value = false)]
pub struct NewImport<'a> {
    pub id: &'a str,
    pub owner: &'a str,
    pub filename: &'a str,
    pub format: &'a str,
    pub content: &'a [u8],
    pub row_count: i64,
    pub actions: &'a str,
    pub problems: &'a str,
    pub state: &'a str,
    pub created_at: NaiveDateTime,
}

/// An import without its file.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = imports)]
pub struct Import {
    pub id: String,
    pub filename: String,
    pub format: String,
    pub row_count: i64,
    pub actions: String,
    pub problems: String,
    pub state: String,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub message: Option<String>,
}

pub fn insert(conn: &mut DbConn, import: &NewImport) -> QueryResult<usize> {
    diesel::insert_into(imports::table)
        .values(import)
        .execute(conn)
}

/// The import `id` of `owner` (another's is as unknown as a missing one).
pub fn find(conn: &mut DbConn, id: &str, owner: &str) -> QueryResult<Option<Import>> {
    imports::table
        .filter(imports::id.eq(id).and(imports::owner.eq(owner)))
        .select(Import::as_select())
        .first(conn)
        .optional()
}

/// The file of the import `id` of `owner`: its format and its bytes.
pub fn content(conn: &mut DbConn, id: &str, owner: &str) -> QueryResult<Option<(String, Vec<u8>)>> {
    imports::table
        .filter(imports::id.eq(id).and(imports::owner.eq(owner)))
        .select((imports::format, imports::content))
        .first(conn)
        .optional()
}

/// Marks a previewed import without problems as running; false when it is not (another run
/// took it, or it has problems): the one atomic `UPDATE` decides between two clicks.
pub fn claim(conn: &mut DbConn, id: &str, owner: &str) -> QueryResult<bool> {
    let claimed = diesel::update(
        imports::table.filter(
            imports::id
                .eq(id)
                .and(imports::owner.eq(owner))
                .and(imports::state.eq(PREVIEWED))
                .and(imports::problems.eq("")),
        ),
    )
    .set(imports::state.eq(RUNNING))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// What the run did: the counts, or why it failed.
pub fn finish(
    conn: &mut DbConn,
    id: &str,
    outcome: Result<(i64, i64, i64), String>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let target = imports::table.filter(imports::id.eq(id));
    match outcome {
        Ok((created, updated, unchanged)) => diesel::update(target)
            .set((
                imports::state.eq(DONE),
                imports::created.eq(created),
                imports::updated.eq(updated),
                imports::unchanged.eq(unchanged),
                imports::finished_at.eq(at),
            ))
            .execute(conn),
        Err(message) => diesel::update(target)
            .set((
                imports::state.eq(FAILED),
                imports::message.eq(message),
                imports::finished_at.eq(at),
            ))
            .execute(conn),
    }
}

/// Removes the imports uploaded before `before` (their files are kept only for a while).
pub fn forget_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        imports::table.filter(
            imports::created_at
                .lt(before)
                .and(imports::state.ne(RUNNING)),
        ),
    )
    .execute(conn)
}
