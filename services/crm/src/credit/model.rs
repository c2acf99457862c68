//! The credit of one ticket, without I/O: its card and amount read, the amount credited.

use platform::input::scalar_text;
use platform::money::Cents;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::cards::model::card_of;

/// What became of one ticket of `POST /api/credit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TicketStatus {
    /// The holder was credited.
    Credited,
    /// A ticket with this id was credited before: nothing more was (`Credited` is what it got).
    AlreadyCredited,
    /// No customer holds this card (or it is no card number).
    UnknownCard,
    /// `Montant` is not an amount above zero, to the cent.
    BadAmount,
}

/// A ticket worth crediting: its card, its amount, the credit it gives and its own id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Creditable {
    pub card: i64,
    pub montant: Cents,
    pub credited: Cents,
    pub ticket_id: Option<String>,
}

/// The ticket read, or why it credits nothing. `rate` is in hundredths of a percent.
pub fn creditable(
    card: Option<&Value>,
    montant: Option<&Value>,
    ticket_id: Option<&Value>,
    rate: i64,
) -> Result<Creditable, TicketStatus> {
    let montant = montant
        .and_then(|m| Cents::from_json(m).ok())
        .filter(|m| m.0 > 0)
        .ok_or(TicketStatus::BadAmount)?;
    let card = card.and_then(card_of).ok_or(TicketStatus::UnknownCard)?;
    let ticket_id = ticket_id
        .and_then(scalar_text)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    Ok(Creditable {
        card,
        montant,
        credited: montant.percent_of(rate),
        ticket_id,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn half_the_amount_is_credited_to_the_cent() {
        let ticket = creditable(Some(&json!(33)), Some(&json!(26)), None, 5000);
        assert_eq!(ticket.map(|t| t.credited), Ok(Cents(1300)));
        let ticket = creditable(Some(&json!(42)), Some(&json!(55)), Some(&json!(7)), 5000);
        assert_eq!(ticket.clone().map(|t| t.credited), Ok(Cents(2750)));
        assert_eq!(ticket.map(|t| t.ticket_id), Ok(Some("7".into())));
        let odd = creditable(Some(&json!(1)), Some(&json!("0.05")), None, 5000);
        assert_eq!(odd.map(|t| t.credited), Ok(Cents(3)));
    }

    #[test]
    fn bad_tickets_say_why() {
        let bad = |card, montant| creditable(Some(&card), Some(&montant), None, 5000);
        assert_eq!(bad(json!(33), json!(0)), Err(TicketStatus::BadAmount));
        assert_eq!(bad(json!(33), json!(-4)), Err(TicketStatus::BadAmount));
        assert_eq!(bad(json!(33), json!("x")), Err(TicketStatus::BadAmount));
        assert_eq!(bad(json!(33), json!(1.234)), Err(TicketStatus::BadAmount));
        assert_eq!(bad(json!("x"), json!(3)), Err(TicketStatus::UnknownCard));
        assert_eq!(
            creditable(None, Some(&json!(3)), None, 5000),
            Err(TicketStatus::UnknownCard)
        );
    }
}
