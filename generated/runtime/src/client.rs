//! The client: signs, sends, retries and decodes calls.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, USER_AGENT};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument as _;

use super::config::Config;
use super::credentials::Credentials;
use super::decode::{self, DecodeError};
use super::error::{
    CallNote, ConfigError, Error, ResponseTooLarge, Stop, TimeoutError, TimeoutKind, TransportError,
};
use super::http::ReqwestTransport;
use super::lenient::Tree;
use super::operation::{Operation, OperationKind};
use super::params::Params;
use super::product::Product;
use super::redact::Redactor;
use super::request::{sign, AttemptStamp, RequestParts};
use super::response::{read_response, Decode};
use super::retry::{delivery, Delivery, RetryConfig, TokenBucket};
use super::transport::{
    check_answer, Headers, HttpError, HttpErrorKind, HttpRequest, Method, SharedTransport,
};

/// A client for one product's API: the handle a product crate's own
/// `Client` wraps, and whose [`send`](Self::send) every generated operation
/// method calls.
///
/// Cloning is cheap (a reference count): clones share one connection pool
/// and configuration. The client is `Send + Sync`; calls need a Tokio
/// runtime with the time and IO drivers enabled (`#[tokio::main]` has both).
///
/// ```
/// use alibabacloud_runtime::unstable::Product;
/// use alibabacloud_runtime::{Client, Config, Credentials};
///
/// const ECS: Product = Product::new("Ecs", "2014-05-26", "ecs.aliyuncs.com")
///     .with_regional_endpoints(&[("cn-hangzhou", "ecs.cn-hangzhou.aliyuncs.com")]);
///
/// # fn run() -> Result<(), alibabacloud_runtime::Error> {
/// let config = Config::builder()
///     .region("cn-hangzhou")
///     .credentials(Credentials::new("my-access-key-id", "my-access-key-secret"))
///     .build()?;
/// let client = Client::for_product(&ECS, config)?;
/// assert_eq!(client.endpoint(), "https://ecs.cn-hangzhou.aliyuncs.com");
/// # Ok(()) }
/// # run().unwrap();
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    call: CallSettings,
}

struct Inner {
    product: &'static Product,
    transport: SharedTransport,
    config: Config,
    /// `scheme://host[:port]`: the explicit endpoint, else the product's
    /// for the region.
    endpoint: String,
    /// `<endpoint>/?`, what each attempt's URL starts with.
    base_url: String,
    user_agent: HeaderValue,
    budget: TokenBucket,
}

/// The settings a handle's calls use: the configuration's, unless
/// overridden with `with_retry_config`, `with_attempt_timeout` or
/// `with_total_timeout`.
#[derive(Debug, Clone, Copy)]
struct CallSettings {
    retry: RetryConfig,
    attempt_timeout: Duration,
    total_timeout: Option<Duration>,
}

