//! Credentials from a profile of the aliyun CLI configuration file.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::env::Env;
use super::{
    check_value, Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource,
    ProvideCredentials, PROFILE_VAR,
};

/// The profile used when neither the caller, nor `ALIBABA_CLOUD_PROFILE`, nor
/// the file's `current` key names one (as the aliyun CLI does).
const FALLBACK_PROFILE: &str = "default";

/// Credentials from a profile of the aliyun CLI configuration file,
/// `$HOME/.aliyun/config.json` (written by `aliyun configure`):
///
/// ```json
/// {
///   "current": "default",
///   "profiles": [
///     {"name": "default", "mode": "AK", "access_key_id": "…", "access_key_secret": "…"},
///     {"name": "tmp", "mode": "StsToken", "access_key_id": "…", "access_key_secret": "…", "sts_token": "…"}
///   ]
/// }
/// ```
///
/// The profile is the one given with [`with_profile`](Self::with_profile),
/// else the one named by `ALIBABA_CLOUD_PROFILE`, else the file's `current`
/// profile (else `default`). Modes `AK` and `StsToken` are supported, matched
/// case-insensitively like the CLI does; any other mode (`RamRoleArn`,
/// `EcsRamRole`, `CloudSSO`, …) is an
/// [`UnsupportedMode`](CredentialsErrorKind::UnsupportedMode) error.
///
/// The credentials are cached and the file is read again only when its size
/// or modification time changes, so rotated STS credentials written by the CLI
/// are picked up. If such a re-read fails (the file is being rewritten, was
/// removed, or is broken), the credentials read before keep being used and a
/// warning is logged.
///
/// ```
/// use alibabacloud_domain::runtime::credentials::{ProfileProvider, ProvideCredentials};
///
/// let path = std::env::temp_dir().join(format!("aliyun-doc-{}.json", std::process::id()));
/// std::fs::write(&path, r#"{"current": "default", "profiles": [
///     {"name": "default", "mode": "AK", "access_key_id": "LTAI-doc", "access_key_secret": "doc-secret"}
/// ]}"#)?;
/// let provider = ProfileProvider::new().with_config_path(&path);
/// let creds = provider.provide_credentials()?;
/// assert_eq!(creds.access_key_id(), "LTAI-doc");
///
/// let err = ProfileProvider::new()
///     .with_config_path(&path)
///     .with_profile("dev")
///     .provide_credentials()
///     .unwrap_err();
/// assert!(err.to_string().contains("profile `dev`"));
/// assert!(err.to_string().ends_with("profile not found (the file has: default)"));
/// std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ProfileProvider {
    env: Env,
    config_path: Option<PathBuf>,
    profile: Option<String>,
    cache: Mutex<Option<Cached>>,
}

struct Cached {
    path: PathBuf,
    selector: Option<String>,
    stamp: Stamp,
    credentials: Credentials,
}

type Stamp = (Option<SystemTime>, u64);

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::with_env(Env::process())
    }
}

impl Clone for ProfileProvider {
    /// The same settings, with an empty cache.
    fn clone(&self) -> Self {
        Self {
            env: self.env.clone(),
            config_path: self.config_path.clone(),
            profile: self.profile.clone(),
            cache: Mutex::new(None),
        }
    }
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        f.debug_struct("ProfileProvider")
            .field("env", &self.env)
            .field("config_path", &self.config_path)
            .field("profile", &self.profile)
            .field("cached", &cached)
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
    /// from `env`.
    pub fn with_env(env: Env) -> Self {
        Self {
            env,
            config_path: None,
            profile: None,
            cache: Mutex::new(None),
        }
    }

    /// Reads this file instead of `$HOME/.aliyun/config.json`.
    pub fn with_config_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_path = Some(path.into());
        *self.cache.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
        self
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and the file's
    /// `current` say.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        *self.cache.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
        self
    }

    /// The file this provider reads: the one given with
    /// [`with_config_path`](Self::with_config_path), else
    /// `$HOME/.aliyun/config.json`.
    pub fn config_path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(path) = &self.config_path {
            return Ok(path.clone());
        }
        self.env
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
        self.profile
            .clone()
            .or_else(|| self.env.non_empty(PROFILE_VAR).map(|v| v.trim().to_owned()))
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let path = self.config_path()?;
        let selector = self.selector();
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let same_request = |c: &Cached| c.path == path && c.selector == selector;

        let stamp = fs::metadata(&path)
            .map(|m| (m.modified().ok(), m.len()))
            .map_err(|e| io_error(&path, &e));
        if let (Some(cached), Ok(stamp)) = (cache.as_ref(), &stamp) {
            if same_request(cached) && cached.stamp == *stamp {
                return Ok(cached.credentials.clone());
            }
        }
        let loaded = stamp.and_then(|stamp| {
            let bytes = fs::read(&path).map_err(|e| io_error(&path, &e))?;
            load(&path, &bytes, selector.as_deref()).map(|c| (stamp, c))
        });
        match loaded {
            Ok((stamp, credentials)) => {
                *cache = Some(Cached {
                    path,
                    selector,
                    stamp,
                    credentials: credentials.clone(),
                });
                Ok(credentials)
            }
            Err(error) => match cache.as_ref() {
                Some(cached) if same_request(cached) => {
                    tracing::warn!(
                        %error,
                        "could not re-read the aliyun CLI config; keeping the credentials read before"
                    );
                    Ok(cached.credentials.clone())
                }
                _ => Err(error),
            },
        }
    }
}

