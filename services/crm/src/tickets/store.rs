//! Queries on `tickets`, their articles, and the customer figures they move.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{clients, ticket_articles, tickets};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tickets)]
pub struct Ticket {
    pub id: i64,
    pub sold_at: NaiveDateTime,
    pub prix_cents: i64,
    pub client_id: i64,
    pub points_fidelite: i64,
    pub mode_paiement: String,
    pub origin: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ticket_articles)]
pub struct Article {
    pub ticket_id: i64,
    pub line: i64,
    pub code_produit: String,
    pub prix_avant_cents: i64,
    pub prix_apres_cents: i64,
    pub promo: i64,
    pub quantity: i64,
}

/// The list's filters.
#[derive(Debug, Default)]
pub struct Filter {
    pub id_client: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, ticket: &Ticket, articles: &[Article]) -> QueryResult<()> {
    diesel::insert_into(tickets::table)
        .values(ticket)
        .execute(conn)?;
    for article in articles {
        diesel::insert_into(ticket_articles::table)
            .values(article)
            .execute(conn)?;
    }
    Ok(())
}

/// A page of tickets with their customers' ids, by date.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<(Ticket, String)>> {
    let mut query = tickets::table.inner_join(clients::table).into_boxed();
    if let Some(id_client) = &filter.id_client {
        query = query.filter(clients::id_client.eq(id_client.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(tickets::sold_at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(tickets::sold_at.lt(until));
    }
    query
        .order((tickets::sold_at.asc(), tickets::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((Ticket::as_select(), clients::id_client))
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(Ticket, String)>> {
    tickets::table
        .inner_join(clients::table)
        .filter(tickets::id.eq(id))
        .select((Ticket::as_select(), clients::id_client))
        .first(conn)
        .optional()
}

/// The articles of `ids`, by ticket and line.
pub fn articles_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Article>> {
    ticket_articles::table
        .filter(ticket_articles::ticket_id.eq_any(ids))
        .order((ticket_articles::ticket_id, ticket_articles::line))
        .select(Article::as_select())
        .load(conn)
}

/// A new ticket's part in its customer's figures: `Montant` grows by its price,
/// `Date_paiement` moves to its day when later, `PanierMoyen` is the mean of its tickets.
pub fn count_in_client(
    conn: &mut DbConn,
    client_id: i64,
    prix_cents: i64,
    day: NaiveDate,
) -> QueryResult<()> {
    // The customer's row first, locked: concurrent tickets of one customer count in turn.
    let last: Option<Option<NaiveDate>> = platform::first_for_update!(
        conn,
        clients::table
            .filter(clients::id.eq(client_id))
            .select(clients::date_paiement)
    )?;
    let (sum, count): (Option<i64>, i64) = tickets::table
        .filter(tickets::client_id.eq(client_id))
        .select((
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "CAST(SUM(prix_cents) AS BIGINT)",
            ),
            diesel::dsl::count_star(),
        ))
        .first(conn)?;
    let mean = match count {
        0 => 0,
        n => (sum.unwrap_or(0) + n / 2) / n,
    };
    let last = last.flatten().map_or(day, |last| last.max(day));
    diesel::update(clients::table.find(client_id))
        .set((
            clients::montant_cents.eq(clients::montant_cents + prix_cents),
            clients::date_paiement.eq(Some(last)),
            clients::panier_moyen_cents.eq(mean),
        ))
        .execute(conn)?;
    Ok(())
}