impl CallSettings {
    fn validate(&self) -> Result<(), ConfigError> {
        self.retry.validate()?;
        if self.attempt_timeout.is_zero() {
            return Err(ConfigError::new("attempt_timeout must be longer than zero"));
        }
        if self.total_timeout.is_some_and(|t| t.is_zero()) {
            return Err(ConfigError::new("total_timeout must be longer than zero"));
        }
        Ok(())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("product", &self.inner.product.code())
            .field("endpoint", &self.inner.endpoint)
            .field("config", &self.inner.config)
            .field("retry", &self.call.retry)
            .field("attempt_timeout", &self.call.attempt_timeout)
            .field("total_timeout", &self.call.total_timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `product` with this configuration: requests go to the
    /// configured endpoint, else to the product's endpoint for the
    /// configured region, else to its default endpoint, over HTTPS.
    ///
    /// Product crates call this from their own `Client::new`, with the
    /// `PRODUCT` their generator wrote ([`Product`] is in
    /// [`unstable`](crate::unstable)). The configuration's transport (or the
    /// one built from its settings) is handed to its credentials provider
    /// ([`ProvideCredentials::attach_transport`](crate::credentials::ProvideCredentials::attach_transport)).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the HTTP client cannot be set up: a proxy
    /// environment variable that is not a valid URL, a root certificate
    /// rustls rejects, or TLS initialisation failing.
    pub fn for_product(product: &'static Product, config: Config) -> Result<Self, Error> {
        let endpoint = match (config.endpoint(), config.region()) {
            (Some(endpoint), _) => endpoint.to_owned(),
            (None, Some(region)) => format!("https://{}", product.endpoint_for_region(region)),
            (None, None) => format!("https://{}", product.default_endpoint()),
        };
        let transport: SharedTransport = match config.transport() {
            Some(transport) => transport.clone(),
            None => std::sync::Arc::new(
                ReqwestTransport::new(config.http_settings().clone()).map_err(ConfigError::new)?,
            ),
        };
        config.credentials_provider().attach_transport(&transport);
        let base_url = format!("{endpoint}/?");
        let mut user_agent = product.user_agent();
        if let Some(app) = config.app_name() {
            user_agent.push(' ');
            user_agent.push_str(app);
        }
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| ConfigError::new("the User-Agent is not a valid header value"))?;
        let call = CallSettings {
            retry: *config.retry_config(),
            attempt_timeout: config.attempt_timeout(),
            total_timeout: config.total_timeout(),
        };
        let budget = TokenBucket::new(*config.retry_budget());
        Ok(Self {
            inner: Arc::new(Inner {
                product,
                transport,
                config,
                endpoint,
                base_url,
                user_agent,
                budget,
            }),
            call,
        })
    }

    /// A client for `product` with the default configuration: credentials
    /// from the [`DefaultCredentialsChain`](crate::credentials::DefaultCredentialsChain)
    /// (environment variables, OIDC role, `~/.aliyun/config.json`,
    /// `~/.alibabacloud/credentials.ini`, ECS instance RAM role, credentials
    /// URI), the region from `ALIBABA_CLOUD_REGION_ID` if set, and the
    /// product's default endpoint otherwise.
    ///
    /// Credentials are looked up on each call, so a missing key shows up as
    /// [`Error::Credentials`] from the first call, not here.
    ///
    /// # Errors
    ///
    /// As for [`for_product`](Self::for_product).
    pub fn from_env_for_product(product: &'static Product) -> Result<Self, Error> {
        Self::for_product(product, super::config::ConfigBuilder::from_env().build()?)
    }

    /// The product this client calls.
    pub fn product(&self) -> &'static Product {
        self.inner.product
    }

