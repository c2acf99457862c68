//! CRM customers: the list, one customer, by email, creation and the bulk import.

pub mod handlers;
pub mod import;
pub mod model;
pub mod responses;
pub mod rows;
pub mod store;
