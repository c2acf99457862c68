//! The loyalty service's tickets (issue 16, flow 3): `POST /api/loyalty-events` receives each
//! ticket event once (the platform's inbox, by event id); a sale of a card a customer holds
//! becomes a ticket of `tickets` and a credit of the configured share of what was paid, a
//! return takes back the credit of the sale it returns from, never more than it gave.

pub mod handlers;
pub mod model;
pub mod store;
