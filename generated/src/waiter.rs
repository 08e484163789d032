//! Waiting for a submitted task to finish. Hand-written, not generated.
//!
//! The `Save*` operations (such as
//! [`save_single_task_for_synchronizing_ds_record`](crate::Client::save_single_task_for_synchronizing_ds_record))
//! only queue a task and return its `TaskNo`; the work is done later, one
//! *detail* per domain. [`Client::wait_for_task`] polls `QueryTaskDetailList`
//! (every page) with exponential back-off until every detail of the task is
//! in a final state (`EXECUTE_SUCCESS` or `EXECUTE_FAILURE`), or until the
//! time the caller allows has run out.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use alibabacloud_domain::operation::save_single_task_for_synchronizing_ds_record::SaveSingleTaskForSynchronizingDsRecordInput;
//! use alibabacloud_domain::waiter::WaitError;
//! use alibabacloud_domain::Client;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?;
//! let submitted = client
//!     .save_single_task_for_synchronizing_ds_record(SaveSingleTaskForSynchronizingDsRecordInput::new("example.com"))
//!     .await?;
//! let task_no = submitted.task_no.ok_or("the service returned no TaskNo")?;
//!
//! match client.wait_for_task(&task_no).wait(Duration::from_secs(600)).await {
//!     Ok(report) => {
//!         for domain in &report.succeeded {
//!             println!("{}: synchronized", domain.domain_name);
//!         }
//!         for domain in &report.failed {
//!             println!("{}: failed: {}", domain.domain_name, domain.error_msg.as_deref().unwrap_or("no message"));
//!         }
//!     }
//!     Err(WaitError::Timeout(timeout)) => {
//!         println!("still running after {:?}; last seen: {:?}", timeout.waited(), timeout.last_seen());
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use rand::Rng as _;
use tokio::time::Instant;

use crate::operation::query_task_detail_list::QueryTaskDetailListInput;
use crate::paginator::{Paginator, DEFAULT_MAX_PAGES};
use crate::types::{TaskDetail, TaskStatus, TaskStatusCode};
use crate::{Client, Error};

/// The first delay between two polls, unless set with
/// [`TaskWaiter::initial_delay`].
pub const DEFAULT_INITIAL_DELAY: Duration = Duration::from_secs(2);

/// The longest delay between two polls, unless set with
/// [`TaskWaiter::max_delay`].
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(30);

/// The `PageSize` each poll asks for, unless set with
/// [`TaskWaiter::page_size`].
pub const DEFAULT_PAGE_SIZE: i32 = 100;

