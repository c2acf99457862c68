//! Customers (`/customers`): the list and its other views, detail, create, the ten `PUT`
//! actions (the loyalty score among them, with its history) and delete.

pub mod edit;
pub mod handlers;
pub mod model;
pub mod responses;
pub mod score;
pub mod store;
