//! Credentials from a profile of the aliyun CLI configuration file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use super::ecs::EcsRamRoleProvider;
use super::env::Env;
use super::error::{
    io_kind, json_error, CredentialsError, CredentialsErrorKind, CredentialsSource,
};
use super::file::{FileCache, Loaded};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::sts::{AssumeRoleProvider, OidcRoleProvider};
use super::vars::{check_value, PROFILE_VAR};
use crate::transport::SharedTransport;

/// The profile used when neither the caller, nor `ALIBABA_CLOUD_PROFILE`, nor
/// the file's `current` key names one (as the aliyun CLI does).
const FALLBACK_PROFILE: &str = "default";

/// How many `source_profile` links a `ChainableRamRoleArn` profile may follow.
const MAX_SOURCE_PROFILES: usize = 8;

const SUPPORTED_MODES: &str =
    "`AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`";

/// Credentials from a profile of the aliyun CLI configuration file,
/// `$HOME/.aliyun/config.json` (written by `aliyun configure`):
///
/// ```json
/// {
///   "current": "default",
///   "profiles": [
///     {"name": "default", "mode": "AK", "access_key_id": "…", "access_key_secret": "…"},
///     {"name": "tmp", "mode": "StsToken", "access_key_id": "…", "access_key_secret": "…", "sts_token": "…"},
///     {"name": "admin", "mode": "RamRoleArn", "access_key_id": "…", "access_key_secret": "…",
///      "ram_role_arn": "acs:ram::123456789012:role/admin", "ram_session_name": "cli", "expired_seconds": 3600},
///     {"name": "deep", "mode": "ChainableRamRoleArn", "source_profile": "admin",
///      "ram_role_arn": "acs:ram::210987654321:role/ops"},
///     {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "my-ecs-role"},
///     {"name": "ack", "mode": "OIDC", "ram_role_arn": "…", "oidc_provider_arn": "…",
///      "oidc_token_file": "/var/run/secrets/tokens/oidc-token"}
///   ]
/// }
/// ```
///
/// The profile is the one given with [`with_profile`](Self::with_profile),
/// else the one named by `ALIBABA_CLOUD_PROFILE`, else the file's `current`
/// profile (else `default`). Modes, matched case-insensitively like the CLI
/// does:
///
/// | Mode | Keys | Credentials |
/// |---|---|---|
/// | `AK` | `access_key_id`, `access_key_secret` | the key pair |
/// | `StsToken` | also `sts_token` | the temporary key pair and token |
/// | `RamRoleArn` | `access_key_id`, `access_key_secret`, `ram_role_arn`; optional `ram_session_name`, `expired_seconds`, `sts_region`, `enable_vpc`, `policy`, `external_id` | the role's, from STS `AssumeRole` ([`AssumeRoleProvider`]) |
/// | `ChainableRamRoleArn` | `source_profile`, `ram_role_arn`, and the optional keys above | the role's, assumed with the source profile's credentials |
/// | `EcsRamRole` | optional `ram_role_name` | the ECS instance's role ([`EcsRamRoleProvider`]) |
/// | `OIDC` | `ram_role_arn`, `oidc_provider_arn`, `oidc_token_file`; optional `role_session_name`, `expired_seconds`, `sts_region`, `enable_vpc`, `policy` | the role's, from STS `AssumeRoleWithOIDC` ([`OidcRoleProvider`]) |
///
/// Any other mode (`CloudSSO`, `OAuth`, `External`, …) is an
/// [`UnsupportedMode`](CredentialsErrorKind::UnsupportedMode) error.
///
/// What the profile describes is kept, and the file is read again only when
/// its size or modification time changes, so rotated STS credentials written
/// by the CLI are picked up. If such a re-read fails (the file is being
/// rewritten, was removed, or is broken), what was read before keeps being
/// used and a warning is logged. The role modes fetch, cache and refresh
/// their credentials like the providers they use.
///
/// ```
/// use alibabacloud_runtime::credentials::{ProfileProvider, ProvideCredentials};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let path = std::env::temp_dir().join(format!("aliyun-doc-{}.json", std::process::id()));
/// std::fs::write(&path, r#"{"current": "default", "profiles": [
///     {"name": "default", "mode": "AK", "access_key_id": "LTAI-doc", "access_key_secret": "doc-secret"}
/// ]}"#)?;
/// let provider = ProfileProvider::new().with_config_path(&path);
/// let creds = provider.provide_credentials().await?;
/// assert_eq!(creds.access_key_id(), "LTAI-doc");
///
/// let err = ProfileProvider::new()
///     .with_config_path(&path)
///     .with_profile("dev")
///     .provide_credentials()
///     .await
///     .unwrap_err();
/// assert!(err.to_string().contains("profile `dev`"));
/// assert!(err.to_string().ends_with("profile not found (the file has: default)"));
/// std::fs::remove_file(&path)?;
/// # Ok(()) }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run()).unwrap();
/// ```
pub struct ProfileProvider {
    config: ProviderConfig,
    config_path: Option<PathBuf>,
    profile: Option<String>,
    cache: FileCache,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl Clone for ProfileProvider {
    /// The same settings, with an empty cache.
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            config_path: self.config_path.clone(),
            profile: self.profile.clone(),
            cache: FileCache::default(),
        }
    }
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider")
            .field("env", self.config.env())
            .field("config_path", &self.config_path)
            .field("profile", &self.profile)
            .field("cached", &self.cache.is_cached())
            .finish()
    }
}

