//! Why credentials could not be loaded.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Why credentials could not be loaded: which source was asked
/// ([`CredentialsSource`]) and what was wrong ([`CredentialsErrorKind`]).
///
/// `Display` reads `<source>: <problem>`, for example
/// ``aliyun CLI profile `dev` in /home/me/.aliyun/config.json: missing key `access_key_secret` ``
/// or ``ECS instance RAM role `my-role`: GET http://100.100.100.200/latest/meta-data/ram/security-credentials/my-role: timed out after 1s``.
/// Neither `Display` nor `Debug` ever contains a secret or a token: the
/// errors name variables and keys, not their values, keep no response body
/// of the metadata service or a credentials URI, and scrub the secrets of an
/// STS call from STS's messages. When one source failed because another did
/// (an assumed role whose source credentials are missing), [`source`](std::error::Error::source)
/// leads to the other's error.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialsError(Box<Repr>);

#[derive(Clone, PartialEq, Eq)]
struct Repr {
    source: CredentialsSource,
    kind: CredentialsErrorKind,
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsError")
            .field("source", &self.0.source)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl CredentialsError {
    /// An error of `kind` from `source`.
    pub fn new(source: CredentialsSource, kind: CredentialsErrorKind) -> Self {
        Self(Box::new(Repr { source, kind }))
    }

    /// An error from a provider outside this crate: `source` names it (e.g.
    /// `"vault"`) and `message` says what is wrong. Neither may contain a
    /// secret.
    pub fn custom(source: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(
            CredentialsSource::Custom(source.into()),
            CredentialsErrorKind::Other(message.into()),
        )
    }

    /// Where the credentials were looked for.
    pub fn credentials_source(&self) -> &CredentialsSource {
        &self.0.source
    }

    /// What was wrong.
    pub fn kind(&self) -> &CredentialsErrorKind {
        &self.0.kind
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.source, self.0.kind)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            CredentialsErrorKind::Inner(inner) => Some(inner),
            _ => None,
        }
    }
}

/// Where credentials were looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsSource {
    /// The `ALIBABA_CLOUD_*` environment variables.
    Environment,
    /// The aliyun CLI configuration file, before a profile was selected in it
    /// (the file is missing or unreadable, or its home directory unknown).
    CliConfig {
        /// The file, if its location is known.
        path: Option<PathBuf>,
    },
    /// One profile of the aliyun CLI configuration file.
    CliProfile {
        /// The profile's name.
        name: String,
        /// The file.
        path: PathBuf,
    },
    /// The shared credentials file (`~/.alibabacloud/credentials.ini`),
    /// before a section was selected in it.
    CredentialsFile {
        /// The file, if its location is known.
        path: Option<PathBuf>,
    },
    /// One section of the shared credentials file.
    CredentialsFileProfile {
        /// The section's name.
        name: String,
        /// The file.
        path: PathBuf,
    },
    /// The ECS instance metadata service.
    EcsMetadata {
        /// The RAM role, once known.
        role: Option<String>,
    },
    /// A RAM role assumed with STS `AssumeRole`.
    AssumeRole {
        /// The role's ARN.
        role_arn: String,
    },
    /// A RAM role assumed with an OIDC token (STS `AssumeRoleWithOIDC`).
    OidcRole {
        /// The role's ARN, once known.
        role_arn: Option<String>,
    },
    /// A credentials URI.
    CredentialsUri {
        /// The URI without user info and query, once known.
        uri: Option<String>,
    },
    /// The [`DefaultCredentialsChain`](super::DefaultCredentialsChain) as a
    /// whole.
    DefaultChain,
    /// A provider outside this crate, by its own name.
    Custom(String),
}

impl fmt::Display for CredentialsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Environment => f.write_str("environment"),
            Self::CliConfig { path: Some(path) } => {
                write!(f, "aliyun CLI config {}", path.display())
            }
            Self::CliConfig { path: None } => f.write_str("aliyun CLI config"),
            Self::CliProfile { name, path } => {
                write!(f, "aliyun CLI profile `{name}` in {}", path.display())
            }
            Self::CredentialsFile { path: Some(path) } => {
                write!(f, "credentials file {}", path.display())
            }
            Self::CredentialsFile { path: None } => f.write_str("credentials file"),
            Self::CredentialsFileProfile { name, path } => {
                write!(f, "profile `{name}` of credentials file {}", path.display())
            }
            Self::EcsMetadata { role: Some(role) } => {
                write!(f, "ECS instance RAM role `{role}`")
            }
            Self::EcsMetadata { role: None } => f.write_str("ECS instance RAM role"),
            Self::AssumeRole { role_arn } => write!(f, "assumed RAM role `{role_arn}`"),
            Self::OidcRole {
                role_arn: Some(role_arn),
            } => write!(f, "OIDC role `{role_arn}`"),
            Self::OidcRole { role_arn: None } => f.write_str("OIDC role"),
            Self::CredentialsUri { uri: Some(uri) } => write!(f, "credentials URI {uri}"),
            Self::CredentialsUri { uri: None } => f.write_str("credentials URI"),
            Self::DefaultChain => f.write_str("default credentials chain"),
            Self::Custom(name) => f.write_str(name),
        }
    }
}

