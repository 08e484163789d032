//! UTC times as Alibaba Cloud writes them, `YYYY-MM-DDThh:mm:ssZ`: the
//! `Timestamp` parameter of signed requests, and the expiry times of
//! temporary credentials.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::date::{civil_from_days, days_from_civil, days_in_month};

const SECONDS_PER_DAY: u64 = 86_400;

/// Formats `at` as `YYYY-MM-DDThh:mm:ssZ` (UTC, no fraction), as the
/// `Timestamp` parameter requires; a time before 1970 is written as
/// `1970-01-01T00:00:00Z`.
pub(crate) fn format_timestamp(at: SystemTime) -> String {
    let seconds = at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let days = seconds / SECONDS_PER_DAY;
    let of_day = seconds % SECONDS_PER_DAY;
    let (year, month, day) = civil_from_days(days as i64);
    let fields = [
        (year, 4, '-'),
        (month, 2, '-'),
        (day, 2, 'T'),
        (of_day as i64 / 3600, 2, ':'),
        (of_day as i64 / 60 % 60, 2, ':'),
        (of_day as i64 % 60, 2, 'Z'),
    ];
    // Written digit by digit, without `format!`: this runs for every
    // attempt. Every field is positive; a year past 9999 keeps its digits.
    let mut out = String::with_capacity(20);
    let mut digits = [0u8; 20];
    for (value, width, separator) in fields {
        let mut value = value.unsigned_abs();
        let mut start = digits.len();
        while value > 0 || digits.len() - start < width {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        out.extend(digits[start..].iter().map(|&d| char::from(d)));
        out.push(separator);
    }
    out
}

/// Formats a time as `YYYY-MM-DDThh:mm:ssZ` (UTC), for messages.
pub(crate) fn format_time(at: SystemTime) -> String {
    format_timestamp(at)
}

/// Parses an expiry time as Alibaba Cloud sends it, `YYYY-MM-DDThh:mm:ssZ`
/// (UTC; an optional fraction of a second is accepted and dropped).
///
/// `None` for anything else, a date that does not exist included; the
/// caller reports that without quoting the value.
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
    let number = |range: std::ops::Range<usize>| main.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * SECONDS_PER_DAY as i64 + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn timestamps_are_utc_without_fraction() {
        assert_eq!(format_timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_timestamp(at(1_704_164_645) + Duration::from_millis(678)),
            "2024-01-02T03:04:05Z"
        );
        // The last second of a leap day, and of a century that is not leap.
        assert_eq!(format_timestamp(at(951_868_799)), "2000-02-29T23:59:59Z");
        assert_eq!(format_timestamp(at(4_107_542_399)), "2100-02-28T23:59:59Z");
        assert_eq!(
            format_timestamp(UNIX_EPOCH - Duration::from_secs(1)),
            "1970-01-01T00:00:00Z"
        );
        // Past year 9999 the year keeps all its digits.
        assert_eq!(
            format_timestamp(at(253_402_300_799)),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            format_timestamp(at(253_402_300_800)),
            "10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        // 1970-01-01 to 2370-01-01, one instant per day at 13:14:15.
        for day in 0..146_097 {
            let t = at(day * SECONDS_PER_DAY + 47_655);
            let text = format_timestamp(t);
            assert_eq!(parse_expiration(&text), Some(t), "{text}");
        }
    }

    #[test]
    fn expiration_parses_the_documented_format_only() {
        let t = parse_expiration("2024-01-02T03:04:05Z").unwrap();
        assert_eq!(t, at(1_704_164_645));
        assert_eq!(format_time(t), "2024-01-02T03:04:05Z");
        assert_eq!(parse_expiration("2024-01-02T03:04:05.250Z"), Some(t));
        assert_eq!(parse_expiration(" 2024-01-02T03:04:05Z\n"), Some(t));
        assert_eq!(
            parse_expiration("2024-02-29T00:00:00Z"),
            Some(at(1_709_164_800))
        );
        for bad in [
            "",
            "2024-01-02T03:04:05",
            "2024-01-02 03:04:05Z",
            "2024-13-02T03:04:05Z",
            "2024-02-30T03:04:05Z",
            "2023-02-29T03:04:05Z",
            "2024-01-02T24:04:05Z",
            "2024-01-02T03:60:05Z",
            "2024-01-02T03:04:60Z",
            "2024-00-02T03:04:05Z",
            "2024-01-00T03:04:05Z",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+08:00",
            "１０２4-01-02T03:04:05Z",
            "tomorrow",
        ] {
            assert_eq!(parse_expiration(bad), None, "{bad:?}");
        }
    }
}
