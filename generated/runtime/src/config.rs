//! Client configuration: endpoint, credentials, timeouts, retries, format.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{Credentials, DefaultCredentialsChain, ProvideCredentials};
use crate::error::ConfigError;
use crate::http::HttpSettings;
use crate::pem::parse_pem_certificates;
use crate::proxy::{hide_user_info, parse_proxy};
use crate::retry::{RetryBudget, RetryConfig};
pub use crate::transport::DEFAULT_MAX_RESPONSE_SIZE;
use crate::transport::{SharedTransport, Transport};

/// The default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default time allowed for one attempt (sending the request and reading
/// the whole response).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment variable [`ConfigBuilder::from_env`] reads the region from.
pub const REGION_ENV_VAR: &str = "ALIBABA_CLOUD_REGION_ID";

/// The format the service is asked to answer in (the `Format` parameter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseFormat {
    /// `Format=JSON` (the default).
    #[default]
    Json,
    /// `Format=XML`.
    Xml,
}

impl ResponseFormat {
    /// The value of the `Format` parameter.
    pub const fn as_param(self) -> &'static str {
        match self {
            ResponseFormat::Json => "JSON",
            ResponseFormat::Xml => "XML",
        }
    }
}

/// How requests are signed; set with
/// [`ConfigBuilder::signature_version`].
///
/// Alibaba Cloud's RPC APIs accept both. V3 is the default, as in Alibaba's
/// official SDKs: it keeps the signature and the STS security token out of
/// the URL (which proxies, load balancers and access logs record), uses
/// SHA-256 instead of SHA-1, and signs a hash of the body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// Signature V1 (`HMAC-SHA1`): the common parameters (`AccessKeyId`,
    /// `SignatureNonce`, `Timestamp`, `SecurityToken`, …) and the
    /// `Signature` travel in the query string. The method most API
    /// references document.
    V1,
    /// Signature V3 (`ACS3-HMAC-SHA256`): the query holds only the
    /// operation's parameters and `Format`; the action, version, date,
    /// nonce, body hash, security token and the `Authorization` header with
    /// the signature travel in headers.
    #[default]
    V3,
}

/// A validated client configuration; build one with [`Config::builder`].
///
/// The configuration names no product: the client built from it picks the
/// product's endpoint for the region (unless an endpoint is given) and
/// names the product's crate in the `User-Agent`.
///
/// ```
/// use std::time::Duration;
/// use alibabacloud_runtime::{Config, Credentials, RetryConfig};
///
/// let config = Config::builder()
///     .region("ap-southeast-1")
///     .credentials(Credentials::new("my-access-key-id", "my-access-key-secret"))
///     .attempt_timeout(Duration::from_secs(5))
///     .retry_config(RetryConfig::standard().with_max_attempts(2))
///     .build()?;
/// assert_eq!(config.region(), Some("ap-southeast-1"));
/// assert_eq!(config.endpoint(), None);
/// # Ok::<(), alibabacloud_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct Config {
    endpoint: Option<String>,
    region: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Option<Duration>,
    format: ResponseFormat,
    retry: RetryConfig,
    retry_budget: RetryBudget,
    app_name: Option<String>,
    signature_version: SignatureVersion,
    http: HttpSettings,
    max_response_size: u64,
    transport: Option<SharedTransport>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider's Debug redacts secrets by contract.
        f.debug_struct("Config")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("format", &self.format)
            .field("retry", &self.retry)
            .field("retry_budget", &self.retry_budget)
            .field("app_name", &self.app_name)
            .field("signature_version", &self.signature_version)
            .field("http", &self.http)
            .field("max_response_size", &self.max_response_size)
            .field("transport", &self.transport)
            .finish()
    }
}

impl Config {
    /// A builder with the defaults: the product's endpoint for the region
    /// over HTTPS, credentials from [`DefaultCredentialsChain`], JSON responses,
    /// 5 s connect and 10 s per-attempt timeouts, no total timeout,
    /// [`RetryConfig::standard`], and signature V3.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The explicit endpoint, as a base URL (`https://ecs.aliyuncs.com`),
    /// when one was given; otherwise the client picks the product's
    /// endpoint for the region (see [`Client::endpoint`](crate::Client::endpoint)).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.credentials
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The time allowed for one attempt.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// The time allowed for a whole call, retries included, if limited.
    pub fn total_timeout(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// The response format requested.
    pub fn response_format(&self) -> ResponseFormat {
        self.format
    }

    /// The retry policy.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The retry budget each client built from this configuration starts
    /// with.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.retry_budget
    }

