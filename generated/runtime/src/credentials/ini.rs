//! Credentials from the shared credentials file of Alibaba Cloud's SDKs,
//! `~/.alibabacloud/credentials.ini` (INI).

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ecs::EcsRamRoleProvider;
use super::env::Env;
use super::error::{io_kind, CredentialsError, CredentialsErrorKind, CredentialsSource};
use super::file::{FileCache, Loaded};
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use super::provider_config::ProviderConfig;
use super::sts::{AssumeRoleProvider, OidcRoleProvider};
use super::vars::{check_value, CREDENTIALS_FILE_VAR, PROFILE_VAR};
use crate::transport::SharedTransport;

/// The section used when neither the caller nor `ALIBABA_CLOUD_PROFILE`
/// names one.
const DEFAULT_SECTION: &str = "default";

const SUPPORTED_TYPES: &str = "`access_key`, `ram_role_arn`, `ecs_ram_role`, `oidc_role_arn`";

/// Credentials from a section of the shared credentials file,
/// `ALIBABA_CLOUD_CREDENTIALS_FILE` if set, else
/// `~/.alibabacloud/credentials.ini` (or, when that does not exist,
/// `~/.alibabacloud/credentials`, the name Alibaba's Go library uses):
///
/// ```ini
/// [default]
/// type = access_key
/// access_key_id = LTAI…
/// access_key_secret = …
///
/// [admin]
/// type = ram_role_arn
/// access_key_id = LTAI…
/// access_key_secret = …
/// role_arn = acs:ram::123456789012:role/admin
/// role_session_name = registrar
///
/// [ecs]
/// type = ecs_ram_role
/// role_name = my-ecs-role
///
/// [ack]
/// type = oidc_role_arn
/// role_arn = acs:ram::123456789012:role/pod
/// oidc_provider_arn = acs:ram::123456789012:oidc-provider/ack-rrsa-c123
/// oidc_token_file_path = /var/run/secrets/tokens/oidc-token
/// ```
///
/// The section is [`with_profile`](Self::with_profile)'s, else
/// `ALIBABA_CLOUD_PROFILE`, else `default`. The types `access_key`,
/// `ram_role_arn` ([`AssumeRoleProvider`]; optional `role_session_name`,
/// `policy`), `ecs_ram_role` ([`EcsRamRoleProvider`]; optional `role_name`)
/// and `oidc_role_arn` ([`OidcRoleProvider`]; optional `role_session_name`,
/// `policy`) are supported; `rsa_key_pair` (retired by Alibaba Cloud) is
/// not. Lines starting with `#` or `;` are comments, as is the rest of a line
/// after ` #` or ` ;`. Like the aliyun CLI file, the file is read again when
/// it changes, keeping what was read before if the new content is broken.
///
/// ```
/// use alibabacloud_runtime::credentials::{CredentialsFileProvider, Env, ProvideCredentials};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let path = std::env::temp_dir().join(format!("credentials-doc-{}.ini", std::process::id()));
/// std::fs::write(&path, "[default]\ntype = access_key\naccess_key_id = LTAI-doc\naccess_key_secret = doc-secret\n")?;
/// let provider = CredentialsFileProvider::with_env(Env::empty()).with_path(&path);
/// assert_eq!(provider.provide_credentials().await?.access_key_id(), "LTAI-doc");
/// std::fs::remove_file(&path)?;
/// # Ok(()) }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run()).unwrap();
/// ```
pub struct CredentialsFileProvider {
    config: ProviderConfig,
    path: Option<PathBuf>,
    profile: Option<String>,
    cache: FileCache,
}

impl Default for CredentialsFileProvider {
    fn default() -> Self {
        Self::with_provider_config(ProviderConfig::new())
    }
}

impl fmt::Debug for CredentialsFileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsFileProvider")
            .field("env", self.config.env())
            .field("path", &self.path)
            .field("profile", &self.profile)
            .field("cached", &self.cache.is_cached())
            .finish()
    }
}

impl CredentialsFileProvider {
    /// The section and file selected by the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `HOME`, `ALIBABA_CLOUD_CREDENTIALS_FILE` and
    /// `ALIBABA_CLOUD_PROFILE` (and the variables role types use) from `env`.
    pub fn with_env(env: Env) -> Self {
        Self::with_provider_config(ProviderConfig::new().with_env(env))
    }

