//! Transport settings (proxy, private root certificates, a shared HTTP
//! client, connection pool, response size limit) and the sending half of an
//! attempt: one signed request out, one bounded response in.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use super::config::ConfigBuilder;
use super::error::{
    ConfigError, Error, ResponseTooLarge, TimeoutError, TimeoutKind, TransportError,
};

/// The default [`max_response_size`](ConfigBuilder::max_response_size):
/// 16 MiB. The largest real answers are pages of 1000 items (a
/// list of 1000 items in XML is about 2 MB), so this leaves ample room
/// while a misbehaving endpoint cannot make a call buffer gigabytes.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 16 * 1024 * 1024;

/// The transport settings as given to the builder, checked by
/// [`TransportBuilder::build`].
#[derive(Clone, Default)]
pub(crate) struct TransportBuilder {
    proxy: Option<String>,
    proxy_credentials: Option<(String, String)>,
    no_proxy: Option<Vec<String>>,
    proxy_from_env: Option<bool>,
    root_certificates: Vec<Vec<u8>>,
    http_client: Option<reqwest::Client>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: Option<usize>,
    max_response_size: Option<u64>,
    #[cfg(feature = "test-util")]
    mock: Option<crate::test_util::Mock>,
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TransportBuilder");
        d.field("proxy", &self.proxy.as_deref().map(hide_user_info))
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
            .field("max_response_size", &self.max_response_size);
        #[cfg(feature = "test-util")]
        d.field("mock", &self.mock.is_some());
        d.finish()
    }
}

/// A proxy with its credentials taken out of the URL.
#[derive(Clone)]
pub(crate) struct ProxySettings {
    url: reqwest::Url,
    credentials: Option<(String, String)>,
}

impl fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("url", &self.url.as_str())
            .field(
                "credentials",
                &self
                    .credentials
                    .as_ref()
                    .map(|(user, _)| (user, "<redacted>")),
            )
            .finish()
    }
}

/// Validated transport settings, part of [`Config`](super::Config).
#[derive(Clone)]
pub(crate) struct TransportSettings {
    proxy: Option<ProxySettings>,
    no_proxy: Vec<String>,
    proxy_from_env: bool,
    root_certificates: Vec<Vec<u8>>,
    http_client: Option<reqwest::Client>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: Option<usize>,
    pub(crate) max_response_size: u64,
    #[cfg(feature = "test-util")]
    pub(crate) mock: Option<crate::test_util::Mock>,
}

impl fmt::Debug for TransportSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Transport");
        d.field("proxy", &self.proxy)
            .field("no_proxy", &self.no_proxy)
            .field("proxy_from_env", &self.proxy_from_env)
            .field("root_certificates", &self.root_certificates.len())
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_response_size", &self.max_response_size);
        #[cfg(feature = "test-util")]
        d.field("mock", &self.mock.is_some());
        d.finish()
    }
}

