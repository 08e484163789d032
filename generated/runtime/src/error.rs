//! The one error type every call returns, and what each kind carries.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

use super::credentials::CredentialsError;
use super::decode::{xml_to_value, DecodeError};
use super::operation::OperationKind;
use super::redact::Redactor;
use super::transport::HttpError;

pub use super::codes::{CommonErrorCode, ErrorCode, OperationErrors, UnknownCode};

/// How many characters of an unreadable body an error keeps.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong with a call.
///
/// Match on [`Error`] to tell a rejection by the service (with its `Code`)
/// from a network failure, a timeout, a response that could not be read, or
/// a problem on this side (credentials, configuration):
///
/// ```
/// use alibabacloud_runtime::Error;
///
/// fn explain(err: &Error) -> String {
///     match err {
///         Error::Service(e) if e.is_throttling() => "slow down".to_string(),
///         Error::Service(e) if e.code() == "InvalidRegionId.NotFound" => "no such region".to_string(),
///         Error::Service(e) => format!("rejected: {} ({})", e.code(), e.message()),
///         Error::Timeout(_) | Error::Connect(_) | Error::Transport(_) => "network".to_string(),
///         other => other.to_string(),
///     }
/// }
/// # let _ = explain;
/// ```
///
/// No `Display` or `Debug` output of these types contains the access key
/// secret, a request signature or a security token: request URLs (which carry
/// the signature) are stripped from transport errors, and any echo of the
/// security token in a response is replaced by `<redacted>`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error (`Code`, `Message`, `RequestId`).
    Service(Box<ServiceError>),
    /// A connect, per-attempt or total time limit ran out.
    Timeout(TimeoutError),
    /// No connection could be made (DNS, refused, TLS handshake): the request
    /// was not sent.
    Connect(TransportError),
    /// The connection failed after it was made (closed or reset before the
    /// whole response arrived). The service may have acted on the request.
    Transport(TransportError),
    /// The service answered, but the body could not be understood (HTML from
    /// a proxy, an empty or truncated body, a shape that does not match).
    Decode(Box<InvalidResponse>),
    /// The response body was larger than the configured
    /// [`max_response_size`](crate::ConfigBuilder::max_response_size); it
    /// was not read beyond the limit.
    ResponseTooLarge(Box<ResponseTooLarge>),
    /// Credentials could not be loaded.
    Credentials(CredentialsError),
    /// The configuration is invalid.
    Config(ConfigError),
}

