//! Queries on `api_clients`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use platform::db::write_transaction;

use super::model::{ApiClient, OpaqueToken};
use crate::schema::{api_clients, opaque_tokens};

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

/// Inserts every client or none.
pub fn insert_all(conn: &mut DbConn, clients: &[ApiClient]) -> QueryResult<()> {
    write_transaction(conn, |conn| {
        clients.iter().try_for_each(|c| insert(conn, c))
    })
}

/// Of these client ids, those already taken.
pub fn taken_ids(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<String>> {
    api_clients::table
        .filter(api_clients::id.eq_any(ids))
        .select(api_clients::id)
        .load(conn)
}

/// Of these usernames, those already taken.
pub fn taken_usernames(conn: &mut DbConn, usernames: &[&str]) -> QueryResult<Vec<String>> {
    api_clients::table
        .filter(api_clients::username.eq_any(usernames))
        .select(api_clients::username.assume_not_null())
        .load(conn)
}

/// Of these API token lookups, those already taken.
pub fn taken_token_lookups(conn: &mut DbConn, lookups: &[&str]) -> QueryResult<Vec<String>> {
    api_clients::table
        .filter(api_clients::token_lookup.eq_any(lookups))
        .select(api_clients::token_lookup.assume_not_null())
        .load(conn)
}

/// The clients with a rate limit of their own.
pub fn own_rates(conn: &mut DbConn) -> QueryResult<Vec<ApiClient>> {
    api_clients::table
        .filter(api_clients::rate_per_sec.is_not_null())
        .select(ApiClient::as_select())
        .load(conn)
}

/// Sets the client's token format and rate limit (each `None` is the gateway's default).
pub fn update_settings(
    conn: &mut DbConn,
    id: &str,
    token_format: Option<&str>,
    rate: Option<(i32, i32)>,
) -> QueryResult<usize> {
    diesel::update(api_clients::table.find(id))
        .set((
            api_clients::token_format.eq(token_format),
            api_clients::rate_per_sec.eq(rate.map(|r| r.0)),
            api_clients::burst.eq(rate.map(|r| r.1)),
        ))
        .execute(conn)
}

/// Disables the client and ends its opaque tokens, in one transaction.
pub fn disable(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    write_transaction(conn, |conn| {
        diesel::delete(opaque_tokens::table.filter(opaque_tokens::client_id.eq(id)))
            .execute(conn)?;
        diesel::update(api_clients::table.find(id))
            .set(api_clients::enabled.eq(false))
            .execute(conn)
    })
}

/// Stores a new opaque token and drops the client's expired ones, in one transaction.
pub fn insert_opaque(conn: &mut DbConn, token: &OpaqueToken) -> QueryResult<()> {
    write_transaction(conn, |conn| {
        diesel::delete(
            opaque_tokens::table
                .filter(opaque_tokens::client_id.eq(&token.client_id))
                .filter(opaque_tokens::expires_at.le(token.created_at)),
        )
        .execute(conn)?;
        diesel::insert_into(opaque_tokens::table)
            .values(token)
            .execute(conn)
            .map(|_| ())
    })
}

/// An unexpired opaque token of an enabled client, by the SHA-256 of the token.
pub fn find_opaque(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(OpaqueToken, ApiClient)>> {
    opaque_tokens::table
        .inner_join(api_clients::table)
        .filter(opaque_tokens::token_hash.eq(token_hash))
        .filter(opaque_tokens::expires_at.gt(now))
        .filter(api_clients::enabled.eq(true))
        .select((OpaqueToken::as_select(), ApiClient::as_select()))
        .first(conn)
        .optional()
}

/// Replaces the credential and ends the client's opaque tokens, in one transaction: the old
/// credential and its tokens stop matching at once.
pub fn rotate(
    conn: &mut DbConn,
    id: &str,
    secret_hash: &str,
    token_lookup: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    write_transaction(conn, |conn| {
        diesel::delete(opaque_tokens::table.filter(opaque_tokens::client_id.eq(id)))
            .execute(conn)?;
        diesel::update(api_clients::table.find(id))
            .set((
                api_clients::secret_hash.eq(secret_hash),
                api_clients::token_lookup.eq(token_lookup),
                api_clients::rotated_at.eq(now),
            ))
            .execute(conn)
    })
}
