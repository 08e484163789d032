//! Sending one HTTP request: the [`Transport`] every request of the runtime
//! goes through, its [`HttpRequest`], [`HttpResponse`] and [`HttpError`].
//!
//! A client sends everything through one transport: its API calls, and the
//! requests its credential providers make (STS `AssumeRole` and
//! `AssumeRoleWithOIDC`, the ECS metadata service, a credentials URI). By
//! default that is an HTTP client built from the configuration (`reqwest`
//! with rustls: proxy, extra root certificates, pool, connect timeout);
//! `test_util::MockTransport` (feature `test-util`) answers in memory; and
//! any other implementation can be plugged in with
//! [`ConfigBuilder::transport`](crate::ConfigBuilder::transport).
//!
//! A transport sends the request as it is (it is signed already), and reads
//! the whole answer, up to [`HttpRequest::max_response_size`] bytes of body.
//! The caller checks the answer again, so a transport that returns more, or
//! fewer bytes than its `Content-Length` says, gets the same errors as the
//! default one ([`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge),
//! [`Error::Transport`](crate::Error::Transport)).
//!
//! ```
//! use alibabacloud_runtime::transport::{
//!     Headers, HttpError, HttpRequest, HttpResponse, Transport, TransportFuture,
//! };
//!
//! /// Answers every request with an empty JSON object.
//! #[derive(Debug)]
//! struct Canned;
//!
//! impl Transport for Canned {
//!     fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
//!         TransportFuture::new(async move {
//!             let mut headers = Headers::new();
//!             headers.insert("content-type", "application/json")?;
//!             let _ = request.url;
//!             Ok(HttpResponse::new(200, headers, b"{}".to_vec()))
//!         })
//!     }
//! }
//!
//! let config = alibabacloud_runtime::Config::builder().transport(Canned).build()?;
//! # let _ = config;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The default [`max_response_size`](crate::ConfigBuilder::max_response_size):
/// 16 MiB. The largest real answers are pages of 1000 items (about 2 MB in
/// XML), so this leaves ample room while a misbehaving endpoint cannot make
/// a call buffer gigabytes.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 16 * 1024 * 1024;

/// Sends one HTTP request and reads its answer.
///
/// Implementations must be cheap to share (a client and its credential
/// providers hold one [`SharedTransport`]) and must not follow redirects.
/// `Debug` output must not show secrets.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole answer: status, headers, and a
    /// body of at most `request.max_response_size` bytes (a longer one is
    /// [`HttpError::too_large`]). Dropping the future abandons the request.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// A transport shared by a client and its credential providers.
pub type SharedTransport = Arc<dyn Transport>;

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

type Boxed<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'a>>;

/// The future [`Transport::send`] returns.
#[must_use = "futures do nothing unless awaited"]
pub struct TransportFuture<'a>(Boxed<'a>);

impl<'a> TransportFuture<'a> {
    /// A future that runs `future`.
    pub fn new(future: impl Future<Output = Result<HttpResponse, HttpError>> + Send + 'a) -> Self {
        Self(Box::pin(future))
    }
}

impl Future for TransportFuture<'_> {
    type Output = Result<HttpResponse, HttpError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx)
    }
}

impl fmt::Debug for TransportFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TransportFuture")
    }
}

/// An HTTP method the runtime uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET` (the metadata service, credentials URIs).
    Get,
    /// `PUT` (the metadata service's session token).
    Put,
    /// `POST` (API calls, STS).
    Post,
}

impl Method {
    /// The method's name, e.g. `POST`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request, signed and ready to send.
///
/// Its URL and headers can carry secrets (a V1 signature and security token
/// in the query, a V3 `authorization` header, an OIDC token in the body):
/// `Debug` shows the URL without its query, the header names and the body's
/// length only.
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute `http` or `https` URL, query included.
    pub url: String,
    /// The headers to send (the transport adds `host`, `content-length` and
    /// what its HTTP version needs).
    pub headers: Headers,
    /// The body; empty for none.
    pub body: Vec<u8>,
    /// The most body bytes the answer may have.
    pub max_response_size: u64,
    /// Whether the host must be reached directly, never through a proxy:
    /// set for the ECS metadata service, which only answers on the instance
    /// itself (a proxy elsewhere would reach its own, or none).
    pub direct: bool,
}

impl HttpRequest {
    /// A request with no header and no body, whose answer may be as large
    /// as [`DEFAULT_MAX_RESPONSE_SIZE`], sent the way the configuration
    /// says (through its proxy, if any).
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Headers::new(),
            body: Vec::new(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            direct: false,
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self.url.find(['?', '#']).unwrap_or(self.url.len());
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &&self.url[..end])
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("max_response_size", &self.max_response_size)
            .field("direct", &self.direct)
            .finish()
    }
}

/// One answer, its body read in full.
#[non_exhaustive]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// An answer with this status, headers and body.
    pub fn new(status: u16, headers: Headers, body: Vec<u8>) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// HTTP headers: names are case-insensitive, values visible ASCII (or