    /// The base URL requests go to, e.g. `https://ecs.aliyuncs.com`.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The retry policy calls through this handle use.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.call.retry
    }

    /// The time each attempt of a call through this handle may take.
    pub fn attempt_timeout(&self) -> Duration {
        self.call.attempt_timeout
    }

    /// The time a whole call through this handle may take, if limited.
    pub fn total_timeout(&self) -> Option<Duration> {
        self.call.total_timeout
    }

    /// A cheap clone of this client that uses `retry` for its calls; the
    /// original is unchanged. Clones share the connection pool and the
    /// [`RetryBudget`](crate::RetryBudget).
    ///
    /// ```no_run
    /// use alibabacloud_runtime::{Client, RetryConfig};
    /// # async fn run(client: Client, input: impl alibabacloud_runtime::unstable::Operation) {
    /// // Exactly one attempt for this call, whatever the failure.
    /// let once = client.with_retry_config(RetryConfig::disabled());
    /// let result = once.send(&input).await;
    /// # let _ = result; }
    /// ```
    ///
    /// An invalid policy (zero attempts) makes each call fail with
    /// [`Error::Config`].
    pub fn with_retry_config(&self, retry: RetryConfig) -> Self {
        let mut handle = self.clone();
        handle.call.retry = retry;
        handle
    }

    /// A cheap clone of this client whose calls allow each attempt
    /// `timeout` (sending the request and reading the whole response)
    /// instead of the configuration's
    /// [`attempt_timeout`](crate::ConfigBuilder::attempt_timeout); the
    /// original is unchanged.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # async fn run(client: alibabacloud_runtime::Client, input: impl alibabacloud_runtime::unstable::Operation) {
    /// // A call known to be slow: 60 s per attempt, 3 minutes in all.
    /// let patient = client
    ///     .with_attempt_timeout(Duration::from_secs(60))
    ///     .with_total_timeout(Duration::from_secs(180));
    /// let result = patient.send(&input).await;
    /// # let _ = result; }
    /// ```
    ///
    /// A zero timeout makes each call fail with [`Error::Config`].
    pub fn with_attempt_timeout(&self, timeout: Duration) -> Self {
        let mut handle = self.clone();
        handle.call.attempt_timeout = timeout;
        handle
    }

    /// A cheap clone of this client whose calls, all attempts and back-off
    /// included, end after `timeout` with a [`TimeoutKind::Total`] error,
    /// instead of the configuration's
    /// [`total_timeout`](crate::ConfigBuilder::total_timeout); the original
    /// is unchanged. `Duration::MAX` lifts the limit.
    ///
    /// A zero timeout makes each call fail with [`Error::Config`].
    pub fn with_total_timeout(&self, timeout: Duration) -> Self {
        let mut handle = self.clone();
        handle.call.total_timeout = Some(timeout);
        handle
    }

    /// Sends one operation and decodes its response, retrying as configured.
    ///
    /// Generated operation methods call this; it is public so that an
    /// operation implemented by hand can be sent too. Each call runs in a
    /// `tracing` span named `api_call` (fields `product`, `action`,
    /// `attempts`, `http_status`, `request_id`, `error_code`, `elapsed_ms`).
    ///
    /// # Errors
    ///
    /// See [`Error`]: the service's answer, a timeout, a network failure, an
    /// unreadable body, or missing credentials.
    pub async fn send<O: Operation>(&self, input: &O) -> Result<O::Output, Error> {
        self.send_with_form_fields(input, &[]).await
    }

    /// Like [`send`](Self::send), but the parameters named in `form_fields`
    /// (and their flattened children, `Name.1`, `Name.1.Field`, …) travel in
    /// an `application/x-www-form-urlencoded` body instead of the query
    /// string. The signature covers both.
    ///
    /// The official SDK does this for a few operations whose values can be
    /// large (such as `IdentityCredential`, a Base64 image) and would not fit
    /// in a URL; generated code for those operations calls this method.
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    pub async fn send_with_form_fields<O: Operation>(
        &self,
        input: &O,
        form_fields: &[&str],
    ) -> Result<O::Output, Error> {
        let mut operation = Params::new();
        input.write_params(&mut operation);
        // Only this much is compiled per operation; the call machinery
        // below is not generic.
        let mut output: Option<O::Output> = None;
        let mut decode = |tree: Tree<'_>| -> Result<(), DecodeError> {
            output = Some(decode::from_tree(tree)?);
            Ok(())
        };
        let what = CallKind {
            action: O::ACTION,
            kind: O::KIND,
            submits_task: O::SUBMITS_TASK,
            transient_codes: O::TRANSIENT_ERROR_CODES,
        };
        self.execute(what, &operation, form_fields, &mut decode)
            .await?;
        output.ok_or_else(|| {
            Error::Config(ConfigError::new(
                "internal error: a successful call produced no output",
            ))
        })
    }

    /// One call, whatever the operation: the span, the total timeout and
    /// the retry loop.
    async fn execute(
        &self,
        what: CallKind,
        operation: &Params,
        form_fields: &[&str],
        decode: Decode<'_>,
    ) -> Result<(), Error> {
        let span = tracing::info_span!(
            "api_call",
            product = self.inner.product.code(),
            action = what.action,
            attempts = Empty,
            http_status = Empty,
            request_id = Empty,
            error_code = Empty,
            elapsed_ms = Empty,
        );
        let started = Instant::now();
        let result = async {
            let settings = self.call;
            settings.validate()?;
            let mut progress = Progress::new(what, self.inner.product.task_lookup());
            // Boxed, as the attempt is: built once, not moved into the
            // total timeout and the span around it.
            let call = Box::pin(self.call(
                &settings,
                &mut progress,
                operation,
                form_fields,
                decode,
                &span,
                started,
            ));
            let Some(limit) = settings.total_timeout else {
                return call.await;
            };
            let outcome = tokio::time::timeout(limit, call).await;
            outcome.unwrap_or_else(|_| {
                // The call was dropped in the middle of an attempt or of a
                // back-off: the attempt in flight may have been processed.
                if progress.in_flight {
                    progress.unknown_attempts += 1;
                }
                let timeout = Error::Timeout(TimeoutError::new(
                    self.inner.product.api_name(),
                    TimeoutKind::Total,
                    limit,
                ));
                Err(progress.finish(timeout, Stop::NotRetryable))
            })
        }
        .instrument(span.clone())
        .await;
        if !span.is_disabled() {
            span.record("elapsed_ms", elapsed_ms(started));
        }
        if let Err(e) = &result {
            if let Some(code) = e.code() {
                span.record("error_code", code);
            }
            span.in_scope(|| tracing::debug!(error = %e, "call failed"));
        }
        result
    }

    /// The retry loop: attempts, the decision to retry, the budget and the
    /// back-off. `progress` keeps what the caller needs if the total timeout
    /// drops this future.
    #[allow(clippy::too_many_arguments)]
    async fn call(
        &self,
        settings: &CallSettings,
        progress: &mut Progress,
        operation: &Params,
        form_fields: &[&str],
        decode: Decode<'_>,
        span: &tracing::Span,
        started: Instant,
    ) -> Result<(), Error> {
        let retry = settings.retry;
        let budget = &self.inner.budget;
        let mut last_retry_cost = None;
        // For a mutating call, the last error that may have taken effect:
        // it stays the call's error if a later attempt cannot be made.
        let mut unknown_error: Option<Error> = None;
        loop {
            let attempt = progress.attempts + 1;
            span.record("attempts", attempt);
            progress.attempts = attempt;
            // Credentials first, outside the attempt's time limit: however
            // slow a refresh is, nothing has been sent yet.
            let credentials = self
                .inner
                .config
                .credentials_provider()
                .provide_credentials()
                .await;
            let result = match credentials {
                Err(e) => Err(Error::Credentials(e)),
                Ok(credentials) => {
                    progress.in_flight = true;
                    let limit = settings.attempt_timeout;
                    // Boxed: the attempt's state (the signed request, the
                    // transport's future) is built once on the heap instead
                    // of being moved through each wrapper around it.
                    let sent = tokio::time::timeout(
                        limit,
                        Box::pin(self.attempt(
                            progress.action,
                            &credentials,
                            operation,
                            form_fields,
                            &mut *decode,
                            attempt,
                            span,
                        )),
                    )
                    .await;
                    progress.in_flight = false;
                    sent.unwrap_or_else(|_| {
                        Err(Error::Timeout(TimeoutError::new(
                            self.inner.product.api_name(),
                            TimeoutKind::Attempt,
                            limit,
                        )))
                    })
                }
            };
            let error = match result {
                Ok(()) => {
                    budget.on_success(last_retry_cost);
                    return Ok(());
                }
                Err(error) => error,
            };
            if let Error::Credentials(e) = &error {
                if let Some(earlier) = unknown_error.take() {
                    // Reporting only the credentials problem would hide
                    // that an earlier attempt may have taken effect.
                    progress.attempts -= 1;
                    return Err(progress.finish(earlier, Stop::Credentials(e.to_string())));
                }
            }
            if delivery(&error) == Delivery::Unknown {
                progress.unknown_attempts += 1;
            }
            if let Err(stop) = retry.check(progress.kind, progress.transient_codes, &error, attempt)
            {
                tracing::debug!(attempt, reason = ?stop, error = %error, "not retrying");
                return Err(progress.finish(error, stop));
            }
            let delay = retry.delay(&error, attempt);
            if let Some(total) = settings.total_timeout {
                if started.elapsed().saturating_add(delay) >= total {
                    // Waiting would outlast the call's limit: report the
                    // real cause instead of a bare timeout.
                    return Err(progress.finish(error, Stop::NoTimeLeft));
                }
            }
            let cost = budget.cost(&error);
            if !budget.try_acquire(cost) {
                tracing::debug!(attempt, cost, error = %error, "retry budget exhausted");
                return Err(progress.finish(error, Stop::Budget));
            }
            last_retry_cost = Some(cost);
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying"
            );
            if progress.kind == OperationKind::Mutating && delivery(&error) == Delivery::Unknown {
                unknown_error = Some(error);
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: sign, send, read.
    #[allow(clippy::too_many_arguments)]
    async fn attempt(
        &self,
        action: &'static str,
        credentials: &Credentials,
        operation: &Params,
        form_fields: &[&str],
        decode: Decode<'_>,
        attempt: u32,
        span: &tracing::Span,
    ) -> Result<(), Error> {
        let config = &self.inner.config;
        let format = config.response_format();
        let stamp = AttemptStamp::now();
        // Every header the gateway reads goes through the signer: V3 signs
        // each `x-acs-*` header it is given.
        let mut extra_headers = Vec::new();
        if attempt > 1 {
            extra_headers.push(("x-acs-retry-attempts", (attempt - 1).to_string()));
        }
        let parts = RequestParts::new(
            action,
            self.inner.product.api_version(),
            operation,
            host(&self.inner.endpoint),
        )
        .format(format)
        .form_fields(form_fields)
        .extra_headers(&extra_headers);
        let signed = sign(config.signature_version(), &parts, credentials, stamp)?;
        let redactor = Redactor::new(
            [
                Some(credentials.access_key_secret()),
                credentials.security_token(),
                Some(signed.signature.as_str()),
            ]
            .into_iter()
            .flatten(),
        );
        if !action.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(ConfigError::new(format!(
                "the action name {action:?} cannot be sent in a header"
            ))));
        }
        let mut headers = Headers::with_capacity(signed.headers.len() + 1);
        headers.append_parsed(USER_AGENT, self.inner.user_agent.clone());
        for (name, value) in signed.headers {
            let Some((name, value)) = header_pair(name, value) else {
                return Err(Error::Config(ConfigError::new(format!(
                    "header {name:?} of action {action:?} is not a valid HTTP header"
                ))));
            };
            headers.append_parsed(name, value);
        }
        let mut url = String::with_capacity(self.inner.base_url.len() + signed.query.len());
        url.push_str(&self.inner.base_url);
        url.push_str(&signed.query);
        let limit = config.max_response_size();
        let request = HttpRequest {
            method: Method::Post,
            url,
            headers,
            body: signed.form.map(String::into_bytes).unwrap_or_default(),
            max_response_size: limit,
            direct: false,
        };
        // Read the clock only for a log that will be written.
        let attempt_started = tracing::enabled!(tracing::Level::DEBUG).then(Instant::now);
        let received = self
            .inner
            .transport
            .send(request)
            .await
            .and_then(|answer| check_answer(answer, limit))
            .map_err(|e| self.failure(e))?;
        let (status, headers, body) = (received.status, received.headers, received.body);
        span.record("http_status", status);
        tracing::debug!(
            attempt,
            http_status = status,
            body_bytes = body.len(),
            elapsed_ms = attempt_started.map_or(0, elapsed_ms),
            "response received"
        );
        let read = read_response(
            self.inner.product.api_name(),
            format,
            status,
            &headers,
            &body,
            &redactor,
            decode,
            // Only the span records a success's request id.
            !span.is_disabled(),
        );
        let request_id = match &read {
            Ok(id) => id.as_deref(),
            Err(e) => e.request_id(),
        };
        if let Some(id) = request_id {
            span.record("request_id", id);
        }
        if let Err(Error::Service(error)) = &read {
            tracing::debug!(
                attempt,
                http_status = status,
                code = error.code(),
                "service error"
            );
        }
        read.map(|_| ())
    }
}

