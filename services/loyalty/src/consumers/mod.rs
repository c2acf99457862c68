//! Consumers: the people holding cards (the guide calls them customers).

pub mod handlers;
pub mod input;
pub mod model;
pub mod responses;
pub mod store;
