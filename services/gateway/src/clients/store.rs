//! Queries on `api_clients`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::ApiClient;
use crate::schema::api_clients;

pub fn insert(conn: &mut DbConn, client: &ApiClient) -> QueryResult<()> {
    diesel::insert_into(api_clients::table)
        .values(client)
        .execute(conn)
        .map(|_| ())
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<ApiClient>> {
    api_clients::table
        .order(api_clients::created_at.asc())
        .select(ApiClient::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .find(id)
        .select(ApiClient::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .filter(api_clients::username.eq(username))
        .select(ApiClient::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_token_lookup(conn: &mut DbConn, lookup: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .filter(api_clients::token_lookup.eq(lookup))
        .select(ApiClient::as_select())
        .first(conn)
        .optional()
}

/// Whether any client uses this terminal (seed 003 answers "Terminal not found" otherwise).
pub fn terminal_exists(conn: &mut DbConn, terminal: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        api_clients::table.filter(api_clients::terminal.eq(terminal)),
    ))
    .get_result(conn)
}

pub fn disable(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(api_clients::table.find(id))
        .set(api_clients::enabled.eq(false))
        .execute(conn)
}

/// Replaces the credential: the old one stops matching at once.
pub fn rotate(
    conn: &mut DbConn,
    id: &str,
    secret_hash: &str,
    token_lookup: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(api_clients::table.find(id))
        .set((
            api_clients::secret_hash.eq(secret_hash),
            api_clients::token_lookup.eq(token_lookup),
            api_clients::rotated_at.eq(now),
        ))
        .execute(conn)
}
