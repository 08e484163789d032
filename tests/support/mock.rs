//! A scriptable mock of the Domain API endpoint for end-to-end and fault
//! tests.
//!
//! ```no_run
//! use alibabacloud_domain_tests::mock::{MockResponse, MockServer};
//! use serde_json::json;
//!
//! # async fn run() {
//! let server = MockServer::start("mock-secret", |req| {
//!     MockResponse::ok(req, json!({"RequestId": "R1", "TaskNo": "T1"}))
//! })
//! .await;
//! let config = server.config_builder().build().unwrap();
//! // ... use Client::new(config), then inspect server.requests() ...
//! # let _ = config;
//! # }
//! ```
//!
//! Every request is checked the way the real gateway would: required common
//! parameters, the V1 signature (recomputed by [`crate::sigv1`], which shares
//! no code with the crate's signer), the timestamp format and nonce reuse. A
//! request that fails a check gets the gateway's error (`SignatureDoesNotMatch`
//! with HTTP 403 and the server's string-to-sign in the message,
//! `SignatureNonceUsed`, `MissingParameter`, `InvalidTimeStamp.Format`) in the
//! request's `Format`, and the handler is not called. Every request, rejected
//! or not, is recorded.
//!
//! The server runs on the Tokio runtime of the test that starts it and stops
//! (listener and all connections) when the [`MockServer`] is dropped.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::sigv1;

/// The access key id [`MockServer::config_builder`] configures.
pub const MOCK_ACCESS_KEY_ID: &str = "mock-access-key-id";

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path without the query, e.g. `/`.
    pub path: String,
    /// The decoded query parameters, in wire order.
    pub query: Vec<(String, String)>,
    /// The headers, names lowercased, in wire order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The decoded form-body parameters (when the body is form-urlencoded).
    pub form: Vec<(String, String)>,
    /// The StringToSign the server computed.
    pub string_to_sign: String,
    /// Whether the `Signature` matched the server's computation.
    pub signature_valid: bool,
    /// The error code the server answered with instead of calling the
    /// handler, if the request failed a check.
    pub rejected_with: Option<String>,
}

impl RecordedRequest {
    /// The first query or form parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Action` parameter, or `""`.
    pub fn action(&self) -> &str {
        self.param("Action").unwrap_or_default()
    }

    /// Whether the request asked for XML (`Format=XML`, any case; the
    /// server's default when `Format` is absent).
    pub fn wants_xml(&self) -> bool {
        match self.param("Format") {
            Some(format) => format.eq_ignore_ascii_case("xml"),
            None => true,
        }
    }
}

/// A broken way of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Read the request, then close the connection without a byte of answer.
    CloseWithoutResponse,
    /// Send the head with the full `Content-Length`, only the first half of
    /// the body, then close the connection.
    TruncateBody,
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    fault: Option<Fault>,
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// A fresh request id in Alibaba's shape (an uppercase UUID).
pub fn new_request_id() -> String {
    let n = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    format!("5A1E0C0D-0000-4000-8000-{n:012X}")
}

impl MockResponse {
    /// A response with this status, no headers and an empty body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            fault: None,
        }
    }

    /// A body with an explicit content type.
    pub fn text(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::empty(status)
            .header("content-type", content_type)
            .body(body)
    }

    /// A JSON body.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::text(status, "application/json;charset=utf-8", body.to_string())
    }

    /// An XML body.
    pub fn xml(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::text(status, "text/xml;charset=utf-8", body)
    }

    /// An HTML page such as a load balancer sends.
    pub fn html(status: u16) -> Self {
        Self::text(
            status,
            "text/html",
            format!("<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status} Bad Gateway</h1></center><hr><center>Tengine</center></body></html>"),
        )
    }

    /// A 200 answer with `data` (a JSON object) in the request's format: as
    /// JSON, or as XML under a root `<{Action}Response>`. A `RequestId` is
    /// added when `data` has none.
    pub fn ok(request: &RecordedRequest, data: Value) -> Self {
        let mut data = data;
        if let Value::Object(map) = &mut data {
            map.entry("RequestId")
                .or_insert_with(|| Value::String(new_request_id()));
        }
        if request.wants_xml() {
            Self::xml(200, to_xml(&format!("{}Response", request.action()), &data))
        } else {
            Self::json(200, &data)
        }
    }

    /// An Alibaba error answer (`RequestId`, `HostId`, `Code`, `Message`,
    /// `Recommend`) in the request's format.
    pub fn error(request: &RecordedRequest, status: u16, code: &str, message: &str) -> Self {
        let body = json!({
            "RequestId": new_request_id(),
            "HostId": "domain.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=Domain"),
        });
        if request.wants_xml() {
            Self::xml(status, to_xml("Error", &body))
        } else {
            Self::json(status, &body)
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Answers brokenly.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// Serialises a JSON object as XML under `root` (arrays become repeated
/// elements), the way the service answers with `Format=XML`.
pub fn to_xml(root: &str, value: &Value) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    write_xml(&mut out, root, value);
    out
}

