//! Credentials of the RAM role attached to an ECS instance, from the
//! instance metadata service.

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use super::cache::{CacheState, DEFAULT_REFRESH_BUFFER};
use super::error::{CredentialsError, CredentialsSource};
use super::error::{CredentialsErrorKind, RequestFailure};
use super::fetch::{display_url, json_object, parse_http_url, string_member, Fetch, Response};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::vars::{ECS_METADATA_DISABLED_VAR, ECS_METADATA_VAR, IMDSV1_DISABLED_VAR};
use crate::timestamp::parse_expiration;
use crate::transport::{Method, SharedTransport};

/// The time allowed for each request to the metadata service (connecting
/// included), as in the official libraries: off ECS, the service is not
/// there and the chain must move on quickly.
pub const DEFAULT_ECS_METADATA_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a hardened-mode (IMDSv2) session token is asked to live.
const TOKEN_TTL_SECONDS: &str = "21600";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Credentials of the RAM role attached to the ECS instance this program
/// runs on, from the instance metadata service (`http://100.100.100.200`).
///
/// Each refresh:
///
/// 1. asks for a session token (`PUT /latest/api/token`, IMDSv2, "hardened
///    mode") and sends it as `X-aliyun-ecs-metadata-token`; when that fails,
///    the service refuses, it goes on without one (IMDSv1) unless
///    `ALIBABA_CLOUD_IMDSV1_DISABLED=true` or
///    [`with_imds_v1_disabled`](Self::with_imds_v1_disabled) says not to;
///    when no connection can be made or no answer comes in time it stops at
///    once (off ECS there is nothing to fall back to);
/// 2. takes the role name from [`with_role_name`](Self::with_role_name), else
///    `ALIBABA_CLOUD_ECS_METADATA`, else asks the service
///    (`GET /latest/meta-data/ram/security-credentials/`);
/// 3. fetches the role's credentials
///    (`GET /latest/meta-data/ram/security-credentials/<role>`).
///
/// Every request must finish within 1 s ([`DEFAULT_ECS_METADATA_TIMEOUT`]).
/// Requests go through the transport of the client the provider serves,
/// but always straight to the metadata service, never through a proxy: it
/// answers only on the instance itself.
/// The credentials are cached and refreshed 3 minutes before they expire
/// (see [`CredentialsCache`](super::CredentialsCache) for the details). With
/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` the provider does nothing and
/// says so.
///
/// ```no_run
/// use std::sync::Arc;
/// use alibabacloud_runtime::credentials::EcsRamRoleProvider;
/// use alibabacloud_runtime::Config;
///
/// # fn run() -> Result<(), alibabacloud_runtime::Error> {
/// let config = Config::builder()
///     .credentials_provider(Arc::new(EcsRamRoleProvider::new().with_role_name("my-ecs-role")))
///     .build()?;
/// # let _ = config; Ok(()) }
/// ```
pub struct EcsRamRoleProvider {
    config: ProviderConfig,
    role_name: Option<String>,
    imds_v1_disabled: Option<bool>,
    timeout: Duration,
    cache: CacheState,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("endpoint", &self.config.ecs_metadata_endpoint())
            .field("role_name", &self.role_name)
            .field("imds_v1_disabled", &self.imds_v1_disabled)
            .field("timeout", &self.timeout)
            .field("cache", &self.cache)
            .finish()
    }
}

