//! Temporary credentials from STS: assuming a RAM role with other
//! credentials (`AssumeRole`), or with an OIDC token (`AssumeRoleWithOIDC`,
//! RRSA on Kubernetes).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use reqwest::Url;
use serde_json::Value;

use super::cache::{CacheState, DEFAULT_REFRESH_BUFFER};
use super::clock::Clock;
use super::error::{CredentialsError, CredentialsSource};
use super::error::{CredentialsErrorKind, RequestFailure};
use super::fetch::{display_url, json_object, string_member, Fetch};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::vars::{
    OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR, ROLE_ARN_VAR, ROLE_SESSION_NAME_VAR,
};
use crate::redact::Redactor;
use crate::signer::{self, new_nonce};
use crate::timestamp::{format_timestamp, parse_expiration};
use crate::transport::{Method, SharedTransport};

/// The STS API version.
pub const STS_API_VERSION: &str = "2015-04-01";

/// How long assumed-role credentials are asked to last: 1 hour, as in the
/// official libraries. STS accepts 900 s up to the role's maximum.
pub const DEFAULT_SESSION_DURATION: Duration = Duration::from_secs(3600);

/// The shortest session STS grants.
pub const MIN_SESSION_DURATION: Duration = Duration::from_secs(900);

/// The time an STS call may take, connecting included.
const STS_TIMEOUT: Duration = Duration::from_secs(10);

/// The STS settings both role providers share.
#[derive(Clone)]
struct StsSettings {
    session_name: Option<String>,
    duration: Duration,
    policy: Option<String>,
    region: Option<String>,
    vpc: Option<bool>,
    endpoint: Option<String>,
}

impl Default for StsSettings {
    fn default() -> Self {
        Self {
            session_name: None,
            duration: DEFAULT_SESSION_DURATION,
            policy: None,
            region: None,
            vpc: None,
            endpoint: None,
        }
    }
}

impl fmt::Debug for StsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StsSettings")
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("policy", &self.policy.as_ref().map(|_| "…"))
            .field("region", &self.region)
            .field("vpc", &self.vpc)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

/// A session name for when none is configured: stable for one provider,
/// distinct between processes started at different times.
fn generated_session_name(clock: &dyn Clock) -> String {
    let millis = clock
        .now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("alibabacloud-rust-{millis}")
}

/// One STS call and what it needs: the action, the form parameters, the
/// credentials that sign it (none for `AssumeRoleWithOIDC`), and the secrets
/// any echo of which must be scrubbed from errors.
struct StsCall<'a> {
    action: &'static str,
    url: Url,
    form: Vec<(&'static str, String)>,
    signer: Option<&'a Credentials>,
    secrets: Vec<&'a str>,
}

impl StsCall<'_> {
    fn request(&self) -> String {
        format!("STS {} at {}", self.action, display_url(&self.url))
    }

    async fn send(
        mut self,
        config: &ProviderConfig,
        clock: &dyn Clock,
    ) -> Result<Credentials, CredentialsErrorKind> {
        let request = self.request();
        let transport = config
            .transport()
            .map_err(|failure| CredentialsErrorKind::Request {
                request: request.clone(),
                failure,
            })?;
        let timestamp = format_timestamp(clock.now());
        let nonce = new_nonce();
        let mut common: Vec<(&str, &str)> = vec![
            ("Action", self.action),
            ("Version", STS_API_VERSION),
            ("Format", "JSON"),
            ("Timestamp", &timestamp),
        ];
        if let Some(credentials) = self.signer {
            common.extend([
                ("AccessKeyId", credentials.access_key_id()),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", nonce.as_str()),
            ]);
            if let Some(token) = credentials.security_token() {
                common.push(("SecurityToken", token));
            }
        }
        let form_pairs = || self.form.iter().map(|(n, v)| (*n, v.as_str()));
        let mut query = signer::canonical_query_string(common.iter().copied());
        let signature = self.signer.map(|credentials| {
            signer::sign(
                "POST",
                common.iter().copied().chain(form_pairs()),
                credentials.access_key_secret(),
            )
        });
        if let Some(signature) = &signature {
            query.push('&');
            query.push_str(signer::SIGNATURE_PARAM);
            query.push('=');
            signer::encode_into(&mut query, signature);
        }
        let form = signer::canonical_query_string(form_pairs());
        self.url.set_query(Some(&query));
        let redactor = Redactor::new(self.secrets.iter().copied().chain(signature.as_deref()));
        let answer = Fetch {
            method: Method::Post,
            url: &self.url,
            headers: &[],
            form: Some(form),
            timeout: STS_TIMEOUT,
            direct: false,
        }
        .send(&*transport)
        .await
        .map_err(|failure| CredentialsErrorKind::Request {
            request: request.clone(),
            failure,
        })?;
        if answer.status != 200 {
            return Err(CredentialsErrorKind::Request {
                request,
                failure: service_failure(answer.status, &answer.body, &redactor),
            });
        }
        read_credentials(&answer.body)
            .map_err(|reason| CredentialsErrorKind::InvalidResponse { request, reason })
    }
}

