//! A saved ticket, as `POST /api/v1/cards/{card}/sales` answers it.

use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct OperationView {
    pub id: u16,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineView {
    pub line: usize,
    pub operation: OperationView,
    /// As sent, including tax.
    #[schema(value_type = f64)]
    pub amount: Cents,
    /// After the amount vouchers: what its points were counted on.
    #[serde(rename = "netAmount")]
    #[schema(value_type = f64)]
    pub net_amount: Cents,
    /// Points earned (a return: taken back, below zero).
    pub points: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketView {
    pub id: i64,
    pub receipt: String,
    pub date: String,
    pub card: String,
    pub shop_id: i64,
    /// The purchases' total, as sent.
    #[schema(value_type = f64)]
    pub amount: Cents,
    /// Deducted by amount vouchers.
    #[schema(value_type = f64)]
    pub deducted: Cents,
    /// Points the ticket moved.
    pub points: i64,
    /// The card's points afterwards.
    pub balance: i64,
    pub vouchers_used: Vec<String>,
    pub purchases: Vec<LineView>,
}
