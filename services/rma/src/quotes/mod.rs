//! Quotes: the repair center's estimate for an out-of-warranty repair (section 3.8) and the
//! retailer's answer to it (section 4, `VDE` / `RDE`).

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;
