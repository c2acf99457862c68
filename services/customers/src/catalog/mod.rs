//! The reference data warranty tickets rely on, fed by the point of sale under its own ids:
//! products, locations (warehouses) and suppliers.

pub mod handlers;
pub mod store;
