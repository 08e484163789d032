//! A small forward HTTP proxy on `127.0.0.1` for transport tests.
//!
//! It answers `http://` requests in absolute form (`POST http://127.0.0.1:…/?… HTTP/1.1`)
//! by forwarding them in origin form over a fresh upstream connection, and
//! `CONNECT host:port` by tunnelling bytes (for HTTPS endpoints). It only
//! ever connects to loopback addresses, and to host names it was told
//! about ([`HttpProxy::route_host`]), which it alone resolves: a server
//! under such a name is reachable only through the proxy. When it is given credentials, a
//! request without the matching `Proxy-Authorization: Basic …` header gets
//! `407 Proxy Authentication Required`. Every request is recorded, and so
//! is every client connection.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::http1::{accept_loop, lock, read_body, read_head};

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
    hosts: Mutex<HashMap<String, SocketAddr>>,
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
            hosts: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            connections: Mutex::new(0),
        });
        let serving = Arc::clone(&state);
        let task = tokio::spawn(accept_loop(listener, move |stream| {
            *lock(&serving.connections) += 1;
            serve(stream, Arc::clone(&serving))
        }));
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

    /// Tunnels `CONNECT <host>:<any port>` to `to`: the proxy resolves
    /// `host` (which DNS need not know), so that a server there is
    /// reachable only through it.
    pub fn route_host(&self, host: &str, to: SocketAddr) {
        lock(&self.state.hosts).insert(host.to_owned(), to);
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
            let routed = head
                .target
                .rsplit_once(':')
                .and_then(|(host, _)| lock(&state.hosts).get(host).map(ToString::to_string));
            let Some(authority) = routed.or_else(|| loopback_authority(&head.target)) else {
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
        let Some(body) = read_body(&mut client, &mut buf, head.content_length()).await else {
            return;
        };
        let mut forwarded = format!("{} {path} {}\r\n", head.method, head.version);
        for (name, value) in &head.headers {
            if name.starts_with("proxy-") || name == "connection" {
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
