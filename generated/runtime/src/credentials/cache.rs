//! Caching credentials that expire: refreshed ahead of expiry, by one caller
//! at a time, with the cached ones kept when a refresh fails.

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use super::clock::{Clock, SharedClock, SystemClock};
use super::error::CredentialsError;
use super::future::ProvideCredentialsFuture;
use super::keys::Credentials;
use super::provide::ProvideCredentials;
use crate::timestamp::format_time;
use crate::transport::SharedTransport;

/// How long before their expiry cached credentials are refreshed: 3 minutes,
/// as Alibaba Cloud's official credentials libraries do.
pub const DEFAULT_REFRESH_BUFFER: Duration = Duration::from_secs(180);

/// The shortest time between two refreshes when a source hands out
/// credentials that are already inside the refresh buffer (or expired, as a
/// wrong local clock makes them look), so that such a source is not asked on
/// every call.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(10);

/// After a failed refresh, while the cached credentials are still valid, the
/// next refresh waits this long, so that a source that is down is not asked
/// on every call.
const FAILURE_BACKOFF: Duration = Duration::from_secs(10);

/// The cache a refreshing provider keeps: the current credentials and when to
/// refresh them, and a lock that lets one caller refresh at a time.
pub(crate) struct CacheState {
    entry: RwLock<Option<Entry>>,
    refresh: tokio::sync::Mutex<Outcome>,
    /// Counts finished refreshes, so that a caller that waited for one can
    /// share its outcome instead of starting another.
    completed: AtomicU64,
    buffer: Duration,
}

#[derive(Clone)]
struct Entry {
    credentials: Credentials,
    /// From then on, callers refresh. `None`: never (no expiry).
    refresh_at: Option<SystemTime>,
    /// Until then, the credentials may be used while a refresh fails or runs.
    usable_until: Option<SystemTime>,
}

#[derive(Default)]
struct Outcome {
    last_error: Option<CredentialsError>,
    retry_not_before: Option<SystemTime>,
}

impl Entry {
    fn new(credentials: Credentials, now: SystemTime, buffer: Duration, what: &str) -> Self {
        let Some(expiry) = credentials.expiry() else {
            return Self {
                credentials,
                refresh_at: None,
                usable_until: None,
            };
        };
        let soonest = now + MIN_REFRESH_INTERVAL;
        let usable_until = if expiry > now {
            expiry
        } else {
            tracing::warn!(
                source = what,
                expiry = %format_time(expiry),
                now = %format_time(now),
                "the credentials just fetched have already expired by the local clock; \
                 using them briefly (check the system clock)"
            );
            soonest
        };
        let ahead = expiry.checked_sub(buffer).unwrap_or(expiry);
        let refresh_at = ahead.max(soonest).min(usable_until);
        Self {
            credentials,
            refresh_at: Some(refresh_at),
            usable_until: Some(usable_until),
        }
    }

    fn is_fresh(&self, now: SystemTime) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }

    fn is_usable(&self, now: SystemTime) -> bool {
        self.usable_until.is_none_or(|until| now < until)
    }
}

impl CacheState {
    pub(crate) fn new(buffer: Duration) -> Self {
        Self {
            entry: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(Outcome::default()),
            completed: AtomicU64::new(0),
            buffer,
        }
    }

