//! Testing code that uses the client, without a network (feature
//! `test-util`).
//!
//! A [`MockTransport`] takes the place of the HTTP connection: a client
//! built on it signs every request exactly as in production,
//! then hands it to the mock instead of sending it, and decodes the mock's
//! answer with the production decoder, retries and error handling. The mock
//! records every request with its action and decoded parameters.
//!
//! ```
//! use alibabacloud_runtime::test_util::{MockResponse, MockTransport};
//! use alibabacloud_runtime::unstable::Product;
//! use alibabacloud_runtime::{Error, RetryConfig};
//! use serde_json::json;
//! # use alibabacloud_runtime::unstable::decode::DecodeError;
//! # use alibabacloud_runtime::unstable::lenient::{Fields, FromTree, Path, Tree};
//! # use alibabacloud_runtime::unstable::{Operation, OperationKind, Params};
//! # /// An operation written by hand, as a product crate generates them.
//! # struct DescribeRegions { accept_language: &'static str }
//! # struct DescribeRegionsOutput { total_count: Option<i32> }
//! # impl Operation for DescribeRegions {
//! #     const ACTION: &'static str = "DescribeRegions";
//! #     const KIND: OperationKind = OperationKind::ReadOnly;
//! #     type Output = DescribeRegionsOutput;
//! #     fn write_params(&self, params: &mut Params) {
//! #         params.push("AcceptLanguage", self.accept_language);
//! #     }
//! # }
//! # impl FromTree for DescribeRegionsOutput {
//! #     fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
//! #         let mut fields = Fields::new(value, at)?;
//! #         Ok(Self { total_count: fields.scalar("TotalCount")? })
//! #     }
//! # }
//!
//! const ECS: Product = Product::new("Ecs", "2014-05-26", "ecs.aliyuncs.com");
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let transport: MockTransport = MockTransport::new()
//!     .reply::<DescribeRegions>(json!({"TotalCount": 2, "Regions": {"Region": []}}))
//!     .reply::<DescribeRegions>(MockResponse::error(400, "InvalidParameter", "Bad language."));
//! let client = transport.client_for(&ECS).with_retry_config(RetryConfig::disabled());
//!
//! let first = client.send(&DescribeRegions { accept_language: "en-US" }).await;
//! assert_eq!(first.unwrap().total_count, Some(2));
//! let second = client.send(&DescribeRegions { accept_language: "xx" }).await;
//! assert!(matches!(second, Err(Error::Service(e)) if e.code() == "InvalidParameter"));
//!
//! // Both requests were recorded, with their parameters.
//! let sent = transport.requests();
//! assert_eq!(sent[1].param("AcceptLanguage"), Some("xx"));
//! # }
//! ```
//!
//! Replies are keyed by operation type (`reply::<DescribeRegions>`)
//! rather than by an action name, so that a misspelt key does not compile.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use crate::client::{Client, ProductClient};
use crate::config::{Config, ConfigBuilder};
use crate::credentials::Credentials;
use crate::operation::Operation;
use crate::product::Product;
use crate::signer::percent_decode;
use crate::transport::{
    Headers, HttpError, HttpRequest, HttpResponse, Method, Transport, TransportFuture,
};

/// The access key id of [`MockTransport::client`] and
/// [`MockTransport::config_builder`].
pub const MOCK_ACCESS_KEY_ID: &str = "mock-access-key-id";
/// The access key secret of [`MockTransport::client`] and
/// [`MockTransport::config_builder`].
pub const MOCK_ACCESS_KEY_SECRET: &str = "mock-access-key-secret";

type Responder = dyn Fn(&MockRequest) -> MockResponse + Send + Sync;

#[derive(Default)]
struct State {
    /// Queued replies per action, each used once, in order.
    replies: HashMap<&'static str, VecDeque<MockResponse>>,
    /// How many queued replies each action has used.
    used: HashMap<String, usize>,
    responder: Option<Arc<Responder>>,
    requests: Vec<MockRequest>,
}