/// An STS error answer: status, and `Code`, `Message` and `RequestId` when
/// the body is an Alibaba error document, scrubbed of the call's secrets.
fn service_failure(status: u16, body: &[u8], redactor: &Redactor<'_>) -> RequestFailure {
    let text = |map: &serde_json::Map<String, Value>, key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(|s| redactor.apply(s))
    };
    match json_object(body) {
        Ok(map) => RequestFailure::Status {
            status,
            code: text(&map, "Code"),
            message: text(&map, "Message"),
            request_id: text(&map, "RequestId"),
        },
        Err(_) => RequestFailure::status(status),
    }
}

/// The `Credentials` object of an `AssumeRole*` answer.
fn read_credentials(body: &[u8]) -> Result<Credentials, String> {
    let map = json_object(body)?;
    let credentials = match map.get("Credentials") {
        Some(Value::Object(credentials)) => credentials,
        None | Some(Value::Null) => return Err("`Credentials` is missing".to_owned()),
        Some(_) => return Err("`Credentials` is not an object".to_owned()),
    };
    let member = |key: &str| {
        string_member(credentials, key).map_err(|reason| format!("in `Credentials`, {reason}"))
    };
    let id = member("AccessKeyId")?;
    let secret = member("AccessKeySecret")?;
    let token = member("SecurityToken")?;
    let expiry = parse_expiration(member("Expiration")?).ok_or_else(|| {
        "in `Credentials`, `Expiration` is not a UTC time like `2024-01-02T03:04:05Z`".to_owned()
    })?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiry(expiry))
}

fn check_duration(duration: Duration) -> Result<u64, CredentialsErrorKind> {
    if duration < MIN_SESSION_DURATION {
        Err(CredentialsErrorKind::InvalidValue {
            name: "session duration".to_owned(),
            expected: format!("at least {} seconds", MIN_SESSION_DURATION.as_secs()),
        })
    } else {
        Ok(duration.as_secs())
    }
}