    /// The application name appended to the `User-Agent` header, if any.
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
    }

    /// How requests are signed.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size
    }

    /// The transport given with [`ConfigBuilder::transport`], if any.
    pub fn transport(&self) -> Option<&SharedTransport> {
        self.transport.as_ref()
    }

    /// What the default transport is built from.
    pub(crate) fn http_settings(&self) -> &HttpSettings {
        &self.http
    }
}

/// Builds a [`Config`]; every setting is optional.
#[derive(Default, Clone)]
#[must_use]
pub struct ConfigBuilder {
    endpoint: Option<String>,
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    format: ResponseFormat,
    retry: Option<RetryConfig>,
    retry_budget: Option<RetryBudget>,
    app_name: Option<String>,
    signature_version: SignatureVersion,
    proxy: Option<String>,
    proxy_credentials: Option<(String, String)>,
    no_proxy: Option<Vec<String>>,
    proxy_from_env: Option<bool>,
    root_certificates: Vec<Vec<u8>>,
    http_client: Option<reqwest::Client>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: Option<usize>,
    max_response_size: Option<u64>,
    transport: Option<SharedTransport>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("format", &self.format)
            .field("retry", &self.retry)
            .field("retry_budget", &self.retry_budget)
            .field("app_name", &self.app_name)
            .field("signature_version", &self.signature_version)
            .field("proxy", &self.proxy.as_deref().map(hide_user_info))
            .field(
                "proxy_credentials",
                &self
                    .proxy_credentials
                    .as_ref()
                    .map(|(user, _)| (user, "<redacted>")),
            )
            .field("no_proxy", &self.no_proxy)
            .field("proxy_from_env", &self.proxy_from_env)
            .field("root_certificates", &self.root_certificates.len())
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_response_size", &self.max_response_size)
            .field("transport", &self.transport)
            .finish()
    }
}

impl ConfigBuilder {
    /// A builder whose region is taken from `ALIBABA_CLOUD_REGION_ID` when
    /// that variable is set and not empty.
    pub fn from_env() -> Self {
        let builder = Self::default();
        match std::env::var(REGION_ENV_VAR) {
            Ok(region) if !region.trim().is_empty() => builder.region(region.trim()),
            _ => builder,
        }
    }

    /// The region, used to pick the product's endpoint (its regional
    /// endpoint for the region if it has one, else its default endpoint).
    /// An explicit [`endpoint`](Self::endpoint) wins.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint: a host (`ecs.aliyuncs.com`, HTTPS is used),
    /// or a base URL with a scheme (`https://ecs.cn-hangzhou.aliyuncs.com`,
    /// `http://127.0.0.1:8080` for a local test server). It must name a host
    /// and have no path other than `/`, no query and no user info.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Signs with these static credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Signs with credentials from `provider`, asked before every attempt.
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The time allowed to establish a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed for one attempt, from sending the request to reading
    /// the whole response (default 10 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The time allowed for a whole call, all attempts and back-off included
    /// (default: no limit beyond attempts × per-attempt timeout + back-off).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The format the service answers in (default [`ResponseFormat::Json`]).
    pub fn response_format(mut self, format: ResponseFormat) -> Self {
        self.format = format;
        self
    }

