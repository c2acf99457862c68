//! Queries on `partner_endpoints`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::Endpoint;
use crate::schema::partner_endpoints;

pub fn endpoint(conn: &mut DbConn, partner: &str) -> QueryResult<Option<Endpoint>> {
    partner_endpoints::table
        .find(partner)
        .select(Endpoint::as_select())
        .first(conn)
        .optional()
}

pub fn is_enabled(conn: &mut DbConn, partner: &str) -> QueryResult<bool> {
    partner_endpoints::table
        .find(partner)
        .select(partner_endpoints::enabled)
        .first(conn)
        .optional()
        .map(|enabled| enabled == Some(true))
}

/// Creates or replaces the partner's endpoint; call it in a write transaction (the read and
/// the write must not interleave with another writer's).
pub fn save(
    conn: &mut DbConn,
    partner: &str,
    url: &str,
    secret: &str,
    enabled: bool,
    now: NaiveDateTime,
) -> QueryResult<Endpoint> {
    let exists = endpoint(conn, partner)?.is_some();
    if exists {
        diesel::update(partner_endpoints::table.find(partner))
            .set((
                partner_endpoints::url.eq(url),
                partner_endpoints::secret.eq(secret),
                partner_endpoints::enabled.eq(enabled),
                partner_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(partner_endpoints::table)
            .values((
                partner_endpoints::partner_id.eq(partner),
                partner_endpoints::url.eq(url),
                partner_endpoints::secret.eq(secret),
                partner_endpoints::enabled.eq(enabled),
                partner_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(Endpoint {
        partner_id: partner.to_string(),
        url: url.to_string(),
        secret: secret.to_string(),
        enabled,
        updated_at: now,
    })
}
