//! The `crm.ticket` event: what the CRM needs of a saved ticket, in integer cents.

use chrono::{NaiveDateTime, SecondsFormat};
use diesel::QueryResult;
use platform::codes::loyalty::OperationType;
use platform::db::DbConn;
use serde::Serialize;

use crate::tickets::input::Ticket;
use crate::tickets::model::is_purchase;
use crate::tickets::write::Saved;

pub const TOPIC: &str = "crm.ticket";

/// A purchase line of the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    pub code: String,
    pub label: String,
    pub quantity_hundredths: i64,
    /// As the till sent it, including tax.
    pub amount_cents: i64,
    /// After the amount vouchers: what the customer paid for it.
    pub paid_cents: i64,
}

/// What a return of this ticket gave back of an earlier ticket's paid amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Returned {
    /// The earlier ticket (this service's id).
    pub ticket: i64,
    pub paid_cents: i64,
}

/// The event's payload (the dispatcher adds its `eventId` when delivering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketEvent {
    /// This service's ticket id.
    pub ticket: i64,
    pub card: String,
    pub shop_id: i64,
    pub receipt: String,
    /// The moment of the sale, RFC 3339 UTC.
    pub date: String,
    /// The purchases' paid amounts together: what the CRM credits a share of.
    pub paid_cents: i64,
    /// Points the purchases earned.
    pub points: i64,
    pub articles: Vec<Article>,
    pub returns: Vec<Returned>,
    /// The `x-request-id` of the till's request: the delivery carries it (and leaves it out
    /// of the body), so the CRM's log names the request that saved the ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl TicketEvent {
    /// The event of `ticket` as saved; `None` when it neither sells nor returns (a deposit, a
    /// withdrawal, a reset: nothing for the CRM).
    pub fn of(ticket: &Ticket, saved: &Saved, request_id: Option<String>) -> Option<Self> {
        let view = &saved.view;
        let mut articles = Vec::new();
        let mut points = 0;
        for (line, seen) in ticket.lines.iter().zip(&view.purchases) {
            if !is_purchase(line.operation) {
                continue;
            }
            points += seen.points;
            articles.push(Article {
                code: line.item_code.clone(),
                label: line.item_label.clone(),
                quantity_hundredths: line.quantity_hundredths,
                amount_cents: line.amount_cents,
                paid_cents: seen.net_amount.0,
            });
        }
        let returns: Vec<Returned> = saved
            .paid_back
            .iter()
            .filter(|p| p.cents > 0)
            .map(|p| Returned {
                ticket: p.ticket,
                paid_cents: p.cents,
            })
            .collect();
        let returned = ticket
            .lines
            .iter()
            .any(|l| l.operation == OperationType::RepriseArticle);
        if articles.is_empty() && !returned {
            return None;
        }
        Some(Self {
            ticket: view.id,
            card: view.card.clone(),
            shop_id: view.shop_id,
            receipt: view.receipt.clone(),
            date: ticket
                .sold_at
                .and_utc()
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            paid_cents: articles.iter().map(|a| a.paid_cents).sum(),
            points,
            articles,
            returns,
            request_id,
        })
    }

    /// Writes the event to the outbox: call it in the ticket's transaction. Events of one card
    /// are delivered in order (a return after the sale it takes from).
    pub fn enqueue(&self, conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
        let payload = serde_json::to_value(self)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let stream = format!("card:{}", self.card);
        platform::outbox::enqueue(conn, TOPIC, Some(&stream), &payload, now).map(drop)
    }
}
