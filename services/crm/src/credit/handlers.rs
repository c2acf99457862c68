//! `POST /api/credit` credits each ticket's card holder; `GET /api/credit/{carteFid}` reads
//! the holder's credit.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, is_unique_violation, write_transaction};
use platform::money::Cents;
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::model::{TicketStatus, creditable};
use super::store::{self, NewCredit};
use crate::cards::model::card_number;
use crate::cards::store as cards;
use crate::config::CrmSettings;
use crate::errors::CrmError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreditTicket {
    /// The fidelity card number.
    #[serde(rename = "carteFid")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    carte_fid: Option<Value>,
    /// The amount paid; its holder is credited the configured share (0.5 × Montant).
    #[serde(rename = "Montant")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    montant: Option<Value>,
    /// The ticket's own id: a ticket id is credited once, whatever the retries.
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    id: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreditInput {
    #[serde(rename = "Tickets")]
    tickets: Option<Vec<CreditTicket>>,
}

/// What became of one ticket, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketCredit {
    /// The card as sent.
    #[serde(rename = "carteFid")]
    pub carte_fid: Value,
    /// The amount as sent.
    #[serde(rename = "Montant")]
    pub montant: Value,
    /// The ticket's id as sent.
    pub id: Value,
    pub status: TicketStatus,
    /// The credit this ticket gave (0 when it gave none).
    #[serde(rename = "Credited")]
    #[schema(value_type = f64)]
    pub credited: Cents,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditOutcome {
    #[serde(rename = "Tickets")]
    pub tickets: Vec<TicketCredit>,
}

/// Credits every ticket in one transaction; per ticket, what it gave and why.
fn credit_all(
    conn: &mut DbConn,
    tickets: &[CreditTicket],
    rate: i64,
    at: NaiveDateTime,
) -> diesel::QueryResult<Vec<(TicketStatus, Cents)>> {
    let mut outcome = Vec::with_capacity(tickets.len());
    for ticket in tickets {
        let read = creditable(
            ticket.carte_fid.as_ref(),
            ticket.montant.as_ref(),
            ticket.id.as_ref(),
            rate,
        );
        let ticket = match read {
            Ok(ticket) => ticket,
            Err(status) => {
                outcome.push((status, Cents(0)));
                continue;
            }
        };
        if let Some(id) = &ticket.ticket_id
            && let Some(credited) = store::credited_for(conn, id)?
        {
            outcome.push((TicketStatus::AlreadyCredited, Cents(credited)));
            continue;
        }
        let Some(holder) = cards::holder(conn, ticket.card)? else {
            outcome.push((TicketStatus::UnknownCard, Cents(0)));
            continue;
        };
        store::record(
            conn,
            &NewCredit {
                ticket_id: ticket.ticket_id.as_deref(),
                carte_fid: ticket.card,
                client_id: holder,
                montant_cents: ticket.montant.0,
                credited_cents: ticket.credited.0,
                created_at: at,
            },
        )?;
        store::add(conn, holder, ticket.credited.0)?;
        outcome.push((TicketStatus::Credited, ticket.credited));
    }
    Ok(outcome)
}

#[utoipa::path(post, path = "/api/credit", request_body = CreditInput,
    description = "Credit customers: each ticket's card holder is credited the configured share of its Montant (0.5 × Montant), in cents, all tickets in one transaction. A ticket with an `id` is credited once: a retry answers ALREADY_CREDITED with what it gave; so does a retried call with the same `Idempotency-Key`.",
    responses(
        (status = 200, description = "Per ticket, in order, the credit given or why none.", body = CreditOutcome),
    ))]
pub async fn credit(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    body: Json<CreditInput>,
) -> Result<HttpResponse, AppError> {
    let tickets = body.0.tickets.unwrap_or_default();
    if tickets.is_empty() {
        return Err(AppError::invalid_field(
            "Tickets",
            "must list at least one ticket",
        ));
    }
    if tickets.len() > rules.max_tickets_per_call {
        let message = format!("must list at most {} tickets", rules.max_tickets_per_call);
        return Err(AppError::invalid_field("Tickets", message));
    }
    let rate = rules.credit_rate_basis_points;
    let (tickets, outcome) = db::run(&pool, move |conn| {
        let at = Utc::now().naive_utc();
        let first = write_transaction(conn, |conn| credit_all(conn, &tickets, rate, at));
        // Two calls crediting one ticket id at once: the database lets one in; the other,
        // run again, finds the ticket credited.
        let outcome = match first {
            Err(err) if is_unique_violation(&err) => {
                write_transaction(conn, |conn| credit_all(conn, &tickets, rate, at))?
            }
            other => other?,
        };
        Ok::<_, AppError>((tickets, outcome))
    })
    .await?;
    let tickets = tickets
        .into_iter()
        .zip(outcome)
        .map(|(t, (status, credited))| TicketCredit {
            carte_fid: t.carte_fid.unwrap_or(Value::Null),
            montant: t.montant.unwrap_or(Value::Null),
            id: t.id.unwrap_or(Value::Null),
            status,
            credited,
        })
        .collect();
    Ok(Dialect::Crm.success(StatusCode::OK, CreditOutcome { tickets }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardCredit {
    #[serde(rename = "carteFid")]
    pub carte_fid: i64,
    /// The holder's credit.
    #[serde(rename = "Credit")]
    #[schema(value_type = f64)]
    pub credit: Cents,
}

#[utoipa::path(get, path = "/api/credit/{carteFid}",
    params(("carteFid" = i64, Path, description = "The fidelity card number.")),
    description = "Get the credit of the customer holding this fidelity card.",
    responses(
        (status = 200, description = "The card and its holder's credit.", body = CardCredit),
        (status = 404, description = "No customer holds this card (UNKNOWN_CARD)."),
    ))]
pub async fn read(
    _caller: Caller,
    pool: web::Data<Pool>,
    card: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let card = card_number(&card).ok_or(CrmError::UnknownCard)?;
    let credit = db::run(&pool, move |conn| store::of_card(conn, card)).await?;
    let credit = credit.ok_or(CrmError::UnknownCard)?;
    Ok(Dialect::Crm.success(
        StatusCode::OK,
        CardCredit {
            carte_fid: card,
            credit: Cents(credit),
        },
    ))
}
