//! Sales tickets: fed by the point of sale (`POST /api/tickets`, idempotent by ticket id),
//! listed by `GET /api/get_tickets`; each new ticket moves its customer's `Montant`,
//! `Date_paiement` and `PanierMoyen`.

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;