    fn cached_if(&self, keep: impl FnOnce(&Entry) -> bool) -> Option<Credentials> {
        let entry = self.entry.read().unwrap_or_else(PoisonError::into_inner);
        entry
            .as_ref()
            .filter(|e| keep(e))
            .map(|e| e.credentials.clone())
    }

    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        self.cached_if(|e| e.is_fresh(now))
    }

    fn usable(&self, now: SystemTime) -> Option<Credentials> {
        self.cached_if(|e| e.is_usable(now))
    }

    /// The expiry of the cached credentials, if any are cached.
    pub(crate) fn cached_expiry(&self) -> Option<Option<SystemTime>> {
        let entry = self.entry.read().unwrap_or_else(PoisonError::into_inner);
        entry.as_ref().map(|e| e.credentials.expiry())
    }

    /// Forgets the cached credentials.
    pub(crate) fn clear(&mut self) {
        *self.entry.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The cached credentials while they are fresh (a ready future, no
    /// allocation); otherwise a future that refreshes them with `fetch`.
    ///
    /// At most one refresh runs at a time. Callers that arrive during a
    /// refresh get the cached credentials at once while those are still
    /// valid, and otherwise wait for the refresh and share its outcome. When
    /// a refresh fails and the cached credentials have not expired yet, they
    /// are returned, a warning is logged, and the next refresh waits 10 s.
    pub(crate) fn provide<'a, F, Fut>(
        &'a self,
        clock: &'a dyn Clock,
        what: &'static str,
        fetch: F,
    ) -> ProvideCredentialsFuture<'a>
    where
        F: FnOnce() -> Fut + Send + 'a,
        Fut: Future<Output = Result<Credentials, CredentialsError>> + Send + 'a,
    {
        if let Some(credentials) = self.fresh(clock.now()) {
            return ProvideCredentialsFuture::ready(Ok(credentials));
        }
        ProvideCredentialsFuture::new(self.refresh(clock, what, fetch))
    }

    async fn refresh<F, Fut>(
        &self,
        clock: &dyn Clock,
        what: &'static str,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials, CredentialsError>>,
    {
        let seen = self.completed.load(Ordering::Acquire);
        let mut outcome = match self.refresh.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Someone else is refreshing: do not wait while the cached
                // credentials are still good.
                if let Some(credentials) = self.usable(clock.now()) {
                    return Ok(credentials);
                }
                self.refresh.lock().await
            }
        };
        let now = clock.now();
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        if self.completed.load(Ordering::Acquire) != seen {
            // A refresh finished while this caller waited: share its outcome.
            if let Some(credentials) = self.usable(now) {
                return Ok(credentials);
            }
            if let Some(error) = &outcome.last_error {
                return Err(error.clone());
            }
        }
        if let (Some(credentials), Some(not_before)) = (self.usable(now), outcome.retry_not_before)
        {
            if now < not_before {
                return Ok(credentials);
            }
        }

        let fetched = fetch().await;
        let now = clock.now();
        let result = match fetched {
            Ok(credentials) => {
                let entry = Entry::new(credentials.clone(), now, self.buffer, what);
                tracing::debug!(
                    source = what,
                    access_key_id = credentials.access_key_id(),
                    expiry = %credentials.expiry().map(format_time).unwrap_or_else(|| "never".into()),
                    "credentials refreshed"
                );
                *self.entry.write().unwrap_or_else(PoisonError::into_inner) = Some(entry);
                outcome.last_error = None;
                outcome.retry_not_before = None;
                Ok(credentials)
            }
            Err(error) => {
                let kept = self
                    .entry
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                match kept.filter(|e| e.is_usable(now)) {
                    Some(entry) => {
                        tracing::warn!(
                            source = what,
                            %error,
                            expiry = %entry.usable_until.map(format_time).unwrap_or_default(),
                            "could not refresh credentials; using the cached ones until they expire"
                        );
                        outcome.last_error = None;
                        outcome.retry_not_before = Some(now + FAILURE_BACKOFF);
                        Ok(entry.credentials)
                    }
                    None => {
                        outcome.last_error = Some(error.clone());
                        outcome.retry_not_before = None;
                        Err(error)
                    }
                }
            }
        };
        self.completed.fetch_add(1, Ordering::Release);
        result
    }
}

impl fmt::Debug for CacheState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expiry = self
            .cached_expiry()
            .map(|expiry| expiry.map(format_time).unwrap_or_else(|| "never".into()));
        f.debug_struct("Cache")
            .field("cached_until", &expiry)
            .field("refresh_buffer", &self.buffer)
            .finish()
    }
}

