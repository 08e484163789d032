//! The access key pair (and security token) a request is signed with.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::timestamp::format_time;

/// What `Debug` and `Display` print instead of a secret or a token.
const REDACTED: &str = "** redacted **";

/// An access key pair, optionally with an STS security token and the time
/// it expires.
///
/// Cloning is cheap (a reference count). `Debug` and `Display` show the
/// access key id but never the secret or the token:
///
/// ```
/// use alibabacloud_runtime::Credentials;
///
/// let creds = Credentials::new("LTAI-example", "my-secret").with_security_token("my-token");
/// assert_eq!(creds.security_token(), Some("my-token"));
/// let shown = format!("{creds:?} {creds}");
/// assert!(shown.contains("LTAI-example"));
/// assert!(!shown.contains("my-secret") && !shown.contains("my-token"));
/// ```
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Credentials {}

impl Credentials {
    /// Credentials from an access key id and secret (a RAM user's or the
    /// account's long-term key).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiry: None,
        }))
    }

    /// Adds an STS security token: the id and secret are then the temporary
    /// pair STS issued together with the token, and every request carries
    /// the token as `SecurityToken`.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).security_token = Some(token.into());
        self
    }

    /// Sets when these credentials stop working. Caches refresh them ahead
    /// of it (see [`CredentialsCache`](super::CredentialsCache)); without one they are kept for good.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        Arc::make_mut(&mut self.0).expiry = Some(expiry);
        self
    }

    /// The access key id (`AccessKeyId`).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The access key secret, the HMAC key requests are signed with.
    pub fn access_key_secret(&self) -> &str {
        &self.0.access_key_secret
    }

    /// The STS security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.0.security_token.as_deref()
    }

    /// When these credentials expire, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("access_key_id", &self.0.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| REDACTED),
            );
        if let Some(expiry) = self.0.expiry {
            s.field("expiry", &format_time(expiry));
        }
        s.finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "access key id {} (secret {REDACTED}",
            self.0.access_key_id
        )?;
        if self.0.security_token.is_some() {
            write!(f, ", STS security token {REDACTED}")?;
        }
        if let Some(expiry) = self.0.expiry {
            write!(f, ", expires {}", format_time(expiry))?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

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
        let expiring = c.with_expiry(UNIX_EPOCH + Duration::from_secs(1_704_164_645));
        assert_eq!(
            expiring.to_string(),
            "access key id LTAI-id (secret ** redacted **, STS security token ** redacted **, \
             expires 2024-01-02T03:04:05Z)"
        );
        assert!(format!("{expiring:?}").ends_with(r#", expiry: "2024-01-02T03:04:05Z" }"#));
    }

    #[test]
    fn builders_do_not_change_shared_copies() {
        let a = Credentials::new("a", "b");
        let b = a.clone().with_security_token("t");
        assert_eq!(a.security_token(), None);
        assert_eq!(b.security_token(), Some("t"));
        assert_ne!(a, b);
        assert_eq!(a, Credentials::new("a", "b"));
    }
}
