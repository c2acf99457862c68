//! Documents on a demand (agreements, pictures, reports, quotes, transport labels) and the
//! tracking labels of the parcels between customer and center.

pub mod handlers;
pub mod model;
pub mod responses;
pub mod store;
