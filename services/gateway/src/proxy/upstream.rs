//! The proxy's HTTP/1.1 client: each actix worker keeps its own pool of keep-alive connections
//! to the upstreams, driven by hyper's connection API on the worker's own thread. Measured with
//! `scripts/bench gateway`, a general-purpose client (URL parsing, a shared pool, redirect and
//! timer layers) cost more CPU per call than the rest of the gateway together.

use std::cell::RefCell;
use std::collections::HashMap;
use std::pin::Pin;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use hyper::body::{Body, Incoming};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;

/// A request body; not `Send`, as actix's payload lives on its worker thread (and so does the
/// connection that sends it).
pub type ProxyBody = Pin<Box<dyn Body<Data = Bytes, Error = std::io::Error>>>;

/// Idle connections older than this are not reused: the upstream (actix keeps connections
/// alive 5 s) may be closing them, and a request sent on a closing connection is lost.
const MAX_IDLE: Duration = Duration::from_secs(2);
const MAX_IDLE_PER_UPSTREAM: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("connect to {0}: {1}")]
    Connect(String, std::io::Error),
    #[error("{0}")]
    Http(#[from] hyper::Error),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

impl UpstreamError {
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

struct Idle {
    sender: SendRequest<ProxyBody>,
    since: Instant,
}

/// One per worker thread (not `Send`: it never leaves its worker).
pub struct Upstreams {
    idle: RefCell<HashMap<String, Vec<Idle>>>,
    connect_timeout: Duration,
}

/// A connection lent for one exchange; give it back with [`Upstreams::release`] once the
/// response body has been read whole.
pub struct Lease {
    sender: SendRequest<ProxyBody>,
}

impl Upstreams {
    pub fn new(connect_timeout: Duration) -> Self {
        Self {
            idle: RefCell::new(HashMap::new()),
            connect_timeout,
        }
    }

    fn checkout(&self, authority: &str) -> Option<SendRequest<ProxyBody>> {
        let mut idle = self.idle.borrow_mut();
        let pool = idle.get_mut(authority)?;
        while let Some(conn) = pool.pop() {
            if conn.since.elapsed() < MAX_IDLE && conn.sender.is_ready() {
                return Some(conn.sender);
            }
        }
        None
    }

    async fn connect(&self, authority: &str) -> Result<SendRequest<ProxyBody>, UpstreamError> {
        let connect = tokio::net::TcpStream::connect(authority);
        let stream = tokio::time::timeout(self.connect_timeout, connect)
            .await
            .map_err(|_| UpstreamError::Timeout(self.connect_timeout))?
            .map_err(|e| UpstreamError::Connect(authority.to_string(), e))?;
        stream
            .set_nodelay(true)
            .map_err(|e| UpstreamError::Connect(authority.to_string(), e))?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        actix_web::rt::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "upstream connection ended");
            }
        });
        Ok(sender)
    }

    /// Sends `request` on a pooled connection (or a new one); the caller bounds the time.
    pub async fn send(
        &self,
        authority: &str,
        request: http::Request<ProxyBody>,
    ) -> Result<(http::Response<Incoming>, Lease), UpstreamError> {
        let mut sender = match self.checkout(authority) {
            Some(sender) => sender,
            None => self.connect(authority).await?,
        };
        let response = sender.send_request(request).await?;
        Ok((response, Lease { sender }))
    }

    /// Returns a connection to `authority` whose exchange is complete to the pool.
    pub fn release(&self, authority: &str, lease: Lease) {
        if lease.sender.is_closed() {
            return;
        }
        let idle = Idle {
            sender: lease.sender,
            since: Instant::now(),
        };
        let mut pools = self.idle.borrow_mut();
        match pools.get_mut(authority) {
            Some(pool) if pool.len() < MAX_IDLE_PER_UPSTREAM => pool.push(idle),
            Some(_) => {}
            None => {
                pools.insert(authority.to_string(), vec![idle]);
            }
        }
    }
}
