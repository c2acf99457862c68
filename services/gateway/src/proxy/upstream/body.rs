//! The bodies: the partner's sent on as it arrives, the upstream's read whole or streamed.

use std::future::poll_fn;
use std::pin::Pin;

use actix_http::h1::Message;
use actix_http::{ResponseHead, StatusCode};
use actix_web::web::{Bytes, BytesMut};
use futures_util::stream::{LocalBoxStream, StreamExt};

use super::{BodyConnection, Connection, Request, Upload, UpstreamError};

pub(super) async fn flush(connection: &mut Connection) -> Result<(), UpstreamError> {
    poll_fn(|cx| Pin::new(&mut *connection).flush::<Request>(cx)).await?;
    Ok(())
}

pub(super) async fn send_body(
    connection: &mut Connection,
    mut upload: Upload,
) -> Result<(), UpstreamError> {
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
pub(super) async fn read_head(connection: &mut Connection) -> Result<ResponseHead, UpstreamError> {
    loop {
        let head = connection.next().await.ok_or(UpstreamError::Closed)??;
        match head.status {
            StatusCode::SWITCHING_PROTOCOLS => return Err(UpstreamError::Unexpected(head.status)),
            status if status.is_informational() => continue,
            _ => return Ok(head),
        }
    }
}

pub(super) async fn read_whole(
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
pub(super) fn streamed(
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
