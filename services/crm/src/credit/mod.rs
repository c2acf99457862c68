//! Fidelity credit: each ticket's `Montant` credits its card's holder at the configured rate.

pub mod handlers;
pub mod model;
pub mod store;