fn write_xml(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| write_xml(out, name, item)),
        Value::Null => {}
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (key, child) in map {
                write_xml(out, key, child);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

type Handler = dyn Fn(&RecordedRequest) -> MockResponse + Send + Sync;

struct State {
    secret: String,
    handler: Box<Handler>,
    log: Mutex<Vec<RecordedRequest>>,
    nonces: Mutex<HashSet<String>>,
    panics: Mutex<Vec<String>>,
}

/// A running mock endpoint on `127.0.0.1`; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on `127.0.0.1` (a free port) that verifies signatures
    /// with `secret` and answers valid requests with `handler`.
    ///
    /// # Panics
    ///
    /// If no local port can be bound (test setup failure).
    pub async fn start<F>(secret: impl Into<String>, handler: F) -> Self
    where
        F: Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            secret: secret.into(),
            handler: Box::new(handler),
            log: Mutex::new(Vec::new()),
            nonces: Mutex::new(HashSet::new()),
            panics: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Self { addr, state, task }
    }

    /// The base URL to configure as the client's endpoint,
    /// e.g. `http://127.0.0.1:38211`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client configuration for this server: its endpoint and the
    /// credentials [`MOCK_ACCESS_KEY_ID`] + the server's secret, with short
    /// timeouts (connect 1 s, attempt 5 s) and 10 ms initial back-off.
    pub fn config_builder(&self) -> alibabacloud_domain::ConfigBuilder {
        alibabacloud_domain::Config::builder()
            .endpoint(self.endpoint())
            .credentials(alibabacloud_domain::Credentials::new(
                MOCK_ACCESS_KEY_ID,
                self.state.secret.clone(),
            ))
            .connect_timeout(Duration::from_secs(1))
            .attempt_timeout(Duration::from_secs(5))
            .retry_config(
                alibabacloud_domain::RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(10))
                    .with_max_backoff(Duration::from_millis(200)),
            )
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.log).clone()
    }

    /// How many requests arrived (attempts, rejected ones included).
    pub fn request_count(&self) -> usize {
        lock(&self.state.log).len()
    }

    /// The messages of handler panics so far. Each panicking request was
    /// answered with HTTP 500 `MockHandlerPanicked`; dropping the server
    /// panics with these messages unless the test is already panicking.
    pub fn handler_panics(&self) -> Vec<String> {
        lock(&self.state.panics).clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every
        // connection task.
        self.task.abort();
        let panics = self.handler_panics();
        if !panics.is_empty() && !std::thread::panicking() {
            panic!("the mock server's handler panicked: {}", panics.join("; "));
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    // Answer at once rather than waiting for Nagle's algorithm.
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, Arc::clone(&state)));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

/// Reads one request head; `None` at end of stream or on garbage.
async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Head> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let mut lines = text.split("\r\n");
            let mut request_line = lines.next()?.split(' ');
            let method = request_line.next()?.to_owned();
            let target = request_line.next()?.to_owned();
            let headers = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            return Some(Head {
                method,
                target,
                headers,
            });
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut stream, &mut buf).await {
        let length = head
            .headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        if length > MAX_BODY {
            return;
        }
        while buf.len() < length {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body: Vec<u8> = buf.drain(..length).collect();
        let close = head
            .headers
            .iter()
            .any(|(n, v)| n == "connection" && v.eq_ignore_ascii_case("close"));
        let response = handle(&state, head, body);
        tokio::time::sleep(response.delay).await;
        let keep_going = write_response(&mut stream, &response).await;
        if !keep_going || close {
            return;
        }
    }
}

