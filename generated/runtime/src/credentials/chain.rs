//! The default credentials chain, in the order of Alibaba Cloud's official
//! credentials libraries.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::ecs::EcsRamRoleProvider;
use super::env::{Env, EnvironmentProvider};
use super::error::{CredentialsError, CredentialsErrorKind, CredentialsSource};
use super::future::ProvideCredentialsFuture;
use super::ini::CredentialsFileProvider;
use super::keys::Credentials;
use super::profile::ProfileProvider;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::sts::OidcRoleProvider;
use super::uri::CredentialsUriProvider;
use super::vars::{
    CLI_PROFILE_DISABLED_VAR, CREDENTIALS_URI_VAR, ECS_METADATA_DISABLED_VAR,
    OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR, ROLE_ARN_VAR,
};
use crate::transport::SharedTransport;

/// The credentials a client uses when given none: the first of these
/// sources that yields credentials, in the order of Alibaba Cloud's official
/// credentials libraries.
///
/// 1. The environment ([`EnvironmentProvider`]):
///    `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
///    optionally `ALIBABA_CLOUD_SECURITY_TOKEN`.
/// 2. An OIDC role ([`OidcRoleProvider`], RRSA on ACK), when
///    `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set.
/// 3. The aliyun CLI profile ([`ProfileProvider`]) in
///    `~/.aliyun/config.json`, selected by `ALIBABA_CLOUD_PROFILE` or the
///    file's `current` key; skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`
///    is `true`.
/// 4. The shared credentials file ([`CredentialsFileProvider`]),
///    `ALIBABA_CLOUD_CREDENTIALS_FILE` or `~/.alibabacloud/credentials.ini`,
///    section `ALIBABA_CLOUD_PROFILE` or `default`.
/// 5. The ECS instance RAM role ([`EcsRamRoleProvider`]) from the metadata
///    service (each request limited to 1 s, so that off ECS the chain moves
///    on quickly); skipped when `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is
///    `true`.
/// 6. A credentials URI ([`CredentialsUriProvider`]), when
///    `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
///
/// The first source that yields wins and is used from then on (safe to
/// share between threads; concurrent first calls resolve once, and share
/// the outcome): fixed
/// credentials from the environment are kept as they are, the others are
/// asked again on each call, and those whose credentials expire cache them
/// and refresh them 3 minutes ahead (see
/// [`CredentialsCache`](super::CredentialsCache)). Until one yields, every
/// call tries them all again. If none does, the error lists what each source
/// said, e.g.
///
/// ```text
/// default credentials chain: no source yielded credentials (environment:
/// `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set; OIDC role: `ALIBABA_CLOUD_ROLE_ARN`
/// is not set; aliyun CLI config /home/me/.aliyun/config.json: file not found;
/// credentials file /home/me/.alibabacloud/credentials.ini: file not found;
/// ECS instance RAM role: PUT http://100.100.100.200/latest/api/token: could
/// not connect: no connection within 1s; credentials URI:
/// `ALIBABA_CLOUD_CREDENTIALS_URI` is not set); set …
/// ```
///
/// ```
/// use alibabacloud_runtime::credentials::{
///     DefaultCredentialsChain, Env, ProvideCredentials,
/// };
///
/// # async fn run() -> Result<(), alibabacloud_runtime::credentials::CredentialsError> {
/// // No variables, no home directory, and not on ECS: nothing to find.
/// let chain = DefaultCredentialsChain::with_env(Env::from_pairs([
///     ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
/// ]));
/// let err = chain.provide_credentials().await.unwrap_err();
/// assert!(err.to_string().contains("`ALIBABA_CLOUD_ACCESS_KEY_ID` is not set"));
///
/// let chain = DefaultCredentialsChain::with_env(Env::from_pairs([
///     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-example"),
///     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
/// ]));
/// assert_eq!(chain.provide_credentials().await?.access_key_id(), "LTAI-example");
/// # Ok(()) }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run()).unwrap();
/// ```
pub struct DefaultCredentialsChain {
    config: ProviderConfig,
    environment: EnvironmentProvider,
    oidc: OidcRoleProvider,
    profile: ProfileProvider,
    file: CredentialsFileProvider,
    ecs: EcsRamRoleProvider,
    uri: CredentialsUriProvider,
    winner: OnceLock<Winner>,
    /// One caller resolves at a time; holds the last round's failure.
    resolving: tokio::sync::Mutex<Option<CredentialsError>>,
    /// Counts finished rounds, so that callers who waited for one share its
    /// failure instead of each trying every source again.
    rounds: AtomicU64,
}

enum Winner {
    Environment(Credentials),
    Oidc,
    Profile,
    File,
    Ecs,
    Uri,
}

impl Winner {
    fn name(&self) -> &'static str {
        match self {
            Winner::Environment(_) => "environment",
            Winner::Oidc => "OIDC role",
            Winner::Profile => "aliyun CLI profile",
            Winner::File => "credentials file",
            Winner::Ecs => "ECS instance RAM role",
            Winner::Uri => "credentials URI",
        }
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsChain")
            .field("env", self.config.env())
            .field("profile", &self.profile)
            .field("credentials_file", &self.file)
            .field("ecs", &self.ecs)
            .field("resolved", &self.winner.get().map(Winner::name))
            .finish()
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment, `$HOME`, the real metadata
    /// service and STS.
    pub fn new() -> Self {
        Self::default()
    }

    /// The chain reading every variable (including `HOME`) from `env`.
    pub fn with_env(env: Env) -> Self {
        Self::with_provider_config(ProviderConfig::new().with_env(env))
    }