impl Client {
    /// Prepares to wait for the task `task_no` (the `TaskNo` a `Save*`
    /// operation returned) to finish; call [`TaskWaiter::wait`] with the
    /// longest time to wait.
    ///
    /// See the [`waiter`](crate::waiter) module for an example.
    pub fn wait_for_task(&self, task_no: impl Into<String>) -> TaskWaiter {
        TaskWaiter {
            client: self.clone(),
            task_no: task_no.into(),
            initial_delay: DEFAULT_INITIAL_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            page_size: DEFAULT_PAGE_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

/// Waits for one task; created by [`Client::wait_for_task`].
///
/// Each poll reads every page of `QueryTaskDetailList` for the task. The
/// delay before the next poll starts at [`initial_delay`](Self::initial_delay),
/// doubles after each poll up to [`max_delay`](Self::max_delay), and is
/// jittered (between half and all of that value, never below the initial
/// delay) so that many waiters do not poll in step. No delay runs past the
/// deadline given to [`wait`](Self::wait).
#[derive(Debug, Clone)]
#[must_use = "a TaskWaiter does nothing until `wait` is called"]
pub struct TaskWaiter {
    client: Client,
    task_no: String,
    initial_delay: Duration,
    max_delay: Duration,
    page_size: i32,
    max_pages: u32,
}

impl TaskWaiter {
    /// The delay before the second poll (default
    /// [`DEFAULT_INITIAL_DELAY`]); the first poll is immediate.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest delay between two polls (default [`DEFAULT_MAX_DELAY`]).
    /// A value below the initial delay is raised to it.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The `PageSize` of each `QueryTaskDetailList` call (default
    /// [`DEFAULT_PAGE_SIZE`]; the service allows up to 1000). Values below 1
    /// are raised to 1.
    pub fn page_size(mut self, page_size: i32) -> Self {
        self.page_size = page_size.max(1);
        self
    }

    /// The most pages one poll reads (default
    /// [`DEFAULT_MAX_PAGES`]). A poll cut short by this limit does not count
    /// as finished.
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The task being waited for.
    pub fn task_no(&self) -> &str {
        &self.task_no
    }

    /// Reads the task's details once (every page) and reports where each
    /// domain stands, without waiting.
    ///
    /// # Errors
    ///
    /// The [`Error`] of the first `QueryTaskDetailList` call that failed.
    pub async fn check(&self) -> Result<TaskReport, Error> {
        let input = QueryTaskDetailListInput::builder()
            .task_no(self.task_no.clone())
            .page_num(1)
            .page_size(self.page_size)
            .build();
        let mut pages = Paginator::new(&self.client, input)
            .max_pages(self.max_pages)
            .send();
        let mut details: Vec<TaskDetail> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        while let Some(page) = pages.next().await {
            for detail in page?.data {
                // A detail that moved between pages while they were read
                // shows up twice: keep its latest state.
                match detail_key(&detail).and_then(|k| index.get(&k)) {
                    Some(&i) => details[i] = detail,
                    None => {
                        if let Some(key) = detail_key(&detail) {
                            index.insert(key, details.len());
                        }
                        details.push(detail);
                    }
                }
            }
        }
        let complete = pages.stop_reason().is_some_and(|r| r.is_complete());
        Ok(TaskReport::new(self.task_no.clone(), details, complete))
    }

    /// Polls until every detail of the task is final, or until `max_wait`
    /// has passed (a zero `max_wait` times out without polling).
    ///
    /// A task whose details are not listed yet (the service may take a
    /// moment after the submission) is not finished. Transient failures of a
    /// poll (throttling, server errors, timeouts, broken connections; see
    /// [`Error::is_retryable`]) are retried by the client, and if they
    /// persist, by the next poll; any other failure ends the wait.
    ///
    /// # Errors
    ///
    /// - [`WaitError::Timeout`] when `max_wait` runs out first; it carries
    ///   the last complete report seen and the last poll error, if any.
    /// - [`WaitError::Query`] when a poll fails with an error that polling
    ///   again cannot fix (bad credentials, invalid parameters, …).
    pub async fn wait(self, max_wait: Duration) -> Result<TaskReport, WaitError> {
        let started = Instant::now();
        // `Duration::MAX` and the like: wait (practically) forever.
        let deadline = started
            .checked_add(max_wait)
            .unwrap_or_else(|| started + Duration::from_secs(100 * 365 * 24 * 3600));
        let max_delay = self.max_delay.max(self.initial_delay);
        let mut last_seen: Option<TaskReport> = None;
        let mut last_error: Option<Error> = None;
        let mut polls: u32 = 0;
        let mut delay = self.initial_delay;
        loop {
            let outcome = tokio::time::timeout_at(deadline, self.check()).await;
            let Ok(result) = outcome else {
                // The deadline passed during the poll.
                return Err(self.timed_out(started, polls, last_seen, last_error));
            };
            polls += 1;
            match result {
                Ok(mut report) => {
                    report.polls = polls;
                    report.elapsed = started.elapsed();
                    last_error = None;
                    if report.is_finished() {
                        tracing::debug!(task_no = %self.task_no, polls, "task finished");
                        return Ok(report);
                    }
                    tracing::debug!(
                        task_no = %self.task_no,
                        polls,
                        pending = report.pending.len(),
                        "task not finished yet"
                    );
                    last_seen = Some(report);
                }
                Err(error) if error.is_retryable() => {
                    tracing::debug!(task_no = %self.task_no, polls, error = %error, "poll failed; polling again");
                    last_error = Some(error);
                }
                Err(error) => return Err(WaitError::Query(error)),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(self.timed_out(started, polls, last_seen, last_error));
            }
            let sleep = jittered(delay, self.initial_delay).min(deadline - now);
            tokio::time::sleep(sleep).await;
            delay = delay.saturating_mul(2).min(max_delay);
        }
    }

    fn timed_out(
        &self,
        started: Instant,
        polls: u32,
        last_seen: Option<TaskReport>,
        last_error: Option<Error>,
    ) -> WaitError {
        WaitError::Timeout(Box::new(WaitTimeout {
            task_no: self.task_no.clone(),
            waited: started.elapsed(),
            polls,
            last_seen,
            last_error,
        }))
    }
}

/// A delay between half of `delay` and `delay`, and not below `floor`.
fn jittered(delay: Duration, floor: Duration) -> Duration {
    let low = delay / 2;
    let spread = delay.saturating_sub(low);
    let extra = if spread.is_zero() {
        Duration::ZERO
    } else {
        spread.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    };
    (low + extra).max(floor.min(delay))
}

/// What identifies a detail within its task: its `TaskDetailNo`, else its
/// domain name.
fn detail_key(detail: &TaskDetail) -> Option<String> {
    match (&detail.task_detail_no, &detail.domain_name) {
        (Some(no), _) if !no.is_empty() => Some(format!("no:{no}")),
        (_, Some(domain)) if !domain.is_empty() => Some(format!("domain:{domain}")),
        _ => None,
    }
}

/// Where the work for one domain of a task stands: the detail's
/// `TaskStatus`, or, when that is missing or not a listed value, the status
/// its `TaskStatusCode` stands for (0 waiting, 1 executing, 2 succeeded, 3
/// failed). Neither known: the text received, as an unknown `TaskStatus`
/// (empty when the detail has neither).
pub fn status_of(detail: &TaskDetail) -> TaskStatus {
    let named = detail
        .task_status
        .clone()
        .filter(|s| !matches!(s, TaskStatus::Unknown(_)));
    let from_code = detail.task_status_code.as_ref().and_then(|c| match c {
        TaskStatusCode::WaitingExecute => Some(TaskStatus::WaitingExecute),
        TaskStatusCode::Executing => Some(TaskStatus::Executing),
        TaskStatusCode::ExecuteSuccess => Some(TaskStatus::ExecuteSuccess),
        TaskStatusCode::ExecuteFailure => Some(TaskStatus::ExecuteFailure),
        _ => None,
    });
    named.or(from_code).unwrap_or_else(|| {
        let text = detail
            .task_status
            .as_ref()
            .map(|s| s.as_str())
            .or(detail.task_status_code.as_ref().map(|c| c.as_str()))
            .unwrap_or_default();
        TaskStatus::from(text)
    })
}

/// Whether a status is final: `EXECUTE_SUCCESS` or `EXECUTE_FAILURE`. Any
/// other, unknown ones included, is not.
pub fn is_final(status: &TaskStatus) -> bool {
    matches!(
        status,
        TaskStatus::ExecuteSuccess | TaskStatus::ExecuteFailure
    )
}

/// One domain of a task: its state and, once final, its message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DomainResult {
    /// The domain name (`DomainName`; empty when the detail has none).
    pub domain_name: String,
    /// Where its work stands (see [`status_of`]).
    pub status: TaskStatus,
    /// The service's message (`ErrorMsg`): for a failure, why it failed.
    pub error_msg: Option<String>,
    /// The whole detail as the service returned it.
    pub detail: TaskDetail,
}

impl DomainResult {
    fn new(detail: TaskDetail) -> Self {
        Self {
            domain_name: detail.domain_name.clone().unwrap_or_default(),
            status: status_of(&detail),
            error_msg: detail.error_msg.clone().filter(|m| !m.trim().is_empty()),
            detail,
        }
    }
}

/// The state of a task's domains, as one poll saw them.
///
/// [`TaskWaiter::wait`] returns it once [`is_finished`](Self::is_finished);
/// a timeout carries the last one seen.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaskReport {
    /// The task (`TaskNo`).
    pub task_no: String,
    /// Domains whose work succeeded (`EXECUTE_SUCCESS`).
    pub succeeded: Vec<DomainResult>,
    /// Domains whose work failed (`EXECUTE_FAILURE`), with the reason in
    /// [`DomainResult::error_msg`].
    pub failed: Vec<DomainResult>,
    /// Domains whose work is not final yet (waiting, executing, or in a
    /// state this crate does not know).
    pub pending: Vec<DomainResult>,
    /// Whether every page was read (a poll cut short by
    /// [`TaskWaiter::max_pages`] is not complete, and never finished).
    pub complete: bool,
    /// How many polls it took (1 for [`TaskWaiter::check`]).
    pub polls: u32,
    /// Time from the start of the wait to this report (zero for
    /// [`TaskWaiter::check`]).
    pub elapsed: Duration,
}

impl TaskReport {
    fn new(task_no: String, details: Vec<TaskDetail>, complete: bool) -> Self {
        let mut report = Self {
            task_no,
            succeeded: Vec::new(),
            failed: Vec::new(),
            pending: Vec::new(),
            complete,
            polls: 1,
            elapsed: Duration::ZERO,
        };
        for detail in details {
            let result = DomainResult::new(detail);
            match result.status {
                TaskStatus::ExecuteSuccess => report.succeeded.push(result),
                TaskStatus::ExecuteFailure => report.failed.push(result),
                _ => report.pending.push(result),
            }
        }
        report
    }

