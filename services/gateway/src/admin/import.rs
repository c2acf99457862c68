//! `gateway clients import FILE`: the file read, checked by [`crate::clients::import`], checked
//! against the stored clients, and written in one transaction or not at all.

use chrono::Utc;
use platform::auth::hash_secret;
use platform::db::DbConn;

use super::{AdminError, Printed, failed};
use crate::clients::import::{self, Candidate, Refusal};
use crate::clients::model::ApiClient;
use crate::clients::store;

/// All or nothing: every row is checked (the file's own duplicates, then the database's)
/// before any is written, and all are written in one transaction.
pub(super) fn import_file(conn: &mut DbConn, path: &str) -> Result<Printed, AdminError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AdminError::Failed(format!("reading {path}: {e}")))?;
    let refused = |refused: Vec<Refusal>| {
        AdminError::Refused(Printed::Refused {
            imported: 0,
            refused,
        })
    };
    let rows = import::parse(path, &text).map_err(|r| refused(vec![r]))?;
    let mut candidates = import::check(rows, Utc::now().naive_utc()).map_err(refused)?;
    let taken = taken_in_database(conn, &candidates)?;
    if !taken.is_empty() {
        return Err(refused(taken));
    }
    for candidate in &mut candidates {
        candidate.client.secret_hash = hash_secret(&candidate.secret).map_err(failed)?;
    }
    let clients: Vec<ApiClient> = candidates.into_iter().map(|c| c.client).collect();
    store::insert_all(conn, &clients).map_err(|e| {
        if platform::db::is_unique_violation(&e) {
            AdminError::Failed(
                "a client id, username or API token was taken meanwhile; nothing was written"
                    .into(),
            )
        } else {
            failed(e)
        }
    })?;
    Ok(Printed::Imported {
        imported: clients.len(),
        clients: clients.into_iter().map(ApiClient::into_view).collect(),
    })
}

/// Rows whose client id, username or API token a stored client already has.
fn taken_in_database(
    conn: &mut DbConn,
    candidates: &[Candidate],
) -> Result<Vec<Refusal>, AdminError> {
    let ids: Vec<&str> = candidates.iter().map(|c| c.client.id.as_str()).collect();
    let usernames: Vec<&str> = candidates
        .iter()
        .filter_map(|c| c.client.username.as_deref())
        .collect();
    let lookups: Vec<&str> = candidates
        .iter()
        .filter_map(|c| c.client.token_lookup.as_deref())
        .collect();
    let taken_ids = store::taken_ids(conn, &ids).map_err(failed)?;
    let taken_usernames = store::taken_usernames(conn, &usernames).map_err(failed)?;
    let taken_lookups = store::taken_token_lookups(conn, &lookups).map_err(failed)?;
    let mut refusals = Vec::new();
    for candidate in candidates {
        let client = &candidate.client;
        let checks = [
            ("client_id", Some(&client.id), &taken_ids),
            ("username", client.username.as_ref(), &taken_usernames),
            ("api_token", client.token_lookup.as_ref(), &taken_lookups),
        ];
        for (field, value, taken) in checks {
            if value.is_some_and(|v| taken.contains(v)) {
                refusals.push(Refusal::new(
                    candidate.row,
                    field,
                    "already used by a stored client",
                ));
            }
        }
    }
    Ok(refusals)
}
