//! Dates and times as the pages describe them, read as [`SystemTime`].
//!
//! Alibaba Cloud sends a moment in one of two ways, and generated types
//! keep the wire value as it came (an `i64`, a `String`) with an accessor
//! beside it that reads it as a [`SystemTime`]:
//!
//! - **epoch milliseconds** (fields such as `ExpirationDateLong` or
//!   `CreateTimeLong`, and parameters such as `CurrentExpirationDate`):
//!   exact. The accessor is
//!   named after the field without its `Long` (`expiration_date_at()`),
//!   and request parameters get a setter taking a `SystemTime`
//!   (`current_expiration_date_at(..)`);
//! - **text** (`2018-04-12 09:51:53`, `2024-01-02T03:04:05Z`,
//!   `2019-10-01`): read by [`parse_text`]. A time without an offset is a
//!   wall-clock time of the service's region; generated accessors read it at
//!   UTC+08:00 ([`UTC_PLUS_8`]), where Alibaba Cloud writes such times: the
//!   reference pages pair `2018-04-12 09:51:53` with the epoch time
//!   `1523497913000`, 01:51:53 UTC. Where a structure has both spellings of
//!   one moment, only the exact one has an accessor.
//!
//! A value that is not a date leaves the wire value readable and makes the
//! accessor return a [`DateError`], never a panic.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use alibabacloud_runtime::date;
//!
//! let at = date::parse_text("2018-04-12 09:51:53", date::UTC_PLUS_8)?;
//! assert_eq!(at, UNIX_EPOCH + Duration::from_millis(1_523_497_913_000));
//! assert_eq!(date::from_epoch_millis(1_523_497_913_000), Some(at));
//! assert_eq!(date::to_epoch_millis(at), 1_523_497_913_000);
//! assert!(date::parse_text("Nov 02, 2019", date::UTC_PLUS_8).is_err());
//! # Ok::<(), date::DateError>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// UTC+08:00 (China Standard Time) in seconds east of UTC: where Alibaba
/// Cloud writes its text times without an offset.
pub const UTC_PLUS_8: i32 = 8 * 3600;

const SECONDS_PER_DAY: i64 = 86_400;

/// The moment `millis` milliseconds after 1970-01-01T00:00:00Z (before it
/// when negative); `None` when the platform's `SystemTime` cannot hold it.
pub fn from_epoch_millis(millis: i64) -> Option<SystemTime> {
    let magnitude = Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

/// Milliseconds since 1970-01-01T00:00:00Z (negative before it), as
/// epoch-millisecond parameters take them; sub-millisecond parts are
/// dropped, and times beyond `i64` milliseconds are clamped.
pub fn to_epoch_millis(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |m| -m),
    }
}

/// Why a text value is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    text: String,
    problem: &'static str,
}

impl DateError {
    fn new(text: &str, problem: &'static str) -> Self {
        // Dates are short: keep at most 40 characters of what came.
        let text = text.chars().take(40).collect();
        Self { text, problem }
    }

    /// The value that is not a date (its first 40 characters).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What is wrong with it, e.g. "month out of range".
    pub fn problem(&self) -> &str {
        self.problem
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a date: {}", self.text, self.problem)
    }
}

impl std::error::Error for DateError {}

/// Reads a date or date-time as Alibaba Cloud writes them:
/// `YYYY-MM-DD`, then optionally ` hh:mm:ss` or `Thh:mm:ss`, an optional
/// fraction of a second (`.123`), and an optional offset (`Z`, `+08:00`,
/// `-0500`). Without an offset, the time is taken at `default_offset`
/// seconds east of UTC; a bare date is midnight there.
pub fn parse_text(text: &str, default_offset: i32) -> Result<SystemTime, DateError> {
    let err = |problem| DateError::new(text, problem);
    let s = text.trim();
    let b = s.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = digits(0, 4).ok_or_else(|| err("expected a four-digit year first"))?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(err("expected YYYY-MM-DD"));
    }
    let month = digits(5, 2).ok_or_else(|| err("expected a two-digit month"))?;
    let day = digits(8, 2).ok_or_else(|| err("expected a two-digit day"))?;
    if !(1..=12).contains(&month) {
        return Err(err("month out of range"));
    }
    if !(1..=days_in_month(year, month)).contains(&day) {
        return Err(err("day out of range for its month"));
    }
    let mut rest = &s[10..];
    let mut seconds_of_day = 0;
    let mut nanos = 0;
    let mut offset = None;
    if let Some(time) = rest.strip_prefix([' ', 'T', 't']) {
        let tb = time.as_bytes();
        let two = |from: usize| -> Option<i64> {
            let part = time.get(from..from + 2)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (hour, minute, second) = match (two(0), tb.get(2), two(3), tb.get(5), two(6)) {
            (Some(h), Some(b':'), Some(m), Some(b':'), Some(s)) => (h, m, s),
            _ => return Err(err("expected hh:mm:ss after the date")),
        };
        if hour > 23 || minute > 59 || second > 60 {
            return Err(err("time of day out of range"));
        }
        seconds_of_day = hour * 3600 + minute * 60 + second.min(59);
        rest = &time[8..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return Err(err("expected digits after the decimal point"));
            }
            let kept = &fraction[..len.min(9)];
            nanos = kept.parse::<u32>().unwrap_or(0) * 10u32.pow(9 - kept.len() as u32);
            rest = &fraction[len..];
        }
    }
    if !rest.is_empty() {
        offset =
            Some(parse_offset(rest).ok_or_else(|| err("expected Z or an offset such as +08:00"))?);
    }
    let local = days_from_civil(year, month, day) * SECONDS_PER_DAY + seconds_of_day;
    let utc = local - i64::from(offset.unwrap_or(default_offset));
    let at = if utc >= 0 {
        UNIX_EPOCH.checked_add(Duration::new(utc.unsigned_abs(), nanos))
    } else {
        UNIX_EPOCH
            .checked_sub(Duration::from_secs(utc.unsigned_abs()))
            .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(nanos))))
    };
    at.ok_or_else(|| err("out of the range of SystemTime"))
}

