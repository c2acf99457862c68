//! SAV records: their products, status history, and the endpoints of seed 000 around them.

pub mod handlers;
pub mod input;
pub mod model;
pub mod responses;
pub mod store;