impl ProfileProvider {
    /// The profile selected by `ALIBABA_CLOUD_PROFILE` or the file, in
    /// `$HOME/.aliyun/config.json`, both read from the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Like [`new`](Self::new), but reads `HOME` and `ALIBABA_CLOUD_PROFILE`
    /// (and the variables role modes use) from `env`.
    pub fn with_env(env: Env) -> Self {
        Self::with_provider_config(ProviderConfig::new().with_env(env))
    }

    /// Like [`new`](Self::new), with these surroundings (variables, clock,
    /// metadata and STS endpoints for the role modes).
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            config,
            config_path: None,
            profile: None,
            cache: FileCache::default(),
        }
    }

    /// Reads this file instead of `$HOME/.aliyun/config.json`.
    pub fn with_config_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_path = Some(path.into());
        self.cache.clear();
        self
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and the file's
    /// `current` say.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self.cache.clear();
        self
    }

    /// The file this provider reads: the one given with
    /// [`with_config_path`](Self::with_config_path), else
    /// `$HOME/.aliyun/config.json`.
    pub fn config_path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(path) = &self.config_path {
            return Ok(path.clone());
        }
        self.config
            .env()
            .home_dir()
            .map(|home| home.join(".aliyun").join("config.json"))
            .ok_or_else(|| {
                CredentialsError::new(
                    CredentialsSource::CliConfig { path: None },
                    CredentialsErrorKind::NoHomeDirectory,
                )
            })
    }

    /// The explicitly requested profile: given by the caller, else by
    /// `ALIBABA_CLOUD_PROFILE`. `None` defers to the file.
    fn selector(&self) -> Option<String> {
        self.profile.clone().or_else(|| {
            self.config
                .env()
                .non_empty(PROFILE_VAR)
                .map(|v| v.trim().to_owned())
        })
    }

    fn loaded(&self) -> Result<Loaded, CredentialsError> {
        let path = self.config_path()?;
        let selector = self.selector();
        self.cache.get(
            &path,
            selector.as_deref(),
            "aliyun CLI config",
            |e| io_error(&path, e),
            |bytes| load(&self.config, &path, bytes, selector.as_deref()),
        )
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        match self.loaded() {
            Err(error) => ProvideCredentialsFuture::ready(Err(error)),
            Ok(Loaded::Static(credentials)) => ProvideCredentialsFuture::ready(Ok(credentials)),
            Ok(Loaded::Dynamic { provider, source }) => ProvideCredentialsFuture::new(async move {
                provider.provide_credentials().await.map_err(|error| {
                    CredentialsError::new(source, CredentialsErrorKind::Inner(error))
                })
            }),
        }
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        // The providers the file describes are made from clones of this
        // configuration, which share the transport.
        self.config.attach_transport(transport);
    }
}

