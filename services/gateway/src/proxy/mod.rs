//! Partner calls: who is calling (any documented credential style), where the path goes, and
//! the forwarding itself.

pub mod auth;
pub mod handlers;
pub mod routing;
pub mod upstream;

use std::time::Duration;

/// What each actix worker keeps for itself: its upstream connections and its copy of the
/// trusted credentials (not `Send`: it never leaves its worker).
pub struct Worker {
    pub upstreams: upstream::Upstreams,
    pub trust: auth::LocalTrust,
}

impl Worker {
    /// Must be called on the worker's runtime.
    pub fn new(connect_timeout: Duration) -> Self {
        Self {
            upstreams: upstream::Upstreams::new(connect_timeout),
            trust: auth::LocalTrust::default(),
        }
    }
}
