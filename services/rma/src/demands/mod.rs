//! Demands: the files a retailer sends to a repair center, their status history and messages,
//! and the routes of seed 001 that move them along.

pub mod model;
pub mod partner;
pub mod retailer;
pub mod store;
