//! A ticket as the document prints it.

use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ArticleOut {
    #[serde(rename = "codeProduit")]
    pub code_produit: String,
    /// The unit price before the promotion.
    #[serde(rename = "prixAvant")]
    #[schema(value_type = f64)]
    pub prix_avant: Cents,
    /// The unit price after it: `prixAvant × (100 − promo) / 100`, to the cent.
    #[serde(rename = "prixApres")]
    #[schema(value_type = f64)]
    pub prix_apres: Cents,
    /// The promotion, in percent.
    pub promo: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TicketOut {
    pub id: i64,
    /// The moment of the sale, UTC.
    pub date: String,
    /// What the customer paid.
    #[schema(value_type = f64)]
    pub prix: Cents,
    /// The customer's `IdClient`.
    pub client: String,
    #[serde(rename = "pointsFidelite")]
    pub points_fidelite: i64,
    #[serde(rename = "modePaiement")]
    pub mode_paiement: String,
    pub origin: String,
    pub articles: Vec<ArticleOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketList {
    pub tickets: Vec<TicketOut>,
}

/// `POST /api/tickets`: what was recorded.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct TicketsRecorded {
    /// New tickets.
    pub created: u64,
    /// Tickets already recorded as sent.
    pub unchanged: u64,
}
