//! Credentials used to sign requests, and where they come from.
//!
//! A request is signed with an access key pair, optionally with an STS
//! security token ([`Credentials`]). A [`ProvideCredentials`] implementation
//! supplies them, asynchronously, before every attempt:
//!
//! - [`Credentials`] themselves are fixed, explicitly configured keys.
//! - [`EnvironmentProvider`] reads `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//!   `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and optionally
//!   `ALIBABA_CLOUD_SECURITY_TOKEN`.
//! - [`OidcRoleProvider`] exchanges an OIDC token for a RAM role's
//!   credentials (RRSA on Kubernetes).
//! - [`ProfileProvider`] reads a profile of the aliyun CLI configuration
//!   file `~/.aliyun/config.json` (modes `AK`, `StsToken`, `RamRoleArn`,
//!   `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`).
//! - [`CredentialsFileProvider`] reads a section of
//!   `~/.alibabacloud/credentials.ini`.
//! - [`EcsRamRoleProvider`] asks the ECS metadata service for the instance's
//!   RAM role credentials.
//! - [`CredentialsUriProvider`] fetches credentials from a URI.
//! - [`AssumeRoleProvider`] assumes a RAM role with other credentials (STS
//!   `AssumeRole`).
//! - [`DefaultCredentialsChain`] tries environment, OIDC, CLI profile,
//!   credentials file, ECS role and credentials URI, in that order; it is
//!   what a client uses when given no credentials.
//! - [`CredentialsCache`] caches any provider's expiring credentials and
//!   refreshes them ahead of expiry; the providers above whose credentials
//!   expire do this themselves.
//!
//! Secrets never appear in `Debug` or `Display` output: neither of
//! [`Credentials`], nor of the providers, nor of a [`CredentialsError`], nor
//! in logs.
//!
//! Every provider reads the process environment, the system clock, and the
//! real metadata service and STS by default. For tests, or to take settings
//! from somewhere else, hand it an [`Env`] or a whole [`ProviderConfig`]
//! instead:
//!
//! ```
//! use alibabacloud_runtime::credentials::{Env, EnvironmentProvider, ProvideCredentials};
//!
//! # async fn run() -> Result<(), alibabacloud_runtime::CredentialsError> {
//! let env = Env::from_pairs([
//!     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-example"),
//!     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
//! ]);
//! let creds = EnvironmentProvider::with_env(env).provide_credentials().await?;
//! assert_eq!(creds.access_key_id(), "LTAI-example");
//! assert_eq!(creds.security_token(), None);
//! # Ok(()) }
//! # futures::executor::block_on(run()).unwrap();
//! ```

mod cache;
mod chain;
mod clock;
mod ecs;
mod env;
mod error;
mod file;
mod future;
mod http;
mod ini;
mod profile;
mod provider_config;
mod sts;
mod uri;

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

pub use cache::{CredentialsCache, DEFAULT_REFRESH_BUFFER};
pub use chain::DefaultCredentialsChain;
pub use clock::{Clock, ManualClock, SystemClock};
pub use ecs::{EcsRamRoleProvider, DEFAULT_ECS_METADATA_TIMEOUT};
pub use env::{Env, EnvironmentProvider};
pub use error::{CredentialsError, CredentialsErrorKind, CredentialsSource, RequestFailure};
pub use future::ProvideCredentialsFuture;
pub use ini::CredentialsFileProvider;
pub use profile::ProfileProvider;
pub use provider_config::{ProviderConfig, DEFAULT_ECS_METADATA_ENDPOINT, DEFAULT_STS_ENDPOINT};
pub use sts::{
    AssumeRoleProvider, OidcRoleProvider, DEFAULT_SESSION_DURATION, MIN_SESSION_DURATION,
    STS_API_VERSION,
};
pub use uri::{
    CredentialsUriProvider, DEFAULT_CREDENTIALS_URI_CONNECT_TIMEOUT,
    DEFAULT_CREDENTIALS_URI_TIMEOUT,
};

