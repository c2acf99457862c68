//! Queries on `consumers` and their `cards`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use crate::schema::{cards, consumers};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consumers)]
pub struct Consumer {
    pub id: i64,
    #[diesel(embed)]
    pub fields: ConsumerFields,
}

/// The fields a creation or an update writes.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = consumers, treat_none_as_null = true)]
pub struct ConsumerFields {
    pub civility: String,
    pub lastname: String,
    pub firstname: String,
    pub phone: String,
    pub mobile: String,
    pub email: String,
    pub check_email: Option<bool>,
    pub check_email_date: Option<NaiveDateTime>,
    pub day_birthday: Option<i32>,
    pub month_birthday: Option<i32>,
    pub year_birthday: Option<i32>,
    pub source: String,
    pub no_fidelity: bool,
    pub is_active: bool,
    pub address1: String,
    pub address2: String,
    pub address3: String,
    pub address4: String,
    pub zip_code: String,
    pub city: String,
    pub country: String,
    pub consent_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, fields: &ConsumerFields, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(consumers::table)
        .values((fields, consumers::created_at.eq(now)))
        .returning(consumers::id)
        .get_result(conn)
}

/// Updates a consumer not anonymised; answers how many rows changed.
pub fn update(conn: &mut DbConn, id: i64, fields: &ConsumerFields) -> QueryResult<usize> {
    diesel::update(
        consumers::table
            .find(id)
            .filter(consumers::anonymised_at.is_null()),
    )
    .set(fields)
    .execute(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Consumer>> {
    consumers::table
        .find(id)
        .filter(consumers::anonymised_at.is_null())
        .select(Consumer::as_select())
        .first(conn)
        .optional()
}

/// A page of the consumers not anonymised, a `search` (lower case) in their names, email,
/// phones or cards.
pub fn list(
    conn: &mut DbConn,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Consumer>> {
    let mut query = consumers::table
        .filter(consumers::anonymised_at.is_null())
        .into_boxed();
    if let Some(search) = search {
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        let carded = cards::table
            .filter(cards::number.like(pattern.clone()).escape('\\'))
            .select(cards::consumer_id.assume_not_null());
        query = query.filter(
            lower(consumers::lastname)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(consumers::firstname)
                    .like(pattern.clone())
                    .escape('\\'))
                .or(lower(consumers::email).like(pattern.clone()).escape('\\'))
                .or(consumers::mobile.like(pattern.clone()).escape('\\'))
                .or(consumers::phone.like(pattern).escape('\\'))
                .or(consumers::id.eq_any(carded)),
        );
    }
    query
        .order(consumers::id.asc())
        .limit(limit)
        .offset(offset)
        .select(Consumer::as_select())
        .load(conn)
}

/// Blanks what names the consumer (RGPD); the cards and their ledger stay.
pub fn anonymise(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        consumers::table
            .find(id)
            .filter(consumers::anonymised_at.is_null()),
    )
    .set((
        consumers::civility.eq(""),
        consumers::lastname.eq("ANONYME"),
        consumers::firstname.eq(""),
        consumers::phone.eq(""),
        consumers::mobile.eq(""),
        consumers::email.eq(""),
        consumers::day_birthday.eq(None::<i32>),
        consumers::month_birthday.eq(None::<i32>),
        consumers::year_birthday.eq(None::<i32>),
        consumers::address1.eq(""),
        consumers::address2.eq(""),
        consumers::address3.eq(""),
        consumers::address4.eq(""),
        consumers::zip_code.eq(""),
        consumers::city.eq(""),
        consumers::is_active.eq(false),
        consumers::anonymised_at.eq(Some(now)),
    ))
    .execute(conn)
}

/// Whether the consumer exists, anonymised or not.
pub fn exists(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(consumers::table.find(id))).get_result(conn)
}

/// The card numbers of these consumers, (consumer, number) in creation order.
pub fn cards_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    cards::table
        .filter(cards::consumer_id.eq_any(ids))
        .order((cards::created_at.asc(), cards::number.asc()))
        .select((cards::consumer_id.assume_not_null(), cards::number))
        .load(conn)
}

/// The card's holder, locked until the end of the write transaction: `None` for an unknown
/// card, `Some(None)` for a card no one holds.
pub fn card_holder_for_update(conn: &mut DbConn, number: &str) -> QueryResult<Option<Option<i64>>> {
    platform::first_for_update!(
        conn,
        cards::table
            .filter(cards::number.eq(number))
            .select(cards::consumer_id)
    )
}

pub fn insert_card(
    conn: &mut DbConn,
    number: &str,
    consumer: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(cards::table)
        .values((
            cards::number.eq(number),
            cards::consumer_id.eq(consumer),
            cards::created_at.eq(now),
        ))
        .execute(conn)
}

pub fn attach_card(conn: &mut DbConn, number: &str, consumer: i64) -> QueryResult<usize> {
    diesel::update(cards::table.find(number))
        .set(cards::consumer_id.eq(Some(consumer)))
        .execute(conn)
}
