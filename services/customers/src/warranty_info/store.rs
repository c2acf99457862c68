//! Queries on `warranty_info` and `warranty_info_history` (and the ticket lines they point at).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::db::DbConn;
use platform::order_by;

use crate::customers::model::contains_pattern;
use crate::schema::{customers, ticket_lines, tickets, warranty_info, warranty_info_history};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = warranty_info, treat_none_as_null = true)]
pub struct Warranty {
    pub id: String,
    pub ticket_id: String,
    pub product_id: String,
    pub product_name: String,
    pub model: Option<String>,
    pub serial_num: Option<String>,
    pub serial_key: Option<String>,
    pub private_code: Option<String>,
    pub product_search: String,
    pub image: Option<String>,
    pub customer_id: i64,
    pub cust_phone: String,
    pub time_warranty: i32,
    pub active_date: NaiveDate,
    pub expired_date: NaiveDate,
    pub status: bool,
    pub note: Option<String>,
    pub person_id: String,
    pub person_name: String,
    pub created_at: NaiveDateTime,
}

/// The list's filters and order.
#[derive(Debug, Default)]
pub struct Filter {
    pub product: Option<String>,
    pub customer: Option<String>,
    pub ticket: Option<String>,
    /// The registration of exactly this serial ([`super::model::serial_key`]).
    pub serial: Option<String>,
    /// `Some(true)`: under warranty on `today`; `Some(false)`: not.
    pub active: Option<(bool, NaiveDate)>,
    pub order: Option<(&'static str, bool)>,
}

pub const ORDERS: [&str; 7] = [
    "product_name",
    "cust_name",
    "ticketid",
    "active_date",
    "expired_date",
    "person_name",
    "created_at",
];

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<(Warranty, String)>, i64)> {
    let filtered = || {
        let mut query = warranty_info::table
            .inner_join(customers::table)
            .into_boxed();
        if let Some(product) = &filter.product {
            query = query.filter(
                warranty_info::product_search
                    .like(contains_pattern(product))
                    .escape('\\'),
            );
        }
        if let Some(customer) = &filter.customer {
            let pattern = contains_pattern(customer);
            query = query.filter(
                customers::name_search
                    .like(pattern.clone())
                    .escape('\\')
                    .or(customers::taxid.like(pattern).escape('\\')),
            );
        }
        if let Some(serial) = &filter.serial {
            query = query.filter(warranty_info::serial_key.eq(serial));
        }
        if let Some(ticket) = &filter.ticket {
            query = query.filter(
                warranty_info::ticket_id
                    .like(contains_pattern(ticket))
                    .escape('\\'),
            );
        }
        match filter.active {
            Some((true, today)) => {
                query = query.filter(
                    warranty_info::status
                        .eq(true)
                        .and(warranty_info::expired_date.ge(today)),
                );
            }
            Some((false, today)) => {
                query = query.filter(
                    warranty_info::status
                        .eq(false)
                        .or(warranty_info::expired_date.lt(today)),
                );
            }
            None => {}
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let query = filtered();
    let query = match filter.order {
        Some(("product_name", desc)) => order_by!(query, warranty_info::product_name, desc),
        Some(("cust_name", desc)) => order_by!(query, customers::name, desc),
        Some(("ticketid", desc)) => order_by!(query, warranty_info::ticket_id, desc),
        Some(("active_date", desc)) => order_by!(query, warranty_info::active_date, desc),
        Some(("expired_date", desc)) => order_by!(query, warranty_info::expired_date, desc),
        Some(("person_name", desc)) => order_by!(query, warranty_info::person_name, desc),
        Some((_, desc)) => order_by!(query, warranty_info::created_at, desc),
        None => query.order(warranty_info::created_at.desc()),
    };
    let rows = query
        .then_order_by(warranty_info::id.asc())
        .limit(limit)
        .offset(offset)
        .select((Warranty::as_select(), customers::name))
        .load(conn)?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Warranty>> {
    warranty_info::table
        .find(id)
        .select(Warranty::as_select())
        .first(conn)
        .optional()
}

pub fn locked(conn: &mut DbConn, id: &str) -> QueryResult<Option<Warranty>> {
    platform::first_for_update!(
        conn,
        warranty_info::table.find(id).select(Warranty::as_select())
    )
}

pub fn insert(conn: &mut DbConn, warranty: &Warranty) -> QueryResult<usize> {
    diesel::insert_into(warranty_info::table)
        .values(warranty)
        .execute(conn)
}

pub fn save(conn: &mut DbConn, warranty: &Warranty) -> QueryResult<usize> {
    diesel::update(warranty_info::table.find(&warranty.id))
        .set(warranty)
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(warranty_info::table.find(id)).execute(conn)
}

/// Whether another registration has this serial.
pub fn serial_taken(conn: &mut DbConn, key: &str, except: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        warranty_info::table
            .filter(warranty_info::serial_key.eq(key))
            .filter(warranty_info::id.ne(except)),
    ))
    .get_result(conn)
}

/// The ticket's sale moment and the name of its line with `product_id`, if both exist.
pub fn ticket_product(
    conn: &mut DbConn,
    ticket: &str,
    product_id: &str,
) -> QueryResult<Option<(NaiveDateTime, String)>> {
    tickets::table
        .inner_join(ticket_lines::table)
        .filter(tickets::id.eq(ticket))
        .filter(ticket_lines::product_id.eq(product_id))
        .select((tickets::sold_at, ticket_lines::product_name))
        .first(conn)
        .optional()
}

/// A ticket's customer and its lines' (product id, product name).
pub type TicketLines = (Option<i64>, Vec<(String, String)>);

/// A ticket's customer and lines (`other_view=ticket`).
pub fn ticket(conn: &mut DbConn, id: &str) -> QueryResult<Option<TicketLines>> {
    let Some(customer) = tickets::table
        .find(id)
        .select(tickets::customer_id)
        .first::<Option<i64>>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let lines = ticket_lines::table
        .filter(ticket_lines::ticket_id.eq(id))
        .order(ticket_lines::line)
        .select((ticket_lines::product_id, ticket_lines::product_name))
        .load(conn)?;
    Ok(Some((customer, lines)))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = warranty_info_history)]
pub struct Change {
    pub id: String,
    pub person_name: String,
    pub date: NaiveDateTime,
    pub log: String,
}

pub fn record(
    conn: &mut DbConn,
    warranty: &str,
    person: &str,
    log: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(warranty_info_history::table)
        .values((
            warranty_info_history::id.eq(uuid::Uuid::new_v4().to_string()),
            warranty_info_history::warranty_id.eq(warranty),
            warranty_info_history::person_name.eq(person),
            warranty_info_history::date.eq(at),
            warranty_info_history::log.eq(log),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn history(
    conn: &mut DbConn,
    warranty: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Change>, i64)> {
    let of = warranty_info_history::warranty_id.eq(warranty);
    let total = warranty_info_history::table
        .filter(of)
        .count()
        .get_result(conn)?;
    let rows = warranty_info_history::table
        .filter(of)
        .order((
            warranty_info_history::date.desc(),
            warranty_info_history::id.desc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(Change::as_select())
        .load(conn)?;
    Ok((rows, total))
}
