//! Queries on `clients` and their fidelity cards' numbers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{clients, fidelity_cards};

/// The columns a customer's fields set (everything but its ids and times).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
// `None` is NULL on insert as on update, so that many rows go in one statement on SQLite too.
#[diesel(
    table_name = clients,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct Values {
    pub nom: String,
    pub prenom: String,
    pub credit_cents: i64,
    pub date_paiement: Option<NaiveDate>,
    pub montant_cents: i64,
    pub nb_refus: i64,
    pub compte: Option<String>,
    pub age: Option<i64>,
    pub sexe: Option<String>,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub phone: Option<String>,
    pub panier_moyen_cents: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = clients)]
pub struct Client {
    pub id: i64,
    pub id_client: String,
    #[diesel(embed)]
    pub values: Values,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = clients)]
pub struct NewClient<'a> {
    pub id_client: &'a str,
    #[diesel(embed)]
    pub values: Values,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Id,
    Name,
    Credit,
    LastPayment,
}

pub fn insert(conn: &mut DbConn, client: &NewClient) -> QueryResult<i64> {
    diesel::insert_into(clients::table)
        .values(client)
        .returning(clients::id)
        .get_result(conn)
}

/// Many customers in multi-row inserts (`crm seed`); answers the customers written.
pub fn insert_many(conn: &mut DbConn, clients: &[NewClient]) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in clients.chunks(platform::db::MAX_BIND_PARAMS / 16) {
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(clients::table).values(chunk);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(written)
}

/// The row ids of the customers `id_clients`, as (IdClient, id), in no order.
pub fn row_ids(conn: &mut DbConn, id_clients: &[String]) -> QueryResult<Vec<(String, i64)>> {
    let mut ids = Vec::with_capacity(id_clients.len());
    for chunk in id_clients.chunks(platform::db::MAX_BIND_PARAMS) {
        ids.extend(
            clients::table
                .filter(clients::id_client.eq_any(chunk))
                .select((clients::id_client, clients::id))
                .load::<(String, i64)>(conn)?,
        );
    }
    Ok(ids)
}

/// The customers whose `Compte` is one of `comptes`.
pub fn by_comptes(conn: &mut DbConn, comptes: &[String]) -> QueryResult<Vec<Client>> {
    if comptes.is_empty() {
        return Ok(Vec::new());
    }
    clients::table
        .filter(clients::compte.eq_any(comptes))
        .select(Client::as_select())
        .load(conn)
}

/// The customers whose lowercased email is one of `keys`.
pub fn by_email_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<Client>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    clients::table
        .filter(clients::email_key.eq_any(keys))
        .select(Client::as_select())
        .load(conn)
}

pub fn update(
    conn: &mut DbConn,
    id: i64,
    values: &Values,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(clients::table.find(id))
        .set((values, clients::updated_at.eq(at)))
        .execute(conn)
}

pub fn by_id_client(conn: &mut DbConn, id_client: &str) -> QueryResult<Option<Client>> {
    clients::table
        .filter(clients::id_client.eq(id_client))
        .select(Client::as_select())
        .first(conn)
        .optional()
}

pub fn by_email(conn: &mut DbConn, email_key: &str) -> QueryResult<Option<Client>> {
    clients::table
        .filter(clients::email_key.eq(email_key))
        .select(Client::as_select())
        .first(conn)
        .optional()
}

pub fn by_compte(conn: &mut DbConn, compte: &str) -> QueryResult<Option<Client>> {
    clients::table
        .filter(clients::compte.eq(compte))
        .select(Client::as_select())
        .first(conn)
        .optional()
}

/// The customers named so (at most two: enough to know whether the name is ambiguous).
pub fn by_names(conn: &mut DbConn, nom: &str, prenom: &str) -> QueryResult<Vec<Client>> {
    clients::table
        .filter(clients::nom.eq(nom).and(clients::prenom.eq(prenom)))
        .order(clients::id.asc())
        .limit(2)
        .select(Client::as_select())
        .load(conn)
}

/// One page of customers whose names, Compte or Email contain `search` (case-insensitively),
/// and how many match.
pub fn list(
    conn: &mut DbConn,
    search: Option<&str>,
    order: (Order, bool),
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Client>, i64)> {
    let filtered = || {
        let mut query = clients::table.into_boxed();
        if let Some(search) = search {
            let pattern = format!("%{}%", escape_like(&search.to_lowercase()));
            query = query.filter(
                diesel::dsl::sql::<diesel::sql_types::Text>("lower(nom || ' ' || prenom)")
                    .like(pattern.clone())
                    .escape('\\')
                    .or(clients::email_key.like(pattern.clone()).escape('\\'))
                    .or(clients::compte.like(pattern).escape('\\')),
            );
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let query = match order {
        (Order::Id, _) => filtered(),
        (Order::Name, false) => filtered().order((clients::nom.asc(), clients::prenom.asc())),
        (Order::Name, true) => filtered().order((clients::nom.desc(), clients::prenom.desc())),
        (Order::Credit, false) => filtered().order(clients::credit_cents.asc()),
        (Order::Credit, true) => filtered().order(clients::credit_cents.desc()),
        (Order::LastPayment, false) => filtered().order(clients::date_paiement.asc()),
        (Order::LastPayment, true) => filtered().order(clients::date_paiement.desc()),
    };
    let rows = query
        .then_order_by(clients::id.asc())
        .limit(limit)
        .offset(offset)
        .select(Client::as_select())
        .load(conn)?;
    Ok((rows, total))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The fidelity card numbers of each of `ids`, in order.
pub fn cards_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    fidelity_cards::table
        .filter(fidelity_cards::client_id.eq_any(ids))
        .order((fidelity_cards::client_id, fidelity_cards::carte_fid))
        .select((fidelity_cards::client_id, fidelity_cards::carte_fid))
        .load(conn)
}
