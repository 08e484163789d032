//! When and how long to wait before trying a call again.

use std::time::Duration;

use rand::Rng;

use super::error::{ConfigError, Error};

/// The retry policy: how many attempts and how long to wait between them.
///
/// The default makes up to 3 attempts, waiting a random time (full jitter)
/// up to `100 ms × 2^(n-1)`, at most 20 s, before attempt `n + 1`, or the time
/// the service asked for in `x-acs-retry-after` (also at most the cap).
/// Each attempt is signed anew, with a fresh nonce and timestamp.
///
/// What is retried: throttling (`Throttling`, `Throttling.*`, or an
/// `x-acs-retry-after` header), HTTP 5xx, the codes `InternalError`,
/// `ServiceUnavailable`, `UnknownError` and `Busy`, failed connects,
/// per-attempt timeouts and connections broken mid-request (see
/// [`Error::is_retryable`](crate::Error::is_retryable)). Nothing else.
///
/// # Retries and task submissions
///
/// **Read this before relying on retries for `Save*` operations.** The
/// `SaveSingleTask*`, `SaveBatchTask*` and `SaveTask*` operations submit a
/// task, and no Domain operation takes an idempotency token. When an attempt
/// times out, or the connection breaks after the request was sent, the
/// service may already have accepted the task; a retry then submits it a
/// second time (a second renewal order, for instance). Throttling, error
/// answers and failed connects are safe to retry; timeouts and broken
/// connections are not, for these operations. For them, either use
/// [`with_retry_on_ambiguous_failures(false)`](Self::with_retry_on_ambiguous_failures)
/// or turn retries off for the call
/// ([`Client::with_retry_config`](crate::Client::with_retry_config) with
/// [`RetryConfig::disabled`]) and check `QueryTaskList` /
/// `QueryTaskDetailList` before resubmitting.
///
/// ```
/// use std::time::Duration;
/// use alibabacloud_domain::RetryConfig;
///
/// let patient = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(patient.max_attempts(), 5);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_ambiguous: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, 100 ms initial back-off, 20 s cap.
    pub const fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            retry_ambiguous: true,
        }
    }

    /// One attempt, no retries.
    pub const fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the total number of attempts (the first one included); must be
    /// at least 1, or building the [`Config`](crate::Config) fails.
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Sets the base of the exponential back-off.
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between two attempts, `x-acs-retry-after`
    /// included.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Whether to retry after a timeout or a connection broken mid-request,
    /// when the service may already have acted (default `true`). Set it to
    /// `false` to retry only errors where the request was surely not
    /// processed (throttling, error answers, failed connects) — the safe
    /// choice for `Save*` task submissions.
    pub const fn with_retry_on_ambiguous_failures(mut self, retry: bool) -> Self {
        self.retry_ambiguous = retry;
        self
    }

    /// The total number of attempts.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential back-off.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether timeouts and broken connections are retried.
    pub const fn retries_ambiguous_failures(&self) -> bool {
        self.retry_ambiguous
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if self.max_attempts == 0 {
            return Err(ConfigError::new(
                "retry max_attempts must be at least 1 (use RetryConfig::disabled() for a single attempt)",
            ));
        }
        if self.initial_backoff > self.max_backoff {
            return Err(ConfigError::new(format!(
                "retry initial_backoff ({:?}) is longer than max_backoff ({:?})",
                self.initial_backoff, self.max_backoff
            )));
        }
        Ok(())
    }

    /// Whether `error`, which ended attempt number `attempt` (from 1), should
    /// be followed by another attempt.
    pub(crate) fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        if attempt >= self.max_attempts || !error.is_retryable() {
            return false;
        }
        let ambiguous = matches!(error, Error::Timeout(_) | Error::Transport(_));
        self.retry_ambiguous || !ambiguous
    }

    /// How long to wait after attempt number `attempt` (from 1) failed with
    /// `error`.
    pub(crate) fn delay(&self, error: &Error, attempt: u32) -> Duration {
        if let Some(after) = error.retry_after() {
            return after.min(self.max_backoff);
        }
        let ceiling = self.backoff_ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(rand::thread_rng().gen_range(0..=nanos))
    }

    /// `min(max_backoff, initial_backoff × 2^(attempt-1))`.
    pub(crate) fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::error::{ServiceError, TimeoutError, TimeoutKind};

    fn service(body: &str, status: u16, after: Option<Duration>) -> Error {
        Error::Service(Box::new(
            ServiceError::parse(status, body.as_bytes(), after).unwrap(),
        ))
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryConfig::standard();
        assert_eq!(r.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(r.backoff_ceiling(3), Duration::from_millis(400));
        assert_eq!(r.backoff_ceiling(40), Duration::from_secs(20));
        let e = service(r#"{"Code":"InternalError"}"#, 500, None);
        for attempt in 1..10 {
            assert!(r.delay(&e, attempt) <= r.backoff_ceiling(attempt));
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let r = RetryConfig::standard().with_max_backoff(Duration::from_secs(1));
        let e = service(
            r#"{"Code":"Throttling"}"#,
            400,
            Some(Duration::from_millis(250)),
        );
        assert_eq!(r.delay(&e, 1), Duration::from_millis(250));
        let e = service(
            r#"{"Code":"Throttling"}"#,
            400,
            Some(Duration::from_secs(60)),
        );
        assert_eq!(r.delay(&e, 1), Duration::from_secs(1));
    }

    #[test]
    fn what_is_retried() {
        let r = RetryConfig::standard();
        assert!(r.should_retry(&service(r#"{"Code":"Throttling.User"}"#, 400, None), 1));
        assert!(!r.should_retry(&service(r#"{"Code":"Throttling.User"}"#, 400, None), 3));
        assert!(!r.should_retry(&service(r#"{"Code":"DomainNotExist"}"#, 400, None), 1));
        let timeout = Error::Timeout(TimeoutError::new(
            TimeoutKind::Attempt,
            Duration::from_secs(1),
        ));
        assert!(r.should_retry(&timeout, 1));
        assert!(!r
            .with_retry_on_ambiguous_failures(false)
            .should_retry(&timeout, 1));
        assert!(!RetryConfig::disabled().should_retry(&timeout, 1));
    }

    #[test]
    fn invalid_settings_are_config_errors() {
        assert!(RetryConfig::standard()
            .with_max_attempts(0)
            .validate()
            .is_err());
        assert!(RetryConfig::standard()
            .with_initial_backoff(Duration::from_secs(30))
            .validate()
            .is_err());
        assert!(RetryConfig::disabled().validate().is_ok());
    }
}
