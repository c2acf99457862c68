//! Queries on `warranty_tickets` and `warranty_ticket_history`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;
use platform::order_by;

use crate::customers::model::contains_pattern;
use crate::schema::{locations, warranty_ticket_history, warranty_tickets};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = warranty_tickets, treat_none_as_null = true)]
pub struct WarrantyTicket {
    pub id: String,
    pub reference: String,
    pub product_name: String,
    pub product_search: String,
    pub product_qty: i32,
    pub product_status: String,
    /// The stored images' names, a JSON array.
    pub product_img: String,
    pub supplier_name: Option<String>,
    pub supplier_search: String,
    pub note: Option<String>,
    pub customer_name: Option<String>,
    pub customer_search: String,
    pub customer_phone: Option<String>,
    pub customer_address: Option<String>,
    pub warranty_type: Option<String>,
    pub person_name: String,
    pub receiver: String,
    pub location_id: String,
    pub cust_received_date: NaiveDateTime,
    pub cust_return_date: Option<NaiveDateTime>,
    pub supplier_send_date: Option<NaiveDateTime>,
    pub supplier_return_date: Option<NaiveDateTime>,
    pub repair_cost_cents: Option<i64>,
    pub warranty_expenses_cents: Option<i64>,
    pub other_cost: Option<String>,
    pub failure_reason: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
}

/// A day, as the half-open range of moments it covers.
pub type Day = (NaiveDateTime, NaiveDateTime);

/// The list's filters and order; texts lowercase where the column is.
#[derive(Debug, Default)]
pub struct Filter {
    pub product_name: Option<String>,
    pub product_reference: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub cust_received_date: Option<Day>,
    pub cust_return_date: Option<Day>,
    pub receiver: Option<String>,
    pub location: Option<String>,
    pub supplier_name: Option<String>,
    pub supplier_send_date: Option<Day>,
    pub supplier_return_date: Option<Day>,
    pub warranty_type: Option<String>,
    pub status: Option<&'static str>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// `Some((true, since))`: at the supplier since `since` or before; `Some((false, since))`: not.
    pub overdue: Option<(bool, NaiveDateTime)>,
    pub order: Option<(&'static str, bool)>,
}

pub const ORDERS: [&str; 8] = [
    "product_name",
    "customer_name",
    "cust_received_date",
    "cust_return_date",
    "supplier_name",
    "supplier_send_date",
    "supplier_return_date",
    "location_name",
];

fn like(text: &str) -> String {
    contains_pattern(text)
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<(WarrantyTicket, String)>, i64)> {
    use warranty_tickets as w;
    let filtered = || {
        let mut query = w::table.inner_join(locations::table).into_boxed();
        if let Some(text) = &filter.product_name {
            query = query.filter(w::product_search.like(like(text)).escape('\\'));
        }
        if let Some(text) = &filter.product_reference {
            query = query.filter(w::reference.like(like(text)).escape('\\'));
        }
        if let Some(text) = &filter.customer_name {
            query = query.filter(w::customer_search.like(like(text)).escape('\\'));
        }
        if let Some(text) = &filter.customer_phone {
            query = query.filter(w::customer_phone.like(like(text)).escape('\\'));
        }
        if let Some(text) = &filter.supplier_name {
            query = query.filter(w::supplier_search.like(like(text)).escape('\\'));
        }
        if let Some((from, to)) = filter.cust_received_date {
            query = query.filter(
                w::cust_received_date
                    .ge(from)
                    .and(w::cust_received_date.lt(to)),
            );
        }
        if let Some((from, to)) = filter.cust_return_date {
            query = query.filter(w::cust_return_date.ge(from).and(w::cust_return_date.lt(to)));
        }
        if let Some((from, to)) = filter.supplier_send_date {
            query = query.filter(
                w::supplier_send_date
                    .ge(from)
                    .and(w::supplier_send_date.lt(to)),
            );
        }
        if let Some((from, to)) = filter.supplier_return_date {
            query = query.filter(
                w::supplier_return_date
                    .ge(from)
                    .and(w::supplier_return_date.lt(to)),
            );
        }
        if let Some(receiver) = &filter.receiver {
            query = query.filter(w::receiver.eq(receiver.clone()));
        }
        if let Some(location) = &filter.location {
            query = query.filter(w::location_id.eq(location.clone()));
        }
        if let Some(kind) = &filter.warranty_type {
            query = query.filter(w::warranty_type.eq(kind.clone()));
        }
        if let Some(status) = filter.status {
            query = query.filter(w::status.eq(status));
        }
        if let Some(start) = filter.start_date.and_then(|d| d.and_hms_opt(0, 0, 0)) {
            query = query.filter(w::created_at.ge(start));
        }
        if let Some(end) = filter
            .end_date
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
        {
            query = query.filter(w::created_at.lt(end));
        }
        match filter.overdue {
            Some((true, since)) => {
                query = query.filter(w::status.eq("send").and(w::supplier_send_date.le(since)));
            }
            Some((false, since)) => {
                query = query.filter(
                    w::status
                        .ne("send")
                        .or(w::supplier_send_date.is_null())
                        .or(w::supplier_send_date.gt(since)),
                );
            }
            None => {}
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let query = filtered();
    let query = match filter.order {
        Some(("product_name", desc)) => order_by!(query, w::product_name, desc),
        Some(("customer_name", desc)) => order_by!(query, w::customer_name, desc),
        Some(("cust_received_date", desc)) => order_by!(query, w::cust_received_date, desc),
        Some(("cust_return_date", desc)) => order_by!(query, w::cust_return_date, desc),
        Some(("supplier_name", desc)) => order_by!(query, w::supplier_name, desc),
        Some(("supplier_send_date", desc)) => order_by!(query, w::supplier_send_date, desc),
        Some(("supplier_return_date", desc)) => order_by!(query, w::supplier_return_date, desc),
        Some((_, desc)) => order_by!(query, locations::name, desc),
        None => query.order(w::created_at.desc()),
    };
    let rows = query
        .then_order_by(w::id.asc())
        .limit(limit)
        .offset(offset)
        .select((WarrantyTicket::as_select(), locations::name))
        .load(conn)?;
    Ok((rows, total))
}

pub fn exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(warranty_tickets::table.find(id))).get_result(conn)
}

/// The ticket, its row locked until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's
/// write transaction already holds the database).
pub fn locked(conn: &mut DbConn, id: &str) -> QueryResult<Option<WarrantyTicket>> {
    platform::first_for_update!(
        conn,
        warranty_tickets::table
            .find(id)
            .select(WarrantyTicket::as_select())
    )
}

pub fn insert(conn: &mut DbConn, ticket: &WarrantyTicket) -> QueryResult<usize> {
    diesel::insert_into(warranty_tickets::table)
        .values(ticket)
        .execute(conn)
}

pub fn save(conn: &mut DbConn, ticket: &WarrantyTicket) -> QueryResult<usize> {
    diesel::update(warranty_tickets::table.find(&ticket.id))
        .set(ticket)
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(warranty_tickets::table.find(id)).execute(conn)
}

/// Every image a ticket's history points at.
pub fn history_images(conn: &mut DbConn, id: &str) -> QueryResult<Vec<String>> {
    warranty_ticket_history::table
        .filter(warranty_ticket_history::warranty_id.eq(id))
        .filter(warranty_ticket_history::image.is_not_null())
        .select(warranty_ticket_history::image.assume_not_null())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = warranty_ticket_history)]
