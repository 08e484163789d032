//! Why credentials could not be loaded.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why credentials could not be loaded: which source was asked
/// ([`CredentialsSource`]) and what was wrong ([`CredentialsErrorKind`]).
///
/// `Display` reads `<source>: <problem>`, for example
/// ``aliyun CLI profile `dev` in /home/me/.aliyun/config.json: missing key `access_key_secret` ``.
/// Neither `Display` nor `Debug` ever contains a secret or a token: the
/// errors name variables and keys, not their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    source: CredentialsSource,
    kind: CredentialsErrorKind,
}

impl CredentialsError {
    /// An error of `kind` from `source`.
    pub fn new(source: CredentialsSource, kind: CredentialsErrorKind) -> Self {
        Self { source, kind }
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
        &self.source
    }

    /// What was wrong.
    pub fn kind(&self) -> &CredentialsErrorKind {
        &self.kind
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.kind)
    }
}

impl std::error::Error for CredentialsError {}

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
            Self::DefaultChain => f.write_str("default credentials chain"),
            Self::Custom(name) => f.write_str(name),
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
    /// A key has a value of the wrong JSON type.
    WrongType {
        /// The key (`profiles`, `access_key_id`, …).
        key: String,
        /// The expected type (`string`, `array`, `object`).
        expected: &'static str,
    },
    /// The selected profile is not in the file.
    ProfileNotFound {
        /// The names of the profiles the file does have.
        available: Vec<String>,
    },
    /// The profile uses a mode this crate cannot turn into credentials
    /// (e.g. `RamRoleArn`, `EcsRamRole`, `CloudSSO`).
    UnsupportedMode {
        /// The profile's mode, as written in the file.
        mode: String,
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
    /// The source was skipped because a variable turned it off.
    Disabled {
        /// The variable, e.g. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`.
        variable: String,
    },
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
            Self::UnsupportedMode { mode } => write!(
                f,
                "unsupported mode `{mode}` (supported: `AK`, `StsToken`); \
                 pass credentials explicitly or through the environment instead"
            ),
            Self::MissingKey { key } => write!(f, "missing key `{key}`"),
            Self::EmptyKey { key } => write!(f, "key `{key}` is empty"),
            Self::Disabled { variable } => write!(f, "skipped because `{variable}` is `true`"),
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
                     run `aliyun configure`, or pass credentials explicitly",
                )
            }
            Self::Other(message) => f.write_str(message),
        }
    }
}