/// How a request for credentials (to the metadata service, STS or a
/// credentials URI) failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestFailure {
    /// No connection could be made: refused, unreachable, DNS, TLS, or the
    /// connect time limit ran out. Nothing was sent.
    Connect {
        /// What went wrong, e.g. `Connection refused (os error 111)`.
        message: String,
    },
    /// No complete answer arrived within the time limit.
    Timeout {
        /// The limit.
        limit: Duration,
    },
    /// The connection broke before the whole answer arrived.
    Transport {
        /// What went wrong.
        message: String,
    },
    /// The answer was longer than any credentials document.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The answer's HTTP status was not 200.
    Status {
        /// The HTTP status.
        status: u16,
        /// The error code, when the body was an Alibaba error (STS only).
        code: Option<String>,
        /// The error message, scrubbed of the call's secrets (STS only).
        message: Option<String>,
        /// The request id (STS only).
        request_id: Option<String>,
    },
}

impl RequestFailure {
    /// An HTTP status without details.
    pub(crate) fn status(status: u16) -> Self {
        Self::Status {
            status,
            code: None,
            message: None,
            request_id: None,
        }
    }
}

impl fmt::Display for RequestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect { message } => write!(f, "could not connect: {message}"),
            Self::Timeout { limit } => write!(f, "timed out after {limit:?}"),
            Self::Transport { message } => {
                write!(
                    f,
                    "the connection failed before a full answer arrived: {message}"
                )
            }
            Self::TooLarge { limit } => write!(f, "the answer is larger than {limit} bytes"),
            Self::Status {
                status,
                code,
                message,
                request_id,
            } => {
                write!(f, "HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
        }
    }
}

/// What was wrong with a credentials source. The variants carry names of
/// variables, keys and profiles, never their secret values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// An environment variable is not set.
    MissingVariable {
        /// The variable.
        name: String,
        /// A variable that is set and that other tools read for the same
        /// value (e.g. `ALIYUN_ACCESS_KEY_ID`), but this crate does not.
        set_instead: Option<String>,
    },
    /// An environment variable is set but empty (or only whitespace).
    EmptyVariable {
        /// The variable.
        name: String,
    },
    /// An environment variable is not valid UTF-8.
    VariableNotUnicode {
        /// The variable.
        name: String,
    },
    /// A value (of the named variable or key) has leading or trailing
    /// whitespace, which would break the signature.
    SurroundingWhitespace {
        /// The variable or key.
        name: String,
    },
    /// The home directory, where `.aliyun/config.json` lives, is unknown.
    NoHomeDirectory,
    /// The file does not exist.
    FileNotFound,
    /// The file exists but could not be read.
    Io {
        /// The kind of I/O error.
        kind: io::ErrorKind,
        /// The I/O error's message.
        message: String,
    },
    /// The file is not valid JSON.
    InvalidJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser expected (never a quote of the file).
        message: String,
    },
    /// The file is not valid INI.
    InvalidIni {
        /// 1-based line of the error.
        line: usize,
        /// What was expected there.
        expected: &'static str,
    },
    /// A key has a value of the wrong JSON type.
    WrongType {
        /// The key (`profiles`, `access_key_id`, …).
        key: String,
        /// The expected type (`string`, `array`, `number`, `boolean`).
        expected: &'static str,
    },
    /// The selected profile is not in the file.
    ProfileNotFound {
        /// The names of the profiles the file does have.
        available: Vec<String>,
    },
    /// The profile uses a mode (aliyun CLI) or type (credentials file) this
    /// crate cannot turn into credentials (e.g. `CloudSSO`, `rsa_key_pair`).
    UnsupportedMode {
        /// `mode` or `type`.
        key: &'static str,
        /// The profile's mode or type, as written in the file.
        mode: String,
        /// The supported ones.
        supported: &'static str,
    },
    /// `source_profile` links of `ChainableRamRoleArn` profiles run in a
    /// circle (or deeper than 8).
    SourceProfileLoop {
        /// The profiles in the order they were followed.
        profiles: Vec<String>,
    },
    /// A required key is missing from the profile.
    MissingKey {
        /// The key.
        key: String,
    },
    /// A required key is present but empty.
    EmptyKey {
        /// The key.
        key: String,
    },
    /// A setting has a value that cannot work.
    InvalidValue {
        /// The setting, e.g. `session duration`, `credentials URI`.
        name: String,
        /// What it must be.
        expected: String,
    },
    /// The source was skipped because a variable turned it off.
    Disabled {
        /// The variable, e.g. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`.
        variable: String,
    },
    /// A request for credentials failed.
    Request {
        /// What was asked, e.g. `PUT http://100.100.100.200/latest/api/token`
        /// or `STS AssumeRole at https://sts.aliyuncs.com/`.
        request: String,
        /// How it failed.
        failure: RequestFailure,
    },
    /// The answer arrived but does not hold usable credentials.
    InvalidResponse {
        /// What was asked.
        request: String,
        /// What is wrong with the answer (never a quote of it).
        reason: String,
    },
    /// The metadata service lists no RAM role for this instance.
    NoRoleAttached,
    /// The metadata service has no RAM role of this name for the instance.
    RoleNotFound {
        /// The role asked for.
        role: String,
    },
    /// The OIDC token file could not be read or is empty.
    OidcTokenFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Another source, which this one needs, failed (e.g. the source
    /// credentials of an assumed role).
    Inner(CredentialsError),
    /// No source of a chain yielded credentials; what each one said.
    NoSourceYielded {
        /// One error per source, in the order they were tried.
        attempts: Vec<CredentialsError>,
    },
    /// Anything else, in words.
    Other(String),
}