    /// The chain with these surroundings: variables, clock, metadata service
    /// and STS endpoints (see [`ProviderConfig`]).
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            environment: EnvironmentProvider::with_env(config.env().clone()),
            oidc: OidcRoleProvider::with_provider_config(config.clone()),
            profile: ProfileProvider::with_provider_config(config.clone()),
            file: CredentialsFileProvider::with_provider_config(config.clone()),
            ecs: EcsRamRoleProvider::with_provider_config(config.clone()),
            uri: CredentialsUriProvider::with_provider_config(config.clone()),
            config,
            winner: OnceLock::new(),
            resolving: tokio::sync::Mutex::new(None),
            rounds: AtomicU64::new(0),
        }
    }

    /// Uses `profile` (e.g. with another file or a fixed profile name) as
    /// the aliyun CLI source.
    ///
    /// ```
    /// use alibabacloud_runtime::credentials::{DefaultCredentialsChain, ProfileProvider};
    ///
    /// let chain = DefaultCredentialsChain::new()
    ///     .with_profile_provider(ProfileProvider::new().with_profile("deploy"));
    /// # let _ = chain;
    /// ```
    pub fn with_profile_provider(mut self, profile: ProfileProvider) -> Self {
        self.profile = profile;
        self.winner = OnceLock::new();
        self
    }

    /// Which source won, once one has: `"environment"`, `"OIDC role"`,
    /// `"aliyun CLI profile"`, `"credentials file"`, `"ECS instance RAM
    /// role"` or `"credentials URI"`.
    pub fn resolved_source(&self) -> Option<&'static str> {
        self.winner.get().map(Winner::name)
    }

    fn serve(&self, winner: &Winner) -> ProvideCredentialsFuture<'_> {
        match winner {
            Winner::Environment(credentials) => {
                ProvideCredentialsFuture::ready(Ok(credentials.clone()))
            }
            Winner::Oidc => self.oidc.provide_credentials(),
            Winner::Profile => self.profile.provide_credentials(),
            Winner::File => self.file.provide_credentials(),
            Winner::Ecs => self.ecs.provide_credentials(),
            Winner::Uri => self.uri.provide_credentials(),
        }
    }

    /// Tries the sources in order; the first that yields becomes the winner.
    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let seen = self.rounds.load(Ordering::Acquire);
        let mut last_failure = self.resolving.lock().await;
        if let Some(winner) = self.winner.get() {
            return self.serve(winner).await;
        }
        if self.rounds.load(Ordering::Acquire) != seen {
            if let Some(error) = last_failure.as_ref() {
                return Err(error.clone());
            }
        }
        let result = self.try_sources().await;
        *last_failure = result.as_ref().err().cloned();
        self.rounds.fetch_add(1, Ordering::Release);
        result
    }

    async fn try_sources(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.env();
        let mut attempts = Vec::new();
        let won = |winner: Winner, credentials: Credentials| {
            let _ = self.winner.set(winner);
            Ok(credentials)
        };

        match self.environment.provide_credentials().await {
            Ok(credentials) => return won(Winner::Environment(credentials.clone()), credentials),
            Err(e) => attempts.push(e),
        }

        let oidc_missing = [ROLE_ARN_VAR, OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR]
            .into_iter()
            .find(|name| env.non_empty(name).is_none());
        match oidc_missing {
            Some(name) => attempts.push(CredentialsError::new(
                CredentialsSource::OidcRole { role_arn: None },
                CredentialsErrorKind::MissingVariable {
                    name: name.to_owned(),
                    set_instead: None,
                },
            )),
            None => match self.oidc.provide_credentials().await {
                Ok(credentials) => return won(Winner::Oidc, credentials),
                Err(e) => attempts.push(e),
            },
        }

        if env.is_true(CLI_PROFILE_DISABLED_VAR) {
            attempts.push(CredentialsError::new(
                CredentialsSource::CliConfig {
                    path: self.profile.config_path().ok(),
                },
                CredentialsErrorKind::Disabled {
                    variable: CLI_PROFILE_DISABLED_VAR.to_owned(),
                },
            ));
        } else {
            match self.profile.provide_credentials().await {
                Ok(credentials) => return won(Winner::Profile, credentials),
                Err(e) => attempts.push(e),
            }
        }

        match self.file.provide_credentials().await {
            Ok(credentials) => return won(Winner::File, credentials),
            Err(e) => attempts.push(e),
        }

        if env.is_true(ECS_METADATA_DISABLED_VAR) {
            attempts.push(CredentialsError::new(
                CredentialsSource::EcsMetadata { role: None },
                CredentialsErrorKind::Disabled {
                    variable: ECS_METADATA_DISABLED_VAR.to_owned(),
                },
            ));
        } else {
            match self.ecs.provide_credentials().await {
                Ok(credentials) => return won(Winner::Ecs, credentials),
                Err(e) => attempts.push(e),
            }
        }

        if env.non_empty(CREDENTIALS_URI_VAR).is_none() {
            attempts.push(CredentialsError::new(
                CredentialsSource::CredentialsUri { uri: None },
                CredentialsErrorKind::MissingVariable {
                    name: CREDENTIALS_URI_VAR.to_owned(),
                    set_instead: None,
                },
            ));
        } else {
            match self.uri.provide_credentials().await {
                Ok(credentials) => return won(Winner::Uri, credentials),
                Err(e) => attempts.push(e),
            }
        }

        Err(CredentialsError::new(
            CredentialsSource::DefaultChain,
            CredentialsErrorKind::NoSourceYielded { attempts },
        ))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        match self.winner.get() {
            Some(winner) => self.serve(winner),
            None => ProvideCredentialsFuture::new(self.resolve()),
        }
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.config.attach_transport(transport);
        self.oidc.attach_transport(transport);
        self.profile.attach_transport(transport);
        self.file.attach_transport(transport);
        self.ecs.attach_transport(transport);
        self.uri.attach_transport(transport);
    }
}