/// Credentials of a RAM role, assumed with STS `AssumeRole` using other
/// credentials (a RAM user's access key, or other temporary credentials).
///
/// The call is signed (signature V1) with the source credentials, which are
/// asked for before every refresh. The role's credentials last
/// [`DEFAULT_SESSION_DURATION`] (1 hour) unless set otherwise, and are cached
/// and refreshed 3 minutes before they expire (see
/// [`CredentialsCache`](super::CredentialsCache)).
///
/// STS is `sts.aliyuncs.com`, or `sts.<region>.aliyuncs.com` with
/// [`with_sts_region`](Self::with_sts_region) or `ALIBABA_CLOUD_STS_REGION`
/// (`sts-vpc.<region>…` with [`with_vpc_endpoint`](Self::with_vpc_endpoint)
/// or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`). The session name is
/// [`with_session_name`](Self::with_session_name)'s, else
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else generated.
///
/// ```no_run
/// use std::sync::Arc;
/// use alibabacloud_runtime::credentials::{AssumeRoleProvider, EnvironmentProvider};
/// use alibabacloud_runtime::Config;
///
/// # fn run() -> Result<(), alibabacloud_runtime::Error> {
/// let role = AssumeRoleProvider::new("acs:ram::123456789012:role/ops-admin", EnvironmentProvider::new())
///     .with_session_name("registrar")
///     .with_sts_region("cn-hangzhou");
/// let config = Config::builder().credentials_provider(Arc::new(role)).build()?;
/// # let _ = config; Ok(()) }
/// ```
pub struct AssumeRoleProvider {
    config: ProviderConfig,
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    external_id: Option<String>,
    sts: StsSettings,
    generated_name: OnceLock<String>,
    cache: CacheState,
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("source", &self.source)
            .field(
                "external_id",
                &self.external_id.as_ref().map(|_| "** redacted **"),
            )
            .field("sts", &self.sts)
            .field("cache", &self.cache)
            .finish()
    }
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` (`acs:ram::<account>:role/<name>`) with the
    /// credentials `source` provides, reading variables from the process
    /// environment.
    pub fn new(role_arn: impl Into<String>, source: impl ProvideCredentials + 'static) -> Self {
        Self::from_shared(role_arn, Arc::new(source))
    }

    /// Like [`new`](Self::new), with a shared source provider.
    pub fn from_shared(role_arn: impl Into<String>, source: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            config: ProviderConfig::new(),
            source,
            role_arn: role_arn.into(),
            external_id: None,
            sts: StsSettings::default(),
            generated_name: OnceLock::new(),
            cache: CacheState::new(DEFAULT_REFRESH_BUFFER),
        }
    }

    /// Reads variables, the clock and the STS endpoint from `config`.
    pub fn with_provider_config(mut self, config: ProviderConfig) -> Self {
        self.config = config;
        self.cache.clear();
        self
    }

    /// The role session name (2 to 64 of `A-Z a-z 0-9 . @ - _`), which
    /// appears in ActionTrail.
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.sts.session_name = Some(name.into());
        self
    }

    /// How long the role's credentials last (at least 900 s; default 1 h).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.sts.duration = duration;
        self
    }

    /// A policy (JSON) that further limits what the credentials may do.
    pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
        self.sts.policy = Some(policy.into());
        self
    }

    /// The external ID the role's trust policy requires.
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Calls STS in this region (`sts.<region>.aliyuncs.com`).
    pub fn with_sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }

    /// Whether to use the region's VPC endpoint (`sts-vpc.<region>…`).
    pub fn with_vpc_endpoint(mut self, enabled: bool) -> Self {
        self.sts.vpc = Some(enabled);
        self
    }

    /// Calls STS at this endpoint (a host, or a base URL with a scheme),
    /// whatever the region.
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts.endpoint = Some(endpoint.into());
        self
    }

    /// The role assumed.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }

    fn error(&self, kind: CredentialsErrorKind) -> CredentialsError {
        CredentialsError::new(
            CredentialsSource::AssumeRole {
                role_arn: self.role_arn.clone(),
            },
            kind,
        )
    }

    fn session_name(&self) -> String {
        self.sts
            .session_name
            .clone()
            .or_else(|| self.config.env().non_empty(ROLE_SESSION_NAME_VAR))
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|| {
                self.generated_name
                    .get_or_init(|| generated_session_name(self.config.clock()))
                    .clone()
            })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        if self.role_arn.trim().is_empty() {
            return Err(self.error(CredentialsErrorKind::InvalidValue {
                name: "role ARN".to_owned(),
                expected: "`acs:ram::<account id>:role/<role name>`".to_owned(),
            }));
        }
        let duration = check_duration(self.sts.duration).map_err(|k| self.error(k))?;
        let url = self
            .config
            .sts_url(
                self.sts.endpoint.as_deref(),
                self.sts.region.as_deref(),
                self.sts.vpc,
            )
            .map_err(|k| self.error(k))?;
        let source = self
            .source
            .provide_credentials()
            .await
            .map_err(|e| self.error(CredentialsErrorKind::Inner(e)))?;
        let mut form = vec![
            ("RoleArn", self.role_arn.clone()),
            ("RoleSessionName", self.session_name()),
            ("DurationSeconds", duration.to_string()),
        ];
        if let Some(policy) = &self.sts.policy {
            form.push(("Policy", policy.clone()));
        }
        if let Some(external_id) = &self.external_id {
            form.push(("ExternalId", external_id.clone()));
        }
        let secrets = [
            Some(source.access_key_secret()),
            source.security_token(),
            self.external_id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        StsCall {
            action: "AssumeRole",
            url,
            form,
            signer: Some(&source),
            secrets,
        }
        .send(&self.config, self.config.clock())
        .await
        .map_err(|k| self.error(k))
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.cache
            .provide(self.config.clock(), "assumed RAM role", || self.fetch())
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.config.attach_transport(transport);
        self.source.attach_transport(transport);
    }
}

/// Credentials of a RAM role assumed with an OIDC token: RRSA on Container
/// Service for Kubernetes (ACK), where the pod's service account token is
/// exchanged with STS `AssumeRoleWithOIDC` (an unsigned call: the token is
/// the proof).
///
/// The settings come from [`with_role_arn`](Self::with_role_arn),
/// [`with_oidc_provider_arn`](Self::with_oidc_provider_arn) and
/// [`with_token_file`](Self::with_token_file), else from the variables ACK
/// sets: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE`; the session name from
/// [`with_session_name`](Self::with_session_name), else
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else generated. The token file is read
/// again for every refresh (Kubernetes rotates it), sent in the request body
/// and never kept. The credentials are cached and refreshed 3 minutes before
/// they expire.
///
/// ```no_run
/// use std::sync::Arc;
/// use alibabacloud_runtime::credentials::OidcRoleProvider;
/// use alibabacloud_runtime::Config;
///
/// # fn run() -> Result<(), alibabacloud_runtime::Error> {
/// // In a pod with RRSA enabled, the variables are already set.
/// let config = Config::builder()
///     .credentials_provider(Arc::new(OidcRoleProvider::new()))
///     .build()?;
/// # let _ = config; Ok(()) }
/// ```
pub struct OidcRoleProvider {
    config: ProviderConfig,
    role_arn: Option<String>,
    oidc_provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    sts: StsSettings,
    generated_name: OnceLock<String>,
    cache: CacheState,
}

