//! A small HTTP/1.1 server on `127.0.0.1` for the fake credentials
//! endpoints (metadata service, STS, credentials URI).
//!
//! Every request is recorded; a handler decides each answer, which may be
//! delayed, never come (the connection stays open until the server is
//! dropped), or be a closed connection. While the server is
//! [down](FakeHttp::set_down), every request is answered by closing the
//! connection, as a crashed service behind a load balancer would.
//!
//! It shares no code with the crate under test, nor with the Domain mock
//! ([`crate::mock`]), whose shape is specific to the Domain gateway.

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::http1::{accept_loop, read_body, read_head, Head};
use crate::sigv1;

pub(crate) use crate::http1::lock;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `PUT`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The decoded query parameters, in wire order.
    pub query: Vec<(String, String)>,
    /// Header names (lowercased) and values, in wire order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded form body (when it is form-urlencoded).
    pub fn form(&self) -> Vec<(String, String)> {
        let is_form = self
            .header("content-type")
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            sigv1::parse_pairs(&String::from_utf8_lossy(&self.body))
        } else {
            Vec::new()
        }
    }

    /// Query and form parameters together.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut all = self.query.clone();
        all.extend(self.form());
        all
    }

    /// The first query or form parameter called `name`.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    hang: bool,
    close: bool,
}

impl Reply {
    /// An answer with this status and body.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            hang: false,
            close: false,
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::new(status, "application/json;charset=utf-8", body.to_string())
    }

    /// A plain-text answer.
    pub fn text(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(status, "text/plain", body)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Never answers; the connection stays open until the server is dropped.
    pub fn hang() -> Self {
        Self {
            hang: true,
            ..Self::text(200, "")
        }
    }

    /// Closes the connection without a byte of answer.
    pub fn close() -> Self {
        Self {
            close: true,
            ..Self::text(200, "")
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

struct State {
    handler: Box<Handler>,
    log: Mutex<Vec<Request>>,
    down: AtomicBool,
}

/// A running server on `127.0.0.1`; stops (listener and every connection)
/// when dropped.
pub struct FakeHttp {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl fmt::Debug for FakeHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeHttp")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FakeHttp {
    /// Starts a server on a free port of `127.0.0.1` answering with
    /// `handler`.
    ///
    /// # Panics
    ///
    /// If no local port can be bound (test setup failure).
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            handler: Box::new(handler),
            log: Mutex::new(Vec::new()),
            down: AtomicBool::new(false),
        });
        let serving = Arc::clone(&state);
        let task = tokio::spawn(accept_loop(listener, move |stream| {
            serve(stream, Arc::clone(&serving))
        }));
        Self { addr, state, task }
    }

    /// The base URL, e.g. `http://127.0.0.1:38211`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far (also those answered while down).
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.log).clone()
    }

    /// While `down`, requests are answered by closing the connection.
    pub fn set_down(&self, down: bool) {
        self.state.down.store(down, Ordering::SeqCst);
    }
}

impl Drop for FakeHttp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut stream, &mut buf).await {
        let Some(body) = read_body(&mut stream, &mut buf, head.content_length()).await else {
            return;
        };
        let Head {
            method,
            target,
            headers,
            ..
        } = head;
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), sigv1::parse_pairs(query)),
            None => (target, Vec::new()),
        };
        let request = Request {
            method,
            path,
            query,
            headers,
            body,
        };
        let down = state.down.load(Ordering::SeqCst);
        let reply = if down {
            Reply::close()
        } else {
            (state.handler)(&request)
        };
        lock(&state.log).push(request);
        if reply.hang {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(reply.delay).await;
        if reply.close {
            let _ = stream.shutdown().await;
            return;
        }
        let mut message = format!("HTTP/1.1 {} Status\r\n", reply.status);
        message.push_str(&format!("content-length: {}\r\n", reply.body.len()));
        for (name, value) in &reply.headers {
            message.push_str(&format!("{name}: {value}\r\n"));
        }
        message.push_str("\r\n");
        let mut bytes = message.into_bytes();
        bytes.extend_from_slice(&reply.body);
        if stream.write_all(&bytes).await.is_err() || stream.flush().await.is_err() {
            return;
        }
    }
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ`, the way
/// Alibaba's services write expiry times (civil-from-days, written here so
/// that the fakes share no code with the crate).
pub fn format_utc(unix_seconds: u64) -> String {
    let days = i64::try_from(unix_seconds / 86_400).unwrap_or(i64::MAX);
    let rest = unix_seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_704_164_645), "2024-01-02T03:04:05Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(4_102_444_799), "2099-12-31T23:59:59Z");
    }
}
