//! Quotes: the repair center's estimate for an out-of-warranty repair (section 3.8) and the
//! retailer's answer to it (section 4, `VDE` / `RDE`). Each write use case is a plain function
//! called inside the demand's transaction (`demands::write`).

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;

use platform::AppError;
use platform::codes::rma_status::RmaStatus;
use platform::db::DbConn;

use crate::demands::model::Demand;
use crate::demands::{Act, move_to};
use crate::documents::store as documents;
use crate::push;
use model::{Line, Quote, Response, StoredLine, answerable};
use responses::QuoteOut;
use store::NewQuote;

/// What the center's quote is, once its fields are checked.
pub struct Quotation {
    pub number: String,
    pub lines: Vec<Line>,
    pub total_cents: i64,
    pub comment: Option<String>,
    pub file: Option<Vec<u8>>,
}

/// A quote with its lines, and its demand as the write left it.
pub struct Quoted(pub Quote, pub Vec<StoredLine>, pub Demand);

/// Section 3.8: the quote already sent under its number, else a new one replacing any still
/// pending (status EDE).
pub fn issue(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    quotation: &Quotation,
) -> Result<Quoted, AppError> {
    if let Some(quote) = store::by_number(conn, demand.id, &quotation.number)? {
        let lines = store::lines_of(conn, &[quote.id])?;
        return Ok(Quoted(quote, lines, demand.clone()));
    }
    demand.workable_by(&act.side)?;
    store::supersede_pending(conn, demand.id)?;
    let (side, now) = (&act.side, act.now);
    let document_id = match &quotation.file {
        Some(bytes) => {
            let name = crate::input::file_name(&format!("quote-{}.pdf", quotation.number))?;
            Some(documents::insert(conn, demand.id, &name, "QUOTE", bytes, side, now)?.id)
        }
        None => None,
    };
    let new = NewQuote {
        demand_id: demand.id,
        number: &quotation.number,
        total_cents: quotation.total_cents,
        comment: quotation.comment.as_deref(),
        document_id,
        lines: &quotation.lines,
    };
    let quote = store::insert(conn, &new, now)?;
    let comment = quotation.comment.as_deref();
    move_to(conn, act, demand, RmaStatus::QuoteIssued, comment)?;
    let lines = store::lines_of(conn, &[quote.id])?;
    Ok(Quoted(quote, lines, demand.clone()))
}

/// The retailer's answer to the pending quote: the demand moves to VDE or RDE (the
/// treatment in its comment) and its center is told.
pub fn answer(
    conn: &mut DbConn,
    act: &Act,
    demand: &mut Demand,
    response: &Response,
) -> Result<Quoted, AppError> {
    demand.open_to(&act.side)?;
    let mut quote = answerable(store::pending(conn, demand.id)?)?;
    let (status, comment) = response.status();
    let (treatment, now) = (response.treatment, act.now);
    store::answer(conn, &mut quote, status.code(), treatment, now)?;
    demand.quote_treatment = treatment.map(str::to_string);
    move_to(conn, act, demand, status, comment.as_deref())?;
    let lines = store::lines_of(conn, &[quote.id])?;
    let detail = push::Detail::Quote {
        quote: QuoteOut::of(&quote, &demand.demand_number, &lines),
    };
    push::enqueue(conn, demand, push::Event::QuoteAnswered, detail, now)?;
    Ok(Quoted(quote, lines, demand.clone()))
}