impl Default for OidcRoleProvider {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl fmt::Debug for OidcRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("oidc_provider_arn", &self.oidc_provider_arn)
            .field("token_file", &self.token_file)
            .field("sts", &self.sts)
            .field("cache", &self.cache)
            .finish()
    }
}

impl OidcRoleProvider {
    /// The provider configured by the `ALIBABA_CLOUD_*` variables of the
    /// process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// The provider reading variables, the clock and the STS endpoint from
    /// `config`.
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            config,
            role_arn: None,
            oidc_provider_arn: None,
            token_file: None,
            sts: StsSettings::default(),
            generated_name: OnceLock::new(),
            cache: CacheState::new(DEFAULT_REFRESH_BUFFER),
        }
    }

    /// The role to assume, instead of `ALIBABA_CLOUD_ROLE_ARN`.
    pub fn with_role_arn(mut self, arn: impl Into<String>) -> Self {
        self.role_arn = Some(arn.into());
        self.cache.clear();
        self
    }

    /// The OIDC identity provider, instead of
    /// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.
    pub fn with_oidc_provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.oidc_provider_arn = Some(arn.into());
        self
    }

    /// The file holding the OIDC token, instead of
    /// `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
    pub fn with_token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }

    /// The role session name, instead of `ALIBABA_CLOUD_ROLE_SESSION_NAME`.
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.sts.session_name = Some(name.into());
        self
    }

    /// How long the role's credentials last (at least 900 s; default 1 h).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.sts.duration = duration;
        self
    }

    /// A policy (JSON) that further limits what the credentials may do.
    pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
        self.sts.policy = Some(policy.into());
        self
    }

    /// Calls STS in this region (`sts.<region>.aliyuncs.com`).
    pub fn with_sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }

    /// Whether to use the region's VPC endpoint (`sts-vpc.<region>…`).
    pub fn with_vpc_endpoint(mut self, enabled: bool) -> Self {
        self.sts.vpc = Some(enabled);
        self
    }

    /// Calls STS at this endpoint (a host, or a base URL with a scheme),
    /// whatever the region.
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts.endpoint = Some(endpoint.into());
        self
    }

    fn setting(&self, explicit: Option<&str>, variable: &str) -> Option<String> {
        explicit
            .map(str::to_owned)
            .filter(|v| !v.trim().is_empty())
            .or_else(|| self.config.env().non_empty(variable))
            .map(|v| v.trim().to_owned())
    }

    fn session_name(&self) -> String {
        self.setting(self.sts.session_name.as_deref(), ROLE_SESSION_NAME_VAR)
            .unwrap_or_else(|| {
                self.generated_name
                    .get_or_init(|| generated_session_name(self.config.clock()))
                    .clone()
            })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let role_arn = self.setting(self.role_arn.as_deref(), ROLE_ARN_VAR);
        let error = |kind| {
            CredentialsError::new(
                CredentialsSource::OidcRole {
                    role_arn: role_arn.clone(),
                },
                kind,
            )
        };
        let missing = |name: &str| {
            error(CredentialsErrorKind::MissingVariable {
                name: name.to_owned(),
                set_instead: None,
            })
        };
        let role = role_arn.clone().ok_or_else(|| missing(ROLE_ARN_VAR))?;
        let provider_arn = self
            .setting(self.oidc_provider_arn.as_deref(), OIDC_PROVIDER_ARN_VAR)
            .ok_or_else(|| missing(OIDC_PROVIDER_ARN_VAR))?;
        let token_file = match &self.token_file {
            Some(path) => path.clone(),
            None => self
                .config
                .env()
                .non_empty(OIDC_TOKEN_FILE_VAR)
                .map(|p| PathBuf::from(p.trim()))
                .ok_or_else(|| missing(OIDC_TOKEN_FILE_VAR))?,
        };
        let duration = check_duration(self.sts.duration).map_err(error)?;
        let url = self
            .config
            .sts_url(
                self.sts.endpoint.as_deref(),
                self.sts.region.as_deref(),
                self.sts.vpc,
            )
            .map_err(error)?;
        let token = read_token(&token_file).map_err(error)?;
        let mut form = vec![
            ("RoleArn", role),
            ("OIDCProviderArn", provider_arn),
            ("OIDCToken", token.clone()),
            ("RoleSessionName", self.session_name()),
            ("DurationSeconds", duration.to_string()),
        ];
        if let Some(policy) = &self.sts.policy {
            form.push(("Policy", policy.clone()));
        }
        StsCall {
            action: "AssumeRoleWithOIDC",
            url,
            form,
            signer: None,
            secrets: vec![token.as_str()],
        }
        .send(&self.config, self.config.clock())
        .await
        .map_err(error)
    }
}

