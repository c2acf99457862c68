//! Tickets: the sales a till sends, their lines (operations), the vouchers they use and the
//! points they move.

pub mod handlers;
pub mod input;
pub mod model;
pub mod responses;
pub mod store;
pub mod write;