impl ConfigBuilder {
    /// Sends every request through this HTTP proxy (`http://` or
    /// `https://`; a bare `host:port` means `http://`), e.g.
    /// `http://proxy.corp.example:3128`. User and password may be given in
    /// the URL (`http://user:pass@proxy:3128`, percent-encoded) or with
    /// [`proxy_credentials`](Self::proxy_credentials). HTTPS endpoints are
    /// reached through a `CONNECT` tunnel, so the proxy never sees the
    /// request. An explicit proxy replaces the proxy environment variables.
    ///
    /// Without this setting the proxy comes from the environment; see
    /// [`proxy_from_env`](Self::proxy_from_env).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.transport.proxy = Some(url.into());
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
        self.transport.proxy_credentials = Some((user.into(), password.into()));
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
        self.transport.no_proxy = Some(hosts.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the proxy environment variables are honoured when no
    /// [`proxy`](Self::proxy) is set (default `true`): `HTTPS_PROXY` /
    /// `https_proxy` for an HTTPS endpoint, `HTTP_PROXY` / `http_proxy` for
    /// an HTTP one (`HTTP_PROXY` is ignored when `REQUEST_METHOD` is set, as
    /// in a CGI program), else `ALL_PROXY` / `all_proxy`; hosts in
    /// `NO_PROXY` / `no_proxy` are reached directly. An endpoint on a
    /// loopback address (a local test server) never uses these variables.
    /// The variables are read when the [`Client`](crate::Client) is created.
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.transport.proxy_from_env = Some(enabled);
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
        self.transport.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Sends requests with this `reqwest` 0.12 client instead of one built
    /// from the settings, to share a connection pool with the rest of a
    /// program or to use settings this builder lacks. The client is used as
    /// it is: set its proxy, root certificates, connect timeout, pool and
    /// redirect policy (none is best: the API never redirects) on its
    /// `reqwest::ClientBuilder`. Combining it here with
    /// [`proxy`](Self::proxy), [`no_proxy`](Self::no_proxy),
    /// [`proxy_from_env`](Self::proxy_from_env),
    /// [`add_root_certificate`](Self::add_root_certificate),
    /// [`connect_timeout`](Self::connect_timeout) or a pool setting is an
    /// error, because they would be silently ignored. Attempt and total
    /// timeouts, retries and the response size limit still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport.http_client = Some(client);
        self
    }

    /// How long an idle pooled connection is kept open (default 90 s, as
    /// `reqwest`); must be longer than zero.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.transport.pool_idle_timeout = Some(timeout);
        self
    }

    /// How many idle connections to the endpoint are kept open for reuse
    /// (default: no limit); must be at least 1.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.transport.pool_max_idle_per_host = Some(max);
        self
    }

    /// The largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB). A response that declares a
    /// larger `Content-Length` is refused before its body is read; one
    /// without a length is read up to the limit and then abandoned. Either
    /// way the call fails with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.transport.max_response_size = Some(bytes);
        self
    }

    #[cfg(feature = "test-util")]
    pub(crate) fn set_mock_transport(mut self, mock: crate::test_util::Mock) -> Self {
        self.transport.mock = Some(mock);
        self
    }
}