/// opaque bytes). `Debug` shows the names only, since values can be
/// secrets (`authorization`, `x-acs-security-token`).
#[derive(Clone, Default)]
pub struct Headers(HeaderMap);

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// No headers, with room for `capacity`.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(HeaderMap::with_capacity(capacity))
    }

    /// The value of header `name` (any case), when it is there and text; the
    /// first one when there are several.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }

    /// Sets header `name` to `value`, replacing any value it had.
    ///
    /// # Errors
    ///
    /// When `name` is not a header name or `value` cannot be a header value
    /// (a control character other than tab).
    pub fn insert(&mut self, name: &str, value: &str) -> Result<(), HttpError> {
        let (name, value) = parse_header(name, value)?;
        self.0.insert(name, value);
        Ok(())
    }

    /// Adds a value to header `name`, keeping the ones it has.
    ///
    /// # Errors
    ///
    /// As for [`insert`](Self::insert).
    pub fn append(&mut self, name: &str, value: &str) -> Result<(), HttpError> {
        let (name, value) = parse_header(name, value)?;
        self.0.append(name, value);
        Ok(())
    }

    /// Every header, in order, names in lowercase; values that are not
    /// text are given lossily.
    pub fn iter(&self) -> impl Iterator<Item = (&str, std::borrow::Cow<'_, str>)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
    }

    /// How many header values there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a header whose name and value are known to be valid.
    pub(crate) fn append_parsed(&mut self, name: HeaderName, value: HeaderValue) {
        self.0.append(name, value);
    }

    pub(crate) fn from_map(map: HeaderMap) -> Self {
        Self(map)
    }

    pub(crate) fn into_map(self) -> HeaderMap {
        self.0
    }
}

fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), HttpError> {
    match (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        (Ok(name), Ok(value)) => Ok((name, value)),
        _ => Err(HttpError::refused(format!(
            "header {name:?} cannot be sent (not a header name, or a value with a control \
             character)"
        ))),
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.keys().map(HeaderName::as_str))
            .finish()
    }
}

/// What went wrong with a request, as a transport reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// No connection could be made (refused, unreachable, DNS, TLS, the
    /// proxy refused the tunnel): nothing was sent.
    Connect,
    /// No connection was made within the connect time limit: nothing was
    /// sent.
    ConnectTimeout {
        /// The limit, when the transport knows it.
        limit: Option<Duration>,
    },
    /// The connection failed after the request may have been sent (closed
    /// or reset before the whole answer arrived).
    Io,
    /// The answer's body is longer than the request's
    /// `max_response_size`; it was not read beyond it.
    TooLarge {
        /// The answer's status.
        status: u16,
        /// The answer's headers.
        headers: Headers,
        /// The length the answer declared (`Content-Length`), if any.
        content_length: Option<u64>,
        /// How many body bytes had arrived when reading stopped (0 when a
        /// declared length was refused up front).
        received: u64,
    },
    /// The transport cannot send this request as it is set up (a mock with
    /// no answer for it, an HTTP client that could not be built): nothing
    /// was sent.
    Refused,
}

impl PartialEq for Headers {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Headers {}

/// Why a [`Transport`] could not deliver a request or read its answer.
///
/// `Display` gives the cause, the innermost one in brackets when it adds
/// something (`error sending request (Connection refused (os error 111))`),
/// and the proxy the request went through, with its user info hidden. It
/// never shows the request's URL (which carries a signature).
#[derive(Debug)]
pub struct HttpError(Box<HttpErrorRepr>);

#[derive(Debug)]
struct HttpErrorRepr {
    kind: HttpErrorKind,
    source: Box<dyn StdError + Send + Sync>,
    proxy: Option<String>,
}

impl HttpError {
    fn new(kind: HttpErrorKind, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self(Box::new(HttpErrorRepr {
            kind,
            source: source.into(),
            proxy: None,
        }))
    }

    /// No connection could be made; nothing was sent.
    pub fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(HttpErrorKind::Connect, source)
    }

    /// No connection within `limit` (if known); nothing was sent.
    pub fn connect_timeout(limit: Option<Duration>) -> Self {
        Self::new(
            HttpErrorKind::ConnectTimeout { limit },
            "timed out connecting",
        )
    }

    /// The connection failed after the request may have been sent.
    pub fn io(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(HttpErrorKind::Io, source)
    }

    /// The answer (`status`, `headers`) has a body longer than allowed:
    /// `content_length` is what it declared, `received` what arrived before
    /// reading stopped.
    pub fn too_large(
        status: u16,
        headers: Headers,
        content_length: Option<u64>,
        received: u64,
    ) -> Self {
        Self::new(
            HttpErrorKind::TooLarge {
                status,
                headers,
                content_length,
                received,
            },
            "the answer is larger than allowed",
        )
    }

