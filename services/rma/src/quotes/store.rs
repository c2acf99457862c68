//! Queries on `quotations` and `quotation_lines`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::{Line, Quote, StoredLine};
use crate::schema::{quotation_lines, quotations};

pub fn by_number(conn: &mut DbConn, demand_id: i64, number: &str) -> QueryResult<Option<Quote>> {
    quotations::table
        .filter(quotations::demand_id.eq(demand_id))
        .filter(quotations::quote_number.eq(number))
        .select(Quote::as_select())
        .first(conn)
        .optional()
}

pub fn pending(conn: &mut DbConn, demand_id: i64) -> QueryResult<Option<Quote>> {
    quotations::table
        .filter(quotations::demand_id.eq(demand_id))
        .filter(quotations::answer.is_null())
        .select(Quote::as_select())
        .first(conn)
        .optional()
}

/// A new quote replaces one still waiting for an answer.
pub fn supersede_pending(conn: &mut DbConn, demand_id: i64) -> QueryResult<usize> {
    diesel::update(
        quotations::table
            .filter(quotations::demand_id.eq(demand_id))
            .filter(quotations::answer.is_null()),
    )
    .set(quotations::answer.eq("SUPERSEDED"))
    .execute(conn)
}

/// What a new quote is made of.
pub struct NewQuote<'a> {
    pub demand_id: i64,
    pub number: &'a str,
    pub total_cents: i64,
    pub comment: Option<&'a str>,
    pub document_id: Option<i64>,
    pub lines: &'a [Line],
}

pub fn insert(conn: &mut DbConn, new: &NewQuote, now: NaiveDateTime) -> QueryResult<Quote> {
    let quote: Quote = diesel::insert_into(quotations::table)
        .values((
            quotations::demand_id.eq(new.demand_id),
            quotations::quote_number.eq(new.number),
            quotations::total_cents.eq(new.total_cents),
            quotations::comment.eq(new.comment),
            quotations::document_id.eq(new.document_id),
            quotations::created_at.eq(now),
        ))
        .returning((
            quotations::id,
            quotations::quote_number,
            quotations::total_cents,
            quotations::comment,
            quotations::document_id,
            quotations::answer,
            quotations::quote_treatment,
            quotations::answered_at,
            quotations::created_at,
        ))
        .get_result(conn)?;
    for line in new.lines {
        diesel::insert_into(quotation_lines::table)
            .values((
                quotation_lines::quotation_id.eq(quote.id),
                quotation_lines::label.eq(&line.label),
                quotation_lines::quantity.eq(line.quantity),
                quotation_lines::unit_price_cents.eq(line.unit_price.0),
                quotation_lines::total_cents.eq(line.total.0),
            ))
            .execute(conn)?;
    }
    Ok(quote)
}

pub fn answer(
    conn: &mut DbConn,
    quote: &mut Quote,
    answer: &str,
    treatment: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(quotations::table.find(quote.id))
        .set((
            quotations::answer.eq(answer),
            quotations::quote_treatment.eq(treatment),
            quotations::answered_at.eq(now),
        ))
        .execute(conn)?;
    quote.answer = Some(answer.to_string());
    quote.quote_treatment = treatment.map(str::to_string);
    quote.answered_at = Some(now);
    Ok(())
}

/// The demand's quotes, oldest first, with all their lines.
pub fn of_demand(conn: &mut DbConn, demand_id: i64) -> QueryResult<(Vec<Quote>, Vec<StoredLine>)> {
    let quotes: Vec<Quote> = quotations::table
        .filter(quotations::demand_id.eq(demand_id))
        .order(quotations::id.asc())
        .select(Quote::as_select())
        .load(conn)?;
    let ids: Vec<i64> = quotes.iter().map(|q| q.id).collect();
    let lines = lines_of(conn, &ids)?;
    Ok((quotes, lines))
}

pub fn lines_of(conn: &mut DbConn, quote_ids: &[i64]) -> QueryResult<Vec<StoredLine>> {
    quotation_lines::table
        .filter(quotation_lines::quotation_id.eq_any(quote_ids))
        .order(quotation_lines::id.asc())
        .select(StoredLine::as_select())
        .load(conn)
}
