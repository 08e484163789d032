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
//! The providers that fetch credentials over HTTP (STS, the ECS metadata
//! service, a credentials URI) send their requests through the transport of
//! the client they serve: a client hands its transport to its provider when
//! it is built ([`ProvideCredentials::attach_transport`]), so that the
//! client's proxy, root certificates, pool and connect timeout apply to them
//! too, and a `test_util::MockTransport` answers them in tests. Their own
//! time limits and a 64 KiB limit on answers still apply. Requests to the
//! ECS metadata service are always sent directly, never through a proxy:
//! the service answers only on the instance itself, and a proxy elsewhere
//! would reach its own instance's role, or nothing. A provider used without
//! a client, or given one with [`ProviderConfig::with_transport`], uses that
//! one: by default an HTTP client honouring the proxy environment variables.
//!
//! Every provider reads the process environment, the system clock, and the
//! real metadata service and STS by default. For tests, or to take settings
//! from somewhere else, hand it an [`Env`] or a whole [`ProviderConfig`]
//! instead:
//!
//! ```
//! use alibabacloud_runtime::credentials::{Env, EnvironmentProvider, ProvideCredentials};
//!
//! # async fn run() -> Result<(), alibabacloud_runtime::credentials::CredentialsError> {
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
mod fetch;
mod file;
mod future;
mod ini;
mod keys;
mod profile;
mod provide;
mod provider_config;
mod sts;
mod uri;
mod vars;

pub use cache::{CredentialsCache, DEFAULT_REFRESH_BUFFER};
pub use chain::DefaultCredentialsChain;
pub use clock::{Clock, ManualClock, SystemClock};
pub use ecs::{EcsRamRoleProvider, DEFAULT_ECS_METADATA_TIMEOUT};
pub use env::{Env, EnvironmentProvider};
pub use error::{CredentialsError, CredentialsErrorKind, CredentialsSource, RequestFailure};
pub use fetch::MAX_ANSWER_SIZE;
pub use future::ProvideCredentialsFuture;
pub use ini::CredentialsFileProvider;
pub use keys::Credentials;
pub use profile::ProfileProvider;
pub use provide::ProvideCredentials;
pub use provider_config::{ProviderConfig, DEFAULT_ECS_METADATA_ENDPOINT, DEFAULT_STS_ENDPOINT};
pub use sts::{
    AssumeRoleProvider, OidcRoleProvider, DEFAULT_SESSION_DURATION, MIN_SESSION_DURATION,
    STS_API_VERSION,
};
pub use uri::{CredentialsUriProvider, DEFAULT_CREDENTIALS_URI_TIMEOUT};
pub use vars::{
    ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR, CLI_PROFILE_DISABLED_VAR, CREDENTIALS_FILE_VAR,
    CREDENTIALS_URI_VAR, ECS_METADATA_DISABLED_VAR, ECS_METADATA_VAR, IMDSV1_DISABLED_VAR,
    OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR, PROFILE_VAR, ROLE_ARN_VAR, ROLE_SESSION_NAME_VAR,
    SECURITY_TOKEN_VAR, STS_REGION_VAR, VPC_ENDPOINT_ENABLED_VAR,
};
