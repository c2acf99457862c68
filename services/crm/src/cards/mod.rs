//! Fidelity cards: the numbers a customer holds (`carteFid`), attached and detached.

pub mod handlers;
pub mod model;
pub mod store;
