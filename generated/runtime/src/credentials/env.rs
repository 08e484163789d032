//! Environment lookups and the environment-variable provider.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::error::{CredentialsError, CredentialsErrorKind, CredentialsSource};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::vars::{check_value, ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR, SECURITY_TOKEN_VAR};

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where providers read environment variables (and `HOME`) from: the process
/// environment by default, or a function or fixed map given instead, so that
/// tests need not mutate the real environment.
///
/// `Debug` never shows variable values.
///
/// ```
/// use alibabacloud_runtime::credentials::Env;
///
/// let env = Env::from_fn(|name| (name == "HOME").then(|| "/home/me".to_owned()));
/// assert_eq!(env.get("HOME").as_deref(), Some("/home/me"));
/// assert_eq!(env.get("PATH"), None);
/// ```
#[derive(Clone, Default)]
pub struct Env {
    custom: Option<Arc<Lookup>>,
}

impl Env {
    /// The process environment (`std::env::var_os`), read at each lookup.
    pub fn process() -> Self {
        Self { custom: None }
    }

    /// No variables at all (and so no home directory either).
    pub fn empty() -> Self {
        Self::from_fn(|_| None)
    }

    /// Variables looked up through `lookup`; `None` means "not set".
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            custom: Some(Arc::new(lookup)),
        }
    }

    /// Exactly the variables in `pairs`, and no others.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_fn(move |name| map.get(name).cloned())
    }

    /// Whether this reads the process environment.
    pub fn is_process(&self) -> bool {
        self.custom.is_none()
    }

    /// The value of `name`, or `None` if it is not set (or, in the process
    /// environment, not valid UTF-8).
    pub fn get(&self, name: &str) -> Option<String> {
        self.var(name).ok().flatten()
    }

    /// The value of `name`: `Ok(None)` if unset, an error if not UTF-8.
    pub(super) fn var(&self, name: &str) -> Result<Option<String>, CredentialsErrorKind> {
        match &self.custom {
            Some(lookup) => Ok(lookup(name)),
            None => match std::env::var_os(name).map(OsString::into_string) {
                None => Ok(None),
                Some(Ok(value)) => Ok(Some(value)),
                Some(Err(_)) => Err(CredentialsErrorKind::VariableNotUnicode {
                    name: name.to_owned(),
                }),
            },
        }
    }

    /// A non-empty value of `name`, treating empty as unset.
    pub(super) fn non_empty(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }

    /// Whether `name` is set to `true` (case-insensitive, surrounding
    /// whitespace ignored).
    pub(super) fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The home directory: `HOME`, or on Windows also `USERPROFILE`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        let mut names = vec!["HOME"];
        if cfg!(windows) {
            names.push("USERPROFILE");
        }
        names
            .into_iter()
            .find_map(|name| self.non_empty(name))
            .map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_process() {
            "Env(process)"
        } else {
            "Env(custom)"
        })
    }
}

/// Credentials from environment variables: `ALIBABA_CLOUD_ACCESS_KEY_ID` and
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (both required, non-empty), plus
/// `ALIBABA_CLOUD_SECURITY_TOKEN` for STS credentials (ignored when empty).
///
/// The variables are read on every call (no I/O: the future is ready at
/// once).
///
/// ```
/// use alibabacloud_runtime::credentials::{EnvironmentProvider, ProvideCredentials};
///
/// # async fn run() -> Result<(), alibabacloud_runtime::credentials::CredentialsError> {
/// let provider = EnvironmentProvider::with_lookup(|name| match name {
///     "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some("STS.example".to_owned()),
///     "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some("temporary-secret".to_owned()),
///     "ALIBABA_CLOUD_SECURITY_TOKEN" => Some("temporary-token".to_owned()),
///     _ => None,
/// });
/// let creds = provider.provide_credentials().await?;
/// assert_eq!(creds.security_token(), Some("temporary-token"));
///
/// let err = EnvironmentProvider::with_lookup(|_| None).provide_credentials().await.unwrap_err();
/// assert_eq!(err.to_string(), "environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set");
/// # Ok(()) }
/// # futures::executor::block_on(run()).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads variables from `env`.
    pub fn with_env(env: Env) -> Self {
        Self { env }
    }

    /// Reads variables through `lookup` (`None` means "not set").
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::with_env(Env::from_fn(lookup))
    }

    fn required(&self, name: &str) -> Result<String, CredentialsError> {
        let fail = |kind| CredentialsError::new(CredentialsSource::Environment, kind);
        let value = self.env.var(name).map_err(fail)?.ok_or_else(|| {
            fail(CredentialsErrorKind::MissingVariable {
                name: name.to_owned(),
                set_instead: self.set_instead(name),
            })
        })?;
        check_value(
            value,
            CredentialsErrorKind::EmptyVariable {
                name: name.to_owned(),
            },
            name,
        )
        .map_err(fail)
    }
}

/// Names other tools (the aliyun CLI, the legacy SDK, Terraform) read the
/// access key id and secret from, for a hint when only those are set.
const OTHER_NAMES: [(&str, &[&str]); 2] = [
    (
        ACCESS_KEY_ID_VAR,
        &[
            "ALIBABACLOUD_ACCESS_KEY_ID",
            "ALICLOUD_ACCESS_KEY_ID",
            "ALICLOUD_ACCESS_KEY",
            "ALIYUN_ACCESS_KEY_ID",
            "ACCESS_KEY_ID",
        ],
    ),
    (
        ACCESS_KEY_SECRET_VAR,
        &[
            "ALIBABACLOUD_ACCESS_KEY_SECRET",
            "ALICLOUD_ACCESS_KEY_SECRET",
            "ALICLOUD_SECRET_KEY",
            "ALIYUN_ACCESS_KEY_SECRET",
            "ACCESS_KEY_SECRET",
        ],
    ),
];

impl EnvironmentProvider {
    /// The first set, non-empty variable other tools read instead of `name`.
    fn set_instead(&self, name: &str) -> Option<String> {
        OTHER_NAMES
            .iter()
            .filter(|(n, _)| *n == name)
            .flat_map(|(_, others)| others.iter())
            .find(|other| self.env.non_empty(other).is_some())
            .map(|other| (*other).to_owned())
    }
}

impl EnvironmentProvider {
    fn read(&self) -> Result<Credentials, CredentialsError> {
        let id = self.required(ACCESS_KEY_ID_VAR)?;
        let secret = self.required(ACCESS_KEY_SECRET_VAR)?;
        let creds = Credentials::new(id, secret);
        let token = self
            .env
            .var(SECURITY_TOKEN_VAR)
            .map_err(|kind| CredentialsError::new(CredentialsSource::Environment, kind))?;
        match token {
            Some(token) if !token.trim().is_empty() => {
                let token = check_value(
                    token,
                    CredentialsErrorKind::EmptyVariable {
                        name: SECURITY_TOKEN_VAR.to_owned(),
                    },
                    SECURITY_TOKEN_VAR,
                )
                .map_err(|kind| CredentialsError::new(CredentialsSource::Environment, kind))?;
                Ok(creds.with_security_token(token))
            }
            _ => Ok(creds),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        ProvideCredentialsFuture::ready(self.read())
    }
}
