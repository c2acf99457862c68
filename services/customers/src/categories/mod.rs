//! Customer categories (`/customer-cats`): exactly one is the default at all times.

pub mod handlers;
pub mod store;
