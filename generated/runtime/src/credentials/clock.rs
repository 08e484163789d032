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

/// Parses an expiry time as Alibaba Cloud sends it, `YYYY-MM-DDThh:mm:ssZ`
/// (UTC; an optional fraction of a second is accepted and dropped).
///
/// `None` for anything else; the caller reports that without quoting the
/// value.
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let body = text.strip_suffix('Z')?;
    let (main, fraction) = match body.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (body, None),
    };
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let b = main.as_bytes();
    let layout_ok = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !layout_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| main.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let day = u8::try_from(number(8..10)?).ok()?;
    let hour = u8::try_from(number(11..13)?).ok()?;
    let minute = u8::try_from(number(14..16)?).ok()?;
    let second = u8::try_from(number(17..19)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    Some(SystemTime::from(
        time::PrimitiveDateTime::new(date, time).assume_utc(),
    ))
}

/// Formats a time as `YYYY-MM-DDThh:mm:ssZ` (UTC), for messages.
pub(crate) fn format_time(at: SystemTime) -> String {
    crate::request::format_timestamp(time::OffsetDateTime::from(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn expiration_parses_the_documented_format_only() {
        let t = parse_expiration("2024-01-02T03:04:05Z").unwrap();
        assert_eq!(t, UNIX_EPOCH + Duration::from_secs(1_704_164_645));
        assert_eq!(format_time(t), "2024-01-02T03:04:05Z");
        assert_eq!(parse_expiration("2024-01-02T03:04:05.250Z"), Some(t));
        assert_eq!(parse_expiration(" 2024-01-02T03:04:05Z\n"), Some(t));
        for bad in [
            "",
            "2024-01-02T03:04:05",
            "2024-01-02 03:04:05Z",
            "2024-13-02T03:04:05Z",
            "2024-02-30T03:04:05Z",
            "2024-01-02T24:04:05Z",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+08:00",
            "１０２4-01-02T03:04:05Z",
            "tomorrow",
        ] {
            assert_eq!(parse_expiration(bad), None, "{bad:?}");
        }
    }

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