impl TransportBuilder {
    /// Checks the settings; `connect_timeout_set` tells whether the
    /// connect timeout was given explicitly (it cannot be applied to a
    /// custom HTTP client).
    pub(crate) fn build(self, connect_timeout_set: bool) -> Result<TransportSettings, ConfigError> {
        if self.http_client.is_some() {
            let conflicts: Vec<&str> = [
                ("proxy", self.proxy.is_some()),
                ("proxy_credentials", self.proxy_credentials.is_some()),
                ("no_proxy", self.no_proxy.is_some()),
                ("proxy_from_env", self.proxy_from_env.is_some()),
                ("add_root_certificate", !self.root_certificates.is_empty()),
                ("connect_timeout", connect_timeout_set),
                ("pool_idle_timeout", self.pool_idle_timeout.is_some()),
                (
                    "pool_max_idle_per_host",
                    self.pool_max_idle_per_host.is_some(),
                ),
            ]
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect();
            if !conflicts.is_empty() {
                return Err(ConfigError::new(format!(
                    "http_client was given together with {}: those settings configure the HTTP \
                     client this crate builds and would be ignored; set them on your \
                     reqwest::ClientBuilder instead",
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
        let no_proxy = self.no_proxy.unwrap_or_default();
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
        Ok(TransportSettings {
            proxy,
            no_proxy,
            proxy_from_env: self.proxy_from_env.unwrap_or(true),
            root_certificates,
            http_client: self.http_client,
            pool_idle_timeout: self.pool_idle_timeout,
            pool_max_idle_per_host: self.pool_max_idle_per_host,
            max_response_size,
            #[cfg(feature = "test-util")]
            mock: self.mock,
        })
    }
}

/// `raw` with any user info between the scheme and the host replaced, so
/// that a proxy password never reaches an error or a log.
fn hide_user_info(raw: &str) -> String {
    let (scheme, rest) = match raw.find("://") {
        Some(i) => raw.split_at(i + 3),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}<redacted>@{}", &rest[at + 1..]),
        None => raw.to_owned(),
    }
}

/// Parses a proxy URL; user info moves into the credentials unless
/// `credentials` are given.
fn parse_proxy(
    setting: &str,
    raw: &str,
    credentials: Option<(String, String)>,
) -> Result<ProxySettings, String> {
    let shown = hide_user_info(raw.trim());
    let bad = |why: &str| format!("{setting} URL {shown:?} {why}");
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(bad("is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    };
    let authority = with_scheme
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let host_part = authority.rsplit('@').next().unwrap_or_default();
    if host_part.is_empty() || host_part.starts_with(':') {
        return Err(bad("has no host"));
    }
    let mut url =
        reqwest::Url::parse(&with_scheme).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    match url.scheme() {
        "http" | "https" => {}
        scheme if scheme.starts_with("socks") => {
            return Err(bad(
                "is a SOCKS proxy, which is not supported; use an HTTP proxy",
            ))
        }
        _ => return Err(bad("must start with http:// or https://")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a path, query or fragment"));
    }
    let from_url = if url.username().is_empty() && url.password().is_none() {
        None
    } else {
        let decode = |s: &str| {
            percent_decode(s)
                .ok_or_else(|| bad("has user info that is not valid percent-encoded UTF-8"))
        };
        Some((
            decode(url.username())?,
            decode(url.password().unwrap_or_default())?,
        ))
    };
    // Cannot fail for http(s) URLs with a host.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(ProxySettings {
        url,
        credentials: credentials.or(from_url),
    })
}

/// Decodes `%XX` escapes; `None` for a broken escape or invalid UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The DER certificates in a PEM text; `Err` says what is wrong with it.
fn parse_pem_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    use base64::Engine as _;
    let text = std::str::from_utf8(pem)
        .map_err(|_| "is not text (not UTF-8); DER files must be converted to PEM".to_owned())?;
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after
            .find("-----")
            .ok_or_else(|| "has a BEGIN line without its closing dashes".to_owned())?;
        let label = &after[..label_end];
        let body = &after[label_end + 5..];
        let end_line = format!("-----END {label}-----");
        let body_end = body
            .find(&end_line)
            .ok_or_else(|| format!("has no `{end_line}` line"))?;
        if label == "CERTIFICATE" {
            let number = certificates.len() + 1;
            let base64: String = body[..body_end]
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(base64.as_bytes())
                .map_err(|e| {
                    format!("has a certificate ({number}) that is not valid Base64: {e}")
                })?;
            check_certificate_der(&der).map_err(|why| {
                format!("has a certificate ({number}) that is not a DER X.509 certificate: {why}")
            })?;
            certificates.push(der);
        }
        rest = &body[body_end + end_line.len()..];
    }
    if certificates.is_empty() {
        return Err("contains no `-----BEGIN CERTIFICATE-----` block".to_owned());
    }
    Ok(certificates)
}

/// A structural check of a DER certificate: an outer SEQUENCE spanning
/// the whole input whose first element (the TBS certificate) is a SEQUENCE.
/// rustls checks the rest when the client is built.
fn check_certificate_der(der: &[u8]) -> Result<(), &'static str> {
    fn header(input: &[u8]) -> Result<(usize, usize), &'static str> {
        // (header length, content length) of a SEQUENCE.
        match input {
            [0x30, len, ..] if *len < 0x80 => Ok((2, usize::from(*len))),
            [0x30, len, rest @ ..] if (0x81..=0x84).contains(len) => {
                let n = usize::from(len - 0x80);
                let bytes = rest.get(..n).ok_or("truncated length")?;
                let content = bytes
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                Ok((2 + n, content))
            }
            [0x30, ..] => Err("unsupported length encoding"),
            [] => Err("empty"),
            _ => Err("does not start with a SEQUENCE"),
        }
    }
    let (head, len) = header(der)?;
    if head.checked_add(len) != Some(der.len()) {
        return Err("its length does not match its content");
    }
    let (inner_head, inner_len) = header(&der[head..])?;
    if inner_head + inner_len > len {
        return Err("its TBS certificate overruns it");
    }
    Ok(())
}

/// Where a proxy came from, for `Debug` output and errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProxySource {
    Config,
    Env(&'static str),
}

/// The proxy the client's one endpoint is reached through, if any: the
/// explicit one, else (when allowed and the endpoint is not a loopback
/// address) one from the environment, read through `env`. The `no_proxy`
/// list goes with it (reqwest matches it against the endpoint).
pub(crate) fn choose_proxy(
    settings: &TransportSettings,
    endpoint: &reqwest::Url,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(ProxySettings, String, ProxySource)>, ConfigError> {
    // reqwest's matcher applies `*` to host names only; the client talks
    // to one endpoint, so `*` simply means no proxy.
    let everything = |list: &[String]| list.iter().any(|h| h.trim() == "*");
    if let Some(proxy) = &settings.proxy {
        if everything(&settings.no_proxy) {
            return Ok(None);
        }
        return Ok(Some((
            proxy.clone(),
            settings.no_proxy.join(","),
            ProxySource::Config,
        )));
    }
    if !settings.proxy_from_env || is_loopback(endpoint) {
        return Ok(None);
    }
    let get = |name: &'static str| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (name, v))
    };
    let specific = if endpoint.scheme() == "https" {
        get("HTTPS_PROXY").or_else(|| get("https_proxy"))
    } else if get("REQUEST_METHOD").is_some() {
        // A CGI program: `HTTP_PROXY` may come from a request header.
        get("http_proxy")
    } else {
        get("HTTP_PROXY").or_else(|| get("http_proxy"))
    };
    let Some((name, value)) = specific.or_else(|| get("ALL_PROXY").or_else(|| get("all_proxy")))
    else {
        return Ok(None);
    };
    let proxy =
        parse_proxy(&format!("environment variable {name}"), &value, None).map_err(|e| {
            ConfigError::new(format!("{e}; fix the variable or turn proxy_from_env off"))
        })?;
    let mut no_proxy: Vec<String> = env("NO_PROXY")
        .or_else(|| env("no_proxy"))
        .map(|list| list.split(',').map(|h| h.trim().to_owned()).collect())
        .unwrap_or_default();
    no_proxy.extend(settings.no_proxy.iter().cloned());
    if everything(&no_proxy) {
        return Ok(None);
    }
    Ok(Some((proxy, no_proxy.join(","), ProxySource::Env(name))))
}

/// Whether the URL's host is `localhost` or a loopback address.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// The HTTP client for `config`: the user's own, or one built from the
/// settings (no redirects, the connect timeout, the chosen proxy, extra
/// root certificates, pool limits).
fn http_client(
    config: &super::Config,
    endpoint: &reqwest::Url,
) -> Result<reqwest::Client, ConfigError> {
    let settings = config.transport();
    if let Some(client) = &settings.http_client {
        return Ok(client.clone());
    }
    // reqwest's own reading of the proxy variables is off: `choose_proxy`
    // does it, so that `no_proxy` and the loopback rule apply to it too.
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout())
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    if let Some((proxy, no_proxy, source)) =
        choose_proxy(settings, endpoint, &|name| std::env::var(name).ok())?
    {
        let setting = match source {
            ProxySource::Config => "proxy".to_owned(),
            ProxySource::Env(name) => format!("environment variable {name}"),
        };
        let mut p = reqwest::Proxy::all(proxy.url.as_str()).map_err(|e| {
            ConfigError::new(format!(
                "{setting}: {:?} cannot be used as a proxy ({e})",
                proxy.url.as_str()
            ))
        })?;
        if let Some((user, password)) = &proxy.credentials {
            p = p.basic_auth(user, password);
        }
        p = p.no_proxy(reqwest::NoProxy::from_string(&no_proxy));
        builder = builder.proxy(p);
    }
    for der in &settings.root_certificates {
        let certificate = reqwest::Certificate::from_der(der).map_err(|e| {
            ConfigError::new(format!("add_root_certificate: unusable certificate ({e})"))
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    if let Some(timeout) = settings.pool_idle_timeout {
        builder = builder.pool_idle_timeout(timeout);
    }
    if let Some(max) = settings.pool_max_idle_per_host {
        builder = builder.pool_max_idle_per_host(max);
    }
    builder.build().map_err(|e| {
        let mut message = format!("could not set up the HTTP client: {e}");
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            message.push_str(&format!(": {c}"));
            cause = c.source();
        }
        if !settings.root_certificates.is_empty() {
            message.push_str(" (check the certificates given to add_root_certificate)");
        }
        ConfigError::new(message)
    })
}

/// How requests leave the process.
pub(crate) enum Transport {
    /// Over HTTP, to the endpoint's `/`.
    Http {
        client: reqwest::Client,
        /// `<endpoint>/`; each attempt sets its query.
        base: reqwest::Url,
    },
    /// Answered in memory (the `test-util` feature); `host` is the
    /// endpoint's authority, recorded as the `host` header an HTTP client
    /// would send.
    #[cfg(feature = "test-util")]
    Mock {
        mock: crate::test_util::Mock,
        host: String,
    },
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Http { base, .. } => f.debug_tuple("Http").field(&base.as_str()).finish(),
            #[cfg(feature = "test-util")]
            Transport::Mock { .. } => f.write_str("Mock"),
        }
    }
}

