//! How a quote is shown: prices exact, as decimal strings (`"158.45"`).

use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{Quote, StoredLine};
use crate::shown::{self, Shown};

/// One `prestation` line.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineOut<'a> {
    pub label_prestation: &'a str,
    pub quantity: i32,
    /// The unit price, `"158.45"`.
    pub price: String,
    /// `quantity × price`.
    pub total: String,
}

/// A quote of section 3.8 and where it stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "demand_number": "ACH-9001-0008", "quote_number": "DEV-2021-118",
    "quote_comment": "Carte mère à remplacer", "quote_document_id": 14,
    "prestation": [
        {"label_prestation": "Prestation 1", "quantity": 1, "price": "158.45", "total": "158.45"},
        {"label_prestation": "Prestation 2", "quantity": 2, "price": "0.10", "total": "0.20"}
    ],
    "total": "158.65", "total_cents": 15865, "state": "PENDING", "quote_treatment": null,
    "answered_at": null, "date": "2021-09-24 14:03:00"
}))]
pub struct QuoteOut<'a> {
    pub demand_number: &'a str,
    pub quote_number: &'a str,
    pub quote_comment: Option<&'a str>,
    /// The quote's PDF, a QUOTE document of the demand, when one was sent.
    pub quote_document_id: Option<i64>,
    pub prestation: Vec<LineOut<'a>>,
    /// The sum of the lines, `"158.65"`.
    pub total: String,
    pub total_cents: i64,
    /// PENDING, VDE (accepted), RDE (refused) or SUPERSEDED (replaced by a newer quote before
    /// its answer).
    pub state: &'a str,
    /// DESTRUCT or RETURN, on a refused quote.
    pub quote_treatment: Option<&'a str>,
    #[schema(schema_with = shown::nullable)]
    pub answered_at: Option<Shown>,
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
}

impl<'a> QuoteOut<'a> {
    /// `quote` with its own lines among `lines`.
    pub fn of(quote: &'a Quote, demand_number: &'a str, lines: &'a [StoredLine]) -> Self {
        Self {
            demand_number,
            quote_number: &quote.quote_number,
            quote_comment: quote.comment.as_deref(),
            quote_document_id: quote.document_id,
            prestation: lines
                .iter()
                .filter(|l| l.quotation_id == quote.id)
                .map(|l| LineOut {
                    label_prestation: &l.label,
                    quantity: l.quantity,
                    price: Cents(l.unit_price_cents).to_decimal_string(),
                    total: Cents(l.total_cents).to_decimal_string(),
                })
                .collect(),
            total: Cents(quote.total_cents).to_decimal_string(),
            total_cents: quote.total_cents,
            state: quote.state(),
            quote_treatment: quote.quote_treatment.as_deref(),
            answered_at: quote.answered_at.map(Shown),
            date: Shown(quote.created_at),
        }
    }
}
