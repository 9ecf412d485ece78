//! Request bodies read, and answers written, by a blocking thread: the
//! answers streamed as a response body.

use std::io::{self, Read, Write};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use crate::protocol::{ErrorCode, ErrorObject};

/// How much a writer gathers before it sends a piece.
const PIECE: usize = 64 * 1024;

/// A writer whose bytes become a response body: pieces go through a
/// channel, waiting while the client is slow; a client gone is a broken
/// pipe.
pub(super) struct BodyWriter {
    buffer: Vec<u8>,
    sender: mpsc::Sender<io::Result<Bytes>>,
}

/// A writer and the body it feeds.
pub(super) fn channel() -> (BodyWriter, Body) {
    let (sender, mut receiver) = mpsc::channel(4);
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let writer = BodyWriter {
        buffer: Vec::with_capacity(PIECE),
        sender,
    };
    (writer, Body::from_stream(stream))
}

impl BodyWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let piece = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(PIECE),
        ));
        self.sender
            .blocking_send(Ok(piece))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client has gone"))
    }

    /// Ends the body with an error: the client sees a cut response.
    pub(super) fn fail(self, why: io::Error) {
        let _ = self.sender.blocking_send(Err(why));
    }
}

impl Write for BodyWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PIECE {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// A request body read by a blocking thread, at most `max` bytes, each
/// piece within `wait`: what went wrong, if anything, is kept as the
/// error object to answer with.
pub(super) struct BodyReader {
    body: Limited<Body>,
    piece: Bytes,
    runtime: Handle,
    max: usize,
    wait: Duration,
    /// Why reading stopped early.
    pub(super) failure: Option<ErrorObject>,
}

impl BodyReader {
    /// Reads `body` on a thread of `runtime`'s blocking pool.
    pub(super) fn new(body: Body, max: usize, wait: Duration, runtime: Handle) -> BodyReader {
        BodyReader {
            body: Limited::new(body, max),
            piece: Bytes::new(),
            runtime,
            max,
            wait,
            failure: None,
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.piece.is_empty() {
            let frame = self
                .runtime
                .block_on(tokio::time::timeout(self.wait, self.body.frame()));
            let failure = match frame {
                Ok(None) => return Ok(0),
                Ok(Some(Ok(frame))) => {
                    // Trailers carry no bytes.
                    if let Ok(data) = frame.into_data() {
                        self.piece = data;
                    }
                    continue;
                }
                Ok(Some(Err(e))) if e.downcast_ref::<LengthLimitError>().is_some() => {
                    ErrorObject::new(
                        ErrorCode::BodyTooLarge,
                        format!(
                            "the request body is larger than {} bytes (--max-body); stopped here",
                            self.max
                        ),
                    )
                }
                Ok(Some(Err(e))) => ErrorObject::new(
                    ErrorCode::InvalidRequest,
                    format!("the request body could not be read: {e}"),
                ),
                Err(_) => ErrorObject::new(
                    ErrorCode::Timeout,
                    format!(
                        "no more of the body came in {} seconds; stopped here",
                        self.wait.as_secs_f64()
                    ),
                ),
            };
            let error = io::Error::other(failure.message.clone());
            self.failure = Some(failure);
            return Err(error);
        }
        let n = buf.len().min(self.piece.len());
        buf[..n].copy_from_slice(&self.piece.split_to(n));
        Ok(n)
    }
}