impl Client {
    /// The call's error for a transport's: the API's name in its message,
    /// the configured limits.
    fn failure(&self, error: HttpError) -> Error {
        let api = self.inner.product.api_name();
        match error.kind() {
            HttpErrorKind::Connect => Error::Connect(TransportError::new(api, error)),
            HttpErrorKind::ConnectTimeout { limit } => Error::Timeout(TimeoutError::new(
                api,
                TimeoutKind::Connect,
                limit.unwrap_or(self.inner.config.connect_timeout()),
            )),
            HttpErrorKind::TooLarge {
                status,
                headers,
                content_length,
                received,
            } => Error::ResponseTooLarge(Box::new(ResponseTooLarge::new(
                api,
                *status,
                self.inner.config.max_response_size(),
                *content_length,
                *received,
                headers.get("x-acs-request-id").map(str::to_owned),
            ))),
            HttpErrorKind::Refused => Error::Config(ConfigError::new(error.to_string())),
            _ => Error::Transport(TransportError::new(api, error)),
        }
    }
}

/// A signed header as the HTTP client takes it, or `None` if it is not a
/// valid one. The signers' header names, and values fixed when the program
/// was built, are used in place, not copied.
fn header_pair(name: &'static str, value: Cow<'static, str>) -> Option<(HeaderName, HeaderValue)> {
    // The names the signers use, built when the program is compiled.
    static SIGNED: [HeaderName; 11] = [
        HeaderName::from_static("accept"),
        HeaderName::from_static("authorization"),
        HeaderName::from_static("content-type"),
        HeaderName::from_static("x-acs-accesskey-id"),
        HeaderName::from_static("x-acs-action"),
        HeaderName::from_static("x-acs-content-sha256"),
        HeaderName::from_static("x-acs-date"),
        HeaderName::from_static("x-acs-security-token"),
        HeaderName::from_static("x-acs-signature-nonce"),
        HeaderName::from_static("x-acs-version"),
        HeaderName::from_static("x-acs-retry-attempts"),
    ];
    let known = match name {
        "accept" => Some(0),
        "authorization" => Some(1),
        "content-type" => Some(2),
        "x-acs-accesskey-id" => Some(3),
        "x-acs-action" => Some(4),
        "x-acs-content-sha256" => Some(5),
        "x-acs-date" => Some(6),
        "x-acs-security-token" => Some(7),
        "x-acs-signature-nonce" => Some(8),
        "x-acs-version" => Some(9),
        "x-acs-retry-attempts" => Some(10),
        _ => None,
    };
    let name = match known {
        Some(index) => SIGNED[index].clone(),
        None => HeaderName::from_bytes(name.as_bytes()).ok()?,
    };
    let mut value = match value {
        // Checked once and not copied: static text is taken as it is.
        Cow::Borrowed(text) => {
            HeaderValue::from_maybe_shared(Bytes::from_static(text.as_bytes())).ok()?
        }
        Cow::Owned(text) => HeaderValue::try_from(text).ok()?,
    };
    // The signature and the token: never shown by `Debug`, never put in an
    // HTTP/2 header table.
    if matches!(known, Some(1 | 7)) {
        value.set_sensitive(true);
    }
    Some((name, value))
}