/// The OIDC token: the file's content without surrounding whitespace.
fn read_token(path: &Path) -> Result<String, CredentialsErrorKind> {
    let fail = |reason: String| CredentialsErrorKind::OidcTokenFile {
        path: path.to_owned(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| {
        fail(if e.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_owned()
        } else {
            e.to_string()
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".to_owned()))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(fail("the file is empty".to_owned()));
    }
    Ok(token.to_owned())
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.cache
            .provide(self.config.clock(), "OIDC role", || self.fetch())
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.config.attach_transport(transport);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assume_role_answer() {
        let ok = br#"{"RequestId":"R","AssumedRoleUser":{"Arn":"a","AssumedRoleId":"b"},"Credentials":{"SecurityToken":"t","AccessKeyId":"STS.a","AccessKeySecret":"s","Expiration":"2024-01-02T03:04:05Z"}}"#;
        let creds = read_credentials(ok).unwrap();
        assert_eq!(
            (creds.access_key_id(), creds.security_token()),
            ("STS.a", Some("t"))
        );
        assert_eq!(
            read_credentials(br#"{"RequestId":"R"}"#).unwrap_err(),
            "`Credentials` is missing"
        );
        assert_eq!(
            read_credentials(
                br#"{"Credentials":{"AccessKeyId":"a","AccessKeySecret":"SECRET-s"}}"#
            )
            .unwrap_err(),
            "in `Credentials`, `SecurityToken` is missing"
        );
    }

    #[test]
    fn error_answers_are_scrubbed() {
        let redactor = Redactor::new(["SECRET-s", "TOKEN-t"]);
        let body = br#"{"Code":"SignatureDoesNotMatch","Message":"string to sign: SECRET-s TOKEN-t","RequestId":"R-1","HostId":"sts.aliyuncs.com"}"#;
        let failure = service_failure(403, body, &redactor);
        assert_eq!(
            failure.to_string(),
            "HTTP 403 SignatureDoesNotMatch: string to sign: <redacted> <redacted> (request id R-1)"
        );
        assert_eq!(
            service_failure(502, b"<html>SECRET-s</html>", &redactor).to_string(),
            "HTTP 502"
        );
    }

    #[test]
    fn durations_below_the_minimum_are_refused() {
        assert_eq!(check_duration(Duration::from_secs(900)), Ok(900));
        assert_eq!(
            check_duration(Duration::from_secs(899))
                .unwrap_err()
                .to_string(),
            "session duration is invalid: expected at least 900 seconds"
        );
    }
}