/// A transport that answers in memory: from replies queued per operation,
/// else from a closure, else with
/// [`Error::Config`](crate::Error::Config) naming the action.
///
/// Any request goes to it, the credential providers' included, so a test
/// can answer STS or the ECS metadata service with
/// [`respond_with`](Self::respond_with) (the request's
/// [`path`](MockRequest::path) and [`method`](MockRequest::method) tell
/// them apart).
///
/// `C` is the client type [`client`](Self::client) builds: a product
/// crate names it once (`pub type MockTransport =
/// alibabacloud_runtime::test_util::MockTransport<crate::Client>;`).
///
/// Cloning is cheap and clones share the replies and the record of
/// requests, so a test can keep one clone to inspect what the client sent.
pub struct MockTransport<C = Client> {
    state: Arc<Mutex<State>>,
    client: PhantomData<fn() -> C>,
}

impl<C> Clone for MockTransport<C> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            client: PhantomData,
        }
    }
}

impl<C> Default for MockTransport<C> {
    fn default() -> Self {
        Self {
            state: Arc::default(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for MockTransport<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockTransport")
            .field(
                "pending_replies",
                &state.replies.values().map(VecDeque::len).sum::<usize>(),
            )
            .field("responder", &state.responder.is_some())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl<C> MockTransport<C> {
    /// A transport with no replies yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `response` as the answer to the next request of operation `O`
    /// (its `Action`). Replies queued for one operation are used once each,
    /// in order; a JSON value is a 200 answer (see [`MockResponse::ok`]).
    pub fn reply<O: Operation>(self, response: impl Into<MockResponse>) -> Self {
        self.lock()
            .replies
            .entry(O::ACTION)
            .or_default()
            .push_back(response.into());
        self
    }

    /// Answers every request that has no queued reply with `responder`.
    pub fn respond_with<F>(self, responder: F) -> Self
    where
        F: Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
    {
        self.lock().responder = Some(Arc::new(responder));
        self
    }

    /// A configuration builder that sends through this transport and signs
    /// with [`MOCK_ACCESS_KEY_ID`] and [`MOCK_ACCESS_KEY_SECRET`]; add any
    /// other setting before `build()`.
    pub fn config_builder(&self) -> ConfigBuilder
    where
        C: 'static,
    {
        Config::builder()
            .credentials(Credentials::new(MOCK_ACCESS_KEY_ID, MOCK_ACCESS_KEY_SECRET))
            .transport(self.clone())
    }

    /// A client of type `C` on this transport with the default settings
    /// (retries included) and the mock credentials.
    pub fn client(&self) -> C
    where
        C: ProductClient + 'static,
    {
        let config = self
            .config_builder()
            .build()
            .expect("the default mock configuration is valid");
        C::from_config(config).expect("a client on a mock transport needs no setup")
    }

    /// A runtime client for `product` on this transport, with the default
    /// settings and the mock credentials.
    pub fn client_for(&self, product: &'static Product) -> Client
    where
        C: 'static,
    {
        let config = self
            .config_builder()
            .build()
            .expect("the default mock configuration is valid");
        Client::for_product(product, config).expect("a client on a mock transport needs no setup")
    }

    /// Every request so far, in order (retries included).
    pub fn requests(&self) -> Vec<MockRequest> {
        self.lock().requests.clone()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        self.lock().requests.len()
    }

    /// The actions of queued replies no request has used yet, in no
    /// particular order; assert that it is empty to check that every
    /// expected call was made.
    pub fn pending_replies(&self) -> Vec<&'static str> {
        let state = self.lock();
        let mut pending: Vec<&'static str> = state
            .replies
            .iter()
            .flat_map(|(action, queue)| std::iter::repeat_n(*action, queue.len()))
            .collect();
        pending.sort_unstable();
        pending
    }

    /// Answers one request (the client hands it over instead of sending it).
    async fn answer(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let recorded = MockRequest::new(&request);
        let action = recorded.action.clone();
        let (reply, responder) = {
            let mut state = self.lock();
            state.requests.push(recorded.clone());
            let reply = state
                .replies
                .get_mut(action.as_str())
                .and_then(VecDeque::pop_front);
            if reply.is_some() {
                *state.used.entry(action.clone()).or_default() += 1;
            }
            let used = state.used.get(&action).copied().unwrap_or(0);
            (reply.ok_or(used), state.responder.clone())
        };
        let response = match (reply, responder) {
            (Ok(reply), _) => reply,
            (Err(_), Some(responder)) => responder(&recorded),
            (Err(used), None) => {
                let already = if used == 0 {
                    String::new()
                } else {
                    format!(" (the {used} queued for it were used up)")
                };
                let what = if action.is_empty() {
                    format!("{} {}", recorded.method, recorded.path)
                } else {
                    format!("action {action}")
                };
                return Err(HttpError::refused(format!(
                    "the MockTransport has no reply for {what}{already}; queue one with \
                     .reply::<{action}Input>(..) or answer every request with .respond_with(..)"
                )));
            }
        };
        if !response.delay.is_zero() {
            tokio::time::sleep(response.delay).await;
        }
        let answer = response.render(&recorded)?;
        let length = answer.body.len() as u64;
        if length > request.max_response_size {
            return Err(HttpError::too_large(
                answer.status,
                answer.headers,
                Some(length),
                0,
            ));
        }
        Ok(answer)
    }
}

impl<C: 'static> Transport for MockTransport<C> {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        TransportFuture::new(self.answer(request))
    }
}

/// One request a client handed to a [`MockTransport`], decoded.
#[derive(Debug, Clone)]
pub struct MockRequest {
    method: Method,
    path: String,
    direct: bool,
    action: String,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: String,
}

impl MockRequest {
    fn new(request: &HttpRequest) -> Self {
        let url = request.url.as_str();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let (target, _fragment) = after_scheme.split_once('#').unwrap_or((after_scheme, ""));
        let (host_and_path, query) = target.split_once('?').unwrap_or((target, ""));
        let (host, path) = match host_and_path.find('/') {
            Some(slash) => host_and_path.split_at(slash),
            None => (host_and_path, "/"),
        };
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let mut params = decode_pairs(query);
        let form = request
            .headers
            .get("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if form {
            params.extend(decode_pairs(&body));
        }
        let mut headers = vec![("host".to_owned(), host.to_owned())];
        headers.extend(
            request
                .headers
                .iter()
                .map(|(name, value)| (name.to_owned(), value.into_owned())),
        );
        let action = headers
            .iter()
            .find(|(name, _)| name == "x-acs-action")
            .map(|(_, value)| value.clone())
            .or_else(|| {
                params
                    .iter()
                    .find(|(name, _)| name == "Action")
                    .map(|(_, value)| value.clone())
            })
            .unwrap_or_default();
        Self {
            method: request.method,
            path: path.to_owned(),
            direct: request.direct,
            action,
            params,
            headers,
            body,
        }
    }

    /// The `Action`, e.g. `DescribeRegions` (from the `x-acs-action`
    /// header or the `Action` parameter); empty for a request that has
    /// none, such as one to the ECS metadata service.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Whether the request asked to bypass any proxy (those to the ECS
    /// metadata service do).
    pub fn direct(&self) -> bool {
        self.direct
    }

    /// The URL's path, e.g. `/` for an API call or
    /// `/latest/meta-data/ram/security-credentials/` for the metadata
    /// service.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The value of parameter `name` (query or form body), decoded, e.g.
    /// `param("InstanceId")`; `Format` is there too, and with signature V1
    /// the other common ones (`AccessKeyId`, `SignatureNonce`,
    /// `Signature`, …), which V3 sends as headers instead.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every parameter as sent (query, then form body), decoded.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The body as sent (empty when the request has none).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The value of header `name` (any case), e.g. `x-acs-action`, or
    /// `host` (the endpoint's authority, which an HTTP client would send).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Which attempt of its call this request was: 1, then 2, … on retries.
    pub fn attempt(&self) -> u32 {
        self.header("x-acs-retry-attempts")
            .and_then(|n| n.parse::<u32>().ok())
            .map_or(1, |n| n.saturating_add(1))
    }
}

fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_owned());
            (decode(name), decode(value))
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Body {
    /// Data rendered in the request's format.
    Ok(Value),
    /// An Alibaba error body rendered in the request's format.
    Error {
        code: String,
        message: String,
    },
    Raw(Vec<u8>),
}

/// What a [`MockTransport`] answers with.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
}

