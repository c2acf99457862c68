//! The idle keep-alive connections of one worker, per upstream.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::{Connection, Upstreams};

/// Idle connections older than this are not reused: the upstream (actix keeps connections
/// alive 5 s) may be closing them, and a request sent on a closing connection is lost.
pub const MAX_IDLE: Duration = Duration::from_secs(2);
const MAX_IDLE_PER_UPSTREAM: usize = 256;

pub(super) struct Idle {
    connection: Connection,
    since: Instant,
}

/// Whether the upstream has neither closed an idle connection nor written on it: a service
/// that restarted closed its side, and a POST, which is never sent twice, must not go there
/// (it would fail with a 502 before any answer). One non-blocking read, nothing to read.
fn still_open(connection: &Connection) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        connection.io_ref().try_read(&mut byte),
        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock
    )
}

impl Upstreams {
    pub(super) fn checkout(&self, authority: &str) -> Option<Connection> {
        let mut idle = self.idle.borrow_mut();
        let pool = idle.get_mut(authority)?;
        while let Some(conn) = pool.pop_back() {
            // Bytes the upstream sent unasked mean the connection is in no known state.
            if conn.since.elapsed() < MAX_IDLE
                && conn.connection.is_read_buf_empty()
                && still_open(&conn.connection)
            {
                return Some(conn.connection);
            }
        }
        None
    }

    pub(super) fn checkin(&self, authority: &str, connection: Connection) {
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
}

fn expire(pool: &mut VecDeque<Idle>, now: Instant) {
    while pool
        .front()
        .is_some_and(|idle| now.duration_since(idle.since) >= MAX_IDLE)
    {
        pool.pop_front();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::rc::Rc;

    use actix_http::{RequestHead, StatusCode};

    use super::super::AnswerBody;
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
