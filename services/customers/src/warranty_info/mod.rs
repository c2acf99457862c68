//! Warranty registrations (`/warranty-info`, UUID ids): a product of a ticket, registered for a
//! customer, with its serial number (once), its dates and its change log.

pub mod change;
pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;
pub mod write;
