//! The bytes of a connection, with the HTTP library's own answer to a
//! request it cannot parse given a JSON error body like every other
//! failure.
//!
//! hyper answers bytes that are not an HTTP/1.1 request (a bad method or
//! version, a header it cannot read, a target or headers over its
//! limits) itself, before any route sees them, with a status and no body:
//! `HTTP/1.1 400 Bad Request`, `connection: close`, `content-length: 0`.
//! It has no hook for that answer, so this wrapper of the connection's
//! I/O recognises it as it is written and writes the same status with an
//! `invalid_request` error object instead. The service's own answers
//! always carry a `content-type`, so none of them is taken for one.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use hyper::rt::{Read, ReadBufCursor, Write};

use crate::protocol::{ErrorCode, ErrorObject, ErrorReply};

/// A connection's I/O whose automatic answers to unparseable requests get
/// a JSON body.
pub(super) struct JsonParseErrors<T> {
    inner: T,
    /// The rewritten answer, and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
}

impl<T> JsonParseErrors<T> {
    pub(super) fn new(inner: T) -> Self {
        JsonParseErrors {
            inner,
            pending: None,
        }
    }
}

impl<T: Write + Unpin> JsonParseErrors<T> {
    /// Writes what is left of a rewritten answer.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.pending {
            if *written == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Takes `head` in place of a rewritten answer when it is one of
    /// hyper's automatic answers: it counts as written, and the answer
    /// goes out as the connection lets it.
    fn take(&mut self, cx: &mut Context<'_>, head: &[u8]) -> Option<Poll<io::Result<usize>>> {
        let answer = rewrite(head)?;
        self.pending = Some((answer, 0));
        Some(match self.drain(cx) {
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            // What is left goes out on the next write, flush or shutdown.
            Poll::Ready(Ok(())) | Poll::Pending => Poll::Ready(Ok(head.len())),
        })
    }
}

impl<T: Read + Unpin> Read for JsonParseErrors<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for JsonParseErrors<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        if let Some(done) = this.take(cx, buf) {
            return done;
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        let mut parts = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(head), None) = (parts.next(), parts.next()) {
            if let Some(done) = this.take(cx, head) {
                return done;
            }
        }
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// The answer to write instead of `head`, when `head` is the whole of
/// one of hyper's automatic answers: a 4xx status line, headers without
/// `content-type` that say `content-length: 0`, and the blank line.
fn rewrite(head: &[u8]) -> Option<Vec<u8>> {
    // Most writes are the service's own answers and bodies, of any size:
    // they are told apart by their first bytes and their length, without
    // reading them whole. hyper's automatic answer is a few lines.
    if !head.starts_with(b"HTTP/1.1 4") || head.len() > 1024 {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let rest = text.strip_prefix("HTTP/1.1 4")?;
    let (lines, after) = rest.split_once("\r\n\r\n")?;
    if !after.is_empty() {
        return None;
    }
    let mut lines = lines.split("\r\n");
    let status_line = format!("HTTP/1.1 4{}", lines.next()?);
    let status: u16 = status_line.get(9..12)?.parse().ok()?;
    let mut empty = false;
    let mut others = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-type" => return None,
            "content-length" => empty = value.trim() == "0",
            _ => others.push(line),
        }
    }
    if !empty {
        return None;
    }
    let message = match status {
        414 => "the request's target is longer than the service reads".to_owned(),
        431 => "the request's headers are larger than the service reads".to_owned(),
        _ => "the request is not an HTTP/1.1 request the service can read".to_owned(),
    };
    let reply = ErrorReply {
        error: ErrorObject::new(ErrorCode::InvalidRequest, message),
    };
    let body = serde_json::to_vec(&reply).ok()?;
    let mut answer = format!(
        "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for line in others {
        answer.push_str(line);
        answer.push_str("\r\n");
    }
    answer.push_str("\r\n");
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn hypers_automatic_answers_get_a_json_body() {
        let head = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\
                     date: Fri, 04 Dec 2026 18:33:53 GMT\r\n\r\n";
        let answer = String::from_utf8(rewrite(head).unwrap()).unwrap();
        let body = r#"{"error":{"kind":"invalid_request","message":"the request is not an HTTP/1.1 request the service can read"}}"#;
        assert_eq!(
            answer,
            format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: \
                 {}\r\nconnection: close\r\ndate: Fri, 04 Dec 2026 18:33:53 GMT\r\n\r\n{body}",
                body.len()
            )
        );
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        let answer = String::from_utf8(rewrite(head).unwrap()).unwrap();
        assert!(answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(answer.ends_with("larger than the service reads\"}}"));
    }

    #[test]
    fn the_services_own_answers_pass_unchanged() {
        for head in [
            // An answer with a body type, a success, a head with its body.
            &b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
            b"{\"error\": 1}",
            b"",
        ] {
            assert_eq!(rewrite(head), None, "{:?}", String::from_utf8_lossy(head));
        }
    }
}