/// One signed request, ready to send.
pub(crate) struct Outgoing<'a> {
    pub(crate) action: &'static str,
    /// The query string (signature included), without `?`.
    pub(crate) query: &'a str,
    pub(crate) headers: HeaderMap,
    /// The form body, if any.
    pub(crate) form: Option<String>,
}

/// One response, its body read in full (within the limit).
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Transport {
    pub(crate) fn new(config: &super::Config, endpoint: &str) -> Result<Self, ConfigError> {
        #[cfg(feature = "test-util")]
        if let Some(mock) = &config.transport().mock {
            let host = endpoint
                .split_once("://")
                .map_or(endpoint, |(_, host)| host);
            return Ok(Transport::Mock {
                mock: mock.clone(),
                host: host.to_owned(),
            });
        }
        let mut base = reqwest::Url::parse(endpoint)
            .map_err(|e| ConfigError::new(format!("endpoint {endpoint:?}: {e}")))?;
        base.set_path("/");
        let client = http_client(config, &base)?;
        Ok(Transport::Http { client, base })
    }

    /// Sends `request` and reads the whole response, refusing a body over
    /// `limit` bytes.
    pub(crate) async fn send(
        &self,
        api: &'static str,
        request: Outgoing<'_>,
        limit: u64,
        connect_timeout: Duration,
    ) -> Result<Received, Error> {
        if !request.action.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Config(ConfigError::new(format!(
                "the action name {:?} cannot be sent in a header",
                request.action
            ))));
        }
        match self {
            Transport::Http { client, base } => {
                let mut url = base.clone();
                url.set_query(Some(request.query));
                let mut http = reqwest::Request::new(reqwest::Method::POST, url);
                *http.headers_mut() = request.headers;
                if let Some(form) = request.form {
                    *http.body_mut() = Some(form.into());
                }
                let mut response = client
                    .execute(http)
                    .await
                    .map_err(|e| transport_error(api, e, connect_timeout))?;
                let status = response.status().as_u16();
                let headers = std::mem::take(response.headers_mut());
                let too_large = |content_length, received| {
                    Error::ResponseTooLarge(Box::new(ResponseTooLarge::new(
                        api,
                        status,
                        limit,
                        content_length,
                        received,
                        header_str(&headers, "x-acs-request-id"),
                    )))
                };
                let declared = response.content_length();
                if let Some(length) = declared.filter(|length| *length > limit) {
                    return Err(too_large(Some(length), 0));
                }
                // Reserve what was declared, but not more than 1 MiB up front:
                // a server may declare a length it never sends.
                let reserve = declared.unwrap_or(0).min(limit).min(1 << 20);
                let mut body = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
                while let Some(chunk) = response
                    .chunk()
                    .await
                    .map_err(|e| transport_error(api, e, connect_timeout))?
                {
                    let total = body.len() as u64 + chunk.len() as u64;
                    if total > limit {
                        return Err(too_large(declared, total));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(Received {
                    status,
                    headers,
                    body,
                })
            }
            #[cfg(feature = "test-util")]
            Transport::Mock { mock, host } => {
                let received = mock.answer(request, host).await?;
                let length = received.body.len() as u64;
                if length > limit {
                    return Err(Error::ResponseTooLarge(Box::new(ResponseTooLarge::new(
                        api,
                        received.status,
                        limit,
                        Some(length),
                        0,
                        header_str(&received.headers, "x-acs-request-id"),
                    ))));
                }
                Ok(received)
            }
        }
    }
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| HeaderValue::to_str(v).ok())
        .map(str::to_owned)
}

