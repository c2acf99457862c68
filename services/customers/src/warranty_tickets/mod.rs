//! Warranty tickets (`/warranty-status`, UUID ids): a product brought in by a customer, sent to
//! its supplier, received back and returned, each action in its history; and the suppliers'
//! turnaround.

pub mod action;
pub mod handlers;
pub mod input;
pub mod model;
pub mod responses;
pub mod stats;
pub mod store;
pub mod write;
