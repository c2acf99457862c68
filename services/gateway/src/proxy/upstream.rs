//! The proxy's HTTP/1.1 client. Each actix worker keeps its own pool of keep-alive connections
//! to the upstreams and drives them inside the request's own task, with actix-http's client
//! codec (the one `awc` uses) doing the parsing and framing. Head and headers stay in actix's
//! types from partner to service and back, so nothing is converted or copied on the way.
//! Measured with `scripts/bench gateway`, a general-purpose client (URL parsing, a shared pool,
//! redirect and timer layers) cost more CPU per call than the rest of the gateway together, and
//! hyper's connection task and its `http` 1.x types still cost a task switch each way and a copy
//! of every header.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::time::{Duration, Instant};

use actix_codec::Framed;
use actix_http::body::BodySize;
use actix_http::error::{ParseError, PayloadError};
use actix_http::h1::{ClientCodec, ClientPayloadCodec, Message, MessageType};
use actix_http::{RequestHead, RequestHeadType, ResponseHead, ServiceConfig, StatusCode};
use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::web::{Bytes, BytesMut};
use futures_util::stream::{LocalBoxStream, StreamExt};
use tokio::net::TcpStream;

/// Idle connections older than this are not reused: the upstream (actix keeps connections
/// alive 5 s) may be closing them, and a request sent on a closing connection is lost.
pub const MAX_IDLE: Duration = Duration::from_secs(2);
const MAX_IDLE_PER_UPSTREAM: usize = 256;

/// Answers up to this size are read whole and sent in one piece; larger ones are streamed.
const BUFFERED_ANSWER: u64 = 64 * 1024;

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

struct Idle {
    connection: Connection,
    since: Instant,
}

/// One per worker thread (not `Send`: it never leaves its worker).
pub struct Upstreams {
    /// Per upstream, oldest first: the newest is reused, the oldest expire.
    idle: RefCell<HashMap<String, VecDeque<Idle>>>,
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

    fn checkout(&self, authority: &str) -> Option<Connection> {
        let mut idle = self.idle.borrow_mut();
        let pool = idle.get_mut(authority)?;
        while let Some(conn) = pool.pop_back() {
            // Bytes the upstream sent unasked mean the connection is in no known state.
            if conn.since.elapsed() < MAX_IDLE && conn.connection.is_read_buf_empty() {
                return Some(conn.connection);
            }
        }
        None
    }

    fn checkin(&self, authority: &str, connection: Connection) {
        let now = Instant::now();
        let idle = Idle {
            connection,
            since: now,
        };
        let mut pools = self.idle.borrow_mut();
        match pools.get_mut(authority) {
            Some(pool) => {
                expire(pool, now);
                if pool.len() < MAX_IDLE_PER_UPSTREAM {
                    pool.push_back(idle);
                }
            }
            None => {
                pools.insert(authority.to_string(), VecDeque::from([idle]));
            }
        }
    }

    /// Closes the connections idle for too long to be reused. Without it, the ones a burst
    /// opened stay open below the few that steady traffic reuses, long after the upstream has
    /// closed its end (seen: 62 sockets in CLOSE-WAIT after one burst of 64 calls).
    pub fn sweep(&self) {
        let now = Instant::now();
        for pool in self.idle.borrow_mut().values_mut() {
            expire(pool, now);
        }
    }

    async fn connect(&self, authority: &str) -> Result<Connection, UpstreamError> {
        let connect = TcpStream::connect(authority);
        let stream = tokio::time::timeout(self.connect_timeout, connect)
            .await
            .map_err(|_| UpstreamError::Timeout(self.connect_timeout))?
            .map_err(|e| UpstreamError::Connect(authority.to_string(), e))?;
        stream
            .set_nodelay(true)
            .map_err(|e| UpstreamError::Connect(authority.to_string(), e))?;
        Ok(Framed::new(
            stream,
            ClientCodec::new(self.codec_config.clone()),
        ))
    }

    /// Sends `head` and `upload` to `authority` and reads the answer; the caller bounds the time.
    ///
    /// A pooled connection the upstream closed while idle fails before any answer; a request
    /// without a body and with an idempotent method is then sent once more on a new connection
    /// (what nginx does by default): by the method's definition, running it twice does no harm.
    pub async fn exchange(
        &self,
        authority: &str,
        head: Rc<RequestHead>,
        upload: Option<Upload>,
    ) -> Result<Answer, UpstreamError> {
        let retryable = upload.is_none() && head.method.is_idempotent();
        let head = match self.checkout(authority) {
            Some(connection) if retryable => {
                match self.send(authority, connection, &head, None).await {
                    Err(Failure::BeforeAnswer(_)) => head,
                    outcome => return outcome.map_err(Failure::into_error),
                }
            }
            Some(connection) => {
                return self
                    .send(authority, connection, &head, upload)
                    .await
                    .map_err(Failure::into_error);
            }
            None => head,
        };
        let connection = self.connect(authority).await?;
        self.send(authority, connection, &head, upload)
            .await
            .map_err(Failure::into_error)
    }

