//! Credentials from a URI that serves them (`ALIBABA_CLOUD_CREDENTIALS_URI`).

use std::fmt;
use std::time::Duration;

use super::cache::{CacheState, DEFAULT_REFRESH_BUFFER};
use super::ecs::parse_credentials;
use super::error::{CredentialsError, CredentialsSource};
use super::error::{CredentialsErrorKind, RequestFailure};
use super::fetch::{display_url, parse_http_url, Fetch};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::vars::CREDENTIALS_URI_VAR;
use crate::transport::{Method, SharedTransport};

/// The time allowed for a whole request to a credentials URI (connecting
/// included), as in the official libraries.
pub const DEFAULT_CREDENTIALS_URI_TIMEOUT: Duration = Duration::from_secs(10);

/// Credentials served over HTTP by a local agent or sidecar: `GET <uri>`
/// answers with the same JSON as the ECS metadata service,
///
/// ```json
/// {"Code": "Success", "AccessKeyId": "STS.…", "AccessKeySecret": "…",
///  "SecurityToken": "…", "Expiration": "2024-01-02T03:04:05Z"}
/// ```
///
/// (`Code` may be left out; if present it must be `Success`). The URI is
/// [`with_uri`](Self::with_uri)'s, else `ALIBABA_CLOUD_CREDENTIALS_URI`. The
/// credentials are cached and refreshed 3 minutes before they expire. Errors
/// show the URI without user info and query, which may hold secrets.
///
/// ```no_run
/// use std::sync::Arc;
/// use alibabacloud_runtime::credentials::CredentialsUriProvider;
/// use alibabacloud_runtime::Config;
///
/// # fn run() -> Result<(), alibabacloud_runtime::Error> {
/// let provider = CredentialsUriProvider::new().with_uri("http://127.0.0.1:8090/credentials");
/// let config = Config::builder().credentials_provider(Arc::new(provider)).build()?;
/// # let _ = config; Ok(()) }
/// ```
pub struct CredentialsUriProvider {
    config: ProviderConfig,
    uri: Option<String>,
    timeout: Duration,
    cache: CacheState,
}

impl Default for CredentialsUriProvider {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("uri", &self.uri.as_deref().map(shown))
            .field("timeout", &self.timeout)
            .field("cache", &self.cache)
            .finish()
    }
}

/// A URI as errors and `Debug` show it.
fn shown(uri: &str) -> String {
    parse_http_url(uri)
        .map(|url| display_url(&url))
        .unwrap_or_else(|| "(not an http(s) URL)".to_owned())
}

impl CredentialsUriProvider {
    /// The provider for `ALIBABA_CLOUD_CREDENTIALS_URI` of the process
    /// environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// The provider reading variables and the clock from `config`.
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            config,
            uri: None,
            timeout: DEFAULT_CREDENTIALS_URI_TIMEOUT,
            cache: CacheState::new(DEFAULT_REFRESH_BUFFER),
        }
    }

    /// Asks this URI instead of `ALIBABA_CLOUD_CREDENTIALS_URI`.
    pub fn with_uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self.cache.clear();
        self
    }

    /// Allows each request this long (default 10 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let uri = self
            .uri
            .clone()
            .filter(|u| !u.trim().is_empty())
            .or_else(|| self.config.env().non_empty(CREDENTIALS_URI_VAR));
        let error = |kind| {
            CredentialsError::new(
                CredentialsSource::CredentialsUri {
                    uri: uri.as_deref().map(shown),
                },
                kind,
            )
        };
        let Some(text) = uri.as_deref() else {
            return Err(error(CredentialsErrorKind::MissingVariable {
                name: CREDENTIALS_URI_VAR.to_owned(),
                set_instead: None,
            }));
        };
        let url = parse_http_url(text).ok_or_else(|| {
            error(CredentialsErrorKind::InvalidValue {
                name: "credentials URI".to_owned(),
                expected: "an http(s) URL".to_owned(),
            })
        })?;
        let request = "GET".to_owned();
        let transport = self.config.transport().map_err(|failure| {
            error(CredentialsErrorKind::Request {
                request: request.clone(),
                failure,
            })
        })?;
        let answer = Fetch {
            method: Method::Get,
            url: &url,
            headers: &[],
            form: None,
            timeout: self.timeout,
            direct: false,
        }
        .send(&*transport)
        .await
        .map_err(|failure| {
            error(CredentialsErrorKind::Request {
                request: request.clone(),
                failure,
            })
        })?;
        if answer.status != 200 {
            return Err(error(CredentialsErrorKind::Request {
                request,
                failure: RequestFailure::status(answer.status),
            }));
        }
        parse_credentials(&answer.body, false)
            .map_err(|reason| error(CredentialsErrorKind::InvalidResponse { request, reason }))
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.cache
            .provide(self.config.clock(), "credentials URI", || self.fetch())
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.config.attach_transport(transport);
    }
}
