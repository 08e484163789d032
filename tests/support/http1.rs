//! The HTTP/1.1 plumbing the test servers share ([`mock`](crate::mock),
//! [`fake_http`](crate::fake_http), [`proxy`](crate::proxy)): accepting
//! connections, reading one request's head and body. What a server does
//! with a request stays in its own module.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// The largest request head a test server reads.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body a test server reads.
const MAX_BODY: usize = 1024 * 1024;

/// Locks `mutex`, also after a handler panicked while holding it (the
/// panic is reported by the test that caused it).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections on `listener` for ever, each served by `serve` on
/// its own task; the tasks end with the loop (when its task is aborted).
pub(crate) async fn accept_loop<F, Fut>(listener: TcpListener, mut serve: F)
where
    F: FnMut(TcpStream) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    // Answer at once rather than waiting for Nagle's algorithm.
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve(stream));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// A request line and its headers.
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    /// `HTTP/1.1` when the request line leaves it out.
    pub(crate) version: String,
    /// Names in lower case, values trimmed, in the order sent.
    pub(crate) headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of header `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The declared body length; 0 when absent or not a number.
    pub(crate) fn content_length(&self) -> usize {
        self.header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

/// Reads one request head from `stream`, keeping what follows it in `buf`;
/// `None` at end of stream, on a head over 64 KiB, or on a request line
/// without method and target.
pub(crate) async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Head> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let mut lines = text.split("\r\n");
            let mut request_line = lines.next()?.split(' ');
            let method = request_line.next()?.to_owned();
            let target = request_line.next()?.to_owned();
            let version = request_line.next().unwrap_or("HTTP/1.1").to_owned();
            let headers = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            return Some(Head {
                method,
                target,
                version,
                headers,
            });
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        fill(stream, buf).await?;
    }
}

/// Reads a body of `length` bytes that follows a head, starting with what
/// `buf` already holds; `None` at end of stream or over 1 MiB.
pub(crate) async fn read_body(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    length: usize,
) -> Option<Vec<u8>> {
    if length > MAX_BODY {
        return None;
    }
    while buf.len() < length {
        fill(stream, buf).await?;
    }
    Some(buf.drain(..length).collect())
}

/// Appends what the stream has next to `buf`; `None` at its end.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}