impl EcsRamRoleProvider {
    /// The provider for this instance, reading variables from the process
    /// environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// The provider with these surroundings (variables, clock, metadata
    /// endpoint).
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            config,
            role_name: None,
            imds_v1_disabled: None,
            timeout: DEFAULT_ECS_METADATA_TIMEOUT,
            cache: CacheState::new(DEFAULT_REFRESH_BUFFER),
        }
    }

    /// Uses this role instead of `ALIBABA_CLOUD_ECS_METADATA` or asking the
    /// service which role the instance has.
    pub fn with_role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into());
        self.cache.clear();
        self
    }

    /// With `true`, requires a session token (IMDSv2) and never falls back
    /// to requests without one; with `false`, falls back whatever
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED` says.
    pub fn with_imds_v1_disabled(mut self, disabled: bool) -> Self {
        self.imds_v1_disabled = Some(disabled);
        self
    }

    /// Allows each request this long instead of 1 s (connecting included).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn error(&self, role: Option<&str>, kind: CredentialsErrorKind) -> CredentialsError {
        CredentialsError::new(
            CredentialsSource::EcsMetadata {
                role: role.map(str::to_owned),
            },
            kind,
        )
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.env();
        let configured_role = self
            .role_name
            .clone()
            .filter(|r| !r.trim().is_empty())
            .or_else(|| env.non_empty(ECS_METADATA_VAR))
            .map(|r| r.trim().to_owned());
        let role = configured_role.as_deref();
        if env.is_true(ECS_METADATA_DISABLED_VAR) {
            return Err(self.error(
                role,
                CredentialsErrorKind::Disabled {
                    variable: ECS_METADATA_DISABLED_VAR.to_owned(),
                },
            ));
        }
        let base = parse_http_url(self.config.ecs_metadata_endpoint()).ok_or_else(|| {
            self.error(
                role,
                CredentialsErrorKind::InvalidValue {
                    name: "ECS metadata endpoint".to_owned(),
                    expected: "an http(s) base URL".to_owned(),
                },
            )
        })?;
        let v1_disabled = self
            .imds_v1_disabled
            .unwrap_or_else(|| env.is_true(IMDSV1_DISABLED_VAR));
        let token = self
            .session_token(&base, v1_disabled)
            .await
            .map_err(|kind| self.error(role, kind))?;
        let role = match configured_role {
            Some(role) => role,
            None => self
                .discover_role(&base, token.as_deref(), v1_disabled)
                .await
                .map_err(|kind| self.error(None, kind))?,
        };
        self.role_credentials(&base, &role, token.as_deref(), v1_disabled)
            .await
            .map_err(|kind| self.error(Some(&role), kind))
    }

    /// The IMDSv2 session token; `None` to go on without one.
    async fn session_token(
        &self,
        base: &Url,
        v1_disabled: bool,
    ) -> Result<Option<String>, CredentialsErrorKind> {
        let url = join(base, TOKEN_PATH);
        let answer = self
            .send(
                Method::Put,
                &url,
                &[("X-aliyun-ecs-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS)],
            )
            .await;
        let failure = match answer {
            Ok(Response { status: 200, body }) => match valid_token(&body) {
                Some(token) => return Ok(Some(token)),
                None => {
                    return Err(CredentialsErrorKind::InvalidResponse {
                        request: format!("PUT {}", display_url(&url)),
                        reason: "the session token is empty or not printable ASCII".to_owned(),
                    })
                }
            },
            Ok(Response { status, .. }) => RequestFailure::status(status),
            Err(failure) => failure,
        };
        // No connection, or no answer in time: the service is not there (off
        // ECS) or not working, and requests without a token would fare no
        // better. Only an answer refusing tokens means "try IMDSv1".
        let silent = matches!(
            failure,
            RequestFailure::Connect { .. } | RequestFailure::Timeout { .. }
        );
        if v1_disabled || silent {
            let request = if v1_disabled {
                format!(
                    "PUT {} (IMDSv2 session token; falling back to IMDSv1 is disabled)",
                    display_url(&url)
                )
            } else {
                format!("PUT {}", display_url(&url))
            };
            return Err(CredentialsErrorKind::Request { request, failure });
        }
        tracing::debug!(%failure, "no IMDSv2 session token from the ECS metadata service; going on with IMDSv1");
        Ok(None)
    }

    /// The body of a `200` answer to [`get`](Self::get), or `None` for a
    /// `404`; any other answer, and a failure, is an error naming the
    /// request.
    async fn get_found(
        &self,
        url: &Url,
        token: Option<&str>,
        v1_disabled: bool,
    ) -> Result<Option<Vec<u8>>, CredentialsErrorKind> {
        let failed = |failure| CredentialsErrorKind::Request {
            request: format!("GET {}", display_url(url)),
            failure,
        };
        let answer = self.get(url, token, v1_disabled).await.map_err(failed)?;
        match answer.status {
            200 => Ok(Some(answer.body)),
            404 => Ok(None),
            status => Err(failed(RequestFailure::status(status))),
        }
    }

    /// GET `url`, with the session token if there is one; a token the
    /// service refuses (401, 403) is dropped once unless IMDSv1 is disabled.
    async fn get(
        &self,
        url: &Url,
        token: Option<&str>,
        v1_disabled: bool,
    ) -> Result<Response, RequestFailure> {
        let answer = self.send_get(url, token).await?;
        if token.is_some() && !v1_disabled && matches!(answer.status, 401 | 403) {
            tracing::debug!(
                status = answer.status,
                "the ECS metadata service refused the session token; retrying with IMDSv1"
            );
            return self.send_get(url, None).await;
        }
        Ok(answer)
    }

    async fn send_get(&self, url: &Url, token: Option<&str>) -> Result<Response, RequestFailure> {
        let headers: Vec<(&str, &str)> = token
            .map(|t| ("X-aliyun-ecs-metadata-token", t))
            .into_iter()
            .collect();
        self.send(Method::Get, url, &headers).await
    }

    /// One request to the metadata service, straight to it, within the
    /// time limit.
    async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, &str)],
    ) -> Result<Response, RequestFailure> {
        let transport = self.config.transport()?;
        Fetch {
            method,
            url,
            headers,
            form: None,
            timeout: self.timeout,
            direct: true,
        }
        .send(&*transport)
        .await
    }

    async fn discover_role(
        &self,
        base: &Url,
        token: Option<&str>,
        v1_disabled: bool,
    ) -> Result<String, CredentialsErrorKind> {
        let url = join(base, CREDENTIALS_PATH);
        match self.get_found(&url, token, v1_disabled).await? {
            Some(body) => String::from_utf8_lossy(&body)
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .map(str::to_owned)
                .ok_or(CredentialsErrorKind::NoRoleAttached),
            None => Err(CredentialsErrorKind::NoRoleAttached),
        }
    }

    async fn role_credentials(
        &self,
        base: &Url,
        role: &str,
        token: Option<&str>,
        v1_disabled: bool,
    ) -> Result<Credentials, CredentialsErrorKind> {
        let path = format!("{CREDENTIALS_PATH}{}", crate::signer::percent_encode(role));
        let url = join(base, &path);
        let Some(body) = self.get_found(&url, token, v1_disabled).await? else {
            return Err(CredentialsErrorKind::RoleNotFound {
                role: role.to_owned(),
            });
        };
        parse_credentials(&body, true).map_err(|reason| CredentialsErrorKind::InvalidResponse {
            request: format!("GET {}", display_url(&url)),
            reason,
        })
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.cache
            .provide(self.config.clock(), "ECS instance RAM role", || {
                self.fetch()
            })
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.config.attach_transport(transport);
    }
}

/// `base` with `path` (which starts with `/`) as its path.
fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{path}"));
    url.set_query(None);
    url
}

/// The token as a header value: visible ASCII, surrounding whitespace
/// dropped.
fn valid_token(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    (!text.is_empty() && text.bytes().all(|b| (0x21..0x7f).contains(&b))).then(|| text.to_owned())
}

/// Reads the credentials document the metadata service and credentials URIs
/// answer with: `AccessKeyId`, `AccessKeySecret`, `SecurityToken`,
/// `Expiration`, and `Code`, which must be `Success` (when `require_code`,
/// also present). The error names what is wrong, never a value.
pub(crate) fn parse_credentials(body: &[u8], require_code: bool) -> Result<Credentials, String> {
    let map = json_object(body)?;
    match map.get("Code") {
        Some(serde_json::Value::String(code)) if code == "Success" => {}
        None if !require_code => {}
        None => return Err("`Code` is missing".to_owned()),
        Some(_) => return Err("`Code` is not `Success`".to_owned()),
    }
    let id = string_member(&map, "AccessKeyId")?;
    let secret = string_member(&map, "AccessKeySecret")?;
    let token = string_member(&map, "SecurityToken")?;
    let expiration = string_member(&map, "Expiration")?;
    let expiry = parse_expiration(expiration)
        .ok_or_else(|| "`Expiration` is not a UTC time like `2024-01-02T03:04:05Z`".to_owned())?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiry(expiry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_document() {
        let ok = br#"{"Code":"Success","AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2024-01-02T03:04:05Z","LastUpdated":"2024-01-02T00:00:00Z"}"#;
        let creds = parse_credentials(ok, true).unwrap();
        assert_eq!(creds.security_token(), Some("t"));
        assert!(creds.expiry().is_some());
        for (body, reason) in [
            (&br#"{"Code":"Failure","AccessKeyId":"a"}"#[..], "`Code` is not `Success`"),
            (br#"{"AccessKeyId":"a"}"#, "`Code` is missing"),
            (br#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"s","SecurityToken":"t"}"#, "`Expiration` is missing"),
            (br#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"soon"}"#, "`Expiration` is not a UTC time like `2024-01-02T03:04:05Z`"),
            (br#"{"Code":"Success","AccessKeyId":"a","SecurityToken":"SECRET-t"}"#, "`AccessKeySecret` is missing"),
        ] {
            assert_eq!(parse_credentials(body, true).unwrap_err(), reason);
        }
        let no_code = br#"{"AccessKeyId":"a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2024-01-02T03:04:05Z"}"#;
        assert!(parse_credentials(no_code, false).is_ok());
    }

    #[test]
    fn paths_join_onto_the_base() {
        let base = Url::parse("http://127.0.0.1:1/prefix/").unwrap();
        assert_eq!(
            join(&base, TOKEN_PATH).as_str(),
            "http://127.0.0.1:1/prefix/latest/api/token"
        );
        let base = Url::parse("http://100.100.100.200").unwrap();
        assert_eq!(
            join(&base, CREDENTIALS_PATH).as_str(),
            "http://100.100.100.200/latest/meta-data/ram/security-credentials/"
        );
        assert_eq!(valid_token(b" tok-1\n").as_deref(), Some("tok-1"));
        assert_eq!(valid_token(b"a b"), None);
        assert_eq!(valid_token(b""), None);
    }
}
