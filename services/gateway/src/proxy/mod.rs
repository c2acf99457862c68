//! Partner calls: who is calling (any documented credential style), where the path goes, and
//! the forwarding itself.

pub mod auth;
pub mod handlers;
pub mod routing;
pub mod upstream;

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;

/// What each actix worker keeps for itself: its upstream connections, its copy of the trusted
/// credentials and the routing rules' metric labels (not `Send`: it never leaves its worker).
pub struct Worker {
    pub upstreams: upstream::Upstreams,
    pub trust: auth::LocalTrust,
    /// By rule, as [`routing::RouteTable::labels`] gives them.
    pub route_labels: Vec<Rc<str>>,
}

impl Worker {
    /// Must be called on the worker's runtime: its idle upstream connections are swept by a task
    /// there, for as long as the worker's app lives.
    pub fn start(connect_timeout: Duration, routes: &routing::RouteTable) -> web::Data<Self> {
        let worker = web::Data::new(Self {
            upstreams: upstream::Upstreams::new(connect_timeout),
            trust: auth::LocalTrust::default(),
            route_labels: routes.labels().into_iter().map(Rc::from).collect(),
        });
        let weak = Arc::downgrade(&worker.clone().into_inner());
        actix_web::rt::spawn(async move {
            let mut tick = tokio::time::interval(upstream::MAX_IDLE);
            loop {
                tick.tick().await;
                let Some(worker) = weak.upgrade() else { break };
                worker.upstreams.sweep();
            }
        });
        worker
    }
}