/// An optional text field read as generated accessors read it: [`parse_text`]
/// at [`UTC_PLUS_8`]; `Ok(None)` when the field is absent.
pub fn parse_field(text: Option<&str>) -> Result<Option<SystemTime>, DateError> {
    text.map(|text| parse_text(text, UTC_PLUS_8)).transpose()
}

/// `Z`, `+hh:mm`, `+hhmm` or `+hh` (or `-`): seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    if text.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = text[1..].replace(':', "");
    if !(body.len() == 2 || body.len() == 4) || !body.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = body[..2].parse().ok()?;
    let minutes: i32 = body
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 (before it when negative), as
/// `(year, month, day)`.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: i64) -> SystemTime {
        from_epoch_millis(millis).expect("in range")
    }

    #[test]
    fn the_pages_text_and_epoch_spellings_agree_at_utc_plus_8() {
        // ExpirationDate / ExpirationDateLong, and ModificationDate /
        // ModificationDateLong, as the reference pages pair them.
        for (text, millis) in [
            ("2018-04-12 09:51:53", 1_523_497_913_000),
            ("2018-03-28 09:54:39", 1_522_202_079_000),
            ("2017-10-27 13:07:07", 1_509_080_827_000),
        ] {
            assert_eq!(parse_text(text, UTC_PLUS_8), Ok(ms(millis)), "{text}");
        }
    }

    #[test]
    fn offsets_fractions_and_bare_dates() {
        let utc = ms(1_704_164_645_000); // 2024-01-02T03:04:05Z
        assert_eq!(parse_text("2024-01-02T03:04:05Z", UTC_PLUS_8), Ok(utc));
        assert_eq!(parse_text("2024-01-02 11:04:05+08:00", 0), Ok(utc));
        assert_eq!(parse_text("2024-01-01T22:04:05-0500", 0), Ok(utc));
        assert_eq!(parse_text("2024-01-02t04:04:05+01", 0), Ok(utc));
        assert_eq!(
            parse_text("2024-01-02T03:04:05.250Z", 0),
            Ok(utc + Duration::from_millis(250))
        );
        assert_eq!(parse_text("  2024-01-02  ", 0), Ok(ms(1_704_153_600_000)));
        assert_eq!(
            parse_text("2019-10-01", UTC_PLUS_8),
            Ok(ms(1_569_859_200_000))
        );
        // Before 1970, and the leap day of a 400th year.
        assert_eq!(parse_text("1969-12-31T23:59:59Z", 0), Ok(ms(-1000)));
        assert_eq!(parse_text("2000-02-29", 0), Ok(ms(951_782_400_000)));
    }

    #[test]
    fn what_is_not_a_date_is_a_typed_error_quoting_it() {
        for (text, problem) in [
            ("Nov 02, 2019", "expected a four-digit year first"),
            ("2019/11/02", "expected YYYY-MM-DD"),
            ("2019-13-01", "month out of range"),
            ("2019-02-29", "day out of range for its month"),
            ("2100-02-29", "day out of range for its month"),
            ("2019-11-02 4:00:45", "expected hh:mm:ss after the date"),
            ("2019-11-02 24:00:00", "time of day out of range"),
            (
                "2019-11-02 04:00:45 CST",
                "expected Z or an offset such as +08:00",
            ),
            (
                "2019-11-02T04:00:45.Z",
                "expected digits after the decimal point",
            ),
            (
                "2019-11-02T04:00:45+25:00",
                "expected Z or an offset such as +08:00",
            ),
            ("", "expected a four-digit year first"),
            ("2019-11-0é", "expected a two-digit day"),
        ] {
            let e = parse_text(text, UTC_PLUS_8).expect_err(text);
            assert_eq!(e.problem(), problem, "{text}");
            assert_eq!(e.text(), text);
            assert!(e.to_string().contains(problem));
        }
        let long = "9".repeat(100);
        assert_eq!(parse_text(&long, 0).expect_err("long").text().len(), 40);
    }

    #[test]
    fn an_absent_field_is_none_and_a_present_one_is_read_at_utc_plus_8() {
        assert_eq!(parse_field(None), Ok(None));
        assert_eq!(
            parse_field(Some("2018-04-12 09:51:53")),
            Ok(Some(ms(1_523_497_913_000)))
        );
        assert!(parse_field(Some("soon")).is_err());
    }

    #[test]
    fn epoch_millis_round_trip_both_sides_of_1970() {
        for millis in [
            0,
            1,
            -1,
            1_523_497_913_000,
            -86_400_000,
            253_402_300_799_999,
        ] {
            assert_eq!(to_epoch_millis(ms(millis)), millis);
        }
        assert_eq!(
            to_epoch_millis(UNIX_EPOCH + Duration::from_micros(1_999)),
            1
        );
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [
            -800_000, -719_468, -1, 0, 1, 10_957, 11_016, 47_482, 2_932_896,
        ] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
