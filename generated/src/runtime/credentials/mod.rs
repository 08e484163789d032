//! Credentials used to sign requests, and where they come from.
//!
//! A request is signed with an access key pair, optionally with an STS
//! security token ([`Credentials`]). A [`ProvideCredentials`] implementation
//! supplies them for every request:
//!
//! - [`Credentials`] themselves are fixed, explicitly configured keys.
//! - [`EnvironmentProvider`] reads `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//!   `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and optionally
//!   `ALIBABA_CLOUD_SECURITY_TOKEN`.
//! - [`ProfileProvider`] reads a profile of the aliyun CLI configuration
//!   file `~/.aliyun/config.json` (modes `AK` and `StsToken`).
//! - [`DefaultCredentialsChain`] tries the environment, then the aliyun CLI
//!   profile; it is what a client uses when given no credentials.
//!
//! Secrets never appear in `Debug` or `Display` output: neither of
//! [`Credentials`], nor of the providers, nor of a [`CredentialsError`].
//!
//! Every provider reads the process environment by default. For tests, or to
//! take settings from somewhere else, hand it an [`Env`] instead:
//!
//! ```
//! use alibabacloud_domain::runtime::credentials::{Env, EnvironmentProvider, ProvideCredentials};
//!
//! let env = Env::from_pairs([
//!     ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-example"),
//!     ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "example-secret"),
//! ]);
//! let creds = EnvironmentProvider::with_env(env).provide_credentials()?;
//! assert_eq!(creds.access_key_id(), "LTAI-example");
//! assert_eq!(creds.security_token(), None);
//! # Ok::<(), alibabacloud_domain::runtime::CredentialsError>(())
//! ```

mod chain;
mod env;
mod error;
mod profile;

use std::fmt;
use std::sync::Arc;

pub use chain::DefaultCredentialsChain;
pub use env::{Env, EnvironmentProvider};
pub use error::{CredentialsError, CredentialsErrorKind, CredentialsSource};
pub use profile::ProfileProvider;

/// Environment variable holding the access key id.
pub const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an optional STS security token.
pub const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Environment variable naming the aliyun CLI profile to use (instead of the
/// file's `current` profile).
pub const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable that, set to `true`, makes the
/// [`DefaultCredentialsChain`] skip the aliyun CLI configuration file.
pub const CLI_PROFILE_DISABLED_VAR: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// What `Debug` and `Display` print instead of a secret or a token.
const REDACTED: &str = "** redacted **";

/// An access key pair, optionally with an STS security token.
///
/// `Debug` and `Display` show the access key id but never the secret or the
/// token:
///
/// ```
/// use alibabacloud_domain::Credentials;
///
/// let creds = Credentials::new("LTAI-example", "my-secret").with_security_token("my-token");
/// assert_eq!(creds.security_token(), Some("my-token"));
/// let shown = format!("{creds:?} {creds}");
/// assert!(shown.contains("LTAI-example"));
/// assert!(!shown.contains("my-secret") && !shown.contains("my-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// Credentials from an access key id and secret (a RAM user's or the
    /// account's long-term key).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token: the id and secret are then the temporary
    /// pair STS issued together with the token, and every request carries
    /// the token as `SecurityToken`.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id (`AccessKeyId`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret, the HMAC key requests are signed with.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key id {} (secret {REDACTED}", self.access_key_id)?;
        if self.security_token.is_some() {
            write!(f, ", STS security token {REDACTED}")?;
        }
        f.write_str(")")
    }
}

/// Something that supplies the credentials each request is signed with.
///
/// The client calls [`provide_credentials`](Self::provide_credentials) once
/// per call, so an implementation that fetches credentials from somewhere
/// slow should cache them. Implement it to plug in another source (a vault,
/// a refreshing STS client, …):
///
/// ```
/// use alibabacloud_domain::runtime::credentials::{
///     Credentials, CredentialsError, ProvideCredentials,
/// };
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
///         Err(CredentialsError::custom("vault", "not reachable"))
///     }
/// }
///
/// let err = FromVault.provide_credentials().unwrap_err();
/// assert_eq!(err.to_string(), "vault: not reachable");
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns the credentials to sign a request with.
    ///
    /// The error's `Debug` and `Display` must not contain secrets.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide_credentials()
    }
}

/// Checks a credential value read from `name` (an environment variable or a
/// JSON key): non-empty and without surrounding whitespace.
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
    }

    #[test]
    fn static_credentials_provide_themselves() {
        let c = Credentials::new("a", "b").with_security_token("t");
        assert_eq!(c.provide_credentials().unwrap(), c);
        let shared: Arc<dyn ProvideCredentials> = Arc::new(c.clone());
        assert_eq!(shared.provide_credentials().unwrap(), c);
        let boxed: Box<dyn ProvideCredentials> = Box::new(c.clone());
        assert_eq!(boxed.provide_credentials().unwrap(), c);
    }
}