impl Error {
    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(e.code()),
            _ => None,
        }
    }

    /// The service's error code as the error-code enum of operation `O`
    /// (its `…Input` type), when the service answered with one: the codes
    /// the operation's reference page lists have their own variants, with
    /// the page's advice in their documentation, and any other code is kept
    /// as sent. `None` when the call failed before the service answered.
    ///
    /// Call it with the operation the error came from; with another, the
    /// code is read as that operation's, which may name it differently.
    pub fn code_for<O: OperationErrors>(&self) -> Option<O::Code> {
        self.code().map(O::Code::from_code)
    }

    /// The service's error message, when the service answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(e.message()),
            _ => None,
        }
    }

    /// The `RequestId` of the response, when one arrived; quote it when
    /// asking Alibaba Cloud support about a call.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id(),
            Error::Decode(e) => e.request_id(),
            Error::ResponseTooLarge(e) => e.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when one arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            Error::ResponseTooLarge(e) => Some(e.status()),
            _ => None,
        }
    }

    /// Whether the service refused the call because of request throttling.
    pub fn is_throttling(&self) -> bool {
        matches!(self, Error::Service(e) if e.is_throttling())
    }

    /// Whether trying the same call again may succeed: throttling, server
    /// errors (5xx, `InternalError`, `ServiceUnavailable`, `Busy`, …),
    /// connection failures and timeouts. Configuration, credentials and
    /// ordinary client errors are not retryable.
    ///
    /// This is a property of the failure alone. The client retries a
    /// mutating operation only after the retryable failures that prove the
    /// request was not processed (see [`RetryConfig`](crate::RetryConfig));
    /// [`may_have_taken_effect`](Self::may_have_taken_effect) tells whether
    /// a failed call may nevertheless have been carried out.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Timeout(e) => e.kind() != TimeoutKind::Total,
            Error::Connect(_) | Error::Transport(_) => true,
            Error::Decode(e) => e.status() >= 500 || e.status() == 429,
            Error::Credentials(_) | Error::Config(_) | Error::ResponseTooLarge(_) => false,
        }
    }

    /// The delay the service asked for (`x-acs-retry-after`), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Service(e) => e.retry_after(),
            _ => None,
        }
    }

    /// Whether the failed call may nevertheless have taken effect: the
    /// operation is mutating ([`OperationKind::Mutating`](crate::unstable::OperationKind),
    /// e.g. a task submission or a purchase) and at least one attempt failed in a
    /// way that leaves it open whether the service acted on it (a timeout or
    /// a broken connection after the request was sent, a 5xx answer other
    /// than `503 ServiceUnavailable`, an unreadable response).
    ///
    /// When it is `true`, check before sending the request again: for a task
    /// submission, look the task up where the error's message says (the
    /// product's task lists). It is always `false` for read-only operations,
    /// for failures that prove the request was not processed (a refused
    /// connection, throttling, an error answer such as `InvalidParameter`), and
    /// for errors no call produced.
    pub fn may_have_taken_effect(&self) -> bool {
        self.note().is_some_and(CallNote::may_have_taken_effect)
    }

    /// How many attempts the failed call made (retries included), when the
    /// error came from a call that sent at least one request; `None` for
    /// configuration and credentials errors.
    pub fn attempts(&self) -> Option<u32> {
        self.note().map(|n| n.attempts)
    }

    /// Whether the call was not retried because the client's
    /// [`RetryBudget`](crate::RetryBudget) was exhausted by recent failures.
    pub fn is_retry_budget_exhausted(&self) -> bool {
        self.note().is_some_and(|n| n.stop == Stop::Budget)
    }

    /// The client's account of the call, when the error came from one.
    fn note(&self) -> Option<&CallNote> {
        match self {
            Error::Service(e) => e.note.as_deref(),
            Error::Timeout(e) => e.note.as_deref(),
            Error::Connect(e) | Error::Transport(e) => e.note.as_deref(),
            Error::Decode(e) => e.note.as_deref(),
            Error::ResponseTooLarge(e) => e.note.as_deref(),
            Error::Credentials(_) | Error::Config(_) => None,
        }
    }

    /// Attaches the client's account of the call (dropped for the kinds
    /// that cannot carry one, which no request produced).
    pub(crate) fn with_note(mut self, note: CallNote) -> Self {
        let slot = match &mut self {
            Error::Service(e) => &mut e.note,
            Error::Timeout(e) => &mut e.note,
            Error::Connect(e) | Error::Transport(e) => &mut e.note,
            Error::Decode(e) => &mut e.note,
            Error::ResponseTooLarge(e) => &mut e.note,
            Error::Credentials(_) | Error::Config(_) => return self,
        };
        *slot = Some(Box::new(note));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Connect(e) => write!(f, "could not connect to the {} endpoint: {e}", e.api),
            Error::Transport(e) => write!(
                f,
                "the connection to the {} failed before a full response arrived: {e}",
                e.api
            ),
            Error::Decode(e) => e.fmt(f),
            Error::ResponseTooLarge(e) => e.fmt(f),
            Error::Credentials(e) => write!(f, "could not load Alibaba Cloud credentials: {e}"),
            Error::Config(e) => e.fmt(f),
        }?;
        match self.note() {
            Some(note) => note.fmt(f),
            None => Ok(()),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Service(_) | Error::Timeout(_) => None,
            Error::Connect(e) | Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e.as_ref()),
            Error::ResponseTooLarge(_) => None,
            Error::Credentials(e) => Some(e),
            Error::Config(_) => None,
        }
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

/// An error answer from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    api: &'static str,
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    access_denied_detail: Option<String>,
    retry_after: Option<Duration>,
    note: Option<Box<CallNote>>,
}