/// A product crate's own client type, which wraps a [`Client`]: how
/// generic code (such as `test_util::MockTransport::client`) builds one.
pub trait ProductClient: Sized {
    /// A client with this configuration.
    ///
    /// # Errors
    ///
    /// As for [`Client::for_product`].
    fn from_config(config: Config) -> Result<Self, Error>;
}

/// What is being called: the operation's constants, without its types.
#[derive(Debug, Clone, Copy)]
struct CallKind {
    action: &'static str,
    kind: OperationKind,
    submits_task: bool,
    transient_codes: &'static [&'static str],
}

/// What a call has done so far; it outlives the call's future, which the
/// total timeout may drop.
#[derive(Debug)]
struct Progress {
    action: &'static str,
    task_lookup: Option<&'static str>,
    kind: OperationKind,
    submits_task: bool,
    transient_codes: &'static [&'static str],
    attempts: u32,
    unknown_attempts: u32,
    in_flight: bool,
}

impl Progress {
    fn new(what: CallKind, task_lookup: Option<&'static str>) -> Self {
        Self {
            action: what.action,
            task_lookup,
            kind: what.kind,
            submits_task: what.submits_task,
            transient_codes: what.transient_codes,
            attempts: 0,
            unknown_attempts: 0,
            in_flight: false,
        }
    }