    /// Whether the task is over: at least one detail is listed, every page
    /// was read, and no detail is pending.
    pub fn is_finished(&self) -> bool {
        let any = !(self.succeeded.is_empty() && self.failed.is_empty());
        self.complete && self.pending.is_empty() && any
    }

    /// Whether the task is over and every domain succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.is_finished() && self.failed.is_empty()
    }

    /// Every domain, in the order: succeeded, failed, pending.
    pub fn domains(&self) -> impl Iterator<Item = &DomainResult> {
        self.succeeded
            .iter()
            .chain(&self.failed)
            .chain(&self.pending)
    }
}

/// Why [`TaskWaiter::wait`] gave no finished report.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The time allowed ran out before every detail was final.
    Timeout(Box<WaitTimeout>),
    /// A `QueryTaskDetailList` call failed in a way polling again cannot
    /// fix.
    Query(Error),
}

impl WaitError {
    /// The last report seen before the wait ended, if a poll succeeded.
    pub fn last_seen(&self) -> Option<&TaskReport> {
        match self {
            WaitError::Timeout(t) => t.last_seen(),
            WaitError::Query(_) => None,
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Timeout(t) => t.fmt(f),
            WaitError::Query(e) => write!(f, "polling the task failed: {e}"),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Timeout(t) => t
                .last_error
                .as_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            WaitError::Query(e) => Some(e),
        }
    }
}

