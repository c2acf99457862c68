//! Vouchers: amount, percentage, gift or choices, issued by steps or the back office.

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;
