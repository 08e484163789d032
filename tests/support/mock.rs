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
//! Every request is checked the way the real gateway would. A request with
//! an `Authorization: ACS3-HMAC-SHA256 …` header is a signature V3 request,
//! any other a V1 request. Checked are the required common parameters (V1)
//! or headers (V3), that V3 signs every `x-acs-*`, `host` and
//! `content-type` header sent, the signature (recomputed by
//! [`crate::sigv1`] or [`crate::sigv3`], which share no code with the
//! crate's signers; V3 over the body's real SHA-256), the timestamp
//! (`Timestamp` or `x-acs-date`) for its format and for being within 15
//! minutes of the server's clock ([`MockServer::set_clock_offset`] moves
//! that clock), and nonce reuse. A request that fails a check gets the
//! gateway's error (`MissingParameter`, `IncompleteSignature`,
//! `SignatureDoesNotMatch` with HTTP 403 and the server's string-to-sign in
//! the message, `InvalidTimeStamp.Format`, `InvalidTimeStamp.Expired`,
//! `SignatureNonceUsed`) in the request's format, and the handler is not
//! called. Every request, rejected or not, is recorded.
//!
//! The server runs on the Tokio runtime of the test that starts it and stops
//! (listener and all connections) when the [`MockServer`] is dropped.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::http1::{accept_loop, lock, read_body, read_head, Head};
use crate::sigv1;
use crate::sigv3::{self, Authorization};

/// The access key id [`MockServer::config_builder`] configures.
pub const MOCK_ACCESS_KEY_ID: &str = "mock-access-key-id";

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
    /// How the request was signed: V3 when it has an
    /// `Authorization: ACS3-HMAC-SHA256 …` header, else V1.
    pub version: SigVersion,
    /// The parsed `Authorization` header (V3).
    pub authorization: Option<Authorization>,
    /// The canonical request the server computed (V3; empty for V1).
    pub canonical_request: String,
    /// The StringToSign the server computed: `POST&%2F&…` (V1) or
    /// `ACS3-HMAC-SHA256\n<hash>` (V3).
    pub string_to_sign: String,
    /// Whether the signature matched the server's computation.
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

    /// The action: the `Action` parameter (V1) or the `x-acs-action`
    /// header (V3), or `""`.
    pub fn action(&self) -> &str {
        self.common("Action", "x-acs-action").unwrap_or_default()
    }

    /// The API version: `Version` (V1) or `x-acs-version` (V3).
    pub fn api_version(&self) -> Option<&str> {
        self.common("Version", "x-acs-version")
    }

    /// The nonce: `SignatureNonce` (V1) or `x-acs-signature-nonce` (V3).
    pub fn nonce(&self) -> Option<&str> {
        self.common("SignatureNonce", "x-acs-signature-nonce")
    }

    /// The timestamp: `Timestamp` (V1) or `x-acs-date` (V3).
    pub fn timestamp(&self) -> Option<&str> {
        self.common("Timestamp", "x-acs-date")
    }

    /// The STS token: `SecurityToken` (V1) or `x-acs-security-token` (V3).
    pub fn security_token(&self) -> Option<&str> {
        self.common("SecurityToken", "x-acs-security-token")
    }

    /// The access key id: `AccessKeyId` (V1) or the `Credential` of the
    /// `Authorization` header (V3).
    pub fn access_key_id(&self) -> Option<&str> {
        match self.version {
            SigVersion::V1 => self.param("AccessKeyId"),
            SigVersion::V3 => self.authorization.as_ref().map(|a| a.credential.as_str()),
        }
    }

    /// The signature sent: `Signature` (V1) or the `Signature` of the
    /// `Authorization` header (V3).
    pub fn signature(&self) -> Option<&str> {
        match self.version {
            SigVersion::V1 => self.param("Signature"),
            SigVersion::V3 => self.authorization.as_ref().map(|a| a.signature.as_str()),
        }
    }

    fn common(&self, v1_param: &str, v3_header: &str) -> Option<&str> {
        match self.version {
            SigVersion::V1 => self.param(v1_param),
            SigVersion::V3 => self.header(v3_header),
        }
    }

    /// Whether the request asked for XML: `Format=XML` (any case), else
    /// with V3 an `accept` header naming XML, else with V1 always (the
    /// server's default when `Format` is absent).
    pub fn wants_xml(&self) -> bool {
        match (self.param("Format"), self.version) {
            (Some(format), _) => format.eq_ignore_ascii_case("xml"),
            (None, SigVersion::V3) => self.header("accept").is_some_and(|a| a.contains("xml")),
            (None, SigVersion::V1) => true,
        }
    }
}