impl ServiceError {
    /// The HTTP status (400 for most business errors, 403 for signature and
    /// permission errors, 5xx for server trouble). Branch on [`code`](Self::code)
    /// rather than on this.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code, e.g. `SignatureDoesNotMatch`, `Throttling.User`,
    /// `InvalidParameter`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human-readable message (its language follows the `Lang` parameter).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `RequestId`, if the body had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `HostId` (the endpoint that answered), if the body had one.
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }

    /// The `Recommend` link to Alibaba's error center, if the body had one.
    pub fn recommend(&self) -> Option<&str> {
        self.recommend.as_deref()
    }

    /// The `AccessDeniedDetail` of a permission error, as compact JSON.
    pub fn access_denied_detail(&self) -> Option<&str> {
        self.access_denied_detail.as_deref()
    }

    /// The delay the service asked for in `x-acs-retry-after`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether this is throttling: code `Throttling` or `Throttling.*`, or a
    /// response carrying `x-acs-retry-after`.
    pub fn is_throttling(&self) -> bool {
        self.code == "Throttling"
            || self.code.starts_with("Throttling.")
            || self.retry_after.is_some()
    }

    /// Whether the error is transient: throttling, HTTP 5xx, or one of the
    /// codes `InternalError`, `ServiceUnavailable`, `UnknownError`, `Busy`
    /// (also with a `.suffix`).
    pub fn is_retryable(&self) -> bool {
        const TRANSIENT: [&str; 4] = [
            "InternalError",
            "ServiceUnavailable",
            "UnknownError",
            "Busy",
        ];
        let base = self.code.split('.').next().unwrap_or_default();
        self.is_throttling() || self.status >= 500 || TRANSIENT.contains(&base)
    }

    /// Reads an Alibaba error body (JSON object, or XML with root `<Error>`)
    /// from the API called `api` in messages. `None` when the body is not
    /// one (no `Code`).
    pub(crate) fn parse(
        api: &'static str,
        status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
    ) -> Option<Self> {
        let text = std::str::from_utf8(body)
            .ok()?
            .trim_start_matches('\u{feff}')
            .trim();
        let value = if text.starts_with('<') {
            xml_to_value(text.as_bytes()).ok()?
        } else {
            serde_json::from_str::<Value>(text).ok()?
        };
        let map = value.as_object()?;
        let code = field(map, &["Code", "code"])?;
        if code.is_empty() {
            return None;
        }
        Some(Self {
            api,
            status,
            code,
            message: field(map, &["Message", "message", "Description", "description"])
                .unwrap_or_default(),
            request_id: field(map, &["RequestId", "requestId"]),
            host_id: field(map, &["HostId", "hostId"]),
            recommend: field(map, &["Recommend", "recommend"]),
            access_denied_detail: ["AccessDeniedDetail", "accessDeniedDetail"]
                .iter()
                .find_map(|k| map.get(*k))
                .filter(|v| !v.is_null())
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
            retry_after,
            note: None,
        })
    }

    /// Replaces every occurrence of a sensitive value in the texts (all of
    /// them: a hostile or careless server may echo a secret in any field).
    pub(crate) fn redact(mut self, redactor: &Redactor<'_>) -> Self {
        self.code = redactor.apply(&self.code);
        self.message = redactor.apply(&self.message);
        for field in [&mut self.request_id, &mut self.host_id, &mut self.recommend] {
            if let Some(text) = field.take() {
                *field = Some(redactor.apply(&text));
            }
        }
        if let Some(d) = self.access_denied_detail.take() {
            self.access_denied_detail = Some(redactor.apply(&d));
        }
        self
    }
}

fn field(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error {} (HTTP {}", self.api, self.code, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ")")?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(d) = &self.retry_after {
            write!(f, " (server asked to retry after {} ms)", d.as_millis())?;
        }
        if let Some(r) = &self.recommend {
            write!(f, " (see {r})")?;
        }
        Ok(())
    }
}

impl StdError for ServiceError {}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (see `connect_timeout`).
    Connect,
    /// One attempt: sending the request and reading the whole response.
    Attempt,
    /// The whole call, retries and back-off included.
    Total,
}

/// A time limit ran out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    api: &'static str,
    kind: TimeoutKind,
    limit: Duration,
    note: Option<Box<CallNote>>,
}

impl TimeoutError {
    pub(crate) fn new(api: &'static str, kind: TimeoutKind, limit: Duration) -> Self {
        Self {
            api,
            kind,
            limit,
            note: None,
        }
    }

    /// Which limit ran out.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured limit that ran out.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let api = self.api;
        match self.kind {
            TimeoutKind::Connect => write!(
                f,
                "timed out after {:?} connecting to the {api} endpoint",
                self.limit
            ),
            TimeoutKind::Attempt => write!(
                f,
                "timed out after {:?} waiting for the {api} response",
                self.limit
            ),
            TimeoutKind::Total => write!(
                f,
                "timed out after {:?} the whole call (all attempts)",
                self.limit
            ),
        }
    }
}

impl StdError for TimeoutError {}

/// A network failure, as the transport reported it (never with the
/// request's URL, which carries the signature), with the proxy it went
/// through, if any.
#[derive(Debug)]
pub struct TransportError {
    api: &'static str,
    source: HttpError,
    note: Option<Box<CallNote>>,
}

impl TransportError {
    pub(crate) fn new(api: &'static str, source: HttpError) -> Self {
        Self {
            api,
            source,
            note: None,
        }
    }

