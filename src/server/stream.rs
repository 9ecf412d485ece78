//! Answers written by a blocking thread and streamed as a response body.

use std::io::{self, Write};

use axum::body::{Body, Bytes};
use tokio::sync::mpsc;

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
