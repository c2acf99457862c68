//! Tickets (receipts) mirrored from the point of sale under its own ids, with their lines: what
//! `editScore` and the warranty registrations refer to.

pub mod handlers;
pub mod store;