/// Environment variable holding the access key id.
pub const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an optional STS security token.
pub const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Environment variable naming the profile to use: of the aliyun CLI file
/// (instead of its `current` profile) and of the credentials file (instead
/// of `default`).
pub const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable that, set to `true`, makes the
/// [`DefaultCredentialsChain`] skip the aliyun CLI configuration file.
pub const CLI_PROFILE_DISABLED_VAR: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// Environment variable naming the credentials file (instead of
/// `~/.alibabacloud/credentials.ini`).
pub const CREDENTIALS_FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// Environment variable holding the ARN of the RAM role to assume (OIDC, and
/// [`AssumeRoleProvider`] has none configured).
pub const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// Environment variable holding the ARN of the OIDC identity provider.
pub const OIDC_PROVIDER_ARN_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// Environment variable naming the file that holds the OIDC token.
pub const OIDC_TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// Environment variable holding the role session name for assumed roles.
pub const ROLE_SESSION_NAME_VAR: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// Environment variable naming the region whose STS endpoint to call.
pub const STS_REGION_VAR: &str = "ALIBABA_CLOUD_STS_REGION";
/// Environment variable that, set to `true`, makes STS calls use the
/// region's VPC endpoint (`sts-vpc.<region>.aliyuncs.com`).
pub const VPC_ENDPOINT_ENABLED_VAR: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// Environment variable naming the ECS instance's RAM role (instead of
/// asking the metadata service).
pub const ECS_METADATA_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Environment variable that, set to `true`, turns the ECS metadata service
/// off as a credentials source.
pub const ECS_METADATA_DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// Environment variable that, set to `true`, forbids falling back to
/// metadata requests without a session token (IMDSv1).
pub const IMDSV1_DISABLED_VAR: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// Environment variable holding a URI that serves credentials.
pub const CREDENTIALS_URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// What `Debug` and `Display` print instead of a secret or a token.
const REDACTED: &str = "** redacted **";

/// An access key pair, optionally with an STS security token and the time
/// it expires.
///
/// Cloning is cheap (a reference count). `Debug` and `Display` show the
/// access key id but never the secret or the token:
///
/// ```
/// use alibabacloud_runtime::Credentials;
///
/// let creds = Credentials::new("LTAI-example", "my-secret").with_security_token("my-token");
/// assert_eq!(creds.security_token(), Some("my-token"));
/// let shown = format!("{creds:?} {creds}");
/// assert!(shown.contains("LTAI-example"));
/// assert!(!shown.contains("my-secret") && !shown.contains("my-token"));
/// ```
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Credentials {}

impl Credentials {
    /// Credentials from an access key id and secret (a RAM user's or the
    /// account's long-term key).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiry: None,
        }))
    }

    /// Adds an STS security token: the id and secret are then the temporary
    /// pair STS issued together with the token, and every request carries
    /// the token as `SecurityToken`.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).security_token = Some(token.into());
        self
    }

    /// Sets when these credentials stop working. Caches refresh them ahead
    /// of it (see [`CredentialsCache`]); without one they are kept for good.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        Arc::make_mut(&mut self.0).expiry = Some(expiry);
        self
    }

    /// The access key id (`AccessKeyId`).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The access key secret, the HMAC key requests are signed with.
    pub fn access_key_secret(&self) -> &str {
        &self.0.access_key_secret
    }

    /// The STS security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.0.security_token.as_deref()
    }

    /// When these credentials expire, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("access_key_id", &self.0.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| REDACTED),
            );
        if let Some(expiry) = self.0.expiry {
            s.field("expiry", &clock::format_time(expiry));
        }
        s.finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "access key id {} (secret {REDACTED}",
            self.0.access_key_id
        )?;
        if self.0.security_token.is_some() {
            write!(f, ", STS security token {REDACTED}")?;
        }
        if let Some(expiry) = self.0.expiry {
            write!(f, ", expires {}", clock::format_time(expiry))?;
        }
        f.write_str(")")
    }
}