pub struct Entry {
    pub id: String,
    pub person_name: String,
    pub date: NaiveDateTime,
    pub log: String,
    pub image: Option<String>,
}

pub fn record(
    conn: &mut DbConn,
    ticket: &str,
    person: &str,
    at: NaiveDateTime,
    log: &str,
    image: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(warranty_ticket_history::table)
        .values((
            warranty_ticket_history::id.eq(uuid::Uuid::new_v4().to_string()),
            warranty_ticket_history::warranty_id.eq(ticket),
            warranty_ticket_history::person_name.eq(person),
            warranty_ticket_history::date.eq(at),
            warranty_ticket_history::log.eq(log),
            warranty_ticket_history::image.eq(image),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn history(
    conn: &mut DbConn,
    ticket: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Entry>, i64)> {
    let of = warranty_ticket_history::warranty_id.eq(ticket);
    let total = warranty_ticket_history::table
        .filter(of)
        .count()
        .get_result(conn)?;
    let rows = warranty_ticket_history::table
        .filter(of)
        .order((
            warranty_ticket_history::date.desc(),
            warranty_ticket_history::id.desc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(Entry::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// A supplier's ticket as the turnaround figures read it: (supplier, status, sent, received).
pub type Trip = (String, String, Option<NaiveDateTime>, Option<NaiveDateTime>);

/// Tickets at a supplier now, and those back from one in `[from, to)`.
pub fn trips(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> QueryResult<Vec<Trip>> {
    use warranty_tickets as w;
    w::table
        .filter(w::supplier_name.is_not_null())
        .filter(
            w::status
                .eq("send")
                .or(w::supplier_send_date.is_not_null().and(
                    w::supplier_return_date
                        .ge(from)
                        .and(w::supplier_return_date.lt(to)),
                )),
        )
        .order((w::supplier_name.asc(), w::id.asc()))
        .select((
            w::supplier_name.assume_not_null(),
            w::status,
            w::supplier_send_date,
            w::supplier_return_date,
        ))
        .load(conn)
}