fn transport_error(api: &'static str, error: reqwest::Error, connect_timeout: Duration) -> Error {
    if error.is_connect() && error.is_timeout() {
        Error::Timeout(TimeoutError::new(
            api,
            TimeoutKind::Connect,
            connect_timeout,
        ))
    } else if error.is_connect() {
        Error::Connect(TransportError::new(api, error))
    } else {
        Error::Transport(TransportError::new(api, error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use std::collections::HashMap;

    fn settings(builder: ConfigBuilder) -> TransportSettings {
        builder.build().expect("valid").transport().clone()
    }

    fn choose(
        builder: ConfigBuilder,
        endpoint: &str,
        vars: &[(&str, &str)],
    ) -> Option<(String, String, ProxySource)> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = move |name: &str| vars.get(name).cloned();
        choose_proxy(
            &settings(builder),
            &reqwest::Url::parse(endpoint).unwrap(),
            &env,
        )
        .expect("valid variables")
        .map(|(proxy, no_proxy, source)| (proxy.url.to_string(), no_proxy, source))
    }

    #[test]
    fn the_environment_supplies_a_proxy_by_scheme() {
        let vars = [
            ("HTTPS_PROXY", "http://secure:1"),
            ("http_proxy", "plain:2"),
            ("ALL_PROXY", "http://all:3"),
            ("NO_PROXY", "internal.example, 10.0.0.0/8"),
        ];
        let https = choose(Config::builder(), "https://ecs.aliyuncs.com", &vars).unwrap();
        assert_eq!(https.0, "http://secure:1/");
        assert_eq!(https.1, "internal.example,10.0.0.0/8");
        assert_eq!(https.2, ProxySource::Env("HTTPS_PROXY"));
        let http = choose(Config::builder(), "http://ecs.aliyuncs.com", &vars).unwrap();
        assert_eq!(
            (http.0.as_str(), http.2),
            ("http://plain:2/", ProxySource::Env("http_proxy"))
        );
        // ALL_PROXY is the fallback.
        let all = choose(
            Config::builder(),
            "https://x.com",
            &[("all_proxy", "http://all:3")],
        );
        assert_eq!(all.unwrap().2, ProxySource::Env("all_proxy"));
        // Empty values count as unset.
        assert!(choose(Config::builder(), "https://x.com", &[("HTTPS_PROXY", " ")]).is_none());
    }

    #[test]
    fn cgi_programs_ignore_http_proxy() {
        let vars = [("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://evil:1")];
        assert!(choose(Config::builder(), "http://x.com", &vars).is_none());
        let vars = [("REQUEST_METHOD", "GET"), ("http_proxy", "http://ok:1")];
        assert!(choose(Config::builder(), "http://x.com", &vars).is_some());
    }

    #[test]
    fn environment_proxies_can_be_turned_off_and_skip_loopback_endpoints() {
        let vars = [("HTTPS_PROXY", "http://p:1"), ("HTTP_PROXY", "http://p:1")];
        let off = Config::builder().proxy_from_env(false);
        assert!(choose(off, "https://x.com", &vars).is_none());
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:1",
        ] {
            assert!(choose(Config::builder(), local, &vars).is_none(), "{local}");
        }
        // An explicit proxy applies to a loopback endpoint, and wins over
        // the environment.
        let explicit = choose(
            Config::builder().proxy("corp:3128"),
            "http://127.0.0.1:1",
            &vars,
        );
        assert_eq!(
            explicit.map(|c| (c.0, c.2)),
            Some(("http://corp:3128/".to_owned(), ProxySource::Config))
        );
    }

    #[test]
    fn no_proxy_joins_the_environment_list_and_star_means_direct() {
        let vars = [("HTTPS_PROXY", "http://p:1"), ("no_proxy", "a.com")];
        let chosen = choose(
            Config::builder().no_proxy(["b.com"]),
            "https://x.com",
            &vars,
        );
        assert_eq!(chosen.unwrap().1, "a.com,b.com");
        let star = [("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "a.com,*")];
        assert!(choose(Config::builder(), "https://x.com", &star).is_none());
        assert!(choose(
            Config::builder().proxy("p:1").no_proxy(["*"]),
            "https://x.com",
            &[]
        )
        .is_none());
    }

    #[test]
    fn an_invalid_proxy_variable_is_an_error_naming_it() {
        let env =
            |name: &str| (name == "HTTPS_PROXY").then(|| "http://user:pw-secret@:9".to_owned());
        let err = choose_proxy(
            &settings(Config::builder()),
            &reqwest::Url::parse("https://x.com").unwrap(),
            &env,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("environment variable HTTPS_PROXY"), "{err}");
        assert!(err.contains("proxy_from_env"), "{err}");
        assert!(!err.contains("pw-secret"), "{err}");
    }

    #[test]
    fn proxy_credentials_come_from_the_url_unless_given() {
        let p = parse_proxy("proxy", "http://a%20b:c%3Ad@h:1", None).unwrap();
        assert_eq!(p.credentials, Some(("a b".to_owned(), "c:d".to_owned())));
        assert_eq!(p.url.as_str(), "http://h:1/");
        let given = Some(("x".to_owned(), "given-secret".to_owned()));
        let p = parse_proxy("proxy", "http://a:b@h:1", given.clone()).unwrap();
        assert_eq!(p.credentials, given);
        assert!(!format!("{p:?}").contains("given-secret"), "{p:?}");
    }

    #[test]
    fn user_info_is_hidden() {
        assert_eq!(
            hide_user_info("http://u:p@h:1/x"),
            "http://<redacted>@h:1/x"
        );
        assert_eq!(hide_user_info("u:p@h:1"), "<redacted>@h:1");
        assert_eq!(hide_user_info("http://h:1/a@b"), "http://h:1/a@b");
    }

    #[test]
    fn pem_blocks_are_found_and_checked() {
        let block =
            |b64: &str| format!("-----BEGIN CERTIFICATE-----\n{b64}\n-----END CERTIFICATE-----\n");
        // SEQUENCE { SEQUENCE { NULL } }: the smallest shape that passes.
        let ok = format!("junk\n{}{}", block("MAQwAgUA"), block("MAQwAgUA"));
        assert_eq!(parse_pem_certificates(ok.as_bytes()).unwrap().len(), 2);
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(parse_pem_certificates(key.as_bytes())
            .unwrap_err()
            .contains("no `-----BEGIN CERTIFICATE"));
        let long_form = parse_pem_certificates(block("MIGA").as_bytes()).unwrap_err();
        assert!(long_form.contains("not a DER X.509"), "{long_form}");
    }

    #[test]
    fn a_custom_client_cannot_be_combined_with_settings_it_would_ignore() {
        let err = Config::builder()
            .http_client(reqwest::Client::new())
            .pool_max_idle_per_host(2)
            .connect_timeout(Duration::from_secs(1))
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("connect_timeout, pool_max_idle_per_host"),
            "{err}"
        );
        assert!(Config::builder()
            .http_client(reqwest::Client::new())
            .build()
            .is_ok());
    }
}