    async fn send(
        &self,
        authority: &str,
        mut connection: Connection,
        head: &Rc<RequestHead>,
        upload: Option<Upload>,
    ) -> Result<Answer, Failure> {
        let size = upload.as_ref().map_or(BodySize::None, |u| u.size);
        let request_head = RequestHeadType::Rc(Rc::clone(head), None);
        Pin::new(&mut connection)
            .write(Message::Item((request_head, size)))
            .map_err(|e| Failure::BeforeAnswer(e.into()))?;
        let sent = match upload {
            None => flush(&mut connection).await,
            Some(upload) => send_body(&mut connection, upload).await,
        };
        if let Err(err) = sent {
            if matches!(err, UpstreamError::Upload(_)) {
                return Err(Failure::During(err));
            }
            // The upstream may have answered without reading the whole body (and closed).
            return match read_head(&mut connection).await {
                Ok(answer) => self.read_body(authority, connection, answer, false).await,
                Err(_) => Err(Failure::BeforeAnswer(err)),
            };
        }
        let answer = read_head(&mut connection).await.map_err(|e| match e {
            UpstreamError::Parse(_) => Failure::During(e),
            _ => Failure::BeforeAnswer(e),
        })?;
        self.read_body(authority, connection, answer, true)
            .await
            .map_err(|e| Failure::During(e.into_error()))
    }

    async fn read_body(
        &self,
        authority: &str,
        connection: Connection,
        head: ResponseHead,
        reusable: bool,
    ) -> Result<Answer, Failure> {
        let bodiless = matches!(
            head.status,
            StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED
        );
        let reusable = reusable && connection.codec_ref().keep_alive();
        match connection.codec_ref().message_type() {
            MessageType::None => {
                if reusable {
                    self.checkin(authority, connection);
                }
                return Ok(Answer {
                    head,
                    body: AnswerBody::Whole(Bytes::new()),
                });
            }
            // The codec expects a body after a 304 that announced its length; there is none.
            _ if bodiless => {
                return Ok(Answer {
                    head,
                    body: AnswerBody::Whole(Bytes::new()),
                });
            }
            MessageType::Stream => {
                return Err(Failure::During(UpstreamError::Unexpected(head.status)));
            }
            MessageType::Payload => {}
        }
        let length = head
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        // Only a body without length or chunking (HTTP/1.0) legitimately ends with the connection.
        let ends_with_close = length.is_none() && !head.headers.contains_key(TRANSFER_ENCODING);
        let mut body = connection.into_map_codec(ClientCodec::into_payload_codec);
        if length.is_some_and(|n| n <= BUFFERED_ANSWER) {
            let whole = read_whole(&mut body, ends_with_close)
                .await
                .map_err(Failure::During)?;
            if reusable {
                self.checkin(
                    authority,
                    body.into_map_codec(ClientPayloadCodec::into_message_codec),
                );
            }
            return Ok(Answer {
                head,
                body: AnswerBody::Whole(whole),
            });
        }
        Ok(Answer {
            head,
            body: AnswerBody::Streamed(streamed(body, ends_with_close)),
        })
    }
}

fn expire(pool: &mut VecDeque<Idle>, now: Instant) {
    while pool
        .front()
        .is_some_and(|idle| now.duration_since(idle.since) >= MAX_IDLE)
    {
        pool.pop_front();
    }
}

/// Where an exchange failed: before any answer (the request may be sent again when that is
/// safe), or once the answer had begun.
enum Failure {
    BeforeAnswer(UpstreamError),
    During(UpstreamError),
}

impl Failure {
    fn into_error(self) -> UpstreamError {
        match self {
            Self::BeforeAnswer(e) | Self::During(e) => e,
        }
    }
}

async fn flush(connection: &mut Connection) -> Result<(), UpstreamError> {
    poll_fn(|cx| Pin::new(&mut *connection).flush::<Request>(cx)).await?;
    Ok(())
}

