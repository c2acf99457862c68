//! `POST /api/loyalty-events`: the loyalty service tells the CRM of a ticket (scope `crm`).
//! One transaction per event: its id recorded in the inbox (a repeat does nothing), the
//! credit its returns take back, the CRM ticket and the credit of its sale.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::{Caller, require_scope};
use platform::db::{self, DbConn, Pool, write_transaction};
use platform::money::Cents;
use platform::web::Json;
use platform::{AppError, Dialect, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{MAX_LOYALTY_TICKET, TOPIC, article_units, crm_ticket_id};
use super::store::{self, LoyaltySale};
use crate::cards::model::card_number;
use crate::cards::store as cards;
use crate::config::CrmSettings;
use crate::credit::store::{self as credits, NewCredit};
use crate::tickets::store::{self as tickets, Article, Ticket};

/// The scope of the loyalty service's gateway client.
pub const SCOPE: &str = "crm";

/// A purchase line of the ticket.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyArticle {
    code: String,
    #[serde(default)]
    label: String,
    /// Hundredths of a unit (250: 2.5).
    quantity_hundredths: i64,
    /// As the till sent it, in cents (the article's price: the till applied its percentages).
    amount_cents: i64,
}

/// What a return gave back of an earlier ticket of the loyalty service.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyReturn {
    /// The earlier ticket (the loyalty service's id).
    ticket: i64,
    /// Cents of its paid amount given back.
    paid_cents: i64,
}

/// A ticket saved by the loyalty service, as its outbox event carries it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyEvent {
    /// The event's id: an event is acted on once, however often it is delivered.
    event_id: String,
    /// The loyalty service's ticket id.
    ticket: i64,
    /// The loyalty card: the CRM's `carteFid` when a customer holds it.
    card: String,
    /// The moment of the sale, RFC 3339.
    date: String,
    /// What the purchases were paid together, in cents.
    paid_cents: i64,
    /// Points the purchases earned.
    points: i64,
    #[serde(default)]
    articles: Vec<LoyaltyArticle>,
    #[serde(default)]
    returns: Vec<LoyaltyReturn>,
}

/// What the CRM did with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventStatus {
    /// Acted on: its sale recorded and credited (when it sells), its returns' credit taken back.
    Recorded,
    /// This event, or this ticket, was received before: nothing was done again.
    AlreadyReceived,
    /// It sells on a card no customer holds: no ticket, no credit (its returns still count).
    UnknownCard,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOutcome {
    #[serde(rename = "eventId")]
    pub event_id: String,
    pub status: EventStatus,
    /// The CRM ticket the sale became (`GET /api/get_tickets`), when it did.
    pub ticket: Option<i64>,
    /// The credit the sale gave.
    #[schema(value_type = f64)]
    pub credited: Cents,
    /// The credit its returns took back.
    #[serde(rename = "takenBack")]
    #[schema(value_type = f64)]
    pub taken_back: Cents,
}

/// The event checked: its moment read, every amount 0 or more.
fn checked(event: &LoyaltyEvent) -> Result<NaiveDateTime, AppError> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, field: String, message: &str| {
        if !ok {
            problems.push(FieldError::new(field, message));
        }
    };
    need(
        !event.event_id.trim().is_empty(),
        "eventId".into(),
        "is required",
    );
    need(
        (1..=MAX_LOYALTY_TICKET).contains(&event.ticket),
        "ticket".into(),
        "must be a ticket id of the loyalty service",
    );
    need(
        event.paid_cents >= 0,
        "paidCents".into(),
        "must be 0 or more",
    );
    need(event.points >= 0, "points".into(), "must be 0 or more");
    for (i, a) in event.articles.iter().enumerate() {
        let fine = a.quantity_hundredths > 0 && a.amount_cents >= 0;
        need(
            fine,
            format!("articles[{i}]"),
            "quantity above 0, amount 0 or more",
        );
    }
    for (i, r) in event.returns.iter().enumerate() {
        let fine = r.ticket >= 1 && r.paid_cents >= 0;
        need(
            fine,
            format!("returns[{i}]"),
            "a ticket id and an amount of 0 or more",
        );
    }
    let sold_at = platform::input::dates::timestamp(&event.date);
    need(
        sold_at.is_some(),
        "date".into(),
        "must be a moment, RFC 3339",
    );
    match sold_at {
        Some(at) if problems.is_empty() => Ok(at),
        _ => Err(AppError::invalid_fields(problems)),
    }
}

/// Takes back from the sale of `loyalty_ticket` the credit a return of `paid_back` cents of it
/// is worth, from the customer it credited; what was taken. A sale the CRM never credited (an
/// unknown card then) has nothing to take back.
fn take_back(conn: &mut DbConn, loyalty_ticket: i64, paid_back: i64) -> diesel::QueryResult<i64> {
    let Some(sale) = store::find_for_update(conn, loyalty_ticket)? else {
        return Ok(0);
    };
    let (after, take) = sale.credit().after_return(paid_back);
    store::record_return(conn, loyalty_ticket, after)?;
    if take > 0 {
        credits::add(conn, sale.client_id, -take)?;
    }
    Ok(take)
}