impl MockResponse {
    /// HTTP 200 with `data` (a JSON object as on the operation's reference
    /// page) in the format the request asked for: as JSON, or as XML under
    /// `<{Action}Response>`. A `RequestId` is added when `data` has none.
    pub fn ok(data: Value) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body: Body::Ok(data),
            delay: Duration::ZERO,
        }
    }

    /// An Alibaba error answer (`RequestId`, `HostId`, `Code`, `Message`) in
    /// the request's format, e.g. `error(400, "InvalidParameter", "…")` or
    /// `error(400, "Throttling.User", "…")`.
    pub fn error(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Body::Error {
                code: code.into(),
                message: message.into(),
            },
            delay: Duration::ZERO,
        }
    }

    /// Exactly this status and body, e.g. an HTML page from a proxy.
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Body::Raw(body.into()),
            delay: Duration::ZERO,
        }
    }

    /// Adds a response header, e.g. `x-acs-retry-after`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay` (Tokio time, so a test with a paused
    /// clock does not wait): longer than the attempt timeout makes the
    /// attempt time out.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn render(self, request: &MockRequest) -> Result<HttpResponse, HttpError> {
        let xml = request
            .param("Format")
            .is_some_and(|f| f.eq_ignore_ascii_case("xml"));
        let with_request_id = |mut value: Value| {
            if let Value::Object(map) = &mut value {
                map.entry("RequestId")
                    .or_insert_with(|| Value::String(request_id(request)));
            }
            value
        };
        let (body, root) = match self.body {
            Body::Raw(bytes) => (Some(bytes), None),
            Body::Ok(value) => (
                None,
                Some((
                    with_request_id(value),
                    format!("{}Response", request.action),
                )),
            ),
            Body::Error { code, message } => (
                None,
                Some((
                    with_request_id(serde_json::json!({
                        "HostId": "mock.aliyuncs.com",
                        "Code": code,
                        "Message": message,
                    })),
                    "Error".to_owned(),
                )),
            ),
        };
        let mut headers = Headers::new();
        let body = match (body, root) {
            (Some(bytes), _) => bytes,
            (None, Some((value, root))) if xml => {
                headers.insert("content-type", "text/xml;charset=utf-8")?;
                to_xml(&root, &value).into_bytes()
            }
            (None, Some((value, _))) => {
                headers.insert("content-type", "application/json;charset=utf-8")?;
                value.to_string().into_bytes()
            }
            (None, None) => Vec::new(),
        };
        for (name, value) in &self.headers {
            headers.append(name, value).map_err(|_| {
                HttpError::refused(format!(
                    "MockResponse header {name:?}: {value:?} is not a valid HTTP header"
                ))
            })?;
        }
        Ok(HttpResponse::new(self.status, headers, body))
    }
}

impl From<Value> for MockResponse {
    /// [`MockResponse::ok`].
    fn from(data: Value) -> Self {
        Self::ok(data)
    }
}

fn request_id(request: &MockRequest) -> String {
    // Stable per request: derived from the nonce, shaped like Alibaba's.
    let nonce = request
        .param("SignatureNonce")
        .or_else(|| request.header("x-acs-signature-nonce"))
        .unwrap_or_default();
    let hex: String = nonce
        .chars()
        .filter(char::is_ascii_hexdigit)
        .chain(std::iter::repeat('0'))
        .take(32)
        .collect::<String>()
        .to_uppercase();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A JSON object as the service's XML: objects become elements, arrays
/// repeated elements named by their key, scalars text.
fn to_xml(root: &str, value: &Value) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    write_element(&mut out, root, value);
    out
}

fn write_element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                write_element(out, name, item);
            }
        }
        other => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            match other {
                Value::Object(map) => {
                    for (key, child) in map {
                        write_element(out, key, child);
                    }
                }
                Value::String(text) => escape_into(out, text),
                scalar => out.push_str(&scalar.to_string()),
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}
