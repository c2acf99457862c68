//! Orders mirrored from the shop: the SAV and chatbot flows read them.

pub mod handlers;
pub mod model;
pub mod store;
