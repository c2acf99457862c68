//! The points ledger: one entry per change of a card's points.

pub mod store;
