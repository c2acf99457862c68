//! Partner calls: who is calling (any documented credential style), where the path goes, and
//! the forwarding itself.

pub mod auth;
pub mod handlers;
pub mod routing;
pub mod upstream;

use std::rc::Rc;
use std::time::Duration;

/// What each actix worker keeps for itself: its upstream connections, its copy of the trusted
/// credentials and the routing rules' metric labels (not `Send`: it never leaves its worker).
pub struct Worker {
    pub upstreams: upstream::Upstreams,
    pub trust: auth::LocalTrust,
    /// By rule, as [`routing::RouteTable::labels`] gives them.
    pub route_labels: Vec<Rc<str>>,
}

impl Worker {
    /// Must be called on the worker's runtime.
    pub fn new(connect_timeout: Duration, routes: &routing::RouteTable) -> Self {
        Self {
            upstreams: upstream::Upstreams::new(connect_timeout),
            trust: auth::LocalTrust::default(),
            route_labels: routes.labels().into_iter().map(Rc::from).collect(),
        }
    }
}