impl From<Error> for WaitError {
    fn from(error: Error) -> Self {
        WaitError::Query(error)
    }
}

/// A wait that ran out of time: what was last seen.
#[derive(Debug)]
pub struct WaitTimeout {
    task_no: String,
    waited: Duration,
    polls: u32,
    last_seen: Option<TaskReport>,
    last_error: Option<Error>,
}

impl WaitTimeout {
    /// The task waited for.
    pub fn task_no(&self) -> &str {
        &self.task_no
    }

    /// How long the wait lasted.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// How many polls finished (successfully or not).
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// The last report of a successful poll, if any: which domains had
    /// already succeeded or failed and which were still pending.
    pub fn last_seen(&self) -> Option<&TaskReport> {
        self.last_seen.as_ref()
    }

    /// Takes the last report out.
    pub fn into_last_seen(self) -> Option<TaskReport> {
        self.last_seen
    }

    /// The error of the last poll, when the last poll failed (transiently).
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_ref()
    }
}

impl fmt::Display for WaitTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "task {} did not finish within {:?} ({} polls",
            self.task_no, self.waited, self.polls
        )?;
        match &self.last_seen {
            Some(r) => write!(
                f,
                "; last seen: {} succeeded, {} failed, {} pending)",
                r.succeeded.len(),
                r.failed.len(),
                r.pending.len()
            ),
            None => f.write_str("; no successful poll)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(domain: &str, status: Option<&str>, code: Option<&str>) -> TaskDetail {
        let mut json = serde_json::json!({"DomainName": domain, "TaskDetailNo": domain});
        if let Some(s) = status {
            json["TaskStatus"] = s.into();
        }
        if let Some(c) = code {
            json["TaskStatusCode"] = c.into();
        }
        crate::runtime::decode::from_value(json).expect("a detail")
    }

    #[test]
    fn status_comes_from_the_name_then_the_code() {
        let of = |s, c| status_of(&detail("a", s, c));
        assert_eq!(
            of(Some("EXECUTE_SUCCESS"), Some("3")),
            TaskStatus::ExecuteSuccess
        );
        assert_eq!(
            of(Some("SOMETHING_NEW"), Some("3")),
            TaskStatus::ExecuteFailure
        );
        assert_eq!(of(None, Some("1")), TaskStatus::Executing);
        assert_eq!(of(None, Some("2")), TaskStatus::ExecuteSuccess);
        let unknown = of(Some("SOMETHING_NEW"), None);
        assert!(matches!(unknown, TaskStatus::Unknown(_)));
        assert_eq!(unknown.as_str(), "SOMETHING_NEW");
        assert_eq!(of(None, Some("7")).as_str(), "7");
        assert!(!is_final(&of(None, None)));
        assert!(!is_final(&unknown));
        assert!(is_final(&of(None, Some("3"))));
    }

    #[test]
    fn a_report_is_finished_only_with_details_all_final_and_every_page() {
        let done = |details, complete| TaskReport::new("T".into(), details, complete);
        assert!(!done(vec![], true).is_finished());
        assert!(done(vec![detail("a", Some("EXECUTE_SUCCESS"), None)], true).all_succeeded());
        let mixed = done(
            vec![
                detail("a", Some("EXECUTE_SUCCESS"), None),
                detail("b", Some("EXECUTE_FAILURE"), None),
            ],
            true,
        );
        assert!(mixed.is_finished() && !mixed.all_succeeded());
        assert!(!done(vec![detail("a", Some("EXECUTE_SUCCESS"), None)], false).is_finished());
        assert!(!done(vec![detail("a", Some("EXECUTING"), None)], true).is_finished());
    }

    #[test]
    fn one_pending_detail_beside_final_ones_keeps_the_task_unfinished() {
        let report = TaskReport::new(
            "T".into(),
            vec![
                detail("a", Some("EXECUTE_SUCCESS"), None),
                detail("b", None, Some("3")),
                detail("c", None, Some("1")),
                detail("d", Some("SOMETHING_NEW"), None),
            ],
            true,
        );
        assert_eq!((report.succeeded.len(), report.failed.len()), (1, 1));
        let pending: Vec<&str> = report
            .pending
            .iter()
            .map(|d| d.domain_name.as_str())
            .collect();
        assert_eq!(pending, ["c", "d"]);
        assert!(!report.is_finished());
        assert!(!report.all_succeeded());
        // Once the last pending one is final, it is.
        let done = TaskReport::new(
            "T".into(),
            vec![
                detail("a", Some("EXECUTE_SUCCESS"), None),
                detail("b", None, Some("2")),
            ],
            true,
        );
        assert!(done.is_finished() && done.all_succeeded());
    }

    #[test]
    fn jitter_stays_within_half_and_whole_and_above_the_floor() {
        for _ in 0..100 {
            let d = jittered(Duration::from_millis(800), Duration::from_millis(100));
            assert!(d >= Duration::from_millis(400) && d <= Duration::from_millis(800));
            let d = jittered(Duration::from_millis(100), Duration::from_millis(100));
            assert_eq!(d, Duration::from_millis(100));
        }
        assert_eq!(jittered(Duration::ZERO, Duration::ZERO), Duration::ZERO);
    }
}
