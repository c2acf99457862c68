//! One exchange: the request out, the answer in, and whether its connection goes back to the
//! pool.

use std::pin::Pin;
use std::rc::Rc;

use actix_codec::Framed;
use actix_http::body::BodySize;
use actix_http::h1::{ClientCodec, ClientPayloadCodec, Message, MessageType};
use actix_http::{RequestHead, RequestHeadType, ResponseHead, StatusCode};
use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::web::Bytes;
use tokio::net::TcpStream;

use super::body::{flush, read_head, read_whole, send_body, streamed};
use super::{Answer, AnswerBody, Connection, Upload, UpstreamError, Upstreams};

/// Answers up to this size are read whole and sent in one piece; larger ones are streamed.
const BUFFERED_ANSWER: u64 = 64 * 1024;

impl Upstreams {
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
