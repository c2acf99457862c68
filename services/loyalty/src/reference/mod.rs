//! Reference lists for the tills' drop-downs: countries, their cities, civilities.

pub mod data;
pub mod handlers;