fn io_error(path: &Path, error: &io::Error) -> CredentialsError {
    CredentialsError::new(
        CredentialsSource::CliConfig {
            path: Some(path.to_owned()),
        },
        io_kind(error),
    )
}

/// Parses the file's `bytes` and turns the selected profile into
/// credentials or a provider.
///
/// The JSON is parsed into a [`Value`] and picked apart by hand, so that no
/// error message can quote a value from the file.
fn load(
    config: &ProviderConfig,
    path: &Path,
    bytes: &[u8],
    selector: Option<&str>,
) -> Result<Loaded, CredentialsError> {
    let file_error = |kind| {
        CredentialsError::new(
            CredentialsSource::CliConfig {
                path: Some(path.to_owned()),
            },
            kind,
        )
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(bytes).map_err(|e| file_error(json_error(&e)))?;
    let root = root.as_object().ok_or_else(|| {
        file_error(CredentialsErrorKind::Other(
            "the file is not a JSON object".to_owned(),
        ))
    })?;

    let name = match selector {
        Some(name) => name.to_owned(),
        None => match root.get("current") {
            None | Some(Value::Null) => FALLBACK_PROFILE.to_owned(),
            Some(Value::String(s)) if s.trim().is_empty() => FALLBACK_PROFILE.to_owned(),
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => {
                return Err(file_error(CredentialsErrorKind::WrongType {
                    key: "current".to_owned(),
                    expected: "string",
                }))
            }
        },
    };
    let profiles: &[Value] = match root.get("profiles") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(file_error(CredentialsErrorKind::WrongType {
                key: "profiles".to_owned(),
                expected: "array",
            }))
        }
    };
    let file = CliFile {
        config,
        path,
        profiles,
    };
    file.profile(&name, &mut Vec::new())
}

/// The parsed file, for resolving profiles and their sources.
struct CliFile<'a> {
    config: &'a ProviderConfig,
    path: &'a Path,
    profiles: &'a [Value],
}

