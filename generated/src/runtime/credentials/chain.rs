//! The default credentials chain: environment, then aliyun CLI profile.

use std::fmt;
use std::sync::OnceLock;

use super::env::{Env, EnvironmentProvider};
use super::profile::ProfileProvider;
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource, ProvideCredentials,
    CLI_PROFILE_DISABLED_VAR,
};

/// The credentials a client uses when given none: the first of these sources
/// that yields credentials.
///
/// 1. The environment ([`EnvironmentProvider`]):
///    `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
///    optionally `ALIBABA_CLOUD_SECURITY_TOKEN`.
/// 2. The aliyun CLI profile ([`ProfileProvider`]) in
///    `~/.aliyun/config.json`, selected by `ALIBABA_CLOUD_PROFILE` or the
///    file's `current` key; skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`
///    is `true`.
///
/// The first source that yields wins and is used from then on (safe to share
/// between threads): credentials from the environment are kept as they are,
/// the profile's are kept until the file changes (see [`ProfileProvider`]).
/// Until one yields, every call tries both again. If none does, the error
/// lists what each source said, e.g.
///
/// ```text
/// default credentials chain: no source yielded credentials (environment:
/// `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set; aliyun CLI config
/// /home/me/.aliyun/config.json: file not found); set …
/// ```
///
/// ```
/// use alibabacloud_domain::runtime::credentials::{
///     DefaultCredentialsChain, Env, ProvideCredentials,
/// };
///
/// // No variables and no home directory: nothing to find.
/// let chain = DefaultCredentialsChain::with_env(Env::empty());
/// let err = chain.provide_credentials().unwrap_err();
/// assert!(err.to_string().contains("`ALIBABA_CLOUD_ACCESS_KEY_ID` is not set"));
///
/// let chain = DefaultCredentialsChain::with_env(Env::from_pairs([
///     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-example"),
///     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
/// ]));
/// assert_eq!(chain.provide_credentials()?.access_key_id(), "LTAI-example");
/// # Ok::<(), alibabacloud_domain::runtime::CredentialsError>(())
/// ```
pub struct DefaultCredentialsChain {
    env: Env,
    environment: EnvironmentProvider,
    profile: ProfileProvider,
    winner: OnceLock<Winner>,
}

enum Winner {
    Environment(Credentials),
    Profile,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::with_env(Env::process())
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let resolved = self.winner.get().map(|w| match w {
            Winner::Environment(_) => "environment",
            Winner::Profile => "aliyun CLI profile",
        });
        f.debug_struct("DefaultCredentialsChain")
            .field("env", &self.env)
            .field("profile", &self.profile)
            .field("resolved", &resolved)
            .finish()
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment and `$HOME`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The chain reading every variable (including `HOME`) from `env`.
    pub fn with_env(env: Env) -> Self {
        Self {
            environment: EnvironmentProvider::with_env(env.clone()),
            profile: ProfileProvider::with_env(env.clone()),
            env,
            winner: OnceLock::new(),
        }
    }

    /// Uses `profile` (e.g. with another file or a fixed profile name) as
    /// the second source.
    ///
    /// ```
    /// use alibabacloud_domain::runtime::credentials::{DefaultCredentialsChain, ProfileProvider};
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

    fn serve(&self, winner: &Winner) -> Result<Credentials, CredentialsError> {
        match winner {
            Winner::Environment(credentials) => Ok(credentials.clone()),
            Winner::Profile => self.profile.provide_credentials(),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(winner) = self.winner.get() {
            return self.serve(winner);
        }
        let mut attempts = Vec::new();
        match self.environment.provide_credentials() {
            Ok(credentials) => {
                // If another thread settled first, follow it, so that every
                // caller sees the same credentials.
                let winner = self.winner.get_or_init(|| Winner::Environment(credentials));
                return self.serve(winner);
            }
            Err(e) => attempts.push(e),
        }
        if self.env.is_true(CLI_PROFILE_DISABLED_VAR) {
            let path = self.profile.config_path().ok();
            attempts.push(CredentialsError::new(
                CredentialsSource::CliConfig { path },
                CredentialsErrorKind::Disabled {
                    variable: CLI_PROFILE_DISABLED_VAR.to_owned(),
                },
            ));
        } else {
            match self.profile.provide_credentials() {
                Ok(credentials) => {
                    let winner = self.winner.get_or_init(|| Winner::Profile);
                    return match winner {
                        Winner::Profile => Ok(credentials),
                        Winner::Environment(_) => self.serve(winner),
                    };
                }
                Err(e) => attempts.push(e),
            }
        }
        Err(CredentialsError::new(
            CredentialsSource::DefaultChain,
            CredentialsErrorKind::NoSourceYielded { attempts },
        ))
    }
}
