//! API clients: the partners' credentials, in every style the seed documents use.

pub mod import;
pub mod model;
pub mod store;