impl CliFile<'_> {
    fn profile(&self, name: &str, chain: &mut Vec<String>) -> Result<Loaded, CredentialsError> {
        let source = CredentialsSource::CliProfile {
            name: name.to_owned(),
            path: self.path.to_owned(),
        };
        let fail = |kind| CredentialsError::new(source.clone(), kind);
        if chain.iter().any(|n| n == name) || chain.len() >= MAX_SOURCE_PROFILES {
            let mut links = chain.clone();
            links.push(name.to_owned());
            return Err(fail(CredentialsErrorKind::SourceProfileLoop {
                profiles: links,
            }));
        }
        chain.push(name.to_owned());
        let profile = self
            .profiles
            .iter()
            .filter_map(Value::as_object)
            .find(|p| profile_name(p) == Some(name))
            .ok_or_else(|| {
                let available = self
                    .profiles
                    .iter()
                    .filter_map(Value::as_object)
                    .filter_map(profile_name)
                    .map(str::to_owned)
                    .collect();
                fail(CredentialsErrorKind::ProfileNotFound { available })
            })?;
        let keys = Keys(profile);
        let key = |k: &str| keys.required(k).map_err(fail);
        let mode = key("mode")?;
        let dynamic = |provider: Arc<dyn ProvideCredentials>| Loaded::Dynamic {
            provider,
            source: source.clone(),
        };
        match mode.to_ascii_lowercase().as_str() {
            "ak" => Ok(Loaded::Static(Credentials::new(
                key("access_key_id")?,
                key("access_key_secret")?,
            ))),
            "ststoken" => Ok(Loaded::Static(
                Credentials::new(key("access_key_id")?, key("access_key_secret")?)
                    .with_security_token(key("sts_token")?),
            )),
            "ramrolearn" => {
                let from = Credentials::new(key("access_key_id")?, key("access_key_secret")?);
                let role = self.assume_role(&keys, Arc::new(from)).map_err(fail)?;
                Ok(dynamic(Arc::new(role)))
            }
            "chainableramrolearn" => {
                let source_name = key("source_profile")?;
                let from = self.profile(&source_name, chain)?.into_provider();
                let role = self.assume_role(&keys, from).map_err(fail)?;
                Ok(dynamic(Arc::new(role)))
            }
            "ecsramrole" => {
                let mut ecs = EcsRamRoleProvider::with_provider_config(self.config.clone());
                if let Some(role) = keys.optional("ram_role_name").map_err(fail)? {
                    ecs = ecs.with_role_name(role);
                }
                Ok(dynamic(Arc::new(ecs)))
            }
            "oidc" => {
                let oidc = self.oidc_role(&keys).map_err(fail)?;
                Ok(dynamic(Arc::new(oidc)))
            }
            _ => Err(fail(CredentialsErrorKind::UnsupportedMode {
                key: "mode",
                mode,
                supported: SUPPORTED_MODES,
            })),
        }
    }

    fn assume_role(
        &self,
        keys: &Keys<'_>,
        from: Arc<dyn ProvideCredentials>,
    ) -> Result<AssumeRoleProvider, CredentialsErrorKind> {
        let mut role = AssumeRoleProvider::from_shared(keys.required("ram_role_arn")?, from)
            .with_provider_config(self.config.clone());
        if let Some(name) = keys.optional("ram_session_name")? {
            role = role.with_session_name(name);
        }
        if let Some(duration) = keys.seconds("expired_seconds")? {
            role = role.with_duration(duration);
        }
        if let Some(region) = keys.optional("sts_region")? {
            role = role.with_sts_region(region);
        }
        if let Some(vpc) = keys.boolean("enable_vpc")? {
            role = role.with_vpc_endpoint(vpc);
        }
        if let Some(policy) = keys.optional("policy")? {
            role = role.with_policy(policy);
        }
        if let Some(external_id) = keys.optional("external_id")? {
            role = role.with_external_id(external_id);
        }
        Ok(role)
    }

    fn oidc_role(&self, keys: &Keys<'_>) -> Result<OidcRoleProvider, CredentialsErrorKind> {
        let mut role = OidcRoleProvider::with_provider_config(self.config.clone())
            .with_role_arn(keys.required("ram_role_arn")?)
            .with_oidc_provider_arn(keys.required("oidc_provider_arn")?)
            .with_token_file(keys.required("oidc_token_file")?);
        let session = match keys.optional("role_session_name")? {
            Some(name) => Some(name),
            None => keys.optional("ram_session_name")?,
        };
        if let Some(name) = session {
            role = role.with_session_name(name);
        }
        if let Some(duration) = keys.seconds("expired_seconds")? {
            role = role.with_duration(duration);
        }
        if let Some(region) = keys.optional("sts_region")? {
            role = role.with_sts_region(region);
        }
        if let Some(vpc) = keys.boolean("enable_vpc")? {
            role = role.with_vpc_endpoint(vpc);
        }
        if let Some(policy) = keys.optional("policy")? {
            role = role.with_policy(policy);
        }
        Ok(role)
    }
}

/// The `name` of a profile.
fn profile_name(profile: &Map<String, Value>) -> Option<&str> {
    profile.get("name").and_then(Value::as_str)
}

/// Typed access to a profile's keys; errors name the key, never its value.
struct Keys<'a>(&'a Map<String, Value>);