/// Caches the credentials of another provider and refreshes them shortly
/// before they expire.
///
/// Every provider in this crate whose credentials expire (ECS instance RAM
/// role, assumed RAM role, OIDC role, credentials URI) caches this way
/// already; wrap your own provider to get the same behaviour:
///
/// - the credentials are asked for once and then served from memory (a read
///   lock and a reference count, no allocation) until
///   [`DEFAULT_REFRESH_BUFFER`] (3 minutes) before their
///   [`expiry`](Credentials::expiry); credentials without an expiry are kept
///   for good;
/// - concurrent callers share one refresh: while it runs, callers get the
///   cached credentials if they are still valid, and otherwise wait for it
///   and share its result;
/// - when a refresh fails while the cached credentials are still valid, they
///   are used, a warning is logged, and the next refresh is tried 10 s later;
///   once they expire, the next caller refreshes and gets the error if that
///   fails too.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use alibabacloud_runtime::credentials::{
///     Credentials, CredentialsCache, ProvideCredentials, ProvideCredentialsFuture,
/// };
///
/// /// Fetches short-lived credentials from somewhere slow.
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
///     where
///         Self: 'a,
///     {
///         ProvideCredentialsFuture::new(async {
///             // ... ask the vault ...
///             Ok(Credentials::new("STS.id", "secret")
///                 .with_security_token("token")
///                 .with_expiry(SystemTime::now() + Duration::from_secs(3600)))
///         })
///     }
/// }
///
/// # async fn run() -> Result<(), alibabacloud_runtime::credentials::CredentialsError> {
/// let cached = CredentialsCache::new(FromVault);
/// let first = cached.provide_credentials().await?; // asks the vault
/// let again = cached.provide_credentials().await?; // from memory
/// assert_eq!(first, again);
/// # Ok(()) }
/// ```
pub struct CredentialsCache {
    inner: Arc<dyn ProvideCredentials>,
    clock: SharedClock,
    state: CacheState,
}

