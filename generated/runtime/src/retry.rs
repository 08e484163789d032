//! When a call is tried again: which failures are safe to retry for which
//! kind of operation, how long to wait, and the per-client retry budget.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use rand::Rng;

use super::error::{ConfigError, Error, Stop, TimeoutKind};
use super::operation::OperationKind;

/// The retry policy: how many attempts, how long to wait between them, and
/// whether mutating operations are retried after failures that may have
/// taken effect.
///
/// The default makes up to 3 attempts, waiting a random time (full jitter)
/// up to `100 ms × 2^(n-1)`, at most 20 s, before attempt `n + 1`, or the time
/// the service asked for in `x-acs-retry-after` (also at most the cap).
/// Each attempt is signed anew, with a fresh nonce and timestamp.
///
/// # What is retried
///
/// Only transient failures ([`Error::is_retryable`]), and for a **mutating**
/// operation ([`OperationKind::Mutating`]: task submissions, purchases,
/// renewals, deletions) only those that prove the request did
/// not take effect:
///
/// | Failure | Read-only operations | Mutating operations |
/// |---|---|---|
/// | connection refused, DNS or TLS failure, connect timeout | retried | retried |
/// | throttling (`Throttling`, `Throttling.*`, `x-acs-retry-after`) | retried | retried |
/// | `ServiceUnavailable` with HTTP 503 | retried | retried |
/// | attempt timeout after connecting | retried | not retried |
/// | connection closed or reset after the request was sent | retried | not retried |
/// | HTTP 500, 502, 504 or any other 5xx (`InternalError`, `UnknownError`, …) | retried | not retried |
/// | unreadable 5xx response (an HTML page from a proxy) | retried | not retried |
/// | `Busy` (HTTP 400: refused, nothing done) | retried | not retried |
/// | a code the operation's reference page calls passing ("try again later"; [`Operation::TRANSIENT_ERROR_CODES`](crate::unstable::Operation::TRANSIENT_ERROR_CODES)) | retried | not retried |
///
/// When a mutating call fails in one of the "not retried" ways other than
/// `Busy`, the service may have acted on it: [`Error::may_have_taken_effect`] is then `true` and
/// the error's message says how to check (for a task submission, the
/// product's task lists) before sending it again.
/// [`with_retry_on_ambiguous_failures(true)`](Self::with_retry_on_ambiguous_failures)
/// opts into retrying those too, at the risk of doing the change twice.
///
/// Every retry also draws from the client's [`RetryBudget`].
///
/// ```
/// use std::time::Duration;
/// use alibabacloud_runtime::RetryConfig;
///
/// let patient = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(patient.max_attempts(), 5);
/// assert!(!patient.retries_ambiguous_failures());
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
    /// 3 attempts, 100 ms initial back-off, 20 s cap; mutating operations
    /// are retried only when the request surely did not take effect.
    pub const fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            retry_ambiguous: false,
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

    /// Whether **mutating** operations are also retried after failures that
    /// leave it unknown whether the service acted: attempt timeouts,
    /// connections broken after the request was sent, 5xx answers other
    /// than `503 ServiceUnavailable`, unreadable responses (default `false`).
    ///
    /// Read-only operations are always retried after these. Turn it on only
    /// for operations that are harmless to repeat: a task submission
    /// retried this way can create a second task (a second renewal order,
    /// charged again).
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

    /// Whether mutating operations are retried after failures that may have
    /// taken effect.
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

    /// Whether `error`, which ended attempt number `attempt` (from 1) of an
    /// operation of `kind`, may be followed by another attempt, as far as
    /// this policy goes (the budget and the total timeout are checked by
    /// the caller). `Err` says why not.
    pub(crate) fn check(
        &self,
        kind: OperationKind,
        transient_codes: &[&str],
        error: &Error,
        attempt: u32,
    ) -> Result<(), Stop> {
        let passing = kind == OperationKind::ReadOnly
            && error
                .code()
                .is_some_and(|code| transient_codes.contains(&code));
        if !error.is_retryable() && !passing {
            return Err(Stop::NotRetryable);
        }
        if attempt >= self.max_attempts {
            return Err(Stop::MaxAttempts);
        }
        if kind == OperationKind::Mutating
            && !self.retry_ambiguous
            && delivery(error) != Delivery::Declined
        {
            return Err(Stop::Mutating);
        }
        Ok(())
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

/// How many retries one client may make when calls keep failing: a token
/// bucket shared by the client and all its clones.
///
/// Each retry takes tokens ([`retry_cost`](Self::retry_cost), or
/// [`timeout_retry_cost`](Self::timeout_retry_cost) after a timeout or a
/// broken connection); a call that succeeds after retries gives back the
/// tokens of its last retry, and a call that succeeds at once adds one
/// token, up to the [`capacity`](Self::capacity). When a retry would take
/// more tokens than are left, the call fails with its last error instead,
/// and the error says so ([`Error::is_retry_budget_exhausted`]).
///
/// During an outage every call fails, the bucket empties after a few dozen
/// calls, and from then on each call makes a single attempt: a fleet of
/// clients does not multiply the load on a struggling service by the number
/// of attempts. First attempts are never refused.
///
/// The default, [`standard`](Self::standard), holds 500 tokens, and a retry
/// costs 5 (10 after a timeout): 100 retries, or 50 calls failing three
/// times in a row, empty it.
///
/// ```
/// use alibabacloud_runtime::{Config, RetryBudget};
///
/// let config = Config::builder()
///     .retry_budget(RetryBudget::standard().with_capacity(100))
///     .build()?;
/// assert_eq!(config.retry_budget().capacity(), 100);
/// # Ok::<(), alibabacloud_runtime::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    limited: bool,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryBudget {
    /// 500 tokens; a retry costs 5, a retry after a timeout or a broken
    /// connection 10; a call that succeeds at once adds 1.
    pub const fn standard() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            limited: true,
        }
    }

    /// No budget: retries are limited only by the [`RetryConfig`].
    pub const fn unlimited() -> Self {
        Self {
            limited: false,
            ..Self::standard()
        }
    }

    /// Sets how many tokens the bucket holds when full (and at the start).
    /// It must pay for at least one retry, or building the
    /// [`Config`](crate::Config) fails.
    pub const fn with_capacity(mut self, tokens: u32) -> Self {
        self.capacity = tokens;
        self
    }

    /// Sets the tokens a retry takes.
    pub const fn with_retry_cost(mut self, tokens: u32) -> Self {
        self.retry_cost = tokens;
        self
    }

    /// Sets the tokens a retry after a timeout or a broken connection takes.
    pub const fn with_timeout_retry_cost(mut self, tokens: u32) -> Self {
        self.timeout_retry_cost = tokens;
        self
    }

    /// How many tokens the bucket holds when full.
    pub const fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The tokens a retry takes.
    pub const fn retry_cost(&self) -> u32 {
        self.retry_cost
    }

    /// The tokens a retry after a timeout or a broken connection takes.
    pub const fn timeout_retry_cost(&self) -> u32 {
        self.timeout_retry_cost
    }

    /// Whether retries are limited by the bucket at all.
    pub const fn is_limited(&self) -> bool {
        self.limited
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let cheapest = self.retry_cost.min(self.timeout_retry_cost);
        if self.limited && self.capacity < cheapest {
            return Err(ConfigError::new(format!(
                "retry budget capacity ({}) cannot pay for a single retry (cost {cheapest}); \
                 use RetryConfig::disabled() to turn retries off",
                self.capacity
            )));
        }
        Ok(())
    }
}