    /// The retry policy (default [`RetryConfig::standard`]: 3 attempts).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The client's retry budget (default [`RetryBudget::standard`]: 500
    /// tokens, 5 per retry); every [`Client`](crate::Client) built from the
    /// configuration has its own bucket, shared by its clones.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.retry_budget = Some(budget);
        self
    }

    /// How requests are signed (default [`SignatureVersion::V3`], as in
    /// Alibaba's official SDKs; [`SignatureVersion::V1`] is the method most
    /// API references document).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// A name for your application, appended to the `User-Agent` header
    /// (visible ASCII, no spaces at the ends).
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// Sends every request through this HTTP proxy (`http://` or
    /// `https://`; a bare `host:port` means `http://`), e.g.
    /// `http://proxy.corp.example:3128`. User and password may be given in
    /// the URL (`http://user:pass@proxy:3128`, percent-encoded) or with
    /// [`proxy_credentials`](Self::proxy_credentials). HTTPS hosts are
    /// reached through a `CONNECT` tunnel, so the proxy never sees the
    /// request. An explicit proxy replaces the proxy environment variables.
    ///
    /// The proxy serves the credential providers' requests as well (STS,
    /// a credentials URI), except those to the ECS metadata service, which
    /// go straight to it: it only answers on the instance itself, and a
    /// proxy elsewhere would ask its own instance, or nothing.
    ///
    /// Without this setting the proxy comes from the environment; see
    /// [`proxy_from_env`](Self::proxy_from_env).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// The user and password the [`proxy`](Self::proxy) requires (sent as
    /// `Proxy-Authorization: Basic …`); they win over credentials in the
    /// proxy URL. Neither appears in `Debug` output or errors.
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.proxy_credentials = Some((user.into(), password.into()));
        self
    }

    /// Hosts reached directly, never through a proxy: host names (which
    /// also match the names under them; a leading `.` is allowed), IP addresses,
    /// CIDR ranges (`10.0.0.0/8`), or `*` for every host. Applies to an
    /// explicit [`proxy`](Self::proxy) and to one from the environment
    /// (where `NO_PROXY` is honoured as well).
    pub fn no_proxy<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.no_proxy = Some(hosts.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the proxy environment variables are honoured when no
    /// [`proxy`](Self::proxy) is set (default `true`): `HTTPS_PROXY` /
    /// `https_proxy` for an HTTPS URL, `HTTP_PROXY` / `http_proxy` for an
    /// HTTP one (`HTTP_PROXY` is ignored when `REQUEST_METHOD` is set, as in
    /// a CGI program), else `ALL_PROXY` / `all_proxy`; hosts in `NO_PROXY` /
    /// `no_proxy` are reached directly. A loopback host (a local test
    /// server) never uses these variables, nor does the ECS metadata
    /// service. The variables are read when the
    /// [`Client`](crate::Client) is created.
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.proxy_from_env = Some(enabled);
        self
    }

    /// Trusts the certificates in this PEM text (one or more
    /// `-----BEGIN CERTIFICATE-----` blocks) as root certificates, besides
    /// the built-in public roots: for a corporate TLS-inspecting proxy or a
    /// private endpoint. May be called several times.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let pem = std::fs::read("/etc/ssl/corp-root-ca.pem")?;
    /// let config = alibabacloud_runtime::Config::builder()
    ///     .add_root_certificate(pem)
    ///     .build()?;
    /// # let _ = config;
    /// # Ok(()) }
    /// ```
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Sends requests with this `reqwest` 0.12 client instead of one built
    /// from the settings, to share a connection pool with the rest of a
    /// program or to use settings this builder lacks. The client is used as
    /// it is: set its proxy, root certificates, connect timeout, pool and
    /// redirect policy (none is best: the API never redirects) on its
    /// `reqwest::ClientBuilder`. It serves the credential providers' requests
    /// too, the ECS metadata service's included: give it a proxy setting
    /// that leaves `100.100.100.200` out. Combining it here with
    /// [`proxy`](Self::proxy), [`no_proxy`](Self::no_proxy),
    /// [`proxy_from_env`](Self::proxy_from_env),
    /// [`add_root_certificate`](Self::add_root_certificate),
    /// [`connect_timeout`](Self::connect_timeout) or a pool setting is an
    /// error, because they would be silently ignored. Attempt and total
    /// timeouts, retries and the response size limit still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How long an idle pooled connection is kept open (default 90 s, as
    /// `reqwest`); must be longer than zero.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = Some(timeout);
        self
    }

    /// How many idle connections to the endpoint are kept open for reuse
    /// (default: no limit); must be at least 1.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = Some(max);
        self
    }

    /// The largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB). A response that declares a
    /// larger `Content-Length` is refused before its body is read; one
    /// without a length is read up to the limit and then abandoned. Either
    /// way the call fails with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Sends every request (API calls, and the requests credential
    /// providers make for this client) through `transport` instead of the
    /// HTTP client this crate builds: a `test_util::MockTransport`
    /// in tests, or an HTTP stack of your own. The transport settings of
    /// this builder (proxy, root certificates, connect timeout, pool,
    /// `http_client`) configure the built-in client and cannot be combined
    /// with it; attempt and total timeouts, retries and the response size
    /// limit still apply.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(std::sync::Arc::new(transport));
        self
    }

    /// Checks the settings and builds the configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) when the endpoint is not a
    /// usable base URL, the region is empty, a timeout is zero, the retry
    /// policy allows no attempt, the retry budget cannot pay for one retry,
    /// the application name cannot go in a header, or a transport setting
    /// is invalid (a proxy URL without a host, PEM text without a
    /// certificate, a zero pool size or response limit, `http_client` or
    /// `transport` combined with settings they would ignore); the message
    /// names the setting.
    pub fn build(self) -> Result<Config, ConfigError> {
        if let Some(region) = &self.region {
            if region.trim().is_empty() || region.chars().any(char::is_whitespace) {
                return Err(ConfigError::new(format!(
                    "region {region:?} is empty or contains spaces"
                )));
            }
        }
        let endpoint = match &self.endpoint {
            Some(endpoint) => Some(parse_endpoint(endpoint)?),
            None => None,
        };
        let (http, max_response_size) = self.transport_settings()?;
        let connect_timeout = non_zero(
            "connect_timeout",
            self.connect_timeout,
            DEFAULT_CONNECT_TIMEOUT,
        )?;
        let attempt_timeout = non_zero(
            "attempt_timeout",
            self.attempt_timeout,
            DEFAULT_ATTEMPT_TIMEOUT,
        )?;
        if let Some(total) = self.total_timeout {
            non_zero("total_timeout", Some(total), total)?;
        }
        let retry = self.retry.unwrap_or_default();
        retry.validate()?;
        let retry_budget = self.retry_budget.unwrap_or_default();
        retry_budget.validate()?;
        if let Some(app) = &self.app_name {
            let valid = !app.is_empty()
                && app.trim() == app
                && app.bytes().all(|b| (0x20..0x7f).contains(&b));
            if !valid {
                return Err(ConfigError::new(format!(
                    "app name {app:?} must be non-empty visible ASCII without surrounding spaces"
                )));
            }
        }
        Ok(Config {
            endpoint,
            region: self.region,
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new())),
            connect_timeout,
            attempt_timeout,
            total_timeout: self.total_timeout,
            format: self.format,
            retry,
            retry_budget,
            app_name: self.app_name,
            signature_version: self.signature_version,
            http: HttpSettings {
                connect_timeout,
                ..http
            },
            max_response_size,
            transport: self.transport,
        })
    }

    /// Checks the transport settings.
    fn transport_settings(&self) -> Result<(HttpSettings, u64), ConfigError> {
        let custom = [
            ("http_client", self.http_client.is_some()),
            ("transport", self.transport.is_some()),
        ];
        for (name, given) in custom {
            if !given {
                continue;
            }
            let conflicts: Vec<&str> = [
                ("proxy", self.proxy.is_some()),
                ("proxy_credentials", self.proxy_credentials.is_some()),
                ("no_proxy", self.no_proxy.is_some()),
                ("proxy_from_env", self.proxy_from_env.is_some()),
                ("add_root_certificate", !self.root_certificates.is_empty()),
                ("connect_timeout", self.connect_timeout.is_some()),
                ("pool_idle_timeout", self.pool_idle_timeout.is_some()),
                (
                    "pool_max_idle_per_host",
                    self.pool_max_idle_per_host.is_some(),
                ),
                (
                    "http_client",
                    name == "transport" && self.http_client.is_some(),
                ),
            ]
            .into_iter()
            .filter_map(|(setting, set)| set.then_some(setting))
            .collect();
            if !conflicts.is_empty() {
                let instead = if name == "http_client" {
                    "set them on your reqwest::ClientBuilder instead"
                } else {
                    "set them on your transport instead"
                };
                return Err(ConfigError::new(format!(
                    "{name} was given together with {}: those settings configure the HTTP \
                     client this crate builds and would be ignored; {instead}",
                    conflicts.join(", ")
                )));
            }
        }
        let proxy =
            match &self.proxy {
                Some(raw) => Some(
                    parse_proxy("proxy", raw, self.proxy_credentials.clone())
                        .map_err(ConfigError::new)?,
                ),
                None if self.proxy_credentials.is_some() => return Err(ConfigError::new(
                    "proxy_credentials was given without a proxy; set the proxy URL with proxy(..)",
                )),
                None => None,
            };
        let no_proxy = self.no_proxy.clone().unwrap_or_default();
        for host in &no_proxy {
            let host = host.trim();
            if host.is_empty() || host.contains(',') || host.chars().any(char::is_whitespace) {
                return Err(ConfigError::new(format!(
                    "no_proxy entry {host:?} must be one host name, IP address, CIDR range or `*`"
                )));
            }
        }
        let mut root_certificates = Vec::new();
        for (index, pem) in self.root_certificates.iter().enumerate() {
            let certs = parse_pem_certificates(pem).map_err(|why| {
                ConfigError::new(format!(
                    "add_root_certificate (call {}): the PEM text {why}",
                    index + 1
                ))
            })?;
            root_certificates.extend(certs);
        }
        if self.pool_idle_timeout.is_some_and(|d| d.is_zero()) {
            return Err(ConfigError::new(
                "pool_idle_timeout must be longer than zero",
            ));
        }
        if self.pool_max_idle_per_host == Some(0) {
            return Err(ConfigError::new(
                "pool_max_idle_per_host must be at least 1 (connections could never be reused)",
            ));
        }
        let max_response_size = self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        if max_response_size == 0 {
            return Err(ConfigError::new(
                "max_response_size must be at least 1 byte",
            ));
        }
        let http = HttpSettings {
            proxy,
            no_proxy,
            proxy_from_env: self.proxy_from_env.unwrap_or(true),
            root_certificates,
            pool_idle_timeout: self.pool_idle_timeout,
            pool_max_idle_per_host: self.pool_max_idle_per_host,
            http_client: self.http_client.clone(),
            ..HttpSettings::new(DEFAULT_CONNECT_TIMEOUT)
        };
        Ok((http, max_response_size))
    }
}