fn io_error(path: &Path, error: &io::Error) -> CredentialsError {
    let kind = if error.kind() == io::ErrorKind::NotFound {
        CredentialsErrorKind::FileNotFound
    } else {
        CredentialsErrorKind::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    };
    CredentialsError::new(
        CredentialsSource::CliConfig {
            path: Some(path.to_owned()),
        },
        kind,
    )
}

/// Parses the file's `bytes` and extracts the selected profile's credentials.
///
/// The JSON is parsed into a [`Value`] and picked apart by hand, so that no
/// error message can quote a value from the file.
fn load(
    path: &Path,
    bytes: &[u8],
    selector: Option<&str>,
) -> Result<Credentials, CredentialsError> {
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
    let source = CredentialsSource::CliProfile {
        name: name.clone(),
        path: path.to_owned(),
    };
    let profile = profiles
        .iter()
        .filter_map(Value::as_object)
        .find(|p| profile_name(p) == Some(name.as_str()))
        .ok_or_else(|| {
            let available = profiles
                .iter()
                .filter_map(Value::as_object)
                .filter_map(profile_name)
                .map(str::to_owned)
                .collect();
            CredentialsError::new(
                source.clone(),
                CredentialsErrorKind::ProfileNotFound { available },
            )
        })?;

    let key = |key: &str| {
        string_key(profile, key).map_err(|kind| CredentialsError::new(source.clone(), kind))
    };
    let mode = key("mode")?;
    if mode.eq_ignore_ascii_case("AK") {
        Ok(Credentials::new(
            key("access_key_id")?,
            key("access_key_secret")?,
        ))
    } else if mode.eq_ignore_ascii_case("StsToken") {
        Ok(
            Credentials::new(key("access_key_id")?, key("access_key_secret")?)
                .with_security_token(key("sts_token")?),
        )
    } else {
        Err(CredentialsError::new(
            source,
            CredentialsErrorKind::UnsupportedMode { mode },
        ))
    }
}

/// The `name` of a profile.
fn profile_name(profile: &Map<String, Value>) -> Option<&str> {
    profile.get("name").and_then(Value::as_str)
}

/// A required, non-empty string `key` of `profile`.
fn string_key(profile: &Map<String, Value>, key: &str) -> Result<String, CredentialsErrorKind> {
    match profile.get(key) {
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

/// A JSON syntax error as position and parser message, without the
/// ` at line L column C` suffix serde_json appends.
fn json_error(error: &serde_json::Error) -> CredentialsErrorKind {
    let message = match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            let full = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
        }
        // Data errors could quote a value; parsing into `Value` yields none,
        // but say nothing specific if it ever did.
        _ => "not a valid JSON document".to_owned(),
    };
    CredentialsErrorKind::InvalidJson {
        line: error.line(),
        column: error.column(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let path = Path::new("/nowhere/config.json");
        let file = br#"{"profiles": [
            {"name": "default", "mode": "ak", "access_key_id": "id1", "access_key_secret": "s1"},
            {"name": "sts", "mode": "STSTOKEN", "access_key_id": "id2", "access_key_secret": "s2", "sts_token": "t2"}
        ]}"#;
        let ak = load(path, file, None).unwrap();
        assert_eq!((ak.access_key_id(), ak.security_token()), ("id1", None));
        let sts = load(path, file, Some("sts")).unwrap();
        assert_eq!(sts.security_token(), Some("t2"));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let file = b"\xEF\xBB\xBF{\"current\":\"x\",\"profiles\":[{\"name\":\"x\",\"mode\":\"AK\",\"access_key_id\":\"i\",\"access_key_secret\":\"s\"}]}";
        assert!(load(Path::new("c.json"), file, None).is_ok());
    }
}
