//! Taking due events for delivery, safely with several dispatchers over one database: on
//! PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED` (each dispatcher takes a share,
//! none waits on another's), on SQLite the write transaction (`BEGIN IMMEDIATE`) holds the
//! database while the claim is written. A claimed event's next attempt moves to the end of its
//! lease, so no other dispatcher takes it meanwhile, and one that dies mid-delivery is retried
//! once the lease is over.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::{OutboxEvent, outbox};
use crate::db::{self, DbConn};

/// Due: not settled, its next attempt reached, of a topic asked, and first of its stream (no
/// older event of the stream is still pending, whether due or not).
const DUE: &str = "SELECT o.* FROM outbox o \
    WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL AND o.next_attempt_at <= {now} \
    AND o.topic IN ({topics}) \
    AND (o.stream IS NULL OR NOT EXISTS (SELECT 1 FROM outbox p \
        WHERE p.stream = o.stream AND p.id < o.id \
        AND p.delivered_at IS NULL AND p.gave_up_at IS NULL)) \
    ORDER BY o.id LIMIT {limit}";

/// The due events of `topics` (at most `limit`, oldest first), claimed until `lease_until`.
pub fn claim_due(
    conn: &mut DbConn,
    topics: &[&str],
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxEvent>> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    db::write_transaction(conn, |conn| {
        let claimed = match conn {
            DbConn::Pg(pg) => {
                let sql = format!(
                    "{} FOR UPDATE OF o SKIP LOCKED",
                    due_sql(topics.len(), |i| format!("${i}"))
                );
                let mut query = diesel::sql_query(sql)
                    .into_boxed::<diesel::pg::Pg>()
                    .bind::<Timestamp, _>(now);
                for topic in topics {
                    query = query.bind::<Text, _>(topic.to_string());
                }
                query.bind::<BigInt, _>(limit).load::<OutboxEvent>(pg)?
            }
            DbConn::Sqlite(sqlite) => {
                let sql = due_sql(topics.len(), |_| "?".to_string());
                let mut query = diesel::sql_query(sql)
                    .into_boxed::<diesel::sqlite::Sqlite>()
                    .bind::<Timestamp, _>(now);
                for topic in topics {
                    query = query.bind::<Text, _>(topic.to_string());
                }
                query.bind::<BigInt, _>(limit).load::<OutboxEvent>(sqlite)?
            }
        };
        if !claimed.is_empty() {
            let ids: Vec<i64> = claimed.iter().map(|e| e.id).collect();
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set(outbox::next_attempt_at.eq(lease_until))
                .execute(conn)?;
        }
        Ok(claimed)
    })
}

/// [`DUE`] with the backend's placeholders, numbered from 1 in bind order.
fn due_sql(topics: usize, placeholder: impl Fn(usize) -> String) -> String {
    let topics: Vec<String> = (2..2 + topics).map(&placeholder).collect();
    DUE.replace("{now}", &placeholder(1))
        .replace("{topics}", &topics.join(", "))
        .replace("{limit}", &placeholder(2 + topics.len()))
}

#[cfg(test)]
mod tests {
    use super::due_sql;

    #[test]
    fn placeholders_follow_the_bind_order() {
        let sql = due_sql(2, |i| format!("${i}"));
        assert!(sql.contains("next_attempt_at <= $1"), "{sql}");
        assert!(sql.contains("o.topic IN ($2, $3)"), "{sql}");
        assert!(sql.ends_with("LIMIT $4"), "{sql}");
    }
}