fn non_zero(
    name: &str,
    value: Option<Duration>,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match value {
        Some(d) if d.is_zero() => Err(ConfigError::new(format!("{name} must be longer than zero"))),
        Some(d) => Ok(d),
        None => Ok(default),
    }
}

/// Normalises an endpoint into `scheme://host[:port]`.
fn parse_endpoint(raw: &str) -> Result<String, ConfigError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ConfigError::new("endpoint is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let bad = |why: &str| ConfigError::new(format!("endpoint {raw:?} {why}"));
    let url =
        reqwest::Url::parse(&with_scheme).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(bad("must use http or https"));
    }
    let host = match url.host_str() {
        Some(host) if !host.is_empty() => host,
        _ => return Err(bad("has no host")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain user info"));
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(bad("must not have a path (requests always go to /)"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_endpoints() {
        let ep = |e: &str| {
            Config::builder()
                .region("ap-southeast-1")
                .endpoint(e)
                .build()
                .map(|c| c.endpoint().map(str::to_owned))
        };
        assert_eq!(Config::builder().build().unwrap().endpoint(), None);
        assert_eq!(
            ep("ecs.aliyuncs.com").unwrap().as_deref(),
            Some("https://ecs.aliyuncs.com")
        );
        assert_eq!(
            ep("http://127.0.0.1:8080/").unwrap().as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            ep("https://example.com:443").unwrap().as_deref(),
            Some("https://example.com")
        );
        for bad in [
            "",
            "http://",
            "ftp://x.com",
            "https://x.com/path",
            "https://x.com/?a=1",
            "https://u:p@x.com",
            "http://:80",
        ] {
            assert!(ep(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn invalid_settings_are_errors_not_panics() {
        assert!(Config::builder()
            .connect_timeout(Duration::ZERO)
            .build()
            .is_err());
        assert!(Config::builder()
            .attempt_timeout(Duration::ZERO)
            .build()
            .is_err());
        assert!(Config::builder()
            .total_timeout(Duration::ZERO)
            .build()
            .is_err());
        assert!(Config::builder()
            .retry_config(RetryConfig::standard().with_max_attempts(0))
            .build()
            .is_err());
        assert!(Config::builder().region(" ").build().is_err());
        assert!(Config::builder().app_name("bad\nname").build().is_err());
    }

    #[test]
    fn the_app_name_is_kept() {
        let c = Config::builder().app_name("my-app/1.0").build().unwrap();
        assert_eq!(c.app_name(), Some("my-app/1.0"));
        assert_eq!(Config::builder().build().unwrap().app_name(), None);
    }

    #[test]
    fn signature_v3_is_the_default_and_v1_can_be_chosen() {
        let c = Config::builder().build().unwrap();
        assert_eq!(c.signature_version(), SignatureVersion::V3);
        let c = Config::builder()
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap();
        assert_eq!(c.signature_version(), SignatureVersion::V1);
        assert!(format!("{c:?}").contains("signature_version: V1"));
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let c = Config::builder()
            .credentials(Credentials::new("id", "very-secret-value"))
            .build()
            .unwrap();
        assert!(!format!("{c:?}").contains("very-secret-value"));
    }
}
