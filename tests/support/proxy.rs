//! A small forward HTTP proxy on `127.0.0.1` for transport tests.
//!
//! It answers `http://` requests in absolute form (`POST http://127.0.0.1:…/?… HTTP/1.1`)
//! by forwarding them in origin form over a fresh upstream connection, and
//! `CONNECT host:port` by tunnelling bytes (for HTTPS endpoints). It only
//! ever connects to loopback addresses. When it is given credentials, a
//! request without the matching `Proxy-Authorization: Basic …` header gets
//! `407 Proxy Authentication Required`. Every request is recorded, and so
//! is every client connection.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// One request the proxy received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxiedRequest {
    /// `POST`, `CONNECT`, …
    pub method: String,
    /// The request target: `http://127.0.0.1:…/?…` or `127.0.0.1:…` for `CONNECT`.
    pub target: String,
    /// The decoded `user:password` of `Proxy-Authorization: Basic`, if sent.
    pub credentials: Option<String>,
    /// Whether the proxy let the request through (credentials matched).
    pub allowed: bool,
}

struct State {
    credentials: Option<String>,
    requests: Mutex<Vec<ProxiedRequest>>,
    connections: Mutex<usize>,
}

/// A running proxy; stops when dropped.
pub struct HttpProxy {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl fmt::Debug for HttpProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpProxy")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl HttpProxy {
    /// Starts a proxy; with `credentials` (`(user, password)`) it requires them.
    ///
    /// # Panics
    ///
    /// If no local port can be bound.
    pub async fn start(credentials: Option<(&str, &str)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            credentials: credentials.map(|(u, p)| format!("{u}:{p}")),
            requests: Mutex::new(Vec::new()),
            connections: Mutex::new(0),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Self { addr, state, task }
    }

    /// The proxy's URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The port the proxy listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<ProxiedRequest> {
        lock(&self.state.requests).clone()
    }

    /// How many client connections were accepted.
    pub fn connections(&self) -> usize {
        *lock(&self.state.connections)
    }
}

impl Drop for HttpProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    *lock(&state.connections) += 1;
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve(stream, Arc::clone(&state)));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

struct Head {
    method: String,
    target: String,
    version: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Head> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let mut lines = text.split("\r\n");
            let mut first = lines.next()?.split(' ');
            let (method, target, version) = (first.next()?, first.next()?, first.next()?);
            let headers = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .collect();
            return Some(Head {
                method: method.to_owned(),
                target: target.to_owned(),
                version: version.to_owned(),
                headers,
            });
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// `host:port` when it names a loopback address.
fn loopback_authority(authority: &str) -> Option<String> {
    let (host, port) = authority.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    loopback.then(|| authority.to_owned())
}

async fn serve(mut client: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut client, &mut buf).await {
        let credentials = head
            .header("proxy-authorization")
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        let allowed = state.credentials.is_none() || state.credentials == credentials;
        lock(&state.requests).push(ProxiedRequest {
            method: head.method.clone(),
            target: head.target.clone(),
            credentials,
            allowed,
        });
        if !allowed {
            let _ = client
                .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\n\r\n")
                .await;
            continue;
        }
        if head.method == "CONNECT" {
            let Some(authority) = loopback_authority(&head.target) else {
                let _ = client
                    .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                    .await;
                return;
            };
            let Ok(mut upstream) = TcpStream::connect(authority).await else {
                let _ = client
                    .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")
                    .await;
                return;
            };
            if client
                .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                .await
                .is_err()
            {
                return;
            }
            if !buf.is_empty() && upstream.write_all(&buf).await.is_err() {
                return;
            }
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            return;
        }
        // Absolute form: http://host:port/path?query
        let Some(rest) = head.target.strip_prefix("http://") else {
            let _ = client
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
            return;
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, "/"),
        };
        let Some(authority) = loopback_authority(authority) else {
            let _ = client
                .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                .await;
            return;
        };
        let length = head
            .header("content-length")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        while buf.len() < length {
            let mut chunk = [0u8; 4096];
            match client.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body: Vec<u8> = buf.drain(..length).collect();
        let mut forwarded = format!("{} {path} {}\r\n", head.method, head.version);
        for (name, value) in &head.headers {
            let name_lc = name.to_ascii_lowercase();
            if name_lc.starts_with("proxy-") || name_lc == "connection" {
                continue;
            }
            forwarded.push_str(&format!("{name}: {value}\r\n"));
        }
        forwarded.push_str("connection: close\r\n\r\n");
        let Ok(mut upstream) = TcpStream::connect(authority).await else {
            let _ = client
                .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")
                .await;
            return;
        };
        let mut message = forwarded.into_bytes();
        message.extend_from_slice(&body);
        if upstream.write_all(&message).await.is_err() {
            return;
        }
        let mut answer = Vec::new();
        if upstream.read_to_end(&mut answer).await.is_err() || answer.is_empty() {
            return;
        }
        if client.write_all(&answer).await.is_err() {
            return;
        }
    }
}
