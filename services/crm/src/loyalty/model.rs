//! The rules of the loyalty feed, without I/O: the CRM ticket id of a loyalty sale, its
//! articles, and the credit a return takes back.

use platform::money::Cents;

/// The inbox's topic of the events received.
pub const TOPIC: &str = "crm.ticket";

/// Tickets of the loyalty service take the CRM ticket ids from this one up (theirs added to
/// it); the point of sale's own ids (`POST /api/tickets`) stay below. Kept well under 2^53, so
/// a JavaScript client reads every id exactly.
pub const LOYALTY_TICKET_IDS_FROM: i64 = 1_000_000_000_000;

/// The most a loyalty ticket id may be, its CRM id staying under 2^53.
pub const MAX_LOYALTY_TICKET: i64 = (1 << 53) - 1 - LOYALTY_TICKET_IDS_FROM;

/// The CRM ticket id of loyalty's ticket `loyalty_ticket` (from 1 to [`MAX_LOYALTY_TICKET`]).
pub fn crm_ticket_id(loyalty_ticket: i64) -> i64 {
    LOYALTY_TICKET_IDS_FROM + loyalty_ticket
}

/// A purchase line as a CRM article: `(quantity, unit price)`. A whole quantity dividing the
/// line's amount gives the unit price; otherwise (2.5 kg, an odd cent) the line is one article
/// at its amount, so that quantity × price is always the line.
pub fn article_units(quantity_hundredths: i64, amount_cents: i64) -> (i64, Cents) {
    let whole = quantity_hundredths / 100;
    if quantity_hundredths % 100 == 0 && whole > 0 && amount_cents % whole == 0 {
        (whole, Cents(amount_cents / whole))
    } else {
        (1, Cents(amount_cents))
    }
}

/// A sale as credited, and what its returns have taken back so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleCredit {
    pub paid: i64,
    pub credited: i64,
    pub returned: i64,
    pub taken_back: i64,
}

impl SaleCredit {
    /// A return giving back `paid_back` cents of the sale: the sale afterwards, and the credit
    /// to take back. Counted on the whole returned so far (rounded down, the last cent taking
    /// the rest), so that returning the whole sale takes back exactly its credit, and never
    /// more, however the returns come.
    pub fn after_return(self, paid_back: i64) -> (SaleCredit, i64) {
        let returned = self
            .returned
            .saturating_add(paid_back.max(0))
            .min(self.paid);
        let due = if returned >= self.paid {
            self.credited
        } else {
            let share = i128::from(self.credited) * i128::from(returned) / i128::from(self.paid);
            i64::try_from(share).unwrap_or(self.credited)
        };
        let take = (due - self.taken_back).max(0);
        let after = SaleCredit {
            returned,
            taken_back: self.taken_back + take,
            ..self
        };
        (after, take)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sale(paid: i64, credited: i64) -> SaleCredit {
        SaleCredit {
            paid,
            credited,
            returned: 0,
            taken_back: 0,
        }
    }

    #[test]
    fn a_whole_return_takes_back_exactly_the_credit() {
        let (after, take) = sale(2000, 1000).after_return(2000);
        assert_eq!((after.taken_back, take), (1000, 1000));
        let (after, take) = after.after_return(2000);
        assert_eq!((after.taken_back, take), (1000, 0));
    }

    #[test]
    fn returns_in_parts_add_up_to_the_credit_and_no_more() {
        let mut credit = sale(1000, 501);
        let mut taken = 0;
        for _ in 0..3 {
            let (after, take) = credit.after_return(333);
            credit = after;
            taken += take;
        }
        assert_eq!(taken, 500);
        let (after, take) = credit.after_return(1);
        assert_eq!((after.taken_back, take), (501, 1));
        let (_, more) = after.after_return(500);
        assert_eq!(more, 0);
    }

    #[test]
    fn a_sale_that_gave_nothing_takes_back_nothing() {
        let (after, take) = sale(0, 0).after_return(100);
        assert_eq!((after.taken_back, take), (0, 0));
    }

    #[test]
    fn articles_are_whole_units_when_they_can_be() {
        assert_eq!(article_units(200, 1000), (2, Cents(500)));
        assert_eq!(article_units(300, 1000), (1, Cents(1000)));
        assert_eq!(article_units(250, 1000), (1, Cents(1000)));
        assert_eq!(article_units(100, 0), (1, Cents(0)));
    }

    #[test]
    fn loyalty_tickets_have_their_own_ids() {
        assert_eq!(crm_ticket_id(17), 1_000_000_000_017);
        assert!(crm_ticket_id(MAX_LOYALTY_TICKET) < 1 << 53);
    }
}