impl fmt::Display for CredentialsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingVariable {
                name,
                set_instead: None,
            } => write!(f, "`{name}` is not set"),
            Self::MissingVariable {
                name,
                set_instead: Some(other),
            } => write!(
                f,
                "`{name}` is not set (`{other}` is, but only `ALIBABA_CLOUD_*` variables are read)"
            ),
            Self::EmptyVariable { name } => write!(f, "`{name}` is empty"),
            Self::VariableNotUnicode { name } => write!(f, "`{name}` is not valid UTF-8"),
            Self::SurroundingWhitespace { name } => {
                write!(f, "`{name}` has leading or trailing whitespace")
            }
            Self::NoHomeDirectory => f.write_str(if cfg!(windows) {
                "cannot find the home directory: neither HOME nor USERPROFILE is set"
            } else {
                "cannot find the home directory: HOME is not set"
            }),
            Self::FileNotFound => f.write_str("file not found"),
            Self::Io { message, .. } => write!(f, "cannot read the file: {message}"),
            Self::InvalidJson {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            Self::InvalidIni { line, expected } => {
                write!(f, "invalid INI at line {line}: expected {expected}")
            }
            Self::WrongType { key, expected } => {
                write!(f, "key `{key}` is not a JSON {expected}")
            }
            Self::ProfileNotFound { available } if available.is_empty() => {
                f.write_str("profile not found (the file has no profiles)")
            }
            Self::ProfileNotFound { available } => write!(
                f,
                "profile not found (the file has: {})",
                available.join(", ")
            ),
            Self::UnsupportedMode {
                key,
                mode,
                supported,
            } => write!(f, "unsupported {key} `{mode}` (supported: {supported})"),
            Self::SourceProfileLoop { profiles } => write!(
                f,
                "the `source_profile` links loop or run too deep: {}",
                profiles.join(" -> ")
            ),
            Self::MissingKey { key } => write!(f, "missing key `{key}`"),
            Self::EmptyKey { key } => write!(f, "key `{key}` is empty"),
            Self::InvalidValue { name, expected } => {
                write!(f, "{name} is invalid: expected {expected}")
            }
            Self::Disabled { variable } => write!(f, "skipped because `{variable}` is `true`"),
            Self::Request { request, failure } => write!(f, "{request}: {failure}"),
            Self::InvalidResponse { request, reason } => {
                write!(f, "{request}: unusable answer: {reason}")
            }
            Self::NoRoleAttached => f.write_str(
                "the metadata service lists no RAM role for this instance; attach one to the \
                 instance, or name it in `ALIBABA_CLOUD_ECS_METADATA`",
            ),
            Self::RoleNotFound { role } => write!(
                f,
                "the metadata service has no RAM role `{role}` for this instance (HTTP 404); \
                 check `ALIBABA_CLOUD_ECS_METADATA` or the role attached to the instance"
            ),
            Self::OidcTokenFile { path, reason } => {
                write!(
                    f,
                    "cannot use the OIDC token file {}: {reason}",
                    path.display()
                )
            }
            Self::Inner(error) => write!(f, "{error}"),
            Self::NoSourceYielded { attempts } => {
                f.write_str("no source yielded credentials")?;
                for (i, attempt) in attempts.iter().enumerate() {
                    f.write_str(if i == 0 { " (" } else { "; " })?;
                    write!(f, "{attempt}")?;
                }
                if !attempts.is_empty() {
                    f.write_str(")")?;
                }
                f.write_str(
                    "; set `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, \
                     run `aliyun configure`, attach a RAM role to the ECS instance, \
                     or pass credentials explicitly",
                )
            }
            Self::Other(message) => f.write_str(message),
        }
    }
}
/// `FileNotFound` for a missing file, `Io` otherwise.
pub(crate) fn io_kind(error: &io::Error) -> CredentialsErrorKind {
    if error.kind() == io::ErrorKind::NotFound {
        CredentialsErrorKind::FileNotFound
    } else {
        CredentialsErrorKind::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

/// A JSON syntax error as position and parser message, without the
/// ` at line L column C` suffix serde_json appends.
pub(crate) fn json_error(error: &serde_json::Error) -> CredentialsErrorKind {
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