impl CredentialsCache {
    /// Caches `inner`'s credentials, with the system clock and the default
    /// refresh buffer.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self::from_shared(Arc::new(inner))
    }

    /// Caches the credentials of a shared provider.
    pub fn from_shared(inner: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            inner,
            clock: Arc::new(SystemClock),
            state: CacheState::new(DEFAULT_REFRESH_BUFFER),
        }
    }

    /// Reads the time from `clock` (tests use a
    /// [`ManualClock`](super::ManualClock)).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self.state.clear();
        self
    }

    /// Refreshes this long before expiry instead of 3 minutes.
    pub fn with_refresh_buffer(mut self, buffer: Duration) -> Self {
        self.state = CacheState::new(buffer);
        self
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("inner", &self.inner)
            .field("clock", &self.clock)
            .field("cache", &self.state)
            .finish()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
    where
        Self: 'a,
    {
        self.state.provide(&*self.clock, "credentials cache", || {
            self.inner.provide_credentials()
        })
    }

    fn attach_transport(&self, transport: &SharedTransport) {
        self.inner.attach_transport(transport);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::ManualClock;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Mutex;
    use std::time::UNIX_EPOCH;

    /// A source whose answers the test scripts: each call takes the next one.
    #[derive(Debug)]
    struct Scripted {
        clock: ManualClock,
        calls: AtomicUsize,
        fail: Mutex<bool>,
        lifetime: Duration,
    }

    impl Scripted {
        fn new(clock: &ManualClock, lifetime: Duration) -> Arc<Self> {
            Arc::new(Self {
                clock: clock.clone(),
                calls: AtomicUsize::new(0),
                fail: Mutex::new(false),
                lifetime,
            })
        }
        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
        where
            Self: 'a,
        {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let result = if *self.fail.lock().unwrap() {
                Err(CredentialsError::custom("scripted", "down"))
            } else {
                Ok(Credentials::new(format!("id-{n}"), "secret")
                    .with_expiry(self.clock.now() + self.lifetime))
            };
            ProvideCredentialsFuture::new(async move {
                tokio::task::yield_now().await;
                result
            })
        }
    }

    fn start() -> ManualClock {
        ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    }

    #[tokio::test]
    async fn refreshes_three_minutes_before_expiry() {
        let clock = start();
        let source = Scripted::new(&clock, Duration::from_secs(3600));
        let cache = CredentialsCache::from_shared(source.clone()).with_clock(clock.clone());
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        let hot = cache.provide_credentials();
        assert!(hot.is_ready(), "a fresh cache answers without work");
        assert_eq!(hot.await.unwrap().access_key_id(), "id-1");

        clock.advance(Duration::from_secs(3600 - 181));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        assert_eq!(source.calls(), 1);
        clock.advance(Duration::from_secs(1));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-2"
        );
        assert_eq!(source.calls(), 2);
        assert!(
            format!("{cache:?}").contains("cached_until: Some(\"2023-11-15T00:10:20Z\")"),
            "{cache:?}"
        );
    }

    #[tokio::test]
    async fn failed_refresh_keeps_valid_credentials_then_backs_off_then_fails() {
        let clock = start();
        let source = Scripted::new(&clock, Duration::from_secs(600));
        let cache = CredentialsCache::from_shared(source.clone()).with_clock(clock.clone());
        cache.provide_credentials().await.unwrap();
        *source.fail.lock().unwrap() = true;

        clock.advance(Duration::from_secs(500)); // inside the buffer, not expired
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        assert_eq!(source.calls(), 2, "one refresh was tried");
        clock.advance(Duration::from_secs(9));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        assert_eq!(source.calls(), 2, "no new try within the back-off");
        clock.advance(Duration::from_secs(1));
        cache.provide_credentials().await.unwrap();
        assert_eq!(source.calls(), 3, "tried again after 10 s");

        clock.advance(Duration::from_secs(90)); // now past expiry
        let err = cache.provide_credentials().await.unwrap_err();
        assert_eq!(err.to_string(), "scripted: down");
        assert_eq!(source.calls(), 4);

        *source.fail.lock().unwrap() = false;
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "id-5"
        );
    }

    #[tokio::test]
    async fn already_expired_credentials_are_used_briefly_not_fetched_per_call() {
        let clock = start();
        let source = Scripted::new(&clock, Duration::ZERO);
        let cache = CredentialsCache::from_shared(source.clone()).with_clock(clock.clone());
        cache.provide_credentials().await.unwrap();
        cache.provide_credentials().await.unwrap();
        assert_eq!(source.calls(), 1);
        clock.advance(MIN_REFRESH_INTERVAL);
        cache.provide_credentials().await.unwrap();
        assert_eq!(source.calls(), 2);
    }

    #[tokio::test]
    async fn credentials_without_expiry_are_kept() {
        let cache = CredentialsCache::new(Credentials::new("static", "s"));
        let first = cache.provide_credentials();
        assert!(!first.is_ready(), "nothing cached yet");
        first.await.unwrap();
        for _ in 0..3 {
            assert!(cache.provide_credentials().is_ready());
        }
    }

    /// A source that answers only when the test opens its gate.
    #[derive(Debug)]
    struct Gated {
        gate: Arc<tokio::sync::Semaphore>,
        calls: AtomicUsize,
        fail: bool,
    }

    impl ProvideCredentials for Gated {
        fn provide_credentials<'a>(&'a self) -> ProvideCredentialsFuture<'a>
        where
            Self: 'a,
        {
            self.calls.fetch_add(1, Ordering::SeqCst);
            ProvideCredentialsFuture::new(async move {
                let _permit = self.gate.acquire().await;
                if self.fail {
                    Err(CredentialsError::custom("gated", "down"))
                } else {
                    Ok(Credentials::new("id", "s")
                        .with_expiry(UNIX_EPOCH + Duration::from_secs(1_700_003_600)))
                }
            })
        }
    }

    /// 50 callers on a single-threaded runtime: all of them are parked (one
    /// in the source, the rest on the lock) before the source answers.
    async fn fifty_waiting_callers(
        fail: bool,
    ) -> (usize, Vec<Result<Credentials, CredentialsError>>) {
        let source = Arc::new(Gated {
            gate: Arc::new(tokio::sync::Semaphore::new(0)),
            calls: AtomicUsize::new(0),
            fail,
        });
        let cache = Arc::new(CredentialsCache::from_shared(source.clone()).with_clock(start()));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let cache = Arc::clone(&cache);
                tokio::spawn(async move { cache.provide_credentials().await })
            })
            .collect();
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        source.gate.add_permits(1000);
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        (source.calls.load(Ordering::SeqCst), results)
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let (calls, results) = fifty_waiting_callers(false).await;
        assert_eq!(calls, 1);
        assert!(results
            .iter()
            .all(|r| r.as_ref().unwrap().access_key_id() == "id"));
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_failure() {
        let (calls, results) = fifty_waiting_callers(true).await;
        assert_eq!(
            calls, 1,
            "waiters take the failed refresh's error, not a turn each"
        );
        assert!(results
            .iter()
            .all(|r| r.as_ref().unwrap_err().to_string() == "gated: down"));
    }
}