/// The live token bucket of one client.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    budget: RetryBudget,
    tokens: AtomicU32,
}

impl TokenBucket {
    pub(crate) fn new(budget: RetryBudget) -> Self {
        Self {
            budget,
            tokens: AtomicU32::new(budget.capacity),
        }
    }

    /// The tokens a retry after `error` takes.
    pub(crate) fn cost(&self, error: &Error) -> u32 {
        match error {
            Error::Timeout(_) | Error::Transport(_) => self.budget.timeout_retry_cost,
            _ => self.budget.retry_cost,
        }
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        !self.budget.limited
            || self
                .tokens
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
                .is_ok()
    }

    /// A call succeeded: give back the cost of its last retry, or add one
    /// token when it needed none.
    pub(crate) fn on_success(&self, last_retry_cost: Option<u32>) {
        if !self.budget.limited {
            return;
        }
        let add = last_retry_cost.unwrap_or(1);
        let capacity = self.budget.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(add).min(capacity))
            });
    }

    /// The tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

/// What a failed attempt proves about whether the service acted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Surely not processed, and the answer invites a retry: no connection
    /// (refused, DNS, TLS, connect timeout), throttling, or
    /// `ServiceUnavailable` with HTTP 503.
    Declined,
    /// Surely not processed: the API refused it with a 4xx error answer, or
    /// nothing was sent (credentials, configuration).
    Rejected,
    /// Unknown: the request may have been processed (a timeout or a broken
    /// connection after it was sent, a 5xx answer, an unreadable response).
    Unknown,
}