async fn send_body(connection: &mut Connection, mut upload: Upload) -> Result<(), UpstreamError> {
    while let Some(chunk) = upload.chunks.next().await {
        let chunk = chunk?;
        if chunk.is_empty() {
            continue;
        }
        Pin::new(&mut *connection).write(Message::Chunk(Some(chunk)))?;
        if connection.is_write_buf_full() {
            flush(connection).await?;
        }
    }
    Pin::new(&mut *connection).write(Message::Chunk(None))?;
    flush(connection).await
}

/// The answer's head; informational answers (100 Continue and the like) are skipped.
async fn read_head(connection: &mut Connection) -> Result<ResponseHead, UpstreamError> {
    loop {
        let head = connection.next().await.ok_or(UpstreamError::Closed)??;
        match head.status {
            StatusCode::SWITCHING_PROTOCOLS => return Err(UpstreamError::Unexpected(head.status)),
            status if status.is_informational() => continue,
            _ => return Ok(head),
        }
    }
}

async fn read_whole(
    body: &mut BodyConnection,
    ends_with_close: bool,
) -> Result<Bytes, UpstreamError> {
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    loop {
        match body.next().await {
            Some(Ok(Some(chunk))) => match &first {
                None => first = Some(chunk),
                Some(_) => rest.extend_from_slice(&chunk),
            },
            Some(Ok(None)) => break,
            Some(Err(err)) => return Err(err.into()),
            None if ends_with_close => break,
            None => return Err(UpstreamError::Closed),
        }
    }
    let first = first.unwrap_or_default();
    if rest.is_empty() {
        return Ok(first);
    }
    let mut whole = BytesMut::with_capacity(first.len() + rest.len());
    whole.extend_from_slice(&first);
    whole.extend_from_slice(&rest);
    Ok(whole.freeze())
}

/// The body as it arrives; a connection cut before the announced end is an error, so the
/// partner sees a broken transfer instead of a short body.
fn streamed(
    body: BodyConnection,
    ends_with_close: bool,
) -> LocalBoxStream<'static, Result<Bytes, UpstreamError>> {
    futures_util::stream::unfold(Some(body), move |state| async move {
        let mut body = state?;
        match body.next().await {
            Some(Ok(Some(chunk))) => Some((Ok(chunk), Some(body))),
            Some(Ok(None)) => None,
            Some(Err(err)) => Some((Err(err.into()), None)),
            None if ends_with_close => None,
            None => Some((Err(UpstreamError::Closed), None)),
        }
    })
    .boxed_local()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::*;

    /// An upstream that answers every request on every connection with an empty 200.
    fn spawn_upstream() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let authority = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let mut seen = Vec::new();
                    while let Ok(n) = stream.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        seen.extend_from_slice(&buf[..n]);
                        while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                            seen.drain(..end + 4);
                            let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                            if stream.write_all(answer).is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        authority
    }

    fn idle(upstreams: &Upstreams, authority: &str) -> usize {
        upstreams
            .idle
            .borrow()
            .get(authority)
            .map_or(0, VecDeque::len)
    }

    async fn call(upstreams: &Upstreams, authority: &str) {
        let mut head = RequestHead::default();
        head.uri = "/".parse().unwrap();
        let answer = upstreams
            .exchange(authority, Rc::new(head), None)
            .await
            .unwrap();
        assert_eq!(answer.head.status, StatusCode::OK);
        assert!(matches!(answer.body, AnswerBody::Whole(body) if body == "ok"));
    }

    #[actix_web::test]
    async fn connections_are_reused_and_those_idle_too_long_are_closed() {
        let authority = spawn_upstream();
        let upstreams = Upstreams::new(Duration::from_secs(1));

        // Three calls at once open three connections, all kept once answered.
        futures_util::future::join3(
            call(&upstreams, &authority),
            call(&upstreams, &authority),
            call(&upstreams, &authority),
        )
        .await;
        assert_eq!(idle(&upstreams, &authority), 3);
        // One at a time, the newest is reused.
        call(&upstreams, &authority).await;
        call(&upstreams, &authority).await;
        assert_eq!(idle(&upstreams, &authority), 3);

        tokio::time::sleep(MAX_IDLE / 2).await;
        call(&upstreams, &authority).await;
        tokio::time::sleep(MAX_IDLE / 2 + Duration::from_millis(100)).await;
        // The two left idle since the first calls are closed; the one used since is kept.
        upstreams.sweep();
        assert_eq!(idle(&upstreams, &authority), 1);
        tokio::time::sleep(MAX_IDLE / 2).await;
        upstreams.sweep();
        assert_eq!(idle(&upstreams, &authority), 0);
    }
}