    /// With these surroundings (variables, clock, metadata and STS
    /// endpoints).
    pub fn with_provider_config(config: ProviderConfig) -> Self {
        Self {
            config,
            path: None,
            profile: None,
            cache: FileCache::default(),
        }
    }

    /// Reads this file, whatever `ALIBABA_CLOUD_CREDENTIALS_FILE` says.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self.cache.clear();
        self
    }

    /// Uses this section, whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self.cache.clear();
        self
    }

    /// The file this provider reads (see the type's documentation).
    pub fn path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(path) = &self.path {
            return Ok(path.clone());
        }
        let env = self.config.env();
        if let Some(path) = env.non_empty(CREDENTIALS_FILE_VAR) {
            return Ok(PathBuf::from(path.trim()));
        }
        let dir = env
            .home_dir()
            .map(|home| home.join(".alibabacloud"))
            .ok_or_else(|| {
                CredentialsError::new(
                    CredentialsSource::CredentialsFile { path: None },
                    CredentialsErrorKind::NoHomeDirectory,
                )
            })?;
        let ini = dir.join("credentials.ini");
        let plain = dir.join("credentials");
        Ok(if !ini.exists() && plain.is_file() {
            plain
        } else {
            ini
        })
    }

    fn section(&self) -> String {
        self.profile
            .clone()
            .or_else(|| self.config.env().non_empty(PROFILE_VAR))
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|| DEFAULT_SECTION.to_owned())
    }

    fn loaded(&self) -> Result<Loaded, CredentialsError> {
        let path = self.path()?;
        let section = self.section();
        self.cache.get(
            &path,
            Some(&section),
            "credentials file",
            |e| {
                CredentialsError::new(
                    CredentialsSource::CredentialsFile {
                        path: Some(path.clone()),
                    },
                    io_kind(e),
                )
            },
            |bytes| load(&self.config, &path, bytes, &section),
        )
    }
}

impl ProvideCredentials for CredentialsFileProvider {
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

type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Parses INI text: `[section]` headers, `key = value` (or `key: value`)
/// lines, whole-line comments (`#`, `;`) and inline comments after
/// whitespace. The error gives the line number only, never its content.
fn parse_ini(text: &str) -> Result<Sections, CredentialsErrorKind> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let bad = || CredentialsErrorKind::InvalidIni {
            line: index + 1,
            expected: "`[section]`, `key = value` or a comment",
        };
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest.strip_suffix(']').ok_or_else(bad)?.trim();
            if name.is_empty() {
                return Err(bad());
            }
            sections.entry(name.to_owned()).or_default();
            current = Some(name.to_owned());
            continue;
        }
        let split = line.find(['=', ':']).ok_or_else(bad)?;
        let key = line[..split].trim();
        if key.is_empty() {
            return Err(bad());
        }
        let value = strip_inline_comment(line[split + 1..].trim());
        let value = unquote(value);
        if let Some(section) = &current {
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.to_ascii_lowercase(), value.to_owned());
        }
    }
    Ok(sections)
}

/// `value` without a trailing ` # comment` or ` ; comment`.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// `value` without one pair of surrounding double or single quotes.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

