//! Loyalty categories (`/customer-loyal-cats`): read by the back office, fed by the point of
//! sale (`PUT /pos/loyal-categories/:id`).

pub mod handlers;
pub mod store;