    /// The proxy the request went through, if any, without its user info.
    pub fn proxy(&self) -> Option<&str> {
        self.source.proxy()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// A response whose body could not be understood.
#[derive(Debug, Clone)]
pub struct InvalidResponse {
    api: &'static str,
    status: u16,
    request_id: Option<String>,
    snippet: String,
    body_len: usize,
    reason: DecodeError,
    note: Option<Box<CallNote>>,
}

impl InvalidResponse {
    pub(crate) fn new(
        api: &'static str,
        status: u16,
        request_id: Option<String>,
        body: &[u8],
        reason: DecodeError,
        redactor: &Redactor<'_>,
    ) -> Self {
        Self {
            api,
            status,
            request_id,
            snippet: redactor.apply(&snippet(body, SNIPPET_CHARS)),
            body_len: body.len(),
            reason,
            note: None,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id from the `x-acs-request-id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The start of the body (at most 200 characters, lossily decoded).
    pub fn body_snippet(&self) -> &str {
        &self.snippet
    }

    /// The body's full length in bytes.
    pub fn body_len(&self) -> usize {
        self.body_len
    }
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not read the {} response (HTTP {}",
            self.api, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}; ", self.reason)?;
        if self.body_len == 0 {
            write!(f, "the body was empty")
        } else {
            write!(
                f,
                "body ({} bytes) starts with {:?}",
                self.body_len, self.snippet
            )
        }
    }
}

impl StdError for InvalidResponse {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.reason)
    }
}

/// The first `max_chars` characters of `body`, decoded lossily.
pub(crate) fn snippet(body: &[u8], max_chars: usize) -> String {
    // Decoding more bytes than needed is wasteful; 4 bytes per char bounds it.
    let head = &body[..body.len().min(max_chars.saturating_mul(4))];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text.chars().take(max_chars).collect();
    if head.len() < body.len() || text.chars().count() > max_chars {
        out.push('…');
    }
    out
}

/// A response body over the configured size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseTooLarge {
    api: &'static str,
    status: u16,
    limit: u64,
    content_length: Option<u64>,
    received: u64,
    request_id: Option<String>,
    note: Option<Box<CallNote>>,
}

impl ResponseTooLarge {
    pub(crate) fn new(
        api: &'static str,
        status: u16,
        limit: u64,
        content_length: Option<u64>,
        received: u64,
        request_id: Option<String>,
    ) -> Self {
        Self {
            api,
            status,
            limit,
            content_length,
            received,
            request_id,
            note: None,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The limit in bytes that was exceeded (`max_response_size`).
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The `Content-Length` the response declared, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// How many body bytes had arrived when reading stopped (0 when the
    /// declared `Content-Length` was refused up front).
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The request id from the `x-acs-request-id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response (HTTP {}) is larger than max_response_size ({} bytes)",
            self.api, self.status, self.limit
        )?;
        match self.content_length {
            Some(length) if self.received == 0 => {
                write!(f, ": it declared {length} bytes and was not read")?
            }
            _ => write!(f, ": reading stopped after {} bytes", self.received)?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(
            f,
            "; if the endpoint is right and such answers are expected, raise the limit with \
             Config::builder().max_response_size(..)"
        )
    }
}

impl StdError for ResponseTooLarge {}

/// The configuration is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl StdError for ConfigError {}

/// Why a failed call was not tried again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The failure is not transient.
    NotRetryable,
    /// The operation is mutating and the failure does not prove that the
    /// request was not processed.
    Mutating,
    /// Every attempt the policy allows was made.
    MaxAttempts,
    /// The client's retry budget had too few tokens.
    Budget,
    /// The back-off would have run past the call's total timeout.
    NoTimeLeft,
    /// Credentials could not be loaded for the next attempt (the message).
    Credentials(String),
}

/// What the client adds to the error of a failed call: the operation, the
/// attempts made, whether it may have taken effect, and why it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallNote {
    pub(crate) action: &'static str,
    /// Where the product's submitted tasks can be looked up, if it says.
    pub(crate) task_lookup: Option<&'static str>,
    pub(crate) kind: OperationKind,
    /// Whether the operation submits a task (`Operation::SUBMITS_TASK`).
    pub(crate) submits_task: bool,
    pub(crate) attempts: u32,
    /// Attempts whose outcome is unknown (they may have been processed).
    pub(crate) unknown_attempts: u32,
    pub(crate) stop: Stop,
}

impl CallNote {
    /// Whether the call may have changed something: a mutating operation
    /// with at least one attempt of unknown outcome.
    pub(crate) fn may_have_taken_effect(&self) -> bool {
        self.kind == OperationKind::Mutating && self.unknown_attempts > 0
    }
}

impl fmt::Display for CallNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.attempts;
        match &self.stop {
            Stop::MaxAttempts if n > 1 => write!(f, "; gave up after {n} attempts")?,
            Stop::Budget => write!(
                f,
                "; not retried after {n} attempt{}: this client's retry budget is exhausted \
                 (too many failed attempts recently; it refills as calls succeed, see RetryBudget)",
                if n == 1 { "" } else { "s" }
            )?,
            Stop::NoTimeLeft => write!(
                f,
                "; not retried after {n} attempt{}: the next one would not fit in the total timeout",
                if n == 1 { "" } else { "s" }
            )?,
            Stop::Credentials(why) => write!(
                f,
                "; attempt {} could not be made: could not load credentials: {why}",
                n + 1
            )?,
            _ if n > 1 => write!(f, " (after {n} attempts)")?,
            _ => {}
        }
        if !self.may_have_taken_effect() {
            return Ok(());
        }
        let action = self.action;
        let twice = if self.unknown_attempts > 1 {
            ", possibly more than once"
        } else {
            ""
        };
        if self.submits_task {
            write!(
                f,
                ". {action} may have taken effect{twice}: the service may have accepted the task \
                 before the failure"
            )?;
        } else {
            write!(
                f,
                ". {action} may have taken effect{twice}: the service may have made the change \
                 before the failure"
            )?;
        }
        if self.stop == Stop::Mutating {
            write!(
                f,
                ", so it was not retried (see RetryConfig::with_retry_on_ambiguous_failures)"
            )?;
        }
        if self.submits_task {
            match self.task_lookup {
                Some(lookup) => write!(f, ". Check {lookup} before submitting it again"),
                None => write!(f, ". Check the task's state before submitting it again"),
            }
        } else {
            write!(f, ". Check the current state before sending it again")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_body_with_lower_camel_keys() {
        let e = ServiceError::parse(
            "ECS API",
            400,
            br#"{"requestId":"R1","code":"Throttling.User","message":"slow"}"#,
            None,
        )
        .unwrap();
        assert_eq!(
            (e.code(), e.message(), e.request_id()),
            ("Throttling.User", "slow", Some("R1"))
        );
        assert!(e.is_throttling() && e.is_retryable());
    }

    #[test]
    fn xml_error_body() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R2</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>InvalidParameter</Code><Message>bad</Message><Recommend><![CDATA[https://x?a=1&b=2]]></Recommend></Error>"#;
        let e = ServiceError::parse("ECS API", 400, body, None).unwrap();
        assert_eq!(e.code(), "InvalidParameter");
        assert_eq!(e.recommend(), Some("https://x?a=1&b=2"));
        assert_eq!(e.host_id(), Some("ecs.aliyuncs.com"));
        assert!(!e.is_retryable());
        assert_eq!(
            e.to_string(),
            "ECS API error InvalidParameter (HTTP 400, request id R2): bad (see https://x?a=1&b=2)"
        );
    }

    #[test]
    fn non_error_bodies_are_not_service_errors() {
        for body in [
            &b""[..],
            b"<html><body>502</body></html>",
            b"{\"a\":1}",
            b"[1]",
            b"\xff\xfe",
        ] {
            assert!(ServiceError::parse("ECS API", 502, body, None).is_none());
        }
    }

    #[test]
    fn transient_codes() {
        let e = |code: &str, status| {
            ServiceError::parse(
                "ECS API",
                status,
                format!("{{\"Code\":\"{code}\"}}").as_bytes(),
                None,
            )
            .unwrap()
        };
        assert!(e("Busy", 400).is_retryable());
        assert!(e("ServiceUnavailable", 503).is_retryable());
        assert!(e("Anything", 502).is_retryable());
        assert!(!e("InvalidInstanceId.NotFound", 400).is_retryable());
        assert!(!e("ThrottlingX", 400).is_throttling());
        let retry = ServiceError::parse(
            "ECS API",
            400,
            b"{\"Code\":\"X\"}",
            Some(Duration::from_millis(5)),
        )
        .unwrap();
        assert!(retry.is_throttling());
    }

    #[test]
    fn snippet_is_bounded_and_char_safe() {
        let long = "例".repeat(300);
        let s = snippet(long.as_bytes(), 200);
        assert_eq!(s.chars().count(), 201);
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"short", 200), "short");
        // A multi-byte character cut by the byte limit does not panic.
        let cut = &long.as_bytes()[..10];
        let _ = snippet(cut, 2);
    }
}
