//! Wall-clock time for credential expiry, injectable for tests.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Where providers read the current time from, to tell whether credentials
/// are due for a refresh or expired.
///
/// Expiry times come from servers as wall-clock times, so this is wall-clock
/// time too. The default is [`SystemClock`]; tests hand providers a
/// [`ManualClock`] (through [`ProviderConfig::with_clock`](super::ProviderConfig::with_clock)
/// or [`CredentialsCache::with_clock`](super::CredentialsCache::with_clock))
/// and move it forward instead of waiting.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock, [`SystemTime::now`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SystemClock;

impl SystemClock {
    /// The system clock.
    pub fn new() -> Self {
        Self
    }
}

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that stands still until told to move; clones share one time.
///
/// Meant for tests: give one clone to the provider (and to a fake server that
/// computes expiry times), keep another, and [`advance`](Self::advance) it.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use alibabacloud_runtime::credentials::{Clock, ManualClock};
///
/// let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// let shared = clock.clone();
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(shared.now(), UNIX_EPOCH + Duration::from_secs(1_700_000_060));
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: SystemTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Sets the time (it may go backwards).
    pub fn set(&self, now: SystemTime) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.checked_add(by).unwrap_or(*now);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A shared clock, as providers hold it.
pub(crate) type SharedClock = Arc<dyn Clock>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn manual_clock_is_shared_and_moves_only_when_told() {
        let clock = ManualClock::new(UNIX_EPOCH);
        let other = clock.clone();
        other.advance(Duration::from_secs(5));
        assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(5));
        clock.set(UNIX_EPOCH);
        assert_eq!(other.now(), UNIX_EPOCH);
        assert!(SystemClock.now() > UNIX_EPOCH);
    }
}
