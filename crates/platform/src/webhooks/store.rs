//! Queries on `webhook_subscriptions` and `webhook_deliveries` (platform migrations).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        client_id -> Text,
        audience -> Nullable<Text>,
        url -> Text,
        secret -> Text,
        events -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        subscription_id -> Text,
        client_id -> Text,
        event_id -> Text,
        event -> Text,
        attempt -> Integer,
        outcome -> Text,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
        attempted_at -> Timestamp,
    }
}

/// A client's endpoint. `secret` signs deliveries: it is never logged nor shown again.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct Subscription {
    pub id: String,
    pub client_id: String,
    pub audience: Option<String>,
    pub url: String,
    pub secret: String,
    /// Space-separated event names; empty for every event.
    pub events: String,
    pub created_at: NaiveDateTime,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("client_id", &self.client_id)
            .field("url", &self.url)
            .field("secret", &"<hidden>")
            .finish_non_exhaustive()
    }
}

impl Subscription {
    pub fn event_names(&self) -> Vec<&str> {
        self.events.split_whitespace().collect()
    }

    pub fn wants(&self, event: &str) -> bool {
        self.events.trim().is_empty() || self.event_names().contains(&event)
    }
}

/// One attempt to deliver an event, as recorded.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct Delivery {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub subscription_id: String,
    pub client_id: String,
    pub event_id: String,
    pub event: String,
    pub attempt: i32,
    /// `delivered`, `failed` (retried) or `given_up`.
    pub outcome: String,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
    pub attempted_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, subscription: &Subscription) -> QueryResult<usize> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(subscription)
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Subscription>> {
    webhook_subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

pub fn of_client(conn: &mut DbConn, client: &str) -> QueryResult<Vec<Subscription>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::client_id.eq(client))
        .order(webhook_subscriptions::created_at.asc())
        .select(Subscription::as_select())
        .load(conn)
}

/// The subscriptions an event for `audience` reaches: those of every event, and those of
/// that audience.
pub fn matching(conn: &mut DbConn, audience: Option<&str>) -> QueryResult<Vec<Subscription>> {
    let query = webhook_subscriptions::table
        .order(webhook_subscriptions::id.asc())
        .select(Subscription::as_select());
    match audience {
        Some(audience) => query
            .filter(
                webhook_subscriptions::audience
                    .is_null()
                    .or(webhook_subscriptions::audience.eq(audience)),
            )
            .load(conn),
        None => query
            .filter(webhook_subscriptions::audience.is_null())
            .load(conn),
    }
}

/// Deletes the client's subscription; whether there was one.
pub fn delete(conn: &mut DbConn, client: &str, id: &str) -> QueryResult<bool> {
    diesel::delete(
        webhook_subscriptions::table
            .find(id)
            .filter(webhook_subscriptions::client_id.eq(client)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

pub fn record(conn: &mut DbConn, delivery: &Delivery) -> QueryResult<usize> {
    diesel::insert_into(webhook_deliveries::table)
        .values(delivery)
        .execute(conn)
}

/// The client's latest attempts, newest first (of one subscription when given).
pub fn deliveries(
    conn: &mut DbConn,
    client: &str,
    subscription: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Delivery>> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::client_id.eq(client))
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .select(Delivery::as_select())
        .into_boxed();
    if let Some(subscription) = subscription {
        query = query.filter(webhook_deliveries::subscription_id.eq(subscription.to_string()));
    }
    query.load(conn)
}

/// Deletes the attempts recorded before `before` (with the outbox's own pruning).
pub fn prune_deliveries(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::attempted_at.lt(before)))
        .execute(conn)
}