fn load(
    config: &ProviderConfig,
    path: &Path,
    bytes: &[u8],
    section: &str,
) -> Result<Loaded, CredentialsError> {
    let file_error = |kind| {
        CredentialsError::new(
            CredentialsSource::CredentialsFile {
                path: Some(path.to_owned()),
            },
            kind,
        )
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(CredentialsErrorKind::Io {
            kind: io::ErrorKind::InvalidData,
            message: "the file is not UTF-8 text".to_owned(),
        })
    })?;
    let sections = parse_ini(text).map_err(file_error)?;
    let source = CredentialsSource::CredentialsFileProfile {
        name: section.to_owned(),
        path: path.to_owned(),
    };
    let fail = |kind| CredentialsError::new(source.clone(), kind);
    let keys = sections.get(section).ok_or_else(|| {
        fail(CredentialsErrorKind::ProfileNotFound {
            available: sections.keys().cloned().collect(),
        })
    })?;
    let required = |key: &str| {
        let value = keys.get(key).ok_or_else(|| {
            fail(CredentialsErrorKind::MissingKey {
                key: key.to_owned(),
            })
        })?;
        check_value(
            value.clone(),
            CredentialsErrorKind::EmptyKey {
                key: key.to_owned(),
            },
            key,
        )
        .map_err(fail)
    };
    let optional = |key: &str| keys.get(key).filter(|v| !v.is_empty()).cloned();
    let dynamic = |provider: Arc<dyn ProvideCredentials>| Loaded::Dynamic {
        provider,
        source: source.clone(),
    };
    let kind = required("type")?;
    match kind.as_str() {
        "access_key" => Ok(Loaded::Static(Credentials::new(
            required("access_key_id")?,
            required("access_key_secret")?,
        ))),
        "ram_role_arn" => {
            let from = Credentials::new(required("access_key_id")?, required("access_key_secret")?);
            let mut role = AssumeRoleProvider::new(required("role_arn")?, from)
                .with_provider_config(config.clone());
            if let Some(name) = optional("role_session_name") {
                role = role.with_session_name(name);
            }
            if let Some(policy) = optional("policy") {
                role = role.with_policy(policy);
            }
            Ok(dynamic(Arc::new(role)))
        }
        "ecs_ram_role" => {
            let mut ecs = EcsRamRoleProvider::with_provider_config(config.clone());
            if let Some(role) = optional("role_name") {
                ecs = ecs.with_role_name(role);
            }
            Ok(dynamic(Arc::new(ecs)))
        }
        "oidc_role_arn" => {
            let mut role = OidcRoleProvider::with_provider_config(config.clone())
                .with_role_arn(required("role_arn")?)
                .with_oidc_provider_arn(required("oidc_provider_arn")?)
                .with_token_file(required("oidc_token_file_path")?);
            if let Some(name) = optional("role_session_name") {
                role = role.with_session_name(name);
            }
            if let Some(policy) = optional("policy") {
                role = role.with_policy(policy);
            }
            Ok(dynamic(Arc::new(role)))
        }
        _ => Err(fail(CredentialsErrorKind::UnsupportedMode {
            key: "type",
            mode: kind,
            supported: SUPPORTED_TYPES,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_syntax() {
        let text = "\u{feff}; comment\n# another\n[default]\ntype = access_key\naccess_key_id=LTAI # note\nACCESS_KEY_SECRET : \"se#cr;et\"\n\n[ other ]\nkey = 'v'\n";
        let sections = parse_ini(text.trim_start_matches('\u{feff}')).unwrap();
        let default = &sections["default"];
        assert_eq!(default["type"], "access_key");
        assert_eq!(default["access_key_id"], "LTAI");
        assert_eq!(default["access_key_secret"], "se#cr;et");
        assert_eq!(sections["other"]["key"], "v");
        assert_eq!(
            parse_ini("[a]\nno separator SECRET\n")
                .unwrap_err()
                .to_string(),
            "invalid INI at line 2: expected `[section]`, `key = value` or a comment"
        );
        assert!(parse_ini("[unclosed\n").is_err());
        assert!(parse_ini("[]\n").is_err());
        assert!(parse_ini("= value\n").is_err());
    }

    #[test]
    fn sections_become_credentials_or_providers() {
        let config = ProviderConfig::new().with_env(Env::empty());
        let path = Path::new("/nowhere/credentials.ini");
        let file = b"[default]\ntype = access_key\naccess_key_id = id\naccess_key_secret = s\n\
            [role]\ntype = ram_role_arn\naccess_key_id = id\naccess_key_secret = s\nrole_arn = acs:ram::1:role/r\n\
            [rsa]\ntype = rsa_key_pair\npublic_key_id = x\n\
            [empty]\ntype = access_key\naccess_key_id =\naccess_key_secret = s\n";
        assert!(
            matches!(load(&config, path, file, "default"), Ok(Loaded::Static(c)) if c.access_key_id() == "id")
        );
        assert!(matches!(
            load(&config, path, file, "role"),
            Ok(Loaded::Dynamic { .. })
        ));
        let err = load(&config, path, file, "rsa").err().unwrap();
        assert_eq!(
            err.to_string(),
            "profile `rsa` of credentials file /nowhere/credentials.ini: unsupported type `rsa_key_pair` \
             (supported: `access_key`, `ram_role_arn`, `ecs_ram_role`, `oidc_role_arn`)"
        );
        let err = load(&config, path, file, "empty").err().unwrap();
        assert!(
            err.to_string().ends_with(": key `access_key_id` is empty"),
            "{err}"
        );
        let err = load(&config, path, file, "nope").err().unwrap();
        assert!(
            err.to_string()
                .ends_with("profile not found (the file has: default, empty, role, rsa)"),
            "{err}"
        );
    }
}