/// Classifies one failed attempt.
pub(crate) fn delivery(error: &Error) -> Delivery {
    match error {
        Error::Connect(_) => Delivery::Declined,
        Error::Timeout(t) if t.kind() == TimeoutKind::Connect => Delivery::Declined,
        Error::Timeout(_) | Error::Transport(_) | Error::Decode(_) => Delivery::Unknown,
        Error::Service(e) => {
            let unavailable =
                e.status() == 503 && e.code().split('.').next() == Some("ServiceUnavailable");
            if e.is_throttling() || unavailable {
                Delivery::Declined
            } else if e.status() >= 500 {
                Delivery::Unknown
            } else {
                Delivery::Rejected
            }
        }
        Error::Credentials(_) | Error::Config(_) => Delivery::Rejected,
        // An answer arrived, too large to read: whatever it said, the
        // request may have been processed.
        Error::ResponseTooLarge(_) => Delivery::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CallNote;
    use crate::error::{ServiceError, TimeoutError};

    fn service(body: &str, status: u16, after: Option<Duration>) -> Error {
        Error::Service(Box::new(
            ServiceError::parse("ECS API", status, body.as_bytes(), after).unwrap(),
        ))
    }

    fn timeout(kind: TimeoutKind) -> Error {
        Error::Timeout(TimeoutError::new("ECS API", kind, Duration::from_secs(1)))
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
    fn the_back_off_is_spread_over_the_whole_range_below_the_ceiling() {
        // Full jitter: a uniform draw in `0..=ceiling`. Neither zero (every
        // client retrying at once) nor the ceiling itself (no jitter). With
        // 200 draws, all on one side of the middle has odds of 2^-199.
        let r = RetryConfig::standard();
        let e = service(r#"{"Code":"InternalError"}"#, 500, None);
        let ceiling = r.backoff_ceiling(3);
        assert_eq!(ceiling, Duration::from_millis(400));
        let delays: Vec<Duration> = (0..200).map(|_| r.delay(&e, 3)).collect();
        assert!(delays.iter().all(|d| *d <= ceiling), "{delays:?}");
        assert!(
            delays.iter().any(|d| *d > ceiling / 2),
            "no delay above half the ceiling: {delays:?}"
        );
        assert!(
            delays.iter().any(|d| *d < ceiling / 2),
            "no delay below half the ceiling: {delays:?}"
        );
        let distinct: std::collections::BTreeSet<Duration> = delays.iter().copied().collect();
        assert!(distinct.len() > 100, "{} distinct delays", distinct.len());
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
    fn what_proves_a_request_was_not_processed() {
        use Delivery::*;
        let cases = [
            (service(r#"{"Code":"Throttling"}"#, 400, None), Declined),
            (
                service(r#"{"Code":"Throttling.User"}"#, 400, None),
                Declined,
            ),
            (
                service(r#"{"Code":"X"}"#, 500, Some(Duration::from_millis(5))),
                Declined,
            ),
            (
                service(r#"{"Code":"ServiceUnavailable"}"#, 503, None),
                Declined,
            ),
            (
                service(r#"{"Code":"ServiceUnavailable"}"#, 500, None),
                Unknown,
            ),
            (service(r#"{"Code":"Unavailable"}"#, 503, None), Unknown),
            (service(r#"{"Code":"InternalError"}"#, 500, None), Unknown),
            (service(r#"{"Code":"BadGateway"}"#, 502, None), Unknown),
            (service(r#"{"Code":"GatewayTimeout"}"#, 504, None), Unknown),
            (service(r#"{"Code":"Busy"}"#, 400, None), Rejected),
            (
                service(r#"{"Code":"InvalidParameter"}"#, 400, None),
                Rejected,
            ),
            (timeout(TimeoutKind::Connect), Declined),
            (timeout(TimeoutKind::Attempt), Unknown),
            (timeout(TimeoutKind::Total), Unknown),
            (Error::Config(ConfigError::new("x")), Rejected),
        ];
        for (error, expected) in cases {
            assert_eq!(delivery(&error), expected, "{error}");
        }
    }

    #[test]
    fn what_is_retried_for_each_kind() {
        use OperationKind::*;
        let r = RetryConfig::standard();
        let throttled = service(r#"{"Code":"Throttling.User"}"#, 400, None);
        let internal = service(r#"{"Code":"InternalError"}"#, 500, None);
        let busy = service(r#"{"Code":"Busy"}"#, 400, None);
        let attempt = timeout(TimeoutKind::Attempt);
        let connect = timeout(TimeoutKind::Connect);
        for kind in [ReadOnly, Mutating] {
            assert_eq!(r.check(kind, &[], &throttled, 1), Ok(()));
            assert_eq!(r.check(kind, &[], &throttled, 3), Err(Stop::MaxAttempts));
            assert_eq!(r.check(kind, &[], &connect, 2), Ok(()));
            let not_found = service(r#"{"Code":"InvalidInstanceId.NotFound"}"#, 400, None);
            assert_eq!(r.check(kind, &[], &not_found, 1), Err(Stop::NotRetryable));
            assert_eq!(
                r.check(kind, &[], &timeout(TimeoutKind::Total), 1),
                Err(Stop::NotRetryable)
            );
        }
        for error in [&internal, &busy, &attempt] {
            assert_eq!(r.check(ReadOnly, &[], error, 1), Ok(()), "{error}");
            assert_eq!(
                r.check(Mutating, &[], error, 1),
                Err(Stop::Mutating),
                "{error}"
            );
            let opted_in = r.with_retry_on_ambiguous_failures(true);
            assert_eq!(opted_in.check(Mutating, &[], error, 1), Ok(()), "{error}");
        }
        assert_eq!(
            RetryConfig::disabled().check(ReadOnly, &[], &attempt, 1),
            Err(Stop::MaxAttempts)
        );
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
        assert!(RetryBudget::standard().validate().is_ok());
        assert!(RetryBudget::standard().with_capacity(4).validate().is_err());
        assert!(RetryBudget::standard().with_capacity(5).validate().is_ok());
        assert!(RetryBudget::standard()
            .with_capacity(5)
            .with_retry_cost(6)
            .validate()
            .is_err());
        assert!(RetryBudget::unlimited().with_capacity(0).validate().is_ok());
    }

    #[test]
    fn the_bucket_drains_on_retries_and_refills_on_success() {
        let bucket = TokenBucket::new(RetryBudget::standard().with_capacity(20));
        let internal = service(r#"{"Code":"InternalError"}"#, 500, None);
        let attempt = timeout(TimeoutKind::Attempt);
        assert_eq!((bucket.cost(&internal), bucket.cost(&attempt)), (5, 10));
        assert!(bucket.try_acquire(10));
        assert!(bucket.try_acquire(5));
        assert!(bucket.try_acquire(5));
        assert_eq!(bucket.available(), 0);
        assert!(!bucket.try_acquire(5), "empty");
        // A success after a retry returns that retry's tokens...
        bucket.on_success(Some(5));
        assert_eq!(bucket.available(), 5);
        // ...a success without retries adds one...
        bucket.on_success(None);
        assert_eq!(bucket.available(), 6);
        // ...and the bucket never holds more than its capacity.
        for _ in 0..100 {
            bucket.on_success(Some(10));
        }
        assert_eq!(bucket.available(), 20);

        let unlimited = TokenBucket::new(RetryBudget::unlimited().with_capacity(0));
        assert!((0..1000).all(|_| unlimited.try_acquire(10)));
    }

    fn note(
        action: &'static str,
        kind: OperationKind,
        attempts: u32,
        unknown: u32,
        stop: Stop,
    ) -> String {
        CallNote {
            action,
            task_lookup: Some("DescribeJobs or DescribeJobDetails"),
            kind,
            // Marked by the generator: operations answering with a task's
            // number, here the `Submit*Job` ones.
            submits_task: action.starts_with("Submit") && action.ends_with("Job"),
            attempts,
            unknown_attempts: unknown,
            stop,
        }
        .to_string()
    }

    #[test]
    fn the_note_says_what_may_have_happened_only_for_mutating_calls() {
        use OperationKind::*;
        let submit = "SubmitRenewalJob";
        let text = note(submit, Mutating, 1, 1, Stop::Mutating);
        assert_eq!(
            text,
            ". SubmitRenewalJob may have taken effect: the service may have \
             accepted the task before the failure, so it was not retried (see \
             RetryConfig::with_retry_on_ambiguous_failures). Check DescribeJobs or \
             DescribeJobDetails before submitting it again"
        );
        let text = note(submit, Mutating, 3, 2, Stop::MaxAttempts);
        assert!(text.starts_with("; gave up after 3 attempts. "), "{text}");
        assert!(text.contains("possibly more than once"), "{text}");
        assert!(!text.contains("not retried"), "{text}");

        let text = note("ModifyInstanceName", Mutating, 1, 1, Stop::Mutating);
        assert!(text.contains("may have made the change"), "{text}");
        assert!(!text.contains("DescribeJob"), "{text}");

        // A product that names no place to look tasks up.
        let unnamed = CallNote {
            action: submit,
            task_lookup: None,
            kind: Mutating,
            submits_task: true,
            attempts: 1,
            unknown_attempts: 1,
            stop: Stop::Mutating,
        }
        .to_string();
        assert!(
            unnamed.ends_with(". Check the task's state before submitting it again"),
            "{unnamed}"
        );

        let read = note("DescribeInstances", ReadOnly, 3, 3, Stop::MaxAttempts);
        assert_eq!(read, "; gave up after 3 attempts");
        assert_eq!(
            note("DescribeInstances", ReadOnly, 1, 1, Stop::NotRetryable),
            ""
        );
        // A mutating call that surely did not take effect claims nothing.
        assert_eq!(
            note(submit, Mutating, 3, 0, Stop::MaxAttempts),
            "; gave up after 3 attempts"
        );

        let budget = note("DescribeInstances", ReadOnly, 1, 0, Stop::Budget);
        assert!(budget.contains("retry budget is exhausted"), "{budget}");
        assert!(budget.contains("after 1 attempt:"), "{budget}");
    }
}