    /// The transport cannot send the request as it is set up; `message`
    /// says why.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(HttpErrorKind::Refused, message.into())
    }

    /// Says that the request went through this proxy (shown without its
    /// user info).
    pub fn through_proxy(mut self, proxy: impl Into<String>) -> Self {
        self.0.proxy = Some(proxy.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &HttpErrorKind {
        &self.0.kind
    }

    /// The proxy the request went through, if any, without its user info.
    pub fn proxy(&self) -> Option<&str> {
        self.0.proxy.as_deref()
    }

    /// The innermost cause (which names the real problem: `Connection
    /// refused (os error 111)`), and the proxy: what a short message needs.
    pub(crate) fn cause(&self) -> String {
        let mut text = deepest_cause(&*self.0.source)
            .map_or_else(|| self.0.source.to_string(), |cause| cause.to_string());
        if let Some(proxy) = &self.0.proxy {
            text.push_str(&format!(" (through proxy {proxy})"));
        }
        text
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // reqwest's own text ("error sending request") says little; add the
        // innermost cause, which names the real problem.
        write!(f, "{}", self.0.source)?;
        if let Some(cause) = deepest_cause(&*self.0.source) {
            write!(f, " ({cause})")?;
        }
        if let Some(proxy) = &self.0.proxy {
            write!(f, " (through proxy {proxy})")?;
        }
        Ok(())
    }
}

impl StdError for HttpError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.0.source)
    }
}

/// The last error in `error`'s chain of sources; `None` when it has none.
pub(crate) fn deepest_cause<'e>(
    error: &'e (dyn StdError + 'static),
) -> Option<&'e (dyn StdError + 'static)> {
    let mut cause = error.source()?;
    while let Some(next) = cause.source() {
        cause = next;
    }
    Some(cause)
}

/// Checks an answer a transport returned against the request's limit and
/// its own `Content-Length`, so that any transport's answers are held to
/// what the default one enforces: a body over `limit` is
/// [`HttpErrorKind::TooLarge`], one shorter or longer than it declared is
/// [`HttpErrorKind::Io`] (a connection cut short).
pub(crate) fn check_answer(response: HttpResponse, limit: u64) -> Result<HttpResponse, HttpError> {
    let received = response.body.len() as u64;
    let declared = response
        .headers
        .get("content-length")
        .and_then(|length| length.trim().parse::<u64>().ok());
    if received > limit || declared.is_some_and(|length| length > limit) {
        return Err(HttpError::too_large(
            response.status,
            response.headers,
            declared,
            received,
        ));
    }
    if let Some(declared) = declared.filter(|length| *length != received) {
        return Err(HttpError::io(format!(
            "the body has {received} bytes, but its Content-Length declared {declared}"
        )));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
        let mut map = Headers::new();
        for (name, value) in headers {
            map.insert(name, value).unwrap();
        }
        HttpResponse::new(200, map, body.to_vec())
    }

    #[test]
    fn answers_are_held_to_the_limit_and_their_own_length() {
        assert!(check_answer(answer(&[], b"12345"), 5).is_ok());
        assert!(check_answer(answer(&[("content-length", "5")], b"12345"), 5).is_ok());
        let over = check_answer(answer(&[], b"123456"), 5).unwrap_err();
        assert!(
            matches!(
                over.kind(),
                HttpErrorKind::TooLarge {
                    status: 200,
                    content_length: None,
                    received: 6,
                    ..
                }
            ),
            "{over:?}"
        );
        let declared = check_answer(answer(&[("content-length", "900")], b"12"), 5).unwrap_err();
        assert!(matches!(
            declared.kind(),
            HttpErrorKind::TooLarge {
                content_length: Some(900),
                ..
            }
        ));
        let short = check_answer(answer(&[("Content-Length", "4")], b"12"), 5).unwrap_err();
        assert_eq!(short.kind(), &HttpErrorKind::Io);
        assert_eq!(
            short.to_string(),
            "the body has 2 bytes, but its Content-Length declared 4"
        );
    }

    #[test]
    fn debug_output_hides_queries_header_values_and_bodies() {
        let mut request = HttpRequest::new(Method::Post, "https://h/?Signature=SECRET-sig");
        request
            .headers
            .insert("authorization", "SECRET-auth")
            .unwrap();
        request.body = b"OIDCToken=SECRET-token".to_vec();
        let shown = format!("{request:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("\"https://h/\"") && shown.contains("authorization"));
        let response = answer(&[("x-acs-security-token", "SECRET-t")], b"SECRET-b");
        assert!(!format!("{response:?}").contains("SECRET"));
    }

    #[test]
    fn headers_are_case_insensitive_and_checked() {
        let mut headers = Headers::new();
        headers.insert("X-Acs-Request-Id", "R-1").unwrap();
        headers.append("x-acs-request-id", "R-2").unwrap();
        assert_eq!(headers.get("x-ACS-request-id"), Some("R-1"));
        assert_eq!(headers.len(), 2);
        assert!(headers.insert("bad name", "v").is_err());
        assert!(headers.insert("x", "line\nbreak").is_err());
        let error = HttpError::connect("refused").through_proxy("http://<redacted>@p:1");
        assert_eq!(
            error.to_string(),
            "refused (through proxy http://<redacted>@p:1)"
        );
        assert_eq!(
            error.cause(),
            "refused (through proxy http://<redacted>@p:1)"
        );
    }
}
