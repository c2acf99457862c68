//! Queries on `customers` (with their categories' names) and `score_history`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{Order, contains_pattern};
use crate::schema::{
    customer_categories, customer_counts, customers, loyal_categories, score_history,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: i64,
    pub searchkey: Option<String>,
    pub taxid: Option<String>,
    pub name: String,
    pub card: Option<String>,
    pub category_id: i64,
    pub loyal_cat_id: Option<i64>,
    pub loyal_score: i64,
    pub maxdebt_cents: i64,
    pub curdebt_cents: i64,
    pub curdate: Option<NaiveDateTime>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub visible: bool,
    pub phone: String,
    pub notes: Option<String>,
}

/// A customer with the names of its category and loyalty category.
pub type Named = (Customer, String, Option<String>);

#[derive(Debug, Insertable)]
#[diesel(table_name = customers)]
pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub name_search: &'a str,
    pub phone: &'a str,
    pub category_id: i64,
    pub address: Option<&'a str>,
    pub city: Option<&'a str>,
    pub region: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// The list's filters (`card`, `taxid`, `name`, `phone`, `visible`, `category`,
/// `loyal_category`), or for the other screens' light list one `search` over all of them.
#[derive(Debug, Default)]
pub struct Filter {
    pub card: Option<String>,
    pub taxid: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub visible: Option<bool>,
    pub category: Option<i64>,
    pub loyal_category: Option<i64>,
    pub search: Option<String>,
    pub order: Option<(Order, bool)>,
}

/// Inserts many customers in multi-row statements (the bench seed).
pub fn insert_many(conn: &mut DbConn, rows: &[NewCustomer]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(platform::db::MAX_BIND_PARAMS / 8) {
        // A multi-row INSERT is each backend's own query.
        let insert = diesel::insert_into(customers::table).values(chunk);
        inserted += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(inserted)
}

pub fn insert(conn: &mut DbConn, customer: &NewCustomer) -> QueryResult<i64> {
    diesel::insert_into(customers::table)
        .values(customer)
        .returning(customers::id)
        .get_result(conn)
}

pub fn set_codes(
    conn: &mut DbConn,
    id: i64,
    taxid: &str,
    searchkey: &str,
    card: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(customers::table.find(id))
        .set((
            customers::taxid.eq(taxid),
            customers::searchkey.eq(searchkey),
            customers::card.eq(card),
        ))
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Named>> {
    customers::table
        .inner_join(customer_categories::table)
        .left_join(loyal_categories::table)
        .filter(customers::id.eq(id))
        .select((
            Customer::as_select(),
            customer_categories::name,
            loyal_categories::name.nullable(),
        ))
        .first(conn)
        .optional()
}

pub fn exists(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(customers::table.find(id))).get_result(conn)
}

/// `$query` (a boxed query over `customers`, joined or not) narrowed by `$filter`: one
/// definition for the count, which needs no join, and for the page, which names the categories.
macro_rules! filtered {
    ($query:expr, $filter:expr) => {{
        let (mut query, filter): (_, &Filter) = ($query, $filter);
        if let Some(card) = &filter.card {
            query = query.filter(customers::card.eq(card.clone()));
        }
        if let Some(taxid) = &filter.taxid {
            query = query.filter(customers::taxid.like(contains_pattern(taxid)).escape('\\'));
        }
        if let Some(name) = &filter.name {
            query = query.filter(
                customers::name_search
                    .like(contains_pattern(name))
                    .escape('\\'),
            );
        }
        if let Some(phone) = &filter.phone {
            query = query.filter(customers::phone.like(contains_pattern(phone)).escape('\\'));
        }
        if let Some(visible) = filter.visible {
            query = query.filter(customers::visible.eq(visible));
        }
        if let Some(category) = filter.category {
            query = query.filter(customers::category_id.eq(category));
        }
        if let Some(loyal) = filter.loyal_category {
            query = query.filter(customers::loyal_cat_id.eq(loyal));
        }
        if let Some(search) = &filter.search {
            let pattern = contains_pattern(search);
            query = query.filter(
                customers::name_search
                    .like(pattern.clone())
                    .escape('\\')
                    .or(customers::taxid.like(pattern.clone()).escape('\\'))
                    .or(customers::phone.like(pattern.clone()).escape('\\'))
                    .or(customers::card.like(pattern).escape('\\')),
            );
        }
        query
    }};
}

/// The total of a list filtered by category and visibility only, from the counts the database
/// keeps (`customer_counts`, its triggers): at most two rows per category, whatever the number
/// of customers. `None` for any other filter, which counts the rows themselves.
fn counted(conn: &mut DbConn, filter: &Filter) -> QueryResult<Option<i64>> {
    let searched = filter.card.is_some()
        || filter.taxid.is_some()
        || filter.name.is_some()
        || filter.phone.is_some()
        || filter.loyal_category.is_some()
        || filter.search.is_some();
    if searched {
        return Ok(None);
    }
    let mut query = customer_counts::table
        .select(customer_counts::n)
        .into_boxed();
    if let Some(visible) = filter.visible {
        query = query.filter(customer_counts::visible.eq(visible));
    }
    if let Some(category) = filter.category {
        query = query.filter(customer_counts::category_id.eq(category));
    }
    let counts: Vec<i64> = query.load(conn)?;
    Ok(Some(counts.iter().sum()))
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Named>, i64)> {
    let total = match counted(conn, filter)? {
        Some(total) => total,
        None => filtered!(customers::table.into_boxed(), filter)
            .count()
            .get_result(conn)?,
    };
    let joined = customers::table
        .inner_join(customer_categories::table)
        .left_join(loyal_categories::table)
        .into_boxed();
    let mut query = filtered!(joined, filter);
    query = match filter.order {
        Some((Order::LoyalScore, true)) => query.order(customers::loyal_score.desc()),
        Some((Order::LoyalScore, false)) => query.order(customers::loyal_score.asc()),
        Some((Order::CurDebt, true)) => query.order(customers::curdebt_cents.desc()),
        Some((Order::CurDebt, false)) => query.order(customers::curdebt_cents.asc()),
        Some((Order::CurDate, true)) => query.order(customers::curdate.desc()),
        Some((Order::CurDate, false)) => query.order(customers::curdate.asc()),
        None => query,
    };
    let rows = query
        .then_order_by(customers::id.asc())
        .limit(limit)
        .offset(offset)
        .select((
            Customer::as_select(),
            customer_categories::name,
            loyal_categories::name.nullable(),
        ))
        .load(conn)?;
    Ok((rows, total))
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(customers::table.find(id)).execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = score_history)]
pub struct ScoreEntry {
    pub id: i64,
    pub ticket_id: String,
    pub transaction_type: String,
    pub score: i64,
    pub content: String,
    pub admin_name: String,
    pub created_at: NaiveDateTime,
}

pub fn score_history(
    conn: &mut DbConn,
    customer_id: i64,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<ScoreEntry>, i64)> {
    let of_customer = score_history::customer_id.eq(customer_id);
    let total = score_history::table
        .filter(of_customer)
        .count()
        .get_result(conn)?;
    let rows = score_history::table
        .filter(of_customer)
        .order((score_history::created_at.desc(), score_history::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(ScoreEntry::as_select())
        .load(conn)?;
    Ok((rows, total))
}