    /// The call's final error, with the client's account of the call.
    fn finish(&self, error: Error, stop: Stop) -> Error {
        error.with_note(CallNote {
            action: self.action,
            task_lookup: self.task_lookup,
            kind: self.kind,
            submits_task: self.submits_task,
            attempts: self.attempts,
            unknown_attempts: self.unknown_attempts,
            stop,
        })
    }
}

/// The `host` header for `endpoint` (`scheme://host[:port]`, as
/// [`Config`] normalises it): what the HTTP client derives from the URL, and
/// what signature V3 signs.
fn host(endpoint: &str) -> &str {
    endpoint
        .split_once("://")
        .map_or(endpoint, |(_, authority)| authority)
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ECS: Product = Product::new("Ecs", "2014-05-26", "ecs.aliyuncs.com")
        .with_regional_endpoints(&[("cn-hangzhou", "ecs.cn-hangzhou.aliyuncs.com")])
        .with_crate("alibabacloud-ecs", "1.2.3");

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn signed_header_names_map_to_themselves_and_secrets_are_sensitive() {
        for name in [
            "accept",
            "authorization",
            "content-type",
            "x-acs-accesskey-id",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-security-token",
            "x-acs-signature-nonce",
            "x-acs-version",
            "x-acs-retry-attempts",
            "x-other",
        ] {
            for value in [Cow::Borrowed("v 1"), Cow::Owned("v 1".to_owned())] {
                let (n, v) = header_pair(name, value).unwrap();
                assert_eq!((n.as_str(), v.to_str().unwrap()), (name, "v 1"));
                let secret = matches!(name, "authorization" | "x-acs-security-token");
                assert_eq!(v.is_sensitive(), secret, "{name}");
            }
        }
        assert!(header_pair("x-acs-date", Cow::Borrowed("line\nbreak")).is_none());
        assert!(header_pair("x-acs-date", Cow::Owned("line\nbreak".into())).is_none());
        assert!(header_pair("bad name", Cow::Borrowed("v")).is_none());
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        assert_send_sync::<Client>();
        let c = Client::for_product(&ECS, Config::builder().build().unwrap()).unwrap();
        let d = c
            .with_retry_config(RetryConfig::disabled())
            .with_attempt_timeout(Duration::from_secs(1))
            .with_total_timeout(Duration::from_secs(2));
        assert!(Arc::ptr_eq(&c.inner, &d.inner));
        assert_eq!(c.retry_config().max_attempts(), 3);
        assert_eq!(d.retry_config().max_attempts(), 1);
        assert_eq!(
            (c.attempt_timeout(), c.total_timeout()),
            (super::super::config::DEFAULT_ATTEMPT_TIMEOUT, None)
        );
        assert_eq!(
            (d.attempt_timeout(), d.total_timeout()),
            (Duration::from_secs(1), Some(Duration::from_secs(2)))
        );
    }

    #[test]
    fn the_endpoint_is_the_explicit_one_else_the_products_for_the_region() {
        let endpoint = |builder: super::super::config::ConfigBuilder| {
            Client::for_product(&ECS, builder.build().unwrap())
                .unwrap()
                .endpoint()
                .to_owned()
        };
        assert_eq!(endpoint(Config::builder()), "https://ecs.aliyuncs.com");
        assert_eq!(
            endpoint(Config::builder().region("cn-hangzhou")),
            "https://ecs.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            endpoint(Config::builder().region("eu-central-1")),
            "https://ecs.aliyuncs.com"
        );
        assert_eq!(
            endpoint(
                Config::builder()
                    .region("cn-hangzhou")
                    .endpoint("http://127.0.0.1:8080/")
            ),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn the_user_agent_names_the_products_crate_and_the_app() {
        let c = Client::for_product(
            &ECS,
            Config::builder().app_name("my-app/1.0").build().unwrap(),
        )
        .unwrap();
        assert!(c.user_agent().starts_with("alibabacloud-ecs/1.2.3 (rust; "));
        assert!(c.user_agent().ends_with(") my-app/1.0"));
    }

    /// A read-only operation that reads its answer as plain JSON.
    struct DescribeRegions;

    impl Operation for DescribeRegions {
        const ACTION: &'static str = "DescribeRegions";
        const KIND: OperationKind = OperationKind::ReadOnly;
        type Output = serde_json::Value;
        fn write_params(&self, _: &mut Params) {}
    }

    #[tokio::test]
    async fn a_back_off_that_would_outlast_the_total_timeout_ends_the_call_with_its_cause() {
        use crate::test_util::{MockResponse, MockTransport};

        let transport: MockTransport = MockTransport::new()
            .reply::<DescribeRegions>(
                MockResponse::error(400, "Throttling.User", "slow down")
                    .header("x-acs-retry-after", "30000"),
            )
            .reply::<DescribeRegions>(serde_json::json!({"RequestId": "R-2"}));
        // The service asks for 30 s; the retry policy would wait that long,
        // but the call has 200 ms in all.
        let retry = RetryConfig::standard().with_max_backoff(Duration::from_secs(60));
        let config = transport
            .config_builder()
            .retry_config(retry)
            .total_timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let client = Client::for_product(&ECS, config).unwrap();
        let err = client.send(&DescribeRegions).await.unwrap_err();
        // The throttling answer itself, not a bare total timeout after
        // sleeping into the limit.
        assert!(err.is_throttling(), "{err:?}");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
        assert_eq!(err.attempts(), Some(1));
        assert!(
            err.to_string().ends_with(
                "; not retried after 1 attempt: the next one would not fit in the total timeout"
            ),
            "{err}"
        );
        assert_eq!(transport.request_count(), 1);
        assert_eq!(transport.pending_replies(), ["DescribeRegions"]);

        // With a total timeout the wait fits in, the same answer is retried.
        let transport: MockTransport = MockTransport::new()
            .reply::<DescribeRegions>(
                MockResponse::error(400, "Throttling.User", "slow down")
                    .header("x-acs-retry-after", "1"),
            )
            .reply::<DescribeRegions>(serde_json::json!({"RequestId": "R-2"}));
        let config = transport
            .config_builder()
            .retry_config(retry)
            .total_timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let out = Client::for_product(&ECS, config)
            .unwrap()
            .send(&DescribeRegions)
            .await
            .unwrap();
        assert_eq!(out["RequestId"], "R-2");
        assert_eq!(transport.request_count(), 2);
    }

    #[test]
    fn host_is_the_endpoint_authority() {
        assert_eq!(host("https://ecs.aliyuncs.com"), "ecs.aliyuncs.com");
        assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host("http://[::1]:8080"), "[::1]:8080");
        let config = Config::builder()
            .endpoint("https://Ecs.Aliyuncs.com:443/")
            .build()
            .unwrap();
        let client = Client::for_product(&ECS, config).unwrap();
        assert_eq!(host(client.endpoint()), "ecs.aliyuncs.com");
    }
}