/// How a request was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigVersion {
    /// Signature V1: `Signature` and the common parameters in the query.
    V1,
    /// Signature V3: `Authorization: ACS3-HMAC-SHA256 …` and `x-acs-*`
    /// headers.
    V3,
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
    /// Seconds the server's clock reads ahead of the machine's.
    clock_offset: AtomicI64,
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
            clock_offset: AtomicI64::new(0),
        });
        let serving = Arc::clone(&state);
        let task = tokio::spawn(accept_loop(listener, move |stream| {
            serve_connection(stream, Arc::clone(&serving))
        }));
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

    /// Sets the server's clock `seconds` ahead of the machine's (behind when
    /// negative), as a gateway whose clock differs from the client's. A
    /// request whose timestamp is more than [`TIMESTAMP_WINDOW`] away from
    /// the server's clock is refused with `InvalidTimeStamp.Expired`.
    pub fn set_clock_offset(&self, seconds: i64) {
        self.state.clock_offset.store(seconds, Ordering::SeqCst);
    }

    /// Sends `request`, a complete raw HTTP/1.1 request (which should ask for
    /// `connection: close`), on a new connection, and returns the whole
    /// answer as text. For requests the client would never send: replays,
    /// tampered bodies, stale timestamps.
    ///
    /// # Panics
    ///
    /// If the server cannot be reached (test setup failure).
    pub async fn send_raw(&self, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(self.addr).await.expect("connect");
        stream.write_all(request).await.expect("write the request");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .expect("read the answer");
        String::from_utf8_lossy(&answer).into_owned()
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

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut stream, &mut buf).await {
        let Some(body) = read_body(&mut stream, &mut buf, head.content_length()).await else {
            return;
        };
        let close = head
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
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

/// How far a request's timestamp may be from the server's clock, either
/// way: Alibaba's gateway allows 15 minutes.
pub const TIMESTAMP_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The common parameters every V1 request needs.
const REQUIRED_V1: [&str; 8] = [
    "Action",
    "Version",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

/// The headers every V3 request needs (besides `authorization`).
const REQUIRED_V3: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
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
    let authorization = head
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.clone());
    let version = match &authorization {
        Some(value) if value.trim_start().starts_with("ACS3-") => SigVersion::V3,
        _ => SigVersion::V1,
    };
    let authorization = authorization
        .as_deref()
        .and_then(sigv3::parse_authorization);
    let mut request = RecordedRequest {
        method: head.method,
        path,
        query,
        headers: head.headers,
        body,
        form,
        version,
        authorization,
        canonical_request: String::new(),
        string_to_sign: String::new(),
        signature_valid: false,
        rejected_with: None,
    };
    match version {
        SigVersion::V1 => {
            let signed: Vec<(String, String)> =
                request.query.iter().chain(&request.form).cloned().collect();
            request.string_to_sign = sigv1::string_to_sign(&request.method, &signed);
            let expected = sigv1::signature(&state.secret, &request.string_to_sign);
            request.signature_valid = request.param("Signature") == Some(expected.as_str());
        }
        SigVersion::V3 => {
            if let Some(auth) = &request.authorization {
                // The payload line is the hash of the body that arrived, not
                // the `x-acs-content-sha256` the client claims.
                request.canonical_request = sigv3::canonical_request(
                    &request.method,
                    &request.path,
                    &request.query,
                    &request.headers,
                    &auth.signed_headers,
                    &sigv3::sha256_hex(&request.body),
                );
                request.string_to_sign = sigv3::string_to_sign(&request.canonical_request);
                let expected = sigv3::signature(&state.secret, &request.string_to_sign);
                request.signature_valid = auth.signature == expected;
            }
        }
    }
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
    let missing = |name: &str| {
        format!("The input parameter \"{name}\" that is mandatory for processing this request is not supplied.")
    };
    match request.version {
        SigVersion::V1 => {
            if let Some(name) = REQUIRED_V1
                .iter()
                .find(|name| request.param(name).is_none())
            {
                return reject(400, "MissingParameter", &missing(name));
            }
        }
        SigVersion::V3 => {
            if let Some(name) = REQUIRED_V3
                .iter()
                .find(|name| request.header(name).is_none())
            {
                return reject(400, "MissingParameter", &missing(name));
            }
            let Some(auth) = &request.authorization else {
                return reject(
                    400,
                    "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards: the Authorization header must read ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=….",
                );
            };
            let must_sign =
                |name: &str| name == "host" || name == "content-type" || name.starts_with("x-acs-");
            if let Some((name, _)) = request
                .headers
                .iter()
                .find(|(name, _)| must_sign(name) && !auth.signed_headers.iter().any(|s| s == name))
            {
                return reject(
                    400,
                    "IncompleteSignature",
                    &format!("The request signature does not conform to Aliyun standards: header \"{name}\" is sent but not signed."),
                );
            }
        }
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
    let timestamp = request.timestamp().unwrap_or_default();
    let Some(sent) = epoch_seconds(timestamp) else {
        return reject(
            400,
            "InvalidTimeStamp.Format",
            &format!("Specified time stamp or date value is not well formatted: {timestamp}"),
        );
    };
    let now = server_now(state);
    if sent.abs_diff(now) > TIMESTAMP_WINDOW.as_secs() {
        return reject(
            400,
            "InvalidTimeStamp.Expired",
            &format!(
                "Specified time stamp or date value is expired. The request time {timestamp} is more than 15 minutes away from the server time."
            ),
        );
    }
    let nonce = request.nonce().unwrap_or_default().to_owned();
    if !lock(&state.nonces).insert(nonce) {
        return reject(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        );
    }
    None
}

/// The server's clock, in seconds since the Unix epoch.
fn server_now(state: &State) -> i64 {
    let machine = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    machine.saturating_add(state.clock_offset.load(Ordering::SeqCst))
}

/// Seconds since the Unix epoch of a `YYYY-MM-DDThh:mm:ssZ` timestamp;
/// `None` when it is not in that shape or names no real time.
pub fn epoch_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let shaped = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text[range].parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= month_days[usize::try_from(month - 1).ok()?]
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_to_epoch_seconds() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2024-01-02T03:04:05Z"), Some(1_704_164_645));
        assert_eq!(epoch_seconds("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00+00:00",
            "2024-01-01T00:00:00.5Z",
            "",
        ] {
            assert_eq!(epoch_seconds(bad), None, "{bad}");
        }
    }
}
