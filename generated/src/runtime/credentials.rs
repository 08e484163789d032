//! Credentials used to sign requests.
//!
//! Placeholder with the agreed interface; the full implementation (default
//! chain with the environment and `~/.aliyun/config.json`) replaces it.

use std::fmt;

/// An access key pair, optionally with an STS security token.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// Static credentials from an access key id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Something that supplies credentials for each request.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials to sign a request with.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Why credentials could not be loaded.
#[derive(Debug, Clone)]
pub struct CredentialsError {
    source_name: &'static str,
    problem: String,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source_name, self.problem)
    }
}

impl std::error::Error for CredentialsError {}

/// The default chain: environment variables.
#[derive(Debug, Default, Clone)]
pub struct DefaultCredentialsChain {
    _private: (),
}

impl DefaultCredentialsChain {
    /// The default chain.
    pub fn new() -> Self {
        Self::default()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let id = std::env::var("ALIBABA_CLOUD_ACCESS_KEY_ID").unwrap_or_default();
        let secret = std::env::var("ALIBABA_CLOUD_ACCESS_KEY_SECRET").unwrap_or_default();
        if id.is_empty() || secret.is_empty() {
            return Err(CredentialsError {
                source_name: "environment",
                problem: "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not both set".into(),
            });
        }
        let creds = Credentials::new(id, secret);
        Ok(match std::env::var("ALIBABA_CLOUD_SECURITY_TOKEN") {
            Ok(token) if !token.is_empty() => creds.with_security_token(token),
            _ => creds,
        })
    }
}