impl Keys<'_> {
    /// A required, non-empty string.
    fn required(&self, key: &str) -> Result<String, CredentialsErrorKind> {
        match self.0.get(key) {
            None | Some(Value::Null) => Err(CredentialsErrorKind::MissingKey {
                key: key.to_owned(),
            }),
            Some(Value::String(value)) => check_value(
                value.clone(),
                CredentialsErrorKind::EmptyKey {
                    key: key.to_owned(),
                },
                key,
            ),
            Some(_) => Err(CredentialsErrorKind::WrongType {
                key: key.to_owned(),
                expected: "string",
            }),
        }
    }

    /// An optional string; missing or empty is `None`.
    fn optional(&self, key: &str) -> Result<Option<String>, CredentialsErrorKind> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) if value.trim().is_empty() => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.trim().to_owned())),
            Some(_) => Err(CredentialsErrorKind::WrongType {
                key: key.to_owned(),
                expected: "string",
            }),
        }
    }

    /// An optional number of seconds (a JSON number or a numeric string);
    /// missing or 0 is `None`.
    fn seconds(&self, key: &str) -> Result<Option<Duration>, CredentialsErrorKind> {
        let wrong = || CredentialsErrorKind::WrongType {
            key: key.to_owned(),
            expected: "number",
        };
        let seconds = match self.0.get(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n.as_u64().ok_or_else(wrong)?,
            Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
            Some(Value::String(s)) => s.trim().parse::<u64>().map_err(|_| wrong())?,
            Some(_) => return Err(wrong()),
        };
        Ok((seconds > 0).then(|| Duration::from_secs(seconds)))
    }

    /// An optional boolean (`true`/`false`, or those as strings).
    fn boolean(&self, key: &str) -> Result<Option<bool>, CredentialsErrorKind> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(_) => Err(CredentialsErrorKind::WrongType {
                key: key.to_owned(),
                expected: "boolean",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    fn load_static(bytes: &[u8], selector: Option<&str>) -> Result<Credentials, CredentialsError> {
        match load(
            &ProviderConfig::new().with_env(Env::empty()),
            Path::new("/nowhere/config.json"),
            bytes,
            selector,
        )? {
            Loaded::Static(credentials) => Ok(credentials),
            Loaded::Dynamic { .. } => panic!("expected fixed credentials"),
        }
    }

    #[test]
    fn json_errors_keep_position_but_not_content() {
        let err = serde_json::from_slice::<Value>(b"{\"a\": \"SECRET-x\",\n  oops}").unwrap_err();
        let kind = json_error(&err);
        assert_eq!(
            kind,
            CredentialsErrorKind::InvalidJson {
                line: 2,
                column: 3,
                message: "key must be a string".to_owned()
            }
        );
        assert!(!kind.to_string().contains("SECRET"));
    }

    #[test]
    fn modes_match_case_insensitively() {
        let file = br#"{"profiles": [
            {"name": "default", "mode": "ak", "access_key_id": "id1", "access_key_secret": "s1"},
            {"name": "sts", "mode": "STSTOKEN", "access_key_id": "id2", "access_key_secret": "s2", "sts_token": "t2"}
        ]}"#;
        let ak = load_static(file, None).unwrap();
        assert_eq!((ak.access_key_id(), ak.security_token()), ("id1", None));
        let sts = load_static(file, Some("sts")).unwrap();
        assert_eq!(sts.security_token(), Some("t2"));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let file = b"\xEF\xBB\xBF{\"current\":\"x\",\"profiles\":[{\"name\":\"x\",\"mode\":\"AK\",\"access_key_id\":\"i\",\"access_key_secret\":\"s\"}]}";
        assert!(load_static(file, None).is_ok());
    }

    #[test]
    fn typed_keys() {
        let map = serde_json::json!({"n": 900, "s": "1200", "z": 0, "bad": -1, "t": true, "ts": "TRUE", "x": 3})
            .as_object()
            .cloned()
            .unwrap();
        let keys = Keys(&map);
        assert_eq!(keys.seconds("n"), Ok(Some(Duration::from_secs(900))));
        assert_eq!(keys.seconds("s"), Ok(Some(Duration::from_secs(1200))));
        assert_eq!(keys.seconds("z"), Ok(None));
        assert_eq!(keys.seconds("missing"), Ok(None));
        assert!(keys.seconds("bad").is_err());
        assert_eq!(keys.boolean("t"), Ok(Some(true)));
        assert_eq!(keys.boolean("ts"), Ok(Some(true)));
        assert!(keys.boolean("x").is_err());
        assert!(keys.optional("x").is_err());
    }
}