/// Records the sale as a CRM ticket of the card's holder and credits it; `None` when no
/// customer holds the card. The credit is the ticket's unless its id was credited already.
fn record_sale(
    conn: &mut DbConn,
    event: &LoyaltyEvent,
    sold_at: NaiveDateTime,
    rate: i64,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<(i64, i64)>> {
    let Some(card) = card_number(&event.card) else {
        return Ok(None);
    };
    let Some(client_id) = cards::holder(conn, card)? else {
        return Ok(None);
    };
    let id = crm_ticket_id(event.ticket);
    let row = Ticket {
        id,
        sold_at,
        prix_cents: event.paid_cents,
        client_id,
        points_fidelite: event.points,
        mode_paiement: "unknown".into(),
        origin: "loyalty".into(),
        created_at: now,
    };
    let articles: Vec<Article> = event
        .articles
        .iter()
        .zip(0..)
        .map(|(a, line)| {
            let (quantity, unit) = article_units(a.quantity_hundredths, a.amount_cents);
            let code = [&a.code, &a.label]
                .into_iter()
                .map(|t| t.trim())
                .find(|t| !t.is_empty())
                .unwrap_or("-");
            Article {
                ticket_id: id,
                line,
                code_produit: code.to_string(),
                prix_avant_cents: unit.0,
                prix_apres_cents: unit.0,
                promo: 0,
                quantity,
            }
        })
        .collect();
    tickets::insert(conn, &row, &articles)?;
    tickets::count_in_client(conn, client_id, event.paid_cents, sold_at.date())?;
    let ticket_id = id.to_string();
    let credited = if credits::credited_for(conn, &ticket_id)?.is_some() {
        0
    } else {
        let credited = Cents(event.paid_cents).percent_of(rate).0;
        credits::record(
            conn,
            &NewCredit {
                ticket_id: Some(&ticket_id),
                carte_fid: card,
                client_id,
                montant_cents: event.paid_cents,
                credited_cents: credited,
                created_at: now,
            },
        )?;
        credits::add(conn, client_id, credited)?;
        credited
    };
    store::insert(
        conn,
        &LoyaltySale {
            loyalty_ticket: event.ticket,
            ticket_id: id,
            client_id,
            carte_fid: card,
            paid_cents: event.paid_cents,
            credited_cents: credited,
            returned_cents: 0,
            taken_back_cents: 0,
            created_at: now,
        },
    )?;
    Ok(Some((id, credited)))
}

/// Acts on the event once, in the caller's transaction.
fn receive(
    conn: &mut DbConn,
    event: &LoyaltyEvent,
    sold_at: NaiveDateTime,
    rate: i64,
    now: NaiveDateTime,
) -> diesel::QueryResult<EventOutcome> {
    let mut outcome = EventOutcome {
        event_id: event.event_id.clone(),
        status: EventStatus::AlreadyReceived,
        ticket: None,
        credited: Cents(0),
        taken_back: Cents(0),
    };
    if !platform::inbox::first_time(conn, &event.event_id, TOPIC, now)? {
        return Ok(outcome);
    }
    for r in &event.returns {
        outcome.taken_back.0 += take_back(conn, r.ticket, r.paid_cents)?;
    }
    outcome.status = EventStatus::Recorded;
    if event.articles.is_empty() {
        return Ok(outcome);
    }
    if store::exists(conn, event.ticket)? {
        outcome.status = EventStatus::AlreadyReceived;
        return Ok(outcome);
    }
    match record_sale(conn, event, sold_at, rate, now)? {
        Some((ticket, credited)) => {
            outcome.ticket = Some(ticket);
            outcome.credited = Cents(credited);
        }
        None => outcome.status = EventStatus::UnknownCard,
    }
    Ok(outcome)
}

#[utoipa::path(post, path = "/api/loyalty-events", request_body = LoyaltyEvent,
    description = "For the loyalty service (scope `crm`): a ticket it saved. Each event is acted on once, by its `eventId` (a repeat answers ALREADY_RECEIVED and changes nothing), in one transaction: each return takes back, from the customer its sale credited, the share of that credit the returned amount is worth (a whole return exactly the credit, never more); a sale on a card a customer holds becomes a ticket (`origin` `loyalty`, id 1,000,000,000,000 + the loyalty ticket's) and credits its holder the configured share of what was paid (0.5 × amount). A card no customer holds is UNKNOWN_CARD: nothing is recorded for the sale.",
    responses(
        (status = 200, description = "What was done with the event.", body = EventOutcome),
        (status = 403, description = "The token lacks the scope crm."),
    ))]
pub async fn receive_event(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    body: Json<LoyaltyEvent>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, SCOPE)?;
    let event = body.0;
    let sold_at = checked(&event)?;
    let rate = rules.credit_rate_basis_points;
    let outcome = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            receive(conn, &event, sold_at, rate, now)
        })
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, outcome))
}
