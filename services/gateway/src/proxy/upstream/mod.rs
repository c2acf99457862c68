//! The proxy's HTTP/1.1 client. Each actix worker keeps its own pool of keep-alive connections
//! to the upstreams and drives them inside the request's own task, with actix-http's client
//! codec (the one `awc` uses) doing the parsing and framing. Head and headers stay in actix's
//! types from partner to service and back, so nothing is converted or copied on the way.
//! Measured with `scripts/bench gateway`, a general-purpose client (URL parsing, a shared pool,
//! redirect and timer layers) cost more CPU per call than the rest of the gateway together, and
//! hyper's connection task and its `http` 1.x types still cost a task switch each way and a copy
//! of every header.
//!
//! `pool` keeps the idle connections, `exchange` sends a request and reads its answer,
//! `body` moves the bodies in both directions.

mod body;
mod exchange;
mod pool;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io;
use std::time::Duration;

use actix_codec::Framed;
use actix_http::body::BodySize;
use actix_http::error::{ParseError, PayloadError};
use actix_http::h1::{ClientCodec, ClientPayloadCodec, Message};
use actix_http::{RequestHeadType, ResponseHead, ServiceConfig, StatusCode};
use actix_web::web::Bytes;
use futures_util::stream::LocalBoxStream;
use tokio::net::TcpStream;

pub use pool::MAX_IDLE;

type Connection = Framed<TcpStream, ClientCodec>;
type BodyConnection = Framed<TcpStream, ClientPayloadCodec>;
type Request = Message<(RequestHeadType, BodySize)>;

/// The partner's body as it arrives, with the size to announce (`Sized` or `Stream`, chunked).
pub struct Upload {
    pub size: BodySize,
    pub chunks: LocalBoxStream<'static, Result<Bytes, UploadError>>,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("body over the route's limit of {0} bytes")]
    OverLimit(usize),
    #[error("reading the partner's body: {0}")]
    Payload(#[from] PayloadError),
}

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("connect to {0}: {1}")]
    Connect(String, io::Error),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("malformed answer: {0}")]
    Parse(#[from] ParseError),
    #[error("answer body: {0}")]
    Body(#[from] PayloadError),
    #[error("connection closed before the answer was complete")]
    Closed,
    #[error("unexpected answer: {0}")]
    Unexpected(StatusCode),
    #[error("{0}")]
    Upload(#[from] UploadError),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

impl UpstreamError {
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

/// The upstream's answer: its head, and its body read whole when small, else streamed (the
/// connection then closes once the body is done instead of returning to the pool).
pub struct Answer {
    pub head: ResponseHead,
    pub body: AnswerBody,
}

pub enum AnswerBody {
    Whole(Bytes),
    Streamed(LocalBoxStream<'static, Result<Bytes, UpstreamError>>),
}

/// One per worker thread (not `Send`: it never leaves its worker).
pub struct Upstreams {
    /// Per upstream, oldest first: the newest is reused, the oldest expire.
    idle: RefCell<HashMap<String, VecDeque<pool::Idle>>>,
    connect_timeout: Duration,
    /// Shared by this worker's connections; it keeps the `Date` header the codec writes.
    codec_config: ServiceConfig,
}

impl Upstreams {
    /// Must be called on the worker's runtime (the codec's clock is a task on it).
    pub fn new(connect_timeout: Duration) -> Self {
        Self {
            idle: RefCell::new(HashMap::new()),
            connect_timeout,
            codec_config: ServiceConfig::default(),
        }
    }
}