/// Writes the response; `false` when the connection must be closed.
async fn write_response(stream: &mut TcpStream, response: &MockResponse) -> bool {
    if response.fault == Some(Fault::CloseWithoutResponse) {
        let _ = stream.shutdown().await;
        return false;
    }
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    head.push_str(&format!("content-length: {}\r\n", response.body.len()));
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let body = if response.fault == Some(Fault::TruncateBody) {
        &response.body[..response.body.len() / 2]
    } else {
        &response.body[..]
    };
    // One write: a head and body written separately meet delayed ACKs on
    // a kept-alive connection and cost ~40 ms per response.
    let mut message = Vec::with_capacity(head.len() + body.len());
    message.extend_from_slice(head.as_bytes());
    message.extend_from_slice(body);
    let written = stream.write_all(&message).await.is_ok() && stream.flush().await.is_ok();
    if response.fault == Some(Fault::TruncateBody) {
        let _ = stream.shutdown().await;
        return false;
    }
    written
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

const REQUIRED: [&str; 8] = [
    "Action",
    "Version",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

fn handle(state: &State, head: Head, body: Vec<u8>) -> MockResponse {
    let (path, query) = match head.target.split_once('?') {
        Some((path, query)) => (path.to_owned(), sigv1::parse_pairs(query)),
        None => (head.target.clone(), Vec::new()),
    };
    let is_form = head
        .headers
        .iter()
        .any(|(n, v)| n == "content-type" && v.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form {
        sigv1::parse_pairs(&String::from_utf8_lossy(&body))
    } else {
        Vec::new()
    };
    let signed: Vec<(String, String)> = query.iter().chain(&form).cloned().collect();
    let string_to_sign = sigv1::string_to_sign(&head.method, &signed);
    let expected = sigv1::signature(&state.secret, &string_to_sign);
    let mut request = RecordedRequest {
        method: head.method,
        path,
        query,
        headers: head.headers,
        body,
        form,
        signature_valid: false,
        string_to_sign,
        rejected_with: None,
    };
    request.signature_valid = request.param("Signature") == Some(expected.as_str());
    let response = match check(state, &request) {
        Some((code, response)) => {
            request.rejected_with = Some(code);
            response
        }
        None => call_handler(state, &request),
    };
    lock(&state.log).push(request);
    response
}

/// Calls the handler; a panic (a failed assertion inside it) is recorded,
/// answered with HTTP 500 `MockHandlerPanicked`, and reported again when
/// the server is dropped, so that the test fails with the handler's message.
fn call_handler(state: &State, request: &RecordedRequest) -> MockResponse {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (state.handler)(request))) {
        Ok(response) => response,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "non-string panic payload".to_owned());
            lock(&state.panics).push(message.clone());
            MockResponse::json(
                500,
                &json!({"Code": "MockHandlerPanicked", "Message": message, "RequestId": new_request_id()}),
            )
        }
    }
}

/// The gateway's checks; `Some((code, answer))` when the request fails one.
fn check(state: &State, request: &RecordedRequest) -> Option<(String, MockResponse)> {
    let reject = |status, code: &str, message: &str| {
        Some((
            code.to_owned(),
            MockResponse::error(request, status, code, message),
        ))
    };
    if let Some(missing) = REQUIRED.iter().find(|name| request.param(name).is_none()) {
        return reject(
            400,
            "MissingParameter",
            &format!("The input parameter \"{missing}\" that is mandatory for processing this request is not supplied."),
        );
    }
    if !request.signature_valid {
        return reject(
            403,
            "SignatureDoesNotMatch",
            &format!(
                "Specified signature is not matched with our calculation. server string to sign is:{}",
                request.string_to_sign
            ),
        );
    }
    let timestamp = request.param("Timestamp").unwrap_or_default();
    if !is_timestamp(timestamp) {
        return reject(
            400,
            "InvalidTimeStamp.Format",
            &format!("Specified time stamp or date value is not well formatted: {timestamp}"),
        );
    }
    let nonce = request
        .param("SignatureNonce")
        .unwrap_or_default()
        .to_owned();
    if !lock(&state.nonces).insert(nonce) {
        return reject(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
    }
    None
}

/// `YYYY-MM-DDThh:mm:ssZ`.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}
