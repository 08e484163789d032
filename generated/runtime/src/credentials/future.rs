//! The future [`ProvideCredentials`](super::ProvideCredentials) returns.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::CredentialsError;
use super::keys::Credentials;

type Boxed<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// The result of [`ProvideCredentials::provide_credentials`](super::ProvideCredentials::provide_credentials):
/// a future that is either ready at once (credentials already at hand, no
/// allocation) or wraps the work still to do (a refresh over the network).
///
/// ```
/// use alibabacloud_runtime::credentials::{Credentials, ProvideCredentialsFuture};
///
/// # async fn run() {
/// let ready = ProvideCredentialsFuture::ready(Ok(Credentials::new("id", "secret")));
/// assert_eq!(ready.await.unwrap().access_key_id(), "id");
///
/// let later = ProvideCredentialsFuture::new(async { Ok(Credentials::new("id2", "secret")) });
/// assert_eq!(later.await.unwrap().access_key_id(), "id2");
/// # }
/// ```
#[must_use = "futures do nothing unless awaited"]
pub struct ProvideCredentialsFuture<'a> {
    state: State<'a>,
}

enum State<'a> {
    Ready(Option<Result<Credentials, CredentialsError>>),
    Pending(Boxed<'a>),
}

impl<'a> ProvideCredentialsFuture<'a> {
    /// A future that yields `result` on its first poll.
    pub fn ready(result: Result<Credentials, CredentialsError>) -> Self {
        Self {
            state: State::Ready(Some(result)),
        }
    }

    /// A future that runs `future`.
    pub fn new(
        future: impl Future<Output = Result<Credentials, CredentialsError>> + Send + 'a,
    ) -> Self {
        Self {
            state: State::Pending(Box::pin(future)),
        }
    }

    /// Whether the result is already at hand (no work left to do).
    pub fn is_ready(&self) -> bool {
        matches!(self.state, State::Ready(Some(_)))
    }
}

impl Future for ProvideCredentialsFuture<'_> {
    type Output = Result<Credentials, CredentialsError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().state {
            State::Ready(result) => Poll::Ready(result.take().unwrap_or_else(|| {
                Err(CredentialsError::custom(
                    "credentials provider",
                    "the credentials future was polled after it completed",
                ))
            })),
            State::Pending(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for ProvideCredentialsFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProvideCredentialsFuture")
            .field("ready", &self.is_ready())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt as _;

    #[test]
    fn ready_future_completes_on_first_poll_and_never_panics_after() {
        let mut ready = ProvideCredentialsFuture::ready(Ok(Credentials::new("a", "b")));
        assert!(ready.is_ready());
        assert_eq!(
            format!("{ready:?}"),
            "ProvideCredentialsFuture { ready: true }"
        );
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let first = Pin::new(&mut ready).poll(&mut cx);
        assert!(matches!(first, Poll::Ready(Ok(_))));
        let again = Pin::new(&mut ready).poll(&mut cx);
        assert!(matches!(again, Poll::Ready(Err(_))));
    }

    #[test]
    fn pending_future_runs_the_work() {
        let fut = ProvideCredentialsFuture::new(async { Ok(Credentials::new("x", "y")) });
        assert!(!fut.is_ready());
        assert_eq!(fut.now_or_never().unwrap().unwrap().access_key_id(), "x");
    }
}
