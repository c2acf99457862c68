//! Cards and their balance on the program: steps, rewards.

pub mod handlers;
pub mod model;
pub mod responses;
pub mod rewards;
pub mod store;