/// Something that supplies the credentials each request is signed with.
///
/// The client asks before every attempt, so an implementation that fetches
/// credentials from somewhere slow should cache them: wrap it in a
/// [`CredentialsCache`], which also refreshes expiring credentials ahead of
/// time, once for all concurrent callers. Return
/// [`ProvideCredentialsFuture::ready`] when the credentials are at hand and
/// [`ProvideCredentialsFuture::new`] with an `async` block when there is work
/// to do:
///
/// ```
/// use alibabacloud_runtime::credentials::{
///     Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
/// };
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl FromVault {
///     async fn fetch(&self) -> Result<Credentials, CredentialsError> {
///         Err(CredentialsError::custom("vault", "not reachable"))
///     }
/// }
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
///     where
///         Self: 'a,
///     {
///         ProvideCredentialsFuture::new(self.fetch())
///     }
/// }
///
/// # async fn run() {
/// let err = FromVault.provide_credentials().await.unwrap_err();
/// assert_eq!(err.to_string(), "vault: not reachable");
/// # }
/// # futures::executor::block_on(run());
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns the credentials to sign a request with.
    ///
    /// The error's `Debug` and `Display` must not contain secrets.
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        ProvideCredentialsFuture::ready(Ok(self.clone()))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        (**self).provide_credentials()
    }
}

/// Checks a credential value read from `name` (an environment variable or a
/// key in a file): non-empty and without surrounding whitespace.
fn check_value(
    value: String,
    empty: CredentialsErrorKind,
    name: &str,
) -> Result<String, CredentialsErrorKind> {
    if value.trim().is_empty() {
        Err(empty)
    } else if value.trim() != value {
        Err(CredentialsErrorKind::SurroundingWhitespace {
            name: name.to_owned(),
        })
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt as _;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn debug_and_display_redact() {
        let c = Credentials::new("LTAI-id", "SECRET-x").with_security_token("TOKEN-y");
        let debug = format!("{c:?}");
        assert_eq!(
            debug,
            r#"Credentials { access_key_id: "LTAI-id", access_key_secret: "** redacted **", security_token: Some("** redacted **") }"#
        );
        assert_eq!(
            c.to_string(),
            "access key id LTAI-id (secret ** redacted **, STS security token ** redacted **)"
        );
        let plain = Credentials::new("LTAI-id", "SECRET-x");
        assert_eq!(
            plain.to_string(),
            "access key id LTAI-id (secret ** redacted **)"
        );
        assert!(format!("{plain:#?}").contains("security_token: None"));
        let expiring = c.with_expiry(UNIX_EPOCH + Duration::from_secs(1_704_164_645));
        assert_eq!(
            expiring.to_string(),
            "access key id LTAI-id (secret ** redacted **, STS security token ** redacted **, \
             expires 2024-01-02T03:04:05Z)"
        );
        assert!(format!("{expiring:?}").ends_with(r#", expiry: "2024-01-02T03:04:05Z" }"#));
    }

    #[test]
    fn static_credentials_provide_themselves_at_once() {
        let c = Credentials::new("a", "b").with_security_token("t");
        assert!(c.provide_credentials().is_ready());
        assert_eq!(c.provide_credentials().now_or_never().unwrap().unwrap(), c);
        let shared: Arc<dyn ProvideCredentials> = Arc::new(c.clone());
        assert_eq!(
            shared
                .provide_credentials()
                .now_or_never()
                .unwrap()
                .unwrap(),
            c
        );
        let boxed: Box<dyn ProvideCredentials> = Box::new(c.clone());
        assert_eq!(
            boxed.provide_credentials().now_or_never().unwrap().unwrap(),
            c
        );
    }

    #[test]
    fn builders_do_not_change_shared_copies() {
        let a = Credentials::new("a", "b");
        let b = a.clone().with_security_token("t");
        assert_eq!(a.security_token(), None);
        assert_eq!(b.security_token(), Some("t"));
        assert_ne!(a, b);
        assert_eq!(a, Credentials::new("a", "b"));
    }
}
