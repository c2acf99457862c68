//! Queries on `signing_keys`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::KeyError;
use crate::schema::signing_keys;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKey {
    pub kid: String,
    /// PKCS#8 DER, base64.
    pub private_key: String,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

/// Unretired keys and keys retired after `since`.
pub fn published_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<SigningKey>> {
    signing_keys::table
        .filter(
            signing_keys::retired_at
                .is_null()
                .or(signing_keys::retired_at.gt(since)),
        )
        .select(SigningKey::as_select())
        .load(conn)
}

pub fn create(conn: &mut DbConn, now: NaiveDateTime) -> Result<SigningKey, KeyError> {
    let der = platform::auth::new_ed25519_pkcs8().map_err(|e| KeyError::Invalid {
        kid: String::new(),
        message: e.to_string(),
    })?;
    let key = SigningKey {
        kid: format!("k{}", now.and_utc().format("%Y%m%d%H%M%S%f")),
        private_key: STANDARD.encode(&der),
        created_at: now,
        retired_at: None,
    };
    diesel::insert_into(signing_keys::table)
        .values(&key)
        .execute(conn)?;
    Ok(key)
}

pub fn retire_all(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(signing_keys::table.filter(signing_keys::retired_at.is_null()))
        .set(signing_keys::retired_at.eq(now))
        .execute(conn)
}
