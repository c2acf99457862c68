//! The support chatbot's forgotten-coupon flow (seed 000): an eligibility check that changes
//! nothing, and the ticket that opens a commercial-gesture SAV with its pre-refund.

pub mod coupon;
pub mod handlers;
pub mod model;
