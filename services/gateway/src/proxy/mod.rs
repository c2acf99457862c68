//! Partner calls: who is calling (any documented credential style), where the path goes, and
//! the forwarding itself.

pub mod auth;
pub mod handlers;
pub mod routing;
pub mod upstream;
