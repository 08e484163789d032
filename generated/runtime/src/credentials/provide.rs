//! What supplies credentials: [`ProvideCredentials`].

use std::fmt;
use std::sync::Arc;

use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use crate::transport::SharedTransport;

/// Something that supplies the credentials each request is signed with.
///
/// The client asks before every attempt, so an implementation that fetches
/// credentials from somewhere slow should cache them: wrap it in a
/// [`CredentialsCache`](super::CredentialsCache), which also refreshes expiring credentials ahead of
/// time, once for all concurrent callers. Return
/// [`ProvideCredentialsFuture::ready`] when the credentials are at hand and
/// [`ProvideCredentialsFuture::new`] with an `async` block when there is work
/// to do:
///
/// ```
/// use alibabacloud_runtime::credentials::{
///     Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
/// };
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl FromVault {
///     async fn fetch(&self) -> Result<Credentials, CredentialsError> {
///         Err(CredentialsError::custom("vault", "not reachable"))
///     }
/// }
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
///     where
///         Self: 'a,
///     {
///         ProvideCredentialsFuture::new(self.fetch())
///     }
/// }
///
/// # async fn run() {
/// let err = FromVault.provide_credentials().await.unwrap_err();
/// assert_eq!(err.to_string(), "vault: not reachable");
/// # }
/// # futures::executor::block_on(run());
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns the credentials to sign a request with.
    ///
    /// The error's `Debug` and `Display` must not contain secrets.
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a;

    /// Hands the provider the transport of the client it serves; a client
    /// calls this when it is built. A provider that fetches credentials over
    /// HTTP sends its requests through it (so that the client's proxy,
    /// root certificates and mock apply to them), unless it was given a
    /// transport of its own; the first client's is kept. A provider that
    /// wraps others hands it on. The default does nothing.
    fn attach_transport(&self, transport: &SharedTransport) {
        let _ = transport;
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        ProvideCredentialsFuture::ready(Ok(self.clone()))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        (**self).provide_credentials()
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        (**self).attach_transport(transport);
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        (**self).provide_credentials()
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        (**self).attach_transport(transport);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt as _;

    #[test]
    fn static_credentials_provide_themselves_at_once() {
        let c = Credentials::new("a", "b").with_security_token("t");
        assert!(c.provide_credentials().is_ready());
        assert_eq!(c.provide_credentials().now_or_never().unwrap().unwrap(), c);
        let shared: Arc<dyn ProvideCredentials> = Arc::new(c.clone());
        assert_eq!(
            shared
                .provide_credentials()
                .now_or_never()
                .unwrap()
                .unwrap(),
            c
        );
        let boxed: Box<dyn ProvideCredentials> = Box::new(c.clone());
        assert_eq!(
            boxed.provide_credentials().now_or_never().unwrap().unwrap(),
            c
        );
    }
}
